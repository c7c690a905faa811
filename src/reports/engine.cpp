#include <algorithm>
#include <memory>
#include <numeric>
#include <utility>

#include "dsocore/core/error.hpp"
#include "dsocore/reports/report.hpp"
#include "dsocore/reports/filter.hpp"

DSOCORE_BEGIN_NAMESPACE

namespace {
std::string join(const std::vector<std::string_view>& v) {
    std::string s;
    for (auto x : v) {
        if (!s.empty()) s += ", ";
        s += x;
    }
    return s;
}
} // namespace

const std::vector<std::string_view>& groupable_fields() {
    static const std::vector<std::string_view> f = {
        "customer", "entity", "group_code", "legal_id", "parent_id", "payment_center", "customer_type",
        "collector", "sales_rep", "country", "rating", "custom_1", "custom_2", "custom_3", "custom_4",
        "custom_5", "custom_6", "custom_7", "custom_8", "custom_9", "custom_10", "custom_11", "custom_12", "total"};
    return f;
}

const LedgerColumn<StrId>* customer_text_column(const CustomerTable& c, std::string_view f) {
    if (f == "entity") return &c.entity;
    if (f == "customer_id") return &c.customer_id;
    if (f == "name") return &c.name;
    if (f == "group_code") return &c.group_code;
    if (f == "legal_id") return &c.legal_id;
    if (f == "parent_id") return &c.parent_id;
    if (f == "payment_center") return &c.payment_center_code;
    if (f == "customer_type") return &c.customer_type;
    if (f == "country") return &c.country;
    if (f == "language") return &c.language;
    if (f == "rating") return &c.rating;
    if (f == "insurer") return &c.insurer;
    if (f == "scenario") return &c.scenario_code;
    if (f == "collector") return &c.collector;
    if (f == "sales_rep") return &c.sales_rep;
    if (f == "email") return &c.email;
    if (f == "phone") return &c.phone;
    if (f == "address") return &c.address;
    if (f.size() > 7 && f.substr(0, 7) == "custom_") {
        for (int k = 1; k <= kCustomFields; ++k)
            if (f.substr(7) == std::to_string(k)) return &c.custom[static_cast<std::size_t>(k - 1)];
    }
    return nullptr;
}

