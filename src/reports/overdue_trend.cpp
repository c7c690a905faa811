// overdue_trend — AR and its overdue part at the last N−1 month ends and at A (reports.md).
#include "dsocore/reports/overdue_trend.hpp"

#include "dsocore/core/error.hpp"

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
    const AllocationTable& AL = L.allocations();
    if (!ctx.request.by.empty())
        throw Error(Errc::invalid_argument, "report overdue_trend has no --by: it has one row per date");
    const int N = static_cast<int>(ctx.option_int("points", 12, 1, 600));
    const std::vector<Date> dates = overdue_trend_points(ctx.as_of, N);
    const std::size_t np = dates.size();
    if (np > 1) ctx.note_past_date();

    std::vector<std::int64_t> outstanding(np, 0), overdue(np, 0);
    std::vector<Converter::AtDay> conv;
    conv.reserve(np);
    for (const Date d : dates) conv.push_back(ctx.converter.at(d.days()));
    const bool with_alloc = L.has_allocations();
    for (std::uint32_t i = 0; i < I.size(); ++i) {
        if (!ctx.item_mask[i]) continue;
        const std::int32_t issue = I.issue_date[i];
        if (issue > ctx.A) continue;
        // One walk over the item's allocations (ascending by date) for all points.
        std::int64_t bal = with_alloc ? I.amount[i] : I.open_amount[i];
        std::uint32_t k = with_alloc ? AL.offset[i] : 0;
        const std::uint32_t e = with_alloc ? AL.offset[i + 1] : 0;
        for (std::size_t p = 0; p < np; ++p) {
            const std::int32_t D = dates[p].days();
            for (; k < e && AL.by_item_date[k] <= D; ++k) bal = checked_sub(bal, AL.by_item_amount[k]);
            if (issue > D || bal == 0) continue; // not issued yet at D: does not exist
            const std::int64_t c = conv[p](bal, I.currency[i]);
            outstanding[p] = checked_add(outstanding[p], c);
            if (I.due_date[i] < D) overdue[p] = checked_add(overdue[p], c);
        }
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
