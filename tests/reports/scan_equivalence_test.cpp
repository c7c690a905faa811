// The optimised column scans (aging, dso, payment_profile: hoisted conversion factors,
// per-worker accumulators, two workers) against a straightforward reference written
// from reports.md: one item (or one allocation, in file order) at a time, Ledger::
// balance_at and Converter::convert per amount, std::map per key. Seeded generated data
// (300,000 items: enough for two workers) with four currencies (JPY has no minor unit),
// 10-decimal rates that leave large reduced factors, amounts too large for the 64-bit
// fast path, allocations before, inside and after the windows, credit notes, payments
// and adjustments; base EUR and a cross-rate base USD; a --where filter; --by fields;
// the as-of of the data and a historical one (2025-09-30: items partly paid at A).
// Every figure must be equal to the unit.
#include <gtest/gtest.h>

#include <array>
#include <map>
#include <random>
#include <string>
#include <vector>

#include "dsocore/reports/dso.hpp"
#include "dsocore/reports/payment_profile.hpp"
#include "dsocore/reports/scan.hpp"
#include "reports/report_test_util.hpp"

using namespace dsocore;

namespace {

constexpr int kCustomers = 1500;
constexpr int kItems = 300000;
const char* const kPortfolioAsOf = "2026-06-30";

std::string money(std::int64_t units, int digits) {
    std::string s;
    append_fixed(s, units, digits);
    return s;
}

/// Seeded portfolio. Customers C0000…: entity FR01/DE01, currency EUR/USD/GBP/JPY,
/// group_code G0…G9, country FR/DE/BE.
const Ledger& portfolio() {
    static const Ledger L = [] {
        std::mt19937_64 rng(20261122);
        auto below = [&](std::uint64_t n) { return static_cast<std::int64_t>(rng() % n); };
        const char* const cur[] = {"EUR", "USD", "GBP", "JPY"};
        const int digits[] = {2, 2, 2, 0};
        std::string customers = "entity,customer_id,group_code,country,currency,payment_terms_days\n";
        std::vector<int> ccur(kCustomers);
        std::vector<std::string> cent(kCustomers), cid(kCustomers);
        for (int c = 0; c < kCustomers; ++c) {
            ccur[static_cast<std::size_t>(c)] = static_cast<int>(below(10) < 6 ? 0 : 1 + below(3));
            cent[static_cast<std::size_t>(c)] = below(3) == 0 ? "DE01" : "FR01";
            cid[static_cast<std::size_t>(c)] = "C" + std::to_string(10000 + below(90000)) + "_" + std::to_string(c);
            customers += cent[static_cast<std::size_t>(c)] + "," + cid[static_cast<std::size_t>(c)] + ",G" +
                         std::to_string(below(10)) + "," + (below(3) == 0 ? "DE" : below(2) ? "FR" : "BE") + "," +
                         cur[ccur[static_cast<std::size_t>(c)]] + ",30\n";
        }
        // Rates with 10 decimals, changing every 10 days from 2024-01-01 (so the
        // allocation-day factors of the windows change often).
        std::string fx = "date,currency,rate\n";
        const Date start = Date::parse_or_throw("2024-01-01");
        for (int d = 0; d < 1000; d += 10) {
            const std::string day = (start + d).to_string();
            fx += day + ",USD,0." + std::to_string(8000000000 + below(1999999999)) + "\n";
            fx += day + ",GBP,1." + std::to_string(1000000000 + below(999999999)) + "\n";
            fx += day + ",JPY,0.00" + std::to_string(55000000 + below(9999999)) + "\n";
        }
        std::string items = "entity,item_id,customer_id,type,issue_date,due_date,currency,amount,open_amount\n";
        std::string allocations = "entity,item_id,date,amount\n";
        const Date first_issue = Date::parse_or_throw("2024-07-01");
        const int span = Date::parse_or_throw(kPortfolioAsOf) - first_issue + 20; // some items issued after A
        for (int i = 0; i < kItems; ++i) {
            const auto c = static_cast<std::size_t>(below(kCustomers));
            const int k = ccur[c];
            const std::int64_t r = below(100);
            const char* type = r < 80 ? "invoice" : r < 88 ? "credit_note" : r < 93 ? "debit_note" : r < 97 ? "payment" : "adjustment";
            const int sign = (r >= 80 && r < 88) || (r >= 93 && r < 97) || (r >= 97 && below(2) == 0) ? -1 : 1;
            std::int64_t amount = (1 + below(k == 3 ? 5000000 : 2000000)) * sign;
            if (below(2000) == 0) amount = sign * (900000000000000 + below(1000000000)); // beyond the fast path
            const Date issue = first_issue + static_cast<int>(below(static_cast<std::uint64_t>(span)));
            const Date due = issue + static_cast<int>(below(90));
            const std::string id = "I" + std::to_string(i);
            // Allocations: none, one, or a few partial ones, dated from the issue up to
            // 200 days later (so some are after A).
            std::int64_t left = amount;
            const std::int64_t nalloc = std::string(type) == "payment" ? below(2) : below(4);
            Date d = issue;
            for (std::int64_t a = 0; a < nalloc && left != 0; ++a) {
                d = d + static_cast<int>(below(70));
                const std::int64_t part = a + 1 == nalloc && below(3) != 0 ? left : left / (1 + below(3));
                if (part == 0) continue;
                allocations += cent[c] + "," + id + "," + d.to_string() + "," + money(part, digits[k]) + "\n";
                left -= part;
            }
            items += cent[c] + "," + id + "," + cid[c] + "," + type + "," + issue.to_string() + "," + due.to_string() +
                     "," + cur[k] + "," + money(amount, digits[k]) + "," + money(left, digits[k]) + "\n";
        }
        DataSources s = {{"customers.csv", customers},
                         {"items.csv", items},
                         {"allocations.csv", allocations},
                         {"fx.csv", fx},
                         {"company.json", "{\"base_currency\": \"EUR\", \"aging_buckets\": [30, 60, 90]}"}};
        return Ledger::load_sources(s);
    }();
    return L;
}

using Key = std::vector<std::string>;

Key key_of(const Ledger& L, std::uint32_t c, const std::string& by) {
    const CustomerTable& C = L.customers();
    if (by == "customer") return {std::string(L.str(C.entity[c])), std::string(L.str(C.customer_id[c]))};
    if (by == "group_code") return {std::string(L.str(C.group_code[c]))};
    return {"TOTAL"};
}

bool selected(const Ledger& L, std::uint32_t c, bool fr_only) {
    return !fr_only || L.str(L.customers().country[c]) == "FR";
}

Key row_key(const Table& t, std::size_t row, std::size_t width) {
    Key k;
    for (std::size_t c = 0; c < width; ++c) k.push_back(t.columns[c].texts[row]);
    return k;
}

struct Case {
    std::string by, where;
    std::optional<Currency> base;
    bool fr_only;
};

std::vector<Case> cases() {
    return {{"customer", "", std::nullopt, false},
            {"customer", "country = 'FR'", std::nullopt, true},
            {"group_code", "", Currency::of("USD"), false},
            {"total", "", std::nullopt, false}};
}

} // namespace

