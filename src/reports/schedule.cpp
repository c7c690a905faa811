// schedule — open receivables by due-date period (reports.md).
#include "dsocore/reports/schedule.hpp"

#include "dsocore/core/error.hpp"
#include "dsocore/reports/periods.hpp"

DSOCORE_BEGIN_NAMESPACE

Table schedule_report(ReportContext& ctx) {
    const Ledger& L = ctx.ledger;
    const ItemTable& I = L.items();
    if (!ctx.request.by.empty())
        throw Error(Errc::invalid_argument, "report schedule has no --by: it has one row per due-date period");
    const PeriodOptions po = read_period_options(ctx);
    const Periods periods(ctx.as_of, po.interval, po.horizon);
    // Rows: 0 = overdue, 1..size = periods, size+1 = later.
    const std::size_t nrows = periods.size() + 2;
    std::vector<std::int64_t> amount(nrows, 0);
    std::vector<std::int64_t> count(nrows, 0);
    const auto conv = ctx.converter.at(ctx.A);
    for (std::uint32_t i = 0; i < I.size(); ++i) {
        if (!ctx.item_live(i, ctx.A)) continue;
        const std::int64_t bal = L.balance_at(i, ctx.A);
        if (bal <= 0) continue;
        const std::int32_t due = I.due_date[i];
        std::size_t row = 0;
        if (due >= ctx.A) { // dpd ≤ 0: a period of the horizon, or later
            const std::size_t k = periods.index_of(due);
            row = k == Periods::kLater ? nrows - 1 : k + 1; // kBefore cannot happen: start[0] ≤ A ≤ due
        }
        amount[row] = checked_add(amount[row], conv(bal, I.currency[i]));
        ++count[row];
    }
    Table t = ctx.make_table();
    const std::size_t c_start = t.add_column("period_start", CellType::text);
    const std::size_t c_amount = t.add_column("amount", CellType::decimal, ctx.base.minor_units());
    const std::size_t c_items = t.add_column("items", CellType::integer);
    for (std::size_t r = 0; r < nrows; ++r) {
        if (r == 0) t.push_text(c_start, "overdue");
        else if (r == nrows - 1) t.push_text(c_start, "later");
        else t.push_text(c_start, periods.start(r - 1).to_string());
        t.push_decimal(c_amount, amount[r]);
        t.push_int(c_items, count[r]);
    }
    return t;
}

DSOCORE_END_NAMESPACE