namespace {
/// The customer order of one --by over every customer row, computed once per ledger
/// (DerivedCache): rows sorted by key (stable), each row's group and each group's first row.
struct CustomerOrder {
    std::vector<std::uint32_t> order;    ///< every customer row, by key then row
    std::vector<std::uint32_t> group_of; ///< row → group among all rows
    std::vector<std::uint32_t> first_row;
};

std::string_view key_part(const Ledger& L, bool by_customer, bool by_total, const LedgerColumn<StrId>* col,
                          std::uint32_t r, std::size_t part) noexcept {
    const CustomerTable& C = L.customers();
    if (by_customer) return L.str(part == 0 ? C.entity[r] : C.customer_id[r]);
    if (part != 0) return {};
    if (by_total) return "TOTAL";
    return col == nullptr || col->empty() ? std::string_view() : L.str((*col)[r]);
}

std::shared_ptr<const CustomerOrder> make_customer_order(const Ledger& L, std::string_view by) {
    const CustomerTable& C = L.customers();
    const std::size_t n = C.size();
    auto out = std::make_shared<CustomerOrder>();
    // Key of each customer, as a tuple of strings (the second one empty for a
    // one-column key: the order is the same as the tuple's). No allocation per customer.
    using Key = std::pair<std::string_view, std::string_view>;
    std::vector<Key> key(n);
    const bool by_customer = by == "customer", by_total = by == "total";
    const LedgerColumn<StrId>* col = by_customer || by_total ? nullptr : customer_text_column(C, by);
    for (std::uint32_t r = 0; r < n; ++r)
        key[r] = {key_part(L, by_customer, by_total, col, r, 0), key_part(L, by_customer, by_total, col, r, 1)};
    // Sort (stable: ties keep row order) on the first 8 bytes of each key part,
    // big-endian and zero-padded, compared as integers: a smaller prefix means a smaller
    // string bytewise; equal prefixes fall back to the whole strings.
    auto prefix = [](std::string_view v) {
        std::uint64_t p = 0;
        for (std::size_t k = 0; k < 8; ++k)
            p = (p << 8) | (k < v.size() ? static_cast<unsigned char>(v[k]) : 0u);
        return p;
    };
    // A part of at most 8 bytes is whole in its prefix: equal prefixes and lengths
    // mean equal strings, without looking at them.
    struct Sortable {
        std::uint64_t p1, p2;
        std::uint32_t row, short1, short2; ///< short: the length when ≤ 8, else 9
    };
    auto shortlen = [](std::string_view v) { return static_cast<std::uint32_t>(std::min<std::size_t>(v.size(), 9)); };
    std::vector<Sortable> order(n);
    for (std::uint32_t r = 0; r < n; ++r)
        order[r] = {prefix(key[r].first), prefix(key[r].second), r, shortlen(key[r].first), shortlen(key[r].second)};
    const auto less = [&](const Sortable& a, const Sortable& b) {
        if (a.p1 != b.p1) return a.p1 < b.p1;
        if (a.short1 > 8 || b.short1 > 8 || a.short1 != b.short1)
            if (const int c = key[a.row].first.compare(key[b.row].first); c != 0) return c < 0;
        if (a.p2 != b.p2) return a.p2 < b.p2;
        if (a.short2 > 8 || b.short2 > 8 || a.short2 != b.short2)
            if (const int c = key[a.row].second.compare(key[b.row].second); c != 0) return c < 0;
        return a.row < b.row; // stable
    };
    if (!std::is_sorted(order.begin(), order.end(), less)) std::sort(order.begin(), order.end(), less);
    out->order.resize(n);
    out->group_of.assign(n, kNoRow);
    for (std::size_t k = 0; k < n; ++k) {
        const std::uint32_t r = order[k].row;
        out->order[k] = r;
        if (k == 0 || key[r] != key[order[k - 1].row]) out->first_row.push_back(r);
        out->group_of[r] = static_cast<std::uint32_t>(out->first_row.size() - 1);
    }
    return out;
}
} // namespace

std::string_view Grouping::key(std::size_t group, std::size_t part) const noexcept {
    return key_part(*ledger, by_customer, by_total, column, first_row[group], part);
}

Grouping make_grouping(const Ledger& L, std::string_view by, const std::vector<std::uint8_t>& mask) {
    const auto& fields = groupable_fields();
    if (std::find(fields.begin(), fields.end(), by) == fields.end())
        throw Error(Errc::invalid_argument, "unknown --by '" + std::string(by) + "'; expected one of " + join(fields));
    const CustomerTable& C = L.customers();
    const std::size_t n = C.size();
    Grouping g;
    g.by = std::string(by);
    g.ledger = &L;
    g.by_customer = by == "customer";
    g.by_total = by == "total";
    if (by == "customer") {
        g.key_columns = {"entity", "customer_id"};
    } else if (by == "total") {
        g.key_columns = {"key"};
    } else {
        g.key_columns = {std::string(by)};
        g.column = customer_text_column(C, by);
    }
    // The order of every customer row is the ledger's (sorted once); a filtered grouping
    // keeps the selected rows in that order and renumbers the groups left.
    const std::shared_ptr<const CustomerOrder> all = L.derived().get_as<CustomerOrder>(
        "reports/grouping/" + std::string(by), [&] { return make_customer_order(L, by); });
    if (std::find(mask.begin(), mask.end(), std::uint8_t{0}) == mask.end()) {
        g.group_of_customer = all->group_of;
        g.first_row = all->first_row;
        g.members = n;
        return g;
    }
    g.group_of_customer.assign(n, kNoRow);
    std::uint32_t last = kNoRow;
    for (const std::uint32_t r : all->order) {
        if (!mask[r]) continue;
        if (all->group_of[r] != last) {
            last = all->group_of[r];
            g.first_row.push_back(r);
        }
        g.group_of_customer[r] = static_cast<std::uint32_t>(g.first_row.size() - 1);
        ++g.members;
    }
    return g;
}