TEST(ScanEquivalence, ConvFactorMatchesConverter) {
    const Ledger& L = portfolio();
    for (const char* target : {"EUR", "USD", "JPY"}) {
        const Converter conv(L.fx(), Currency::of(target));
        for (const char* from : {"EUR", "USD", "GBP", "JPY"}) {
            const Currency f = Currency::of(from);
            for (int day : {Date::parse_or_throw("2025-03-05").days(), Date::parse_or_throw(kPortfolioAsOf).days()}) {
                ScanConverter sc(conv, day, day);
                // Ties (x × num / den exactly .5) and both signs, small and huge amounts.
                for (std::int64_t x : {std::int64_t{0}, std::int64_t{1}, std::int64_t{-1}, std::int64_t{5},
                                       std::int64_t{-5}, std::int64_t{50}, std::int64_t{12345}, std::int64_t{-12345},
                                       std::int64_t{999999999}, std::int64_t{-999999999},
                                       std::int64_t{900000000000001}, std::int64_t{-900000000000001},
                                       std::int64_t{4000000000000000000}}) {
                    EXPECT_EQ(sc(x, f, day), conv.convert(x, f, day)) << from << "->" << target << " " << x;
                    EXPECT_EQ(sc(x, f, day + 1), conv.convert(x, f, day + 1)) << "outside the cached range";
                }
            }
        }
    }
}

