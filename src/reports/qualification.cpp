// qualification — overdue items by status, and how many carry a status and a comment.
#include "dsocore/reports/qualification.hpp"

#include <algorithm>
#include <map>

#include "dsocore/core/error.hpp"

DSOCORE_BEGIN_NAMESPACE

namespace {
struct Sums {
    std::int64_t items = 0, amount = 0, qualified_items = 0, qualified_amount = 0;
    void add(std::int64_t a, bool qualified) {
        ++items;
        amount = checked_add(amount, a);
        if (qualified) {
            ++qualified_items;
            qualified_amount = checked_add(qualified_amount, a);
        }
    }
};
} // namespace

Table qualification_report(ReportContext& ctx) {
    const Ledger& L = ctx.ledger;
    const ItemTable& I = L.items();
    if (!ctx.request.by.empty())
        throw Error(Errc::invalid_argument, "report qualification has no --by: it has one row per status");
    const std::int32_t A = ctx.A;
    // (category, subtype) as interned ids; sorted by text at the end.
    std::map<std::pair<StatusCategory, StrId>, Sums> rows;
    Sums total;
    const auto conv = ctx.converter.at(A);
    for (std::uint32_t i = 0; i < I.size(); ++i) {
        if (!ctx.item_live(i, A)) continue;
        if (I.type[i] != ItemType::invoice && I.type[i] != ItemType::debit_note) continue;
        if (A - I.due_date[i] <= 0) continue;
        const std::int64_t bal = L.balance_at(i, A);
        if (bal <= 0) continue;
        const std::int64_t a = conv(bal, I.currency[i]);
        const bool has_status = I.status_category[i] != StatusCategory::none;
        const bool qualified = has_status && !L.str(I.comment[i]).empty();
        rows[{I.status_category[i], I.status_subtype[i]}].add(a, qualified);
        total.add(a, qualified);
    }
    struct Row {
        std::string_view category, subtype;
        const Sums* sums;
    };
    std::vector<Row> out;
    out.reserve(rows.size());
    for (const auto& [k, s] : rows)
        out.push_back({k.first == StatusCategory::none ? std::string_view() : std::string_view(to_string(k.first)),
                       L.str(k.second), &s});
    std::sort(out.begin(), out.end(), [](const Row& a, const Row& b) {
        return std::pair(a.category, a.subtype) < std::pair(b.category, b.subtype);
    });

    Table t = ctx.make_table();
    const int scale = ctx.base.minor_units();
    const std::size_t c_cat = t.add_column("category", CellType::text);
    const std::size_t c_sub = t.add_column("subtype", CellType::text);
    const std::size_t c_items = t.add_column("items", CellType::integer);
    const std::size_t c_amount = t.add_column("amount", CellType::decimal, scale);
    const std::size_t c_qitems = t.add_column("qualified_items", CellType::integer);
    const std::size_t c_qamount = t.add_column("qualified_amount", CellType::decimal, scale);
    const std::size_t c_pct = t.add_column("qualification_pct", CellType::decimal, 1);
    auto push = [&](std::string_view cat, std::string_view sub, const Sums& s) {
        t.push_text(c_cat, cat);
        t.push_text(c_sub, sub);
        t.push_int(c_items, s.items);
        t.push_decimal(c_amount, s.amount);
        t.push_int(c_qitems, s.qualified_items);
        t.push_decimal(c_qamount, s.qualified_amount);
        if (s.amount <= 0) t.push_null(c_pct);
        else t.push_decimal(c_pct, ratio_units(Int256(s.qualified_amount) * 100, s.amount, 1));
    };
    for (const Row& r : out) push(r.category, r.subtype, *r.sums);
    push("TOTAL", "", total);
    return t;
}

DSOCORE_END_NAMESPACE
