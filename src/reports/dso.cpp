// dso — days sales outstanding (reports.md): standard, countback, average; bpdso, add.
#include "dsocore/reports/dso.hpp"

#include <algorithm>

#include "dsocore/core/error.hpp"
#include "dsocore/reports/parallel.hpp"

DSOCORE_BEGIN_NAMESPACE

namespace {
constexpr int kMaxPeriods = 24;

bool is_sale(ItemType t) noexcept {
    return t == ItemType::invoice || t == ItemType::debit_note || t == ItemType::credit_note;
}

struct Period {
    std::int32_t first, last; ///< inclusive days
};

/// Countback periods from A back: period 0 from its first day to A, then full periods.
std::vector<Period> countback_periods(Date A, bool fiscal445, int fy_end_month) {
    std::vector<Period> p;
    if (!fiscal445) {
        Date first = A.first_of_month();
        p.push_back({first.days(), A.days()});
        for (int k = 1; k < kMaxPeriods; ++k) {
            const Date last = first - 1;
            first = last.first_of_month();
            p.push_back({first.days(), last.days()});
        }
    } else {
        const FiscalCalendar445 cal(fy_end_month);
        auto per = cal.period_of(A);
        p.push_back({per.first.days(), A.days()});
        for (int k = 1; k < kMaxPeriods; ++k) {
            per = cal.previous(per);
            p.push_back({per.first.days(), per.last.days()});
        }
    }
    return p;
}
} // namespace

CountbackResult countback(std::int64_t ar, const std::vector<std::pair<int, std::int64_t>>& periods) {
    CountbackResult r;
    r.num = 0;
    r.den = 1;
    if (ar <= 0) return r;
    Int256 remaining = ar;
    Int256 full_days = 0;
    for (const auto& [days, sales] : periods) {
        if (remaining >= sales) {
            full_days += days;
            remaining -= sales;
            if (remaining <= 0) {
                r.num = full_days;
                return r;
            }
            continue;
        }
        // remaining < S_k (so S_k > 0): DSO = full + remaining / S_k × days_k.
        r.num = full_days * sales + remaining * days;
        r.den = sales;
        return r;
    }
    r.num = full_days;
    r.capped = true;
    return r;
}