ReportContext::ReportContext(const Ledger& l, const ReportRequest& r)
    : ledger(l),
      request(r),
      as_of(r.as_of),
      A(r.as_of.days()),
      base(r.base_currency ? *r.base_currency : l.company().base_currency),
      converter(l.fx(), base) {
    customer_mask.assign(l.customers().size(), 1);
    item_mask.assign(l.items().size(), 1);
    if (!r.customer_scope.empty()) {
        if (r.customer_scope.size() != customer_mask.size())
            throw Error(Errc::internal, "customer_scope does not match the customer table");
        customer_mask = r.customer_scope;
    }
    if (!r.where.empty()) apply_filter(l, r.where, r.as_of, customer_mask, item_mask);
    // Items of filtered-out customers are out too (nothing to do when every customer is in).
    if (std::find(customer_mask.begin(), customer_mask.end(), std::uint8_t{0}) != customer_mask.end()) {
        const auto& cust = l.items().customer;
        for (std::size_t i = 0; i < item_mask.size(); ++i)
            if (!customer_mask[cust[i]]) item_mask[i] = 0;
    }
}

void ReportContext::note_past_date() const {
    if (ledger.has_allocations() || past_noted_) return;
    past_noted_ = true;
    warnings.push_back("no allocations.csv: balances at past dates cannot be rebuilt; open_amount is used for every date");
}

Grouping ReportContext::grouping(std::string_view default_by) const {
    const std::string by = request.by.empty() ? std::string(default_by) : request.by;
    used_.insert("by");
    return make_grouping(ledger, by, customer_mask);
}

std::string ReportContext::option(std::string_view name, std::string_view fallback) const {
    used_.emplace(name);
    auto it = request.options.find(std::string(name));
    return it == request.options.end() ? std::string(fallback) : it->second;
}

std::int64_t ReportContext::option_int(std::string_view name, std::int64_t fallback, std::int64_t lo,
                                       std::int64_t hi) const {
    const std::string v = option(name, "");
    if (v.empty()) return fallback;
    std::int64_t x = 0;
    if (parse_fixed(v, 0, x) != FixedParse::ok || v.find('.') != std::string::npos || x < lo || x > hi)
        throw Error(Errc::invalid_argument, "--" + std::string(name) + " '" + v + "': expected a whole number " +
                                                std::to_string(lo) + ".." + std::to_string(hi));
    return x;
}

Window ReportContext::option_window(std::string_view name, std::string_view fallback) const {
    const std::string v = option(name, fallback);
    try {
        return Window::parse(v);
    } catch (const Error& e) {
        throw Error(Errc::invalid_argument, "--" + std::string(name) + ": " + e.what());
    }
}

std::string ReportContext::option_enum(std::string_view name, std::string_view fallback,
                                       const std::vector<std::string_view>& allowed) const {
    const std::string v = option(name, fallback);
    if (std::find(allowed.begin(), allowed.end(), v) == allowed.end())
        throw Error(Errc::invalid_argument, "--" + std::string(name) + " '" + v + "': expected one of " + join(allowed));
    return v;
}

void ReportContext::check_options_used() const {
    if (!request.by.empty() && !used_.count("by"))
        throw Error(Errc::invalid_argument, "report " + request.name + " has no --by (its rows are not grouped by customer field)");
    for (const auto& [k, v] : request.options)
        if (!used_.count(k)) {
            std::string known;
            for (const auto& u : used_) {
                if (u == "by") continue;
                known += known.empty() ? "--" : ", --";
                known += u;
            }
            throw Error(Errc::invalid_argument, "report " + request.name + " has no option --" + k +
                                                    (known.empty() ? std::string() : "; its options: " + known));
        }
}

