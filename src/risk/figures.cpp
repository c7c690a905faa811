// Per-customer figures for the notation, the limit tool and the search.
#include "dsocore/risk/figures.hpp"

#include <algorithm>
#include <memory>

#include "dsocore/core/error.hpp"
#include "dsocore/reports/parallel.hpp"
#include "dsocore/reports/scan.hpp"
#include "dsocore/risk/config.hpp"

DSOCORE_BEGIN_NAMESPACE

namespace {
constexpr int kCountbackPeriods = 24; // reports.md: at most 24 periods

bool is_sale(ItemType t) noexcept {
    return t == ItemType::invoice || t == ItemType::debit_note || t == ItemType::credit_note;
}

/// Int256 → i128, throwing Error(overflow) out of range (filter values are i128).
i128 to_i128(const Int256& x) {
    static const Int256 lim = Int256(1) << 126;
    if (x >= lim || x <= -lim) throw Error(Errc::overflow, "figure does not fit 128 bits");
    const bool neg = x < 0;
    const Int256 a = neg ? Int256(-x) : x;
    const auto hi = static_cast<std::uint64_t>(a >> 64);
    const auto lo = static_cast<std::uint64_t>(a & Int256(0xffffffffffffffffULL));
    const i128 v = (static_cast<i128>(hi) << 64) | static_cast<i128>(lo);
    return neg ? -v : v;
}
} // namespace

bool ExactFigure::at_most(const Decimal& v) const {
    // num/den ≤ sig/10^s  ⇔  num × 10^s ≤ sig × den   (den > 0)
    return num * Int256(pow10_128(v.scale())) <= Int256(v.significand()) * den;
}

std::vector<std::int64_t> customer_sales(const Ledger& L, Currency base, Date d1, Date d2,
                                         const std::vector<std::uint8_t>* item_mask) {
    const ItemTable& I = L.items();
    std::vector<std::int64_t> s(L.customers().size(), 0);
    const Converter conv(L.fx(), base);
    const std::int32_t lo = d1.days(), hi = d2.days();
    for (std::uint32_t i = 0; i < I.size(); ++i) {
        const std::int32_t day = I.issue_date[i];
        if (day <= lo || day > hi || !is_sale(I.type[i]) || (item_mask && !(*item_mask)[i])) continue;
        std::int64_t& cell = s[I.customer[i]];
        cell = checked_add(cell, conv.convert(I.amount[i], I.currency[i], day));
    }
    return s;
}

std::vector<CountbackResult> customer_dso_countback(const Ledger& L, Currency base, Date as_of,
                                                    const std::vector<std::int64_t>& outstanding,
                                                    const std::vector<std::uint8_t>* item_mask) {
    // Periods as in the dso report: period 0 is A's month from its 1st to A, then the
    // previous calendar months in full, most recent first.
    std::vector<std::pair<std::int32_t, std::int32_t>> periods; // first, last
    Date first = as_of.first_of_month();
    periods.emplace_back(first.days(), as_of.days());
    for (int k = 1; k < kCountbackPeriods; ++k) {
        const Date last = first - 1;
        first = last.first_of_month();
        periods.emplace_back(first.days(), last.days());
    }
    const std::size_t n = L.customers().size();
    const ItemTable& I = L.items();
    const Converter conv(L.fx(), base);
    const std::int32_t A = as_of.days(), oldest = periods.back().first;
    // The period of each day in [oldest, A] (periods are contiguous, most recent first).
    std::vector<std::uint8_t> period_of(static_cast<std::size_t>(A - oldest + 1));
    for (std::size_t k = 0; k < periods.size(); ++k)
        for (std::int32_t d = periods[k].first; d <= periods[k].second; ++d)
            period_of[static_cast<std::size_t>(d - oldest)] = static_cast<std::uint8_t>(k);
    // Sales per (customer, period): one pass split across workers, each with its own
    // cells, merged in worker order (exact integer sums: the same as one pass).
    const unsigned workers = parallel_workers(I.size());
    std::vector<GroupAccumulators> parts(workers);
    const std::uint8_t* const mask = item_mask ? item_mask->data() : nullptr;
    parallel_ranges(I.size(), [&](unsigned w, std::size_t begin, std::size_t end) {
        GroupAccumulators acc(n, kCountbackPeriods);
        ScanConverter sc(conv, oldest, A);
        // Two phases a block (as the aging's scan): stream the columns and queue the
        // updates with their cells prefetched, then apply them.
        struct Update {
            std::int64_t* cell;
            std::int64_t value;
        };
        Update queue[kScanBlock];
        for (std::size_t block = begin; block < end; block += kScanBlock) {
            const auto block_end = static_cast<std::uint32_t>(std::min(end, block + kScanBlock));
            std::size_t queued = 0;
            for (auto i = static_cast<std::uint32_t>(block); i < block_end; ++i) {
                const std::int32_t day = I.issue_date[i];
                if (day > A || day < oldest || !is_sale(I.type[i]) || (mask && !mask[i])) continue;
                std::int64_t* const cell = acc.group(I.customer[i]) + period_of[static_cast<std::size_t>(day - oldest)];
                __builtin_prefetch(cell, 1);
                queue[queued++] = {cell, sc(I.amount[i], I.currency[i], day)};
            }
            for (std::size_t q = 0; q < queued; ++q) *queue[q].cell = checked_add(*queue[q].cell, queue[q].value);
        }
        parts[w] = std::move(acc);
    });
    GroupAccumulators psales = std::move(parts[0]);
    for (unsigned w = 1; w < workers; ++w) psales.merge(parts[w]);
    std::vector<CountbackResult> out(n);
    std::vector<std::pair<int, std::int64_t>> walk(periods.size());
    for (std::size_t c = 0; c < n; ++c) {
        for (std::size_t k = 0; k < periods.size(); ++k)
            walk[k] = {periods[k].second - periods[k].first + 1, psales.group(c)[k]};
        out[c] = countback(outstanding[c], walk);
    }
    return out;
}