namespace {
void check_aging(const char* as_of_text) {
    const Ledger& L = portfolio();
    const std::int32_t A = Date::parse_or_throw(as_of_text).days();
    const std::array<int, 3> bounds = {30, 60, 90};
    for (const Case& k : cases()) {
        const Currency base = k.base ? *k.base : Currency::of("EUR");
        const Converter conv(L.fx(), base);
        std::map<Key, std::array<std::int64_t, 5>> ref;
        const ItemTable& I = L.items();
        for (std::uint32_t i = 0; i < I.size(); ++i) {
            if (I.issue_date[i] > A || !selected(L, I.customer[i], k.fr_only)) continue;
            const std::int64_t bal = L.balance_at(i, A);
            if (bal == 0) continue;
            const int dpd = A - I.due_date[i];
            std::size_t b = 0;
            if (dpd > 0) {
                b = 1;
                while (b <= bounds.size() && dpd > bounds[b - 1]) ++b;
            }
            auto& cellv = ref.try_emplace(key_of(L, I.customer[i], k.by), std::array<std::int64_t, 5>{}).first->second;
            cellv[b] += conv.convert(bal, I.currency[i], A);
        }
        const Table t = test::run(L, "aging", as_of_text, k.by, {}, k.where, k.base);
        const std::size_t width = k.by == "customer" ? 2 : 1;
        ASSERT_EQ(t.rows(), ref.size()) << k.by << " " << k.where;
        std::size_t row = 0;
        for (const auto& [key, v] : ref) { // both sorted bytewise by key
            ASSERT_EQ(row_key(t, row, width), key);
            std::int64_t sum = 0;
            for (std::size_t b = 0; b < 5; ++b) {
                EXPECT_EQ(t.columns[width + b].ints[row], v[b]) << k.by << " row " << row << " bucket " << b;
                sum += v[b];
            }
            EXPECT_EQ(t.columns[width + 5].ints[row], sum);
            EXPECT_EQ(t.columns[width + 6].ints[row], sum - v[0]);
            ++row;
        }
    }
}
} // namespace

TEST(ScanEquivalence, AgingMatchesReference) { check_aging(kPortfolioAsOf); }
// A historical as-of: many items partly paid at A (allocations after it), so the
// balances walk allocations as well as take the settled shortcut.
TEST(ScanEquivalence, AgingMatchesReferenceHistorical) { check_aging("2025-09-30"); }

namespace {
void check_dso(const char* as_of_text) {
    const Ledger& L = portfolio();
    const Date as_of = Date::parse_or_throw(as_of_text);
    const std::int32_t A = as_of.days();
    const std::int64_t P = 90;
    const std::int32_t D0 = A - 90;
    // Countback periods: calendar months back from A (reports.md), 24 at most.
    std::vector<std::pair<std::int32_t, std::int32_t>> months; // first, last
    Date first = as_of.first_of_month();
    months.push_back({first.days(), A});
    for (int m = 1; m < 24; ++m) {
        const Date last = first - 1;
        first = last.first_of_month();
        months.push_back({first.days(), last.days()});
    }
    for (const Case& k : cases()) {
        const Currency base = k.base ? *k.base : Currency::of("EUR");
        const Converter conv(L.fx(), base);
        struct Ref {
            std::int64_t ar = 0, notdue = 0, sales = 0, ar0 = 0;
            std::array<std::int64_t, 24> month{};
        };
        std::map<Key, Ref> ref;
        const CustomerTable& C = L.customers();
        for (std::uint32_t c = 0; c < C.size(); ++c)
            if (selected(L, c, k.fr_only)) ref.try_emplace(key_of(L, c, k.by));
        const ItemTable& I = L.items();
        for (std::uint32_t i = 0; i < I.size(); ++i) {
            if (I.issue_date[i] > A || !selected(L, I.customer[i], k.fr_only)) continue;
            Ref& r = ref[key_of(L, I.customer[i], k.by)];
            const std::int64_t bal = L.balance_at(i, A);
            const std::int64_t c = conv.convert(bal, I.currency[i], A);
            r.ar += c;
            if (I.due_date[i] >= A) r.notdue += c;
            const ItemType t = I.type[i];
            const bool sale = t == ItemType::invoice || t == ItemType::debit_note || t == ItemType::credit_note;
            const std::int32_t iss = I.issue_date[i];
            if (sale && iss > D0) r.sales += conv.convert(I.amount[i], I.currency[i], iss);
            if (sale)
                for (std::size_t m = 0; m < months.size(); ++m)
                    if (iss >= months[m].first && iss <= months[m].second)
                        r.month[m] += conv.convert(I.amount[i], I.currency[i], iss);
            if (iss <= D0) r.ar0 += conv.convert(L.balance_at(i, D0), I.currency[i], D0);
        }
        const std::size_t width = k.by == "customer" ? 2 : 1;
        for (const char* method : {"standard", "average", "countback"}) {
            const Table t = test::run(L, "dso", as_of_text, k.by, {{"method", method}, {"period", "90"}}, k.where, k.base);
            ASSERT_EQ(t.rows(), ref.size()) << method << " " << k.by;
            std::size_t row = 0;
            for (const auto& [key, r] : ref) {
                ASSERT_EQ(row_key(t, row, width), key);
                const Column& dso = t.columns[width];
                const Column& bp = t.columns[width + 1];
                const Column& add = t.columns[width + 2];
                if (std::string(method) == "countback") {
                    std::vector<std::pair<int, std::int64_t>> walk;
                    for (std::size_t m = 0; m < months.size(); ++m)
                        walk.push_back({months[m].second - months[m].first + 1, r.month[m]});
                    const CountbackResult cb = countback(r.ar, walk);
                    EXPECT_EQ(dso.ints[row], ratio_units(cb.num, cb.den)) << "countback row " << row;
                } else if (r.sales <= 0) {
                    EXPECT_TRUE(dso.nulls[row]);
                } else if (std::string(method) == "standard") {
                    EXPECT_EQ(dso.ints[row], ratio_units(Int256(r.ar) * P, Int256(r.sales))) << "row " << row;
                } else {
                    EXPECT_EQ(dso.ints[row], ratio_units((Int256(r.ar0) + r.ar) * P, Int256(r.sales) * 2));
                }
                if (r.sales > 0) {
                    EXPECT_EQ(bp.ints[row], ratio_units(Int256(r.notdue) * P, Int256(r.sales)));
                    EXPECT_EQ(add.ints[row], ratio_units((Int256(r.ar) - r.notdue) * P, Int256(r.sales)));
                } else {
                    EXPECT_TRUE(bp.nulls[row]);
                    EXPECT_TRUE(add.nulls[row]);
                }
                ++row;
            }
        }
    }
}
} // namespace

