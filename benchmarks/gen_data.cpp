// gen_data — a fast, seeded generator of large canonical data directories for the
// benchmarks (the Python sample generator is too slow beyond ~1M items).
//
//   gen_data OUTDIR [--items N] [--customers N] [--seed S] [--no-actions]
//
// Writes company.json, fx.csv, customers.csv, items.csv, allocations.csv, disputes.csv
// and actions.csv in canonical form (data-format.md): two entities FR01/DE01, base EUR,
// accounts in EUR, USD and GBP, items issued 2025-01-01 … 2026-06-30 (as-of 2026-06-30),
// invoices settled by one or two allocations (sum rule kept), credit notes, payments,
// a few disputed items with quoted comments. Same arguments, same bytes.
#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

namespace {

struct Rng {
    std::uint64_t s;
    std::uint64_t next() noexcept {
        // splitmix64
        std::uint64_t z = (s += 0x9E3779B97F4A7C15ULL);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
        return z ^ (z >> 31);
    }
    std::int64_t below(std::int64_t n) noexcept { return static_cast<std::int64_t>(next() % static_cast<std::uint64_t>(n)); }
};

// Days since 1970-01-01 ↔ civil date (H. Hinnant's algorithms).
std::int32_t days_from_civil(int y, int m, int d) noexcept {
    y -= m <= 2;
    const int era = (y >= 0 ? y : y - 399) / 400;
    const int yoe = y - era * 400;
    const int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

class Out {
public:
    explicit Out(const std::filesystem::path& p) : path_(p.string()) {
        f_ = std::fopen(path_.c_str(), "wb");
        if (!f_) {
            std::fprintf(stderr, "gen_data: cannot create %s: %s\n", path_.c_str(), std::strerror(errno));
            std::exit(1);
        }
        buf_.reserve(1 << 20);
    }
    ~Out() {
        flush();
        std::fclose(f_);
    }
    Out& s(const char* x) {
        buf_.append(x);
        if (buf_.size() > (1 << 20)) flush(); // rows end inside s() too: flush between appends is fine
        return *this;
    }
    Out& s(const std::string& x) {
        buf_.append(x);
        return *this;
    }
    Out& c(char ch) {
        buf_.push_back(ch);
        if (ch == '\n' && buf_.size() > (1 << 20)) flush();
        return *this;
    }
    Out& i(std::int64_t v) {
        char t[24];
        const int n = std::snprintf(t, sizeof t, "%lld", static_cast<long long>(v));
        buf_.append(t, static_cast<std::size_t>(n));
        return *this;
    }
    Out& pad(std::int64_t v, int width) {
        char t[24];
        const int n = std::snprintf(t, sizeof t, "%0*lld", width, static_cast<long long>(v));
        buf_.append(t, static_cast<std::size_t>(n));
        return *this;
    }
    /// Minor units with 2 decimals.
    Out& money(std::int64_t cents) {
        if (cents < 0) {
            buf_.push_back('-');
            cents = -cents;
        }
        i(cents / 100).c('.').pad(cents % 100, 2);
        return *this;
    }
    Out& date(std::int32_t days) {
        // civil_from_days
        std::int32_t z = days + 719468;
        const std::int32_t era = (z >= 0 ? z : z - 146096) / 146097;
        const std::int32_t doe = z - era * 146097;
        const std::int32_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
        std::int32_t y = yoe + era * 400;
        const std::int32_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        const std::int32_t mp = (5 * doy + 2) / 153;
        const std::int32_t d = doy - (153 * mp + 2) / 5 + 1;
        const std::int32_t m = mp + (mp < 10 ? 3 : -9);
        y += m <= 2;
        pad(y, 4).c('-').pad(m, 2).c('-').pad(d, 2);
        return *this;
    }

private:
    void flush() {
        if (!buf_.empty() && std::fwrite(buf_.data(), 1, buf_.size(), f_) != buf_.size()) {
            std::fprintf(stderr, "gen_data: write error on %s\n", path_.c_str());
            std::exit(1);
        }
        buf_.clear();
    }
    std::string path_;
    std::FILE* f_;
    std::string buf_;
};

struct Customer {
    int entity;   // 0 FR01, 1 DE01
    int currency; // 0 EUR, 1 USD, 2 GBP
    int terms;
    int lateness; // mean days late of this payer
};

const char* const kEntity[] = {"FR01", "DE01"};
const char* const kCurrency[] = {"EUR", "USD", "GBP"};
const char* const kCountry[] = {"FR", "DE"};
const char* const kLanguage[] = {"fr", "de"};

} // namespace

int main(int argc, char** argv) {
    if (argc < 2) {
        std::fprintf(stderr, "usage: gen_data OUTDIR [--items N] [--customers N] [--seed S] [--no-actions]\n");
        return 2;
    }
    const std::filesystem::path dir = argv[1];
    std::int64_t n_items = 100000, n_customers = -1;
    std::uint64_t seed = 20260630;
    bool actions = true;
    for (int a = 2; a < argc; ++a) {
        const std::string k = argv[a];
        auto value = [&]() -> std::int64_t {
            if (a + 1 >= argc) {
                std::fprintf(stderr, "gen_data: %s needs a value\n", k.c_str());
                std::exit(2);
            }
            char* end = nullptr;
            const long long v = std::strtoll(argv[++a], &end, 10);
            if (*end || v < 0) {
                std::fprintf(stderr, "gen_data: %s expects a non-negative integer\n", k.c_str());
                std::exit(2);
            }
            return v;
        };
        if (k == "--items") n_items = value();
        else if (k == "--customers") n_customers = value();
        else if (k == "--seed") seed = static_cast<std::uint64_t>(value());
        else if (k == "--no-actions") actions = false;
        else {
            std::fprintf(stderr, "gen_data: unknown option %s\n", k.c_str());
            return 2;
        }
    }
    if (n_customers < 0) n_customers = std::max<std::int64_t>(20, n_items / 50);
    if (n_customers < 2) n_customers = 2;
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    Rng rng{seed};

    const std::int32_t start = days_from_civil(2025, 1, 1);
    const std::int32_t as_of = days_from_civil(2026, 6, 30);
    const std::int32_t span = as_of - start + 1;

    {
        Out o(dir / "company.json");
        // The French late-payment penalty rule, so that the penalties report runs too.
        o.s("{\"name\": \"Benchmark Group\", \"base_currency\": \"EUR\", \"aging_buckets\": [30, 60, 90], "
            "\"penalty\": {\"rule\": \"FR\", \"reference_rates\": [[\"2025-01-01\", \"3.15\"], "
            "[\"2025-07-01\", \"2.15\"], [\"2026-01-01\", \"2.15\"], [\"2026-07-01\", \"2.00\"]]}}\n");
    }
    // Monthly rates for USD and GBP from 2024-12-01 (4 decimals).
    {
        Out o(dir / "fx.csv");
        o.s("date,currency,rate\n");
        for (int k = 0; k < 20; ++k) {
            const int y = 2024 + (11 + k) / 12, m = (11 + k) % 12 + 1;
            const std::int32_t d = days_from_civil(y, m, 1);
            o.date(d).s(",GBP,1.").pad(1500 + rng.below(500), 4).c('\n');
            o.date(d).s(",USD,0.").pad(9000 + rng.below(600), 4).c('\n');
        }
    }
    std::vector<Customer> cust(static_cast<std::size_t>(n_customers));
    {
        Out o(dir / "customers.csv");
        o.s("entity,customer_id,name,country,language,currency,payment_terms_days,credit_limit,collector\n");
        for (std::size_t c = 0; c < cust.size(); ++c) {
            Customer& k = cust[c];
            k.entity = static_cast<int>(c % 2);
            const auto r = rng.below(100);
            k.currency = r < 80 ? 0 : r < 92 ? 1 : 2;
            const int terms[] = {30, 45, 60, 30};
            k.terms = terms[rng.below(4)];
            const int late[] = {0, 5, 20, 60};
            k.lateness = late[rng.below(4)];
            o.s(kEntity[k.entity]).s(",C").pad(static_cast<std::int64_t>(c), 7).s(",");
            if (c % 7 == 0) o.s("\"Client ").i(static_cast<std::int64_t>(c)).s(", S.A.\"");
            else o.s("Client ").i(static_cast<std::int64_t>(c));
            o.c(',').s(kCountry[k.entity]).c(',').s(kLanguage[k.entity]).c(',').s(kCurrency[k.currency]).c(',');
            o.i(k.terms).c(',').money(100 * (5000 + 1000 * rng.below(100))).s(",agent").i(rng.below(8)).c('\n');
        }
    }
    Out items(dir / "items.csv");
    Out allocs(dir / "allocations.csv");
    Out disputes(dir / "disputes.csv");
    std::unique_ptr<Out> acts = actions ? std::make_unique<Out>(dir / "actions.csv") : nullptr;
    items.s("entity,item_id,customer_id,type,issue_date,due_date,currency,amount,open_amount,status,status_date,promise_date,comment\n");
    allocs.s("entity,item_id,date,amount\n");
    disputes.s("entity,dispute_id,customer_id,type,opened_date,closed_date,resolver,item_ids,comment\n");
    if (acts) acts->s("entity,action_id,customer_id,date,channel,scenario,step,item_ids,user,outcome,comment\n");
    std::int64_t n_disputes = 0, n_actions = 0;
    for (std::int64_t n = 0; n < n_items; ++n) {
        // Issue dates ascend through the span (rows in a stable, realistic order).
        const std::int32_t issue = start + static_cast<std::int32_t>(n * span / std::max<std::int64_t>(1, n_items));
        const std::size_t c = static_cast<std::size_t>(rng.below(n_customers));
        const Customer& k = cust[c];
        const auto t = rng.below(100);
        const char* type = t < 86 ? "invoice" : t < 93 ? "credit_note" : t < 97 ? "payment" : "debit_note";
        const bool positive = t < 86 || t >= 97;
        std::int64_t amount = 1000 + rng.below(500000);
        if (!positive) amount = -amount / 4 - 1;
        const std::int32_t due = issue + k.terms;
        // Settlement: paid (fully, maybe in two parts) when the pay date ≤ as-of.
        const std::int32_t pay = due + k.lateness + static_cast<std::int32_t>(rng.below(21)) - 10;
        std::int64_t open = amount;
        std::int64_t part1 = 0;
        std::int32_t d1 = 0;
        const bool split = rng.below(10) == 0;
        if (pay <= as_of) {
            open = 0;
            if (split && pay - 15 > issue) {
                part1 = amount / 2;
                d1 = pay - 15;
            }
        } else if (split && pay - 30 > issue && pay - 30 <= as_of) {
            part1 = amount / 3;
            d1 = pay - 30;
            open = amount - part1;
        }
        const char* prefix = positive ? "IN" : "CN";
        const std::string ent = kEntity[k.entity];
        items.s(ent).c(',').s(prefix).pad(n, 9).s(",C").pad(static_cast<std::int64_t>(c), 7).c(',').s(type).c(',');
        items.date(issue).c(',').date(due).c(',').s(kCurrency[k.currency]).c(',').money(amount).c(',').money(open).c(',');
        const bool disputed = open != 0 && rng.below(200) == 0;
        if (disputed) items.s("dispute:price,").date(as_of - 5).s(",,\"Price differs, see order\"\n");
        else items.s(",,,\n");
        // Allocations, by date.
        if (part1 != 0) allocs.s(ent).c(',').s(prefix).pad(n, 9).c(',').date(d1).c(',').money(part1).c('\n');
        if (open == 0) allocs.s(ent).c(',').s(prefix).pad(n, 9).c(',').date(pay).c(',').money(amount - part1).c('\n');
        if (disputed) {
            disputes.s(ent).s(",D").pad(++n_disputes, 8).s(",C").pad(static_cast<std::int64_t>(c), 7);
            disputes.s(",price,").date(as_of - 5).s(",,agent1,").s(prefix).pad(n, 9).s(",\"Price differs, see order\"\n");
        }
        if (acts && positive && due + 5 <= as_of && (open != 0 || pay > due + 5)) {
            acts->s(ent).s(",A").pad(++n_actions, 10).s(",C").pad(static_cast<std::int64_t>(c), 7).c(',').date(due + 5);
            acts->s(",email,standard,r1,").s(prefix).pad(n, 9).s(",agent").i(rng.below(8)).s(",sent,\n");
        }
    }
    std::printf("gen_data: %lld customers, %lld items, %lld disputes, %lld actions in %s\n",
                static_cast<long long>(n_customers), static_cast<long long>(n_items), static_cast<long long>(n_disputes),
                static_cast<long long>(n_actions), dir.string().c_str());
    return 0;
}