CustomerFigures::CustomerFigures(const Ledger& L, Date as_of, Currency base, const std::vector<std::uint8_t>* item_mask)
    : ledger_(&L), as_of_(as_of), base_(base) {
    risk_ = risk_figures(L, base, as_of, item_mask);
    payer_ = payment_profile_figures(L, base, as_of, Window::parse("6m"), item_mask);
    std::vector<std::int64_t> ar(risk_.size());
    for (std::size_t c = 0; c < ar.size(); ++c) ar[c] = risk_[c].outstanding;
    dso_ = customer_dso_countback(L, base, as_of, ar, item_mask);
    first_issue_.assign(L.customers().size(), kNoDate);
    const ItemTable& I = L.items();
    const std::int32_t A = as_of.days();
    for (std::uint32_t i = 0; i < I.size(); ++i) {
        const std::int32_t day = I.issue_date[i];
        if (day > A || (item_mask && !(*item_mask)[i])) continue;
        std::int32_t& f = first_issue_[I.customer[i]];
        if (f == kNoDate || day < f) f = day;
    }
}

ExactFigure CustomerFigures::figure(std::string_view name, std::uint32_t c) const {
    const RiskFigures& r = risk_[c];
    const Int256 unit = Int256(pow10_i64(base_.minor_units()));
    if (name == "outstanding") return ExactFigure::of(r.outstanding, unit);
    if (name == "overdue") return ExactFigure::of(r.overdue, unit);
    if (name == "overdue_pct") {
        if (r.outstanding <= 0) return {};
        return ExactFigure::of(Int256(r.overdue) * 100, r.outstanding);
    }
    if (name == "dso") return ExactFigure::of(dso_[c].num, dso_[c].den);
    if (name == "avg_days_late") {
        const PayerFigures& p = payer_[c];
        if (!p.defined()) return {};
        return ExactFigure::of(Int256(p.weighted_late), p.settled);
    }
    if (name == "utilisation_pct") {
        if (!r.utilisation_defined()) return {};
        Int256 num, den;
        r.utilisation_ratio(num, den);
        return ExactFigure::of(num, den);
    }
    if (name == "seniority_days") {
        if (first_issue_[c] == kNoDate) return {};
        return ExactFigure::of(as_of_.days() - first_issue_[c], 1);
    }
    if (name == "headroom") {
        if (!r.has_limit) return {};
        return ExactFigure::of(r.headroom(), unit);
    }
    if (name == "insured") {
        if (!r.has_insured) return {};
        return ExactFigure::of(r.insured, unit);
    }
    throw Error(Errc::internal, "unknown figure '" + std::string(name) + "'");
}

void CustomerFigures::add_fields(FieldResolver& fields) const {
    // Values as i128 ratios, computed once; the accessors only index them.
    struct Store {
        std::vector<std::vector<FieldValue>> values;
    };
    auto store = std::make_shared<Store>();
    const std::vector<std::pair<std::string_view, std::string>> figs = {
        {"outstanding", "AR at the as-of date, base currency (risk report)"},
        {"overdue", "overdue part of outstanding (dpd > 0), base currency"},
        {"overdue_pct", "overdue / outstanding × 100 (undefined when outstanding ≤ 0)"},
        {"dso", "countback DSO of the customer (days)"},
        {"avg_days_late", "weighted average days late over 6 months (payment_profile)"},
        {"utilisation_pct", "outstanding / credit limit × 100 (undefined without a limit > 0)"},
        {"seniority_days", "days since the customer's first issued item"},
        {"headroom", "credit limit − outstanding, base currency (undefined without a limit)"},
        {"insured", "insured amount valid at the as-of date, base currency (undefined without insurance)"},
    };
    const std::size_t n = risk_.size();
    for (const auto& [name, help] : figs) {
        std::vector<FieldValue> v(n);
        for (std::uint32_t c = 0; c < n; ++c) {
            const ExactFigure f = figure(name, c);
            v[c] = f.defined ? FieldValue::of_ratio(to_i128(f.num), to_i128(f.den)) : FieldValue::none();
        }
        const std::size_t slot = store->values.size();
        store->values.push_back(std::move(v));
        fields.add(std::string(name), {FieldType::number, FieldScope::customer,
                                       [store, slot](const FilterRow& row) { return store->values[slot][row.customer]; },
                                       help});
    }
    std::vector<FieldValue> over(n);
    for (std::uint32_t c = 0; c < n; ++c)
        over[c] = risk_[c].has_limit ? FieldValue::of_bool(risk_[c].over_limit()) : FieldValue::none();
    const std::size_t slot = store->values.size();
    store->values.push_back(std::move(over));
    fields.add("over_limit", {FieldType::boolean, FieldScope::customer,
                              [store, slot](const FilterRow& row) { return store->values[slot][row.customer]; },
                              "outstanding > credit limit (undefined without a limit)"});
}

DSOCORE_END_NAMESPACE