TEST(ScanEquivalence, DsoMatchesReference) { check_dso(kPortfolioAsOf); }
// A historical as-of: many items partly paid at A (allocations after it), so the
// balances walk allocations as well as take the settled shortcut.
TEST(ScanEquivalence, DsoMatchesReferenceHistorical) { check_dso("2025-09-30"); }

namespace {
void check_payment_profile(const char* as_of_text) {
    const Ledger& L = portfolio();
    const Date as_of = Date::parse_or_throw(as_of_text);
    const std::int32_t A = as_of.days();
    for (const char* window : {"365d", "6m", "30d"}) {
        for (const char* base_code : {"EUR", "USD"}) {
            const Currency base = Currency::of(base_code);
            const Converter conv(L.fx(), base);
            const std::int32_t D = Window::parse(window).start(as_of).days();
            // Reference: the allocations in file order.
            std::vector<PayerFigures> ref(L.customers().size());
            const AllocationTable& Al = L.allocations();
            const ItemTable& I = L.items();
            for (std::size_t a = 0; a < Al.size(); ++a) {
                const std::uint32_t i = Al.item[a];
                const std::int32_t day = Al.date[a];
                if (day <= D || day > A) continue;
                if (I.type[i] != ItemType::invoice && I.type[i] != ItemType::debit_note) continue;
                if (I.issue_date[i] > A) continue;
                const std::int64_t w = conv.convert(Al.amount[a], I.currency[i], day);
                PayerFigures& f = ref[I.customer[i]];
                f.settled += w;
                f.weighted_late += static_cast<i128>(w) * (day - I.due_date[i]);
                f.weighted_to_pay += static_cast<i128>(w) * (day - I.issue_date[i]);
                if (day - I.due_date[i] <= 0) f.on_time += w;
                ++f.count;
            }
            const std::vector<PayerFigures> got = payment_profile_figures(L, base, as_of, Window::parse(window));
            ASSERT_EQ(got.size(), ref.size());
            for (std::size_t c = 0; c < ref.size(); ++c) {
                EXPECT_EQ(got[c].settled, ref[c].settled) << window << " customer " << c;
                EXPECT_TRUE(got[c].weighted_late == ref[c].weighted_late) << window << " customer " << c;
                EXPECT_TRUE(got[c].weighted_to_pay == ref[c].weighted_to_pay) << window << " customer " << c;
                EXPECT_EQ(got[c].on_time, ref[c].on_time);
                EXPECT_EQ(got[c].count, ref[c].count);
            }
            // The report per group_code rounds the merged sums.
            std::map<Key, PayerFigures> per_group;
            for (std::uint32_t c = 0; c < ref.size(); ++c) per_group[key_of(L, c, "group_code")].merge(ref[c]);
            const Table t = test::run(L, "payment_profile", as_of_text, "group_code", {{"window", window}}, "", base);
            ASSERT_EQ(t.rows(), per_group.size());
            std::size_t row = 0;
            for (const auto& [key, f] : per_group) {
                ASSERT_EQ(row_key(t, row, 1), key);
                ASSERT_TRUE(f.defined());
                EXPECT_EQ(t.columns[1].ints[row], f.avg_days_late_units(1, Rounding::half_even));
                EXPECT_EQ(t.columns[2].ints[row], f.avg_days_to_pay_units(1, Rounding::half_even));
                EXPECT_EQ(t.columns[3].ints[row], f.on_time_pct_units(1, Rounding::half_even));
                EXPECT_EQ(t.columns[4].ints[row], f.settled);
                EXPECT_EQ(t.columns[5].ints[row], f.count);
                ++row;
            }
        }
    }
}
} // namespace

