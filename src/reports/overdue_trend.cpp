// overdue_trend — AR and its overdue part at the last N−1 month ends and at A (reports.md).
#include "dsocore/reports/overdue_trend.hpp"

#include "dsocore/core/error.hpp"
#include "dsocore/reports/parallel.hpp"
#include "dsocore/reports/scan.hpp"

DSOCORE_BEGIN_NAMESPACE

std::vector<Date> overdue_trend_points(Date as_of, int points) {
    std::vector<Date> p(static_cast<std::size_t>(points));
    p.back() = as_of;
    Date end = as_of.first_of_month() - 1; // last day of the month before A's
    for (int k = points - 2; k >= 0; --k) {
        p[static_cast<std::size_t>(k)] = end;
        end = end.first_of_month() - 1;
    }
    return p;
}

Table overdue_trend_report(ReportContext& ctx) {
    const Ledger& L = ctx.ledger;
    const ItemTable& I = L.items();
    if (!ctx.request.by.empty())
        throw Error(Errc::invalid_argument, "report overdue_trend has no --by: it has one row per date");
    const int N = static_cast<int>(ctx.option_int("points", 12, 1, 600));
    const std::vector<Date> dates = overdue_trend_points(ctx.as_of, N);
    const std::size_t np = dates.size();
    if (np > 1) ctx.note_past_date();

    // One pass over the items, split across workers; each sums into its own cells
    // (outstanding and overdue at each point), merged in worker order (exact integer
    // sums: the same result as one pass).
    std::vector<std::int32_t> day(np);
    for (std::size_t p = 0; p < np; ++p) day[p] = dates[p].days();
    const unsigned workers = parallel_workers(I.size());
    std::vector<std::vector<std::int64_t>> parts(workers);
    const BalanceColumns balance(L);
    const bool with_alloc = balance.has_allocations();
    const std::int32_t* const issue_date = I.issue_date.data();
    const std::int32_t* const due = I.due_date.data();
    const std::int64_t* const amount = I.amount.data();
    const std::int64_t* const open = I.open_amount.data();
    const std::uint8_t* const currency_code = I.currency.index().data();
    const Currency* const currency_table = I.currency.table().data();
    const std::uint8_t* const mask = ctx.item_mask.data();
    parallel_ranges(I.size(), [&](unsigned w, std::size_t begin, std::size_t end) {
        std::vector<std::int64_t> cells(2 * np, 0); // outstanding[p], overdue[p]
        ScanConverter conv(ctx.converter, day.front(), day.back());
        for (auto i = static_cast<std::uint32_t>(begin); i < end; ++i) {
            if (!mask[i]) continue;
            const std::int32_t issue = issue_date[i];
            if (issue > ctx.A) continue;
            // Settled for good by the first point (last allocation on or before it) with
            // nothing open: a zero balance at every point.
            if (open[i] == 0 && balance.settled(i) <= day.front()) continue;
            // One walk over the item's allocations (ascending by date) for all points.
            std::int64_t bal = with_alloc ? amount[i] : open[i];
            std::uint32_t k = with_alloc ? balance.first(i) : 0;
            const std::uint32_t e = with_alloc ? balance.last(i) : 0;
            const Currency cur = currency_table[currency_code[i]];
            for (std::size_t p = 0; p < np; ++p) {
                const std::int32_t D = day[p];
                for (; k < e && balance.date(k) <= D; ++k) bal = checked_sub(bal, balance.amount(k));
                if (issue > D || bal == 0) continue; // not issued yet at D: does not exist
                const std::int64_t c = conv(bal, cur, D);
                cells[p] = checked_add(cells[p], c);
                if (due[i] < D) cells[np + p] = checked_add(cells[np + p], c);
            }
        }
        parts[w] = std::move(cells);
    });
    std::vector<std::int64_t> outstanding(np, 0), overdue(np, 0);
    for (const auto& cells : parts)
        for (std::size_t p = 0; p < np; ++p) {
            outstanding[p] = checked_add(outstanding[p], cells[p]);
            overdue[p] = checked_add(overdue[p], cells[np + p]);
        }

    Table t = ctx.make_table();
    const int scale = ctx.base.minor_units();
    const std::size_t c_date = t.add_column("date", CellType::date);
    const std::size_t c_out = t.add_column("outstanding", CellType::decimal, scale);
    const std::size_t c_over = t.add_column("overdue", CellType::decimal, scale);
    const std::size_t c_pct = t.add_column("overdue_pct", CellType::decimal, 1);
    for (std::size_t p = 0; p < np; ++p) {
        t.push_date(c_date, dates[p]);
        t.push_decimal(c_out, outstanding[p]);
        t.push_decimal(c_over, overdue[p]);
        if (outstanding[p] <= 0) t.push_null(c_pct);
        else t.push_decimal(c_pct, ratio_units(Int256(overdue[p]) * 100, outstanding[p], 1));
    }
    return t;
}

DSOCORE_END_NAMESPACE