Table dso_report(ReportContext& ctx) {
    const Ledger& L = ctx.ledger;
    const ItemTable& I = L.items();
    const std::string method = ctx.option_enum("method", "countback", {"standard", "countback", "average"});
    const std::int64_t P = ctx.option_int("period", 90, 1, 3660);
    const std::string calendar = ctx.option_enum("calendar", "month", {"month", "445"});
    const Grouping g = ctx.grouping("customer");
    const std::size_t n = g.size();
    const std::int32_t A = ctx.A;
    const auto D0 = static_cast<std::int32_t>(A - P);

    std::vector<Period> periods;
    if (method == "countback") periods = countback_periods(ctx.as_of, calendar == "445", L.company().fiscal_year_end_month);
    if (method == "average") ctx.note_past_date();
    const bool average = method == "average";

    // Per-worker accumulators over contiguous item ranges, merged in worker order.
    struct Acc {
        std::vector<std::int64_t> ar, notdue, sales, ar0, psales;
    };
    const unsigned workers = parallel_workers(I.size());
    std::vector<Acc> parts(workers);
    parallel_ranges(I.size(), [&](unsigned w, std::size_t begin, std::size_t end) {
        Acc a{std::vector<std::int64_t>(n, 0), std::vector<std::int64_t>(n, 0), std::vector<std::int64_t>(n, 0),
              std::vector<std::int64_t>(average ? n : 0, 0),
              std::vector<std::int64_t>(periods.empty() ? 0 : n * kMaxPeriods, 0)};
        const auto convA = ctx.converter.at(A);
        const auto convD0 = ctx.converter.at(D0);
        const std::int32_t periods_first = periods.empty() ? INT32_MAX : periods.back().first;
        for (auto i = static_cast<std::uint32_t>(begin); i < end; ++i) {
            if (!ctx.item_live(i, A)) continue;
            const std::uint32_t grp = g.group_of_customer[I.customer[i]];
            const Currency cur = I.currency[i];
            const std::int64_t bal = L.balance_at(i, A);
            if (bal != 0) {
                const std::int64_t c = convA(bal, cur);
                a.ar[grp] = checked_add(a.ar[grp], c);
                if (I.due_date[i] >= A) a.notdue[grp] = checked_add(a.notdue[grp], c);
            }
            const std::int32_t issue = I.issue_date[i];
            if (is_sale(I.type[i])) {
                const bool in_window = issue > D0;
                const bool in_periods = issue >= periods_first;
                if (in_window || in_periods) {
                    const std::int64_t v = ctx.conv(I.amount[i], cur, issue);
                    if (in_window) a.sales[grp] = checked_add(a.sales[grp], v);
                    if (in_periods) {
                        // periods are descending: find the first whose first day ≤ issue.
                        const auto it = std::partition_point(periods.begin(), periods.end(),
                                                             [&](const Period& p) { return p.first > issue; });
                        const std::size_t k = static_cast<std::size_t>(it - periods.begin());
                        std::int64_t& cell = a.psales[grp * kMaxPeriods + k];
                        cell = checked_add(cell, v);
                    }
                }
            }
            if (average && issue <= D0) {
                const std::int64_t b0 = L.balance_at(i, D0);
                if (b0 != 0) a.ar0[grp] = checked_add(a.ar0[grp], convD0(b0, cur));
            }
        }
        parts[w] = std::move(a);
    });
    Acc total = std::move(parts[0]);
    auto merge = [](std::vector<std::int64_t>& into, const std::vector<std::int64_t>& from) {
        for (std::size_t k = 0; k < into.size(); ++k) into[k] = checked_add(into[k], from[k]);
    };
    for (unsigned w = 1; w < workers; ++w) {
        merge(total.ar, parts[w].ar);
        merge(total.notdue, parts[w].notdue);
        merge(total.sales, parts[w].sales);
        merge(total.ar0, parts[w].ar0);
        merge(total.psales, parts[w].psales);
    }
    const auto& ar = total.ar;
    const auto& notdue = total.notdue;
    const auto& sales = total.sales;
    const auto& ar0 = total.ar0;
    const auto& psales = total.psales;

    Table t = ctx.make_table();
    const auto keys = ctx.add_key_columns(t, g);
    const std::size_t c_dso = t.add_column("dso", CellType::decimal, 1);
    const std::size_t c_bp = t.add_column("bpdso", CellType::decimal, 1);
    const std::size_t c_add = t.add_column("add", CellType::decimal, 1);
    const std::size_t c_note = t.add_column("note", CellType::text);
    std::vector<std::pair<int, std::int64_t>> walk(periods.size());
    for (std::size_t grp = 0; grp < n; ++grp) {
        ctx.push_key(t, keys, g, grp);
        std::vector<std::string> notes;
        const Int256 S = sales[grp];
        const bool s_ok = S > 0;
        if (method == "countback") {
            for (std::size_t k = 0; k < periods.size(); ++k)
                walk[k] = {periods[k].last - periods[k].first + 1, psales[grp * kMaxPeriods + k]};
            const CountbackResult r = countback(ar[grp], walk);
            t.push_decimal(c_dso, ratio_units(r.num, r.den));
            if (r.capped) notes.emplace_back("capped");
        } else if (!s_ok) {
            t.push_null(c_dso);
        } else if (method == "standard") {
            t.push_decimal(c_dso, ratio_units(Int256(ar[grp]) * P, S));
        } else {
            t.push_decimal(c_dso, ratio_units((Int256(ar0[grp]) + ar[grp]) * P, S * 2));
        }
        if (s_ok) {
            t.push_decimal(c_bp, ratio_units(Int256(notdue[grp]) * P, S));
            t.push_decimal(c_add, ratio_units((Int256(ar[grp]) - notdue[grp]) * P, S));
        } else {
            t.push_null(c_bp);
            t.push_null(c_add);
            notes.emplace_back("no_sales");
        }
        std::string note;
        for (const auto& s : notes) note += (note.empty() ? "" : "; ") + s;
        t.push_text(c_note, note);
    }
    return t;
}

DSOCORE_END_NAMESPACE