TEST(ScanEquivalence, PaymentProfileMatchesReference) { check_payment_profile(kPortfolioAsOf); }
// A historical as-of: many items partly paid at A (allocations after it), so the
// balances walk allocations as well as take the settled shortcut.
TEST(ScanEquivalence, PaymentProfileMatchesReferenceHistorical) { check_payment_profile("2025-09-30"); }

// ratio_units and the payment figures take an i128 fast path when the figures fit 64
// bits: the same half-even rounding as the Int256 computation, ties and signs included.
TEST(ScanEquivalence, RatioFastPathMatchesInt256) {
    std::mt19937_64 rng(7);
    auto slow = [](const Int256& num, const Int256& den, int scale) {
        Int256 n = num * Int256(pow10_i64(scale)), d = den;
        if (d < 0) {
            d = -d;
            n = -n;
        }
        return static_cast<std::int64_t>(round_div(n, d, Rounding::half_even));
    };
    for (int k = 0; k < 200000; ++k) {
        const auto num = static_cast<std::int64_t>(rng() >> (1 + rng() % 60)) * (rng() % 2 ? 1 : -1);
        auto den = static_cast<std::int64_t>(rng() >> (1 + rng() % 62)) * (rng() % 2 ? 1 : -1);
        if (den == 0) den = 1;
        const int scale = static_cast<int>(rng() % 3);
        // Keep the result within 64 bits (the figure itself must fit).
        const Int256 q = Int256(num) * Int256(pow10_i64(scale)) / Int256(den);
        const Int256 half = std::numeric_limits<std::int64_t>::max() / 2;
        if (q > half || q < -half) continue;
        ASSERT_EQ(ratio_units(Int256(num), Int256(den), scale), slow(Int256(num), Int256(den), scale))
            << num << " / " << den << " scale " << scale;
        ASSERT_EQ(ratio_units_i128(num, den, scale), slow(Int256(num), Int256(den), scale))
            << num << " / " << den << " scale " << scale;
        // 128-bit operands (beyond 64 bits, within and beyond the 2^100 fast path).
        const i128 wide = static_cast<i128>(num) * (1 + static_cast<std::int64_t>(rng() % 1000000));
        const Int256 qw = Int256(wide) * Int256(pow10_i64(scale)) / Int256(den);
        if (qw <= half && qw >= -half) {
            ASSERT_EQ(ratio_units_i128(wide, den, scale), slow(Int256(wide), Int256(den), scale));
        }
    }
    // Exact ties: 5/10 → 0.5 → 0 at scale 0 (even), 15/10 → 2, -25/10 → -2.
    EXPECT_EQ(ratio_units(Int256(5), Int256(10), 0), 0);
    EXPECT_EQ(ratio_units(Int256(15), Int256(10), 0), 2);
    EXPECT_EQ(ratio_units(Int256(-25), Int256(10), 0), -2);
    EXPECT_EQ(ratio_units(Int256(25), Int256(-10), 0), -2);
    // avg_days_late = Σw·late / Σw = 15 / 4 = 3.75 → 3.8 (half-even at one decimal);
    // compared with 3.75 exactly: equal; with 3.7: above.
    PayerFigures f;
    f.settled = 4;
    f.weighted_late = 15;
    EXPECT_EQ(f.avg_days_late_units(1, Rounding::half_even), 38);
    EXPECT_EQ(f.compare_avg_days_late(Decimal::parse("3.75")), 0);
    EXPECT_EQ(f.compare_avg_days_late(Decimal::parse("3.7")), 1);
    EXPECT_EQ(f.compare_avg_days_late(Decimal::parse("3.8")), -1);
}