std::vector<std::size_t> ReportContext::add_key_columns(Table& t, const Grouping& g) const {
    std::vector<std::size_t> cols;
    for (const auto& k : g.key_columns) cols.push_back(t.add_column(k, CellType::text));
    return cols;
}

void ReportContext::push_key(Table& t, const std::vector<std::size_t>& cols, const Grouping& g,
                             std::size_t group) const {
    for (std::size_t k = 0; k < cols.size(); ++k) t.push_text(cols[k], g.key(group, k));
}

Table ReportContext::make_table() const {
    Table t;
    t.report = request.name;
    t.as_of = as_of;
    t.base_currency = base.code();
    return t;
}

const ReportInfo* find_report(std::string_view name) noexcept {
    for (const auto& r : report_registry())
        if (r.name == name) return &r;
    return nullptr;
}

Table run_report(const Ledger& ledger, const ReportRequest& request) {
    std::vector<std::string> ignored;
    return run_report(ledger, request, ignored);
}

Table run_report(const Ledger& ledger, const ReportRequest& request, std::vector<std::string>& warnings) {
    const ReportInfo* info = find_report(request.name);
    if (!info) {
        std::vector<std::string_view> names;
        for (const auto& r : report_registry()) names.push_back(r.name);
        throw Error(Errc::invalid_argument, "unknown report '" + request.name + "'; expected one of " + join(names));
    }
    ReportContext ctx(ledger, request);
    Table t = info->run(ctx);
    ctx.check_options_used();
    warnings = ctx.warnings;
    return t;
}

std::int64_t ratio_units_i128(i128 num, i128 den, int scale) {
    if (den == 0) throw Error(Errc::internal, "ratio with a zero denominator");
    // |num| < 2^100 and scale ≤ 6: num × 10^scale fits 128 bits; the same half-even
    // division as ratio_units, without building 256-bit values.
    constexpr i128 kSmall = static_cast<i128>(1) << 100;
    if (scale >= 0 && scale <= 6 && num < kSmall && num > -kSmall && den < kSmall && den > -kSmall) {
        i128 n = num * pow10_i64(scale);
        i128 d = den;
        if (d < 0) {
            d = -d;
            n = -n;
        }
        const i128 q = round_div(n, d, Rounding::half_even);
        if (q > std::numeric_limits<std::int64_t>::max() || q < std::numeric_limits<std::int64_t>::min())
            throw Error(Errc::overflow, "figure does not fit 64 bits");
        return static_cast<std::int64_t>(q);
    }
    return ratio_units(Int256(num), Int256(den), scale);
}

std::int64_t ratio_units(const Int256& num, const Int256& den, int scale) {
    if (den == 0) throw Error(Errc::internal, "ratio with a zero denominator");
    // Fast path (every figure of a normal portfolio): both fit 64 bits, so the scaled
    // numerator fits 128 bits and the same half-even division runs on i128.
    constexpr std::int64_t lo = std::numeric_limits<std::int64_t>::min(), hi = std::numeric_limits<std::int64_t>::max();
    if (scale >= 0 && scale <= 18 && num >= lo && num <= hi && den > lo && den <= hi) {
        i128 n = static_cast<i128>(static_cast<std::int64_t>(num)) * pow10_i64(scale);
        i128 d = static_cast<std::int64_t>(den);
        if (d < 0) {
            d = -d;
            n = -n;
        }
        const i128 q = round_div(n, d, Rounding::half_even);
        if (q > hi || q < lo) throw Error(Errc::overflow, "figure does not fit 64 bits");
        return static_cast<std::int64_t>(q);
    }
    Int256 n = num * Int256(pow10_i64(scale));
    Int256 d = den;
    if (d < 0) {
        d = -d;
        n = -n;
    }
    const Int256 q = round_div(n, d, Rounding::half_even);
    if (q > std::numeric_limits<std::int64_t>::max() || q < std::numeric_limits<std::int64_t>::min())
        throw Error(Errc::overflow, "figure does not fit 64 bits");
    return static_cast<std::int64_t>(q);
}

DSOCORE_END_NAMESPACE
