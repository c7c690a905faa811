// disputes — counts, amounts and ages of disputes per type (reports.md).
#include "dsocore/reports/disputes.hpp"

#include <algorithm>

#include "dsocore/core/error.hpp"

DSOCORE_BEGIN_NAMESPACE

Table disputes_report(ReportContext& ctx) {
    const Ledger& L = ctx.ledger;
    const DisputeTable& D = L.disputes();
    const Window window = ctx.option_window("window", "12m");
    const std::int32_t A = ctx.A;
    const std::int32_t W0 = window.start(ctx.as_of).days();

    struct Row {
        StrId type = 0;
        std::int64_t open_count = 0, open_amount = 0, open_age = 0, closed_count = 0, resolution = 0;
    };
    std::vector<Row> rows;
    // (row, item) of the items of open disputes: an item in two open disputes of one
    // type counts once in that type.
    std::vector<std::pair<std::uint32_t, std::uint32_t>> open_items;
    const auto convA = ctx.converter.at(A);
    for (std::size_t d = 0; d < D.size(); ++d) {
        const std::int32_t opened = D.opened_date[d], closed = D.closed_date[d];
        if (opened > A || !ctx.customer_selected(D.customer[d])) continue;
        // With an item filter, a dispute that lists items needs one of them selected.
        if (!D.items[d].empty() &&
            std::none_of(D.items[d].begin(), D.items[d].end(), [&](std::uint32_t i) { return ctx.item_selected(i); }))
            continue;
        const bool open = closed == kNoDate || closed > A;
        const bool closed_in_window = !open && closed > W0;
        if (!open && !closed_in_window) continue;
        std::size_t r = 0;
        while (r < rows.size() && rows[r].type != D.type[d]) ++r;
        if (r == rows.size()) rows.push_back({D.type[d]});
        Row& row = rows[r];
        if (open) {
            ++row.open_count;
            row.open_age = checked_add(row.open_age, A - opened);
            for (std::uint32_t i : D.items[d])
                if (ctx.item_live(i, A)) open_items.emplace_back(static_cast<std::uint32_t>(r), i);
        } else {
            ++row.closed_count;
            row.resolution = checked_add(row.resolution, closed - opened);
        }
    }
    std::sort(open_items.begin(), open_items.end());
    open_items.erase(std::unique(open_items.begin(), open_items.end()), open_items.end());
    for (const auto& [r, i] : open_items) {
        const std::int64_t bal = L.balance_at(i, A);
        if (bal != 0) rows[r].open_amount = checked_add(rows[r].open_amount, convA(bal, L.items().currency[i]));
    }
    std::vector<std::size_t> order(rows.size());
    for (std::size_t k = 0; k < order.size(); ++k) order[k] = k;
    std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return L.str(rows[a].type) < L.str(rows[b].type); });

    Table t = ctx.make_table();
    const std::size_t c_type = t.add_column("type", CellType::text);
    const std::size_t c_oc = t.add_column("open_count", CellType::integer);
    const std::size_t c_oa = t.add_column("open_amount", CellType::decimal, ctx.base.minor_units());
    const std::size_t c_age = t.add_column("avg_open_age_days", CellType::decimal, 1);
    const std::size_t c_cc = t.add_column("closed_count", CellType::integer);
    const std::size_t c_res = t.add_column("avg_resolution_days", CellType::decimal, 1);
    for (std::size_t k : order) {
        const Row& r = rows[k];
        t.push_text(c_type, L.str(r.type));
        t.push_int(c_oc, r.open_count);
        t.push_decimal(c_oa, r.open_amount);
        if (r.open_count > 0) t.push_decimal(c_age, ratio_units(r.open_age, r.open_count, 1));
        else t.push_null(c_age);
        t.push_int(c_cc, r.closed_count);
        if (r.closed_count > 0) t.push_decimal(c_res, ratio_units(r.resolution, r.closed_count, 1));
        else t.push_null(c_res);
    }
    return t;
}

DSOCORE_END_NAMESPACE
