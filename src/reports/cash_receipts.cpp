// cash_receipts — what came in, month by month, on time or late (reports.md).
#include "dsocore/reports/cash_receipts.hpp"

#include <cstdio>
#include <map>

#include "dsocore/core/error.hpp"

DSOCORE_BEGIN_NAMESPACE

namespace {
struct MonthSums {
    std::int64_t amount = 0, on_time = 0, late = 0, after_action = 0;
    i128 weighted_late = 0; ///< Σ w × (date − due_date)
};

i128 checked_add128(i128 a, i128 b) {
    i128 r;
    if (__builtin_add_overflow(a, b, &r)) throw Error(Errc::overflow, "weighted days late overflow 128 bits");
    return r;
}
} // namespace

Table cash_receipts_report(ReportContext& ctx) {
    const Ledger& L = ctx.ledger;
    const ItemTable& I = L.items();
    const AllocationTable& AL = L.allocations();
    const ActionTable& AC = L.actions();
    if (!ctx.request.by.empty())
        throw Error(Errc::invalid_argument, "report cash_receipts has no --by: it has one row per month");
    const Window W = ctx.option_window("window", "12m");
    const std::int32_t A = ctx.A;
    const std::int32_t from = W.start(ctx.as_of).days(); // exclusive

    // First action date of each item (actions list their items by row).
    std::vector<std::int32_t> first_action(I.size(), INT32_MAX);
    for (std::size_t a = 0; a < AC.size(); ++a)
        for (const std::uint32_t it : AC.items[a])
            if (AC.date[a] < first_action[it]) first_action[it] = AC.date[a];

    // Month index (year × 12 + month − 1) → sums; a handful of months, ordered.
    std::map<int, MonthSums> months;
    if (!L.has_allocations())
        ctx.warnings.push_back("no allocations.csv: receipts cannot be known, the report is empty");
    else {
        for (std::uint32_t i = 0; i < I.size(); ++i) {
            if (!ctx.item_live(i, A)) continue;
            if (I.type[i] != ItemType::invoice && I.type[i] != ItemType::debit_note) continue;
            const std::int32_t due = I.due_date[i];
            for (std::uint32_t k = AL.offset[i]; k < AL.offset[i + 1]; ++k) {
                const std::int32_t d = AL.by_item_date[k];
                if (d <= from) continue;
                if (d > A) break; // ascending by date
                const std::int64_t w = ctx.conv(AL.by_item_amount[k], I.currency[i], d);
                const YearMonthDay ymd = Date::from_days(d).ymd();
                MonthSums& m = months[ymd.year * 12 + ymd.month - 1];
                m.amount = checked_add(m.amount, w);
                if (d <= due) m.on_time = checked_add(m.on_time, w);
                else m.late = checked_add(m.late, w);
                if (first_action[i] < d) m.after_action = checked_add(m.after_action, w);
                m.weighted_late = checked_add128(m.weighted_late, static_cast<i128>(w) * (d - due));
            }
        }
    }

    Table t = ctx.make_table();
    const int scale = ctx.base.minor_units();
    const std::size_t c_month = t.add_column("month", CellType::text);
    const std::size_t c_amount = t.add_column("amount", CellType::decimal, scale);
    const std::size_t c_on = t.add_column("on_time", CellType::decimal, scale);
    const std::size_t c_late = t.add_column("late", CellType::decimal, scale);
    const std::size_t c_avg = t.add_column("avg_days_late", CellType::decimal, 1);
    const std::size_t c_after = t.add_column("after_action", CellType::decimal, scale);
    for (const auto& [key, m] : months) {
        char buf[16];
        std::snprintf(buf, sizeof buf, "%04d-%02d", key / 12, key % 12 + 1);
        t.push_text(c_month, buf);
        t.push_decimal(c_amount, m.amount);
        t.push_decimal(c_on, m.on_time);
        t.push_decimal(c_late, m.late);
        if (m.amount <= 0) t.push_null(c_avg);
        else t.push_decimal(c_avg, ratio_units(Int256(m.weighted_late), Int256(m.amount), 1));
        t.push_decimal(c_after, m.after_action);
    }
    return t;
}

DSOCORE_END_NAMESPACE
