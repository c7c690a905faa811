// cei — collection effectiveness index (reports.md).
//
// CEI = (AR_D0 + S' − AR_A) / (AR_D0 + S' − current_A) × 100 with D0 = A − P. For
// --cei-sales monthly S' = S / n; both sides are multiplied by n so that the ratio
// stays exact: (n·AR_D0 + S − n·AR_A) / (n·AR_D0 + S − n·current_A) × 100.
#include "dsocore/reports/cei.hpp"

#include "dsocore/core/error.hpp"

DSOCORE_BEGIN_NAMESPACE

namespace {
bool is_sale(ItemType t) noexcept {
    return t == ItemType::invoice || t == ItemType::debit_note || t == ItemType::credit_note;
}
} // namespace

std::int64_t cei_months(std::int64_t days) {
    const std::int64_t n = round_div<std::int64_t>(days * 4800, 146097, Rounding::half_even);
    return n < 1 ? 1 : n;
}

Table cei_report(ReportContext& ctx) {
    const Ledger& L = ctx.ledger;
    const ItemTable& I = L.items();
    const std::int64_t P = ctx.option_int("period", 90, 1, 3660);
    const bool monthly = ctx.option_enum("cei-sales", "total", {"total", "monthly"}) == "monthly";
    const Grouping g = ctx.grouping("customer");
    const std::size_t n = g.size();
    const std::int32_t A = ctx.A;
    const auto D0 = static_cast<std::int32_t>(A - P);
    ctx.note_past_date();

    std::vector<std::int64_t> ar0(n, 0), ar(n, 0), current(n, 0), sales(n, 0);
    const auto convA = ctx.converter.at(A);
    const auto convD0 = ctx.converter.at(D0);
    for (std::uint32_t i = 0; i < I.size(); ++i) {
        if (!ctx.item_live(i, A)) continue;
        const std::uint32_t grp = g.group_of_customer[I.customer[i]];
        const Currency cur = I.currency[i];
        const std::int32_t issue = I.issue_date[i];
        if (const std::int64_t bal = L.balance_at(i, A); bal != 0) {
            const std::int64_t c = convA(bal, cur);
            ar[grp] = checked_add(ar[grp], c);
            // Not due at A: dpd ≤ 0 (the aging's not_due).
            if (I.due_date[i] >= A) current[grp] = checked_add(current[grp], c);
        }
        if (issue <= D0) {
            if (const std::int64_t b0 = L.balance_at(i, D0); b0 != 0)
                ar0[grp] = checked_add(ar0[grp], convD0(b0, cur));
        } else if (is_sale(I.type[i])) {
            sales[grp] = checked_add(sales[grp], ctx.conv(I.amount[i], cur, issue));
        }
    }

    Table t = ctx.make_table();
    const auto keys = ctx.add_key_columns(t, g);
    const std::size_t c_cei = t.add_column("cei", CellType::decimal, 1);
    const Int256 months = monthly ? cei_months(P) : 1;
    for (std::size_t grp = 0; grp < n; ++grp) {
        ctx.push_key(t, keys, g, grp);
        const Int256 base = months * ar0[grp] + sales[grp];
        const Int256 num = base - months * ar[grp];
        const Int256 den = base - months * current[grp];
        if (den <= 0) t.push_null(c_cei);
        else t.push_decimal(c_cei, ratio_units(num * 100, den, 1));
    }
    return t;
}

DSOCORE_END_NAMESPACE
