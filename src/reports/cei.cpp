// cei — collection effectiveness index (reports.md).
//
// CEI = (AR_D0 + S' − AR_A) / (AR_D0 + S' − current_A) × 100 with D0 = A − P. For
// --cei-sales monthly S' = S / n; both sides are multiplied by n so that the ratio
// stays exact: (n·AR_D0 + S − n·AR_A) / (n·AR_D0 + S − n·current_A) × 100.
#include "dsocore/reports/cei.hpp"

#include "dsocore/core/error.hpp"
#include "dsocore/reports/parallel.hpp"
#include "dsocore/reports/scan.hpp"

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

    // One pass over the item columns, split across workers, each with its own four cells
    // a group (AR at D0, AR at A, current at A, sales in (D0, A]), merged in worker order
    // (exact integer sums: the same result as one pass). The aging's scan (aging.cpp).
    enum : std::size_t { kAr0, kAr, kCurrent, kSales, kCells };
    const unsigned workers = parallel_workers(I.size());
    std::vector<GroupAccumulators> parts(workers);
    const BalanceColumns balance(L);
    const std::int32_t* const issue_date = I.issue_date.data();
    const std::int32_t* const due = I.due_date.data();
    const std::int64_t* const amount = I.amount.data();
    const ItemType* const type = I.type.data();
    const std::uint8_t* const currency_code = I.currency.index().data();
    const Currency* const currency_table = I.currency.table().data();
    const std::uint32_t* const customer = I.customer.data();
    const std::uint8_t* const mask = ctx.item_mask.data();
    const bool per_customer = accumulate_per_customer(n, L.customers().size());
    const std::size_t slots = per_customer ? L.customers().size() : n;
    const std::uint32_t* const group_of = per_customer ? nullptr : g.group_of_customer.data();
    parallel_ranges(I.size(), [&](unsigned w, std::size_t begin, std::size_t end) {
        GroupAccumulators acc(slots, kCells);
        // Conversions at D0 (AR), at A (AR, current) and on each issue day in (D0, A] (sales).
        ScanConverter conv(ctx.converter, D0, A);
        for (auto i = static_cast<std::uint32_t>(begin); i < end; ++i) {
            const std::int32_t issue = issue_date[i];
            if (issue > A || mask[i] == 0) continue;
            std::int64_t* const cell = acc.group(group_of ? group_of[customer[i]] : customer[i]);
            const Currency cur = currency_table[currency_code[i]];
            if (const std::int64_t bal = balance.at(i, A); bal != 0) {
                const std::int64_t c = conv(bal, cur, A);
                cell[kAr] = checked_add(cell[kAr], c);
                // Not due at A: dpd ≤ 0 (the aging's not_due).
                if (due[i] >= A) cell[kCurrent] = checked_add(cell[kCurrent], c);
            }
            if (issue <= D0) {
                if (const std::int64_t b0 = balance.at(i, D0); b0 != 0)
                    cell[kAr0] = checked_add(cell[kAr0], conv(b0, cur, D0));
            } else if (is_sale(type[i])) {
                cell[kSales] = checked_add(cell[kSales], conv(amount[i], cur, issue));
            }
        }
        parts[w] = std::move(acc);
    });
    GroupAccumulators acc = std::move(parts[0]);
    for (unsigned w = 1; w < workers; ++w) acc.merge(parts[w]);
    // One customer per group (--by customer): its row's cells are the group's, read in
    // place; otherwise the customer rows are folded into their groups.
    const bool in_place = per_customer && g.one_customer_per_group();
    if (per_customer && !in_place) acc = acc.fold(g.group_of_customer, n);

    Table t = ctx.make_table();
    const auto keys = ctx.add_key_columns(t, g);
    const std::size_t c_cei = t.add_column("cei", CellType::decimal, 1);
    const Int256 months = monthly ? cei_months(P) : 1;
    t.reserve(n);
    for (std::size_t grp = 0; grp < n; ++grp) {
        const std::int64_t* const cell = acc.group(in_place ? g.first_row[grp] : grp);
        ctx.push_key(t, keys, g, grp);
        const Int256 base = months * cell[kAr0] + cell[kSales];
        const Int256 num = base - months * cell[kAr];
        const Int256 den = base - months * cell[kCurrent];
        if (den <= 0) t.push_null(c_cei);
        else t.push_decimal(c_cei, ratio_units(num * 100, den, 1));
    }
    return t;
}

DSOCORE_END_NAMESPACE
