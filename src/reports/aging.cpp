// aging — balance by days past due (reports.md).
#include "dsocore/reports/aging.hpp"

#include <algorithm>

#include "dsocore/core/error.hpp"
#include "dsocore/reports/parallel.hpp"
#include "dsocore/reports/scan.hpp"

DSOCORE_BEGIN_NAMESPACE

std::vector<int> parse_buckets(std::string_view text) {
    std::vector<int> b;
    std::size_t p = 0;
    bool ok = !text.empty();
    while (ok && p <= text.size()) {
        const std::size_t e = std::min(text.find(',', p), text.size());
        std::int64_t v = 0;
        const std::string_view part = text.substr(p, e - p);
        if (part.empty() || part.find('.') != std::string_view::npos || parse_fixed(part, 0, v) != FixedParse::ok ||
            v <= 0 || v > 100000 || (!b.empty() && v <= b.back()))
            ok = false;
        else
            b.push_back(static_cast<int>(v));
        p = e + 1;
    }
    if (!ok)
        throw Error(Errc::invalid_argument,
                    "--buckets '" + std::string(text) + "': expected ascending positive day counts such as 30,60,90");
    return b;
}

std::vector<std::string> aging_bucket_names(const std::vector<int>& bounds) {
    std::vector<std::string> names;
    int lo = 1;
    for (int b : bounds) {
        names.push_back(std::to_string(lo) + "-" + std::to_string(b));
        lo = b + 1;
    }
    names.push_back(std::to_string(lo) + "+");
    return names;
}

Table aging_report(ReportContext& ctx) {
    const Ledger& L = ctx.ledger;
    const ItemTable& I = L.items();
    std::string def;
    for (int b : L.company().aging_buckets) def += (def.empty() ? "" : ",") + std::to_string(b);
    const std::vector<int> bounds = parse_buckets(ctx.option("buckets", def));
    const Grouping g = ctx.grouping("customer");
    const std::size_t nb = bounds.size() + 2; // not_due, buckets…, last
    // One pass over the item columns, split across workers; each has its own
    // accumulators (nb buckets + the item count per group, one cache line), merged in
    // worker order (exact integer sums: the same result as one pass).
    const std::size_t cells = nb + 1;
    const std::int32_t A = ctx.A;
    // Zones where every row is issued after A or has bal_A = 0 are not read (scan.hpp).
    const ZoneScan zones(L, [A](const ItemZones& z, std::size_t k) {
        return z.min_issue[k] <= A && !z.balance_zero_at(k, A);
    });
    const unsigned workers = zones.workers();
    std::vector<GroupAccumulators> parts(workers);
    const BalanceColumns balance(L);
    const std::int32_t* const issue = I.issue_date.data();
    const std::int32_t* const due = I.due_date.data();
    // The item currency is a one-byte index into a small table (ledger/column.hpp).
    const std::uint8_t* const currency_code = I.currency.index().data();
    const Currency* const currency_table = I.currency.table().data();
    const auto currency = [currency_code, currency_table](std::size_t row) { return currency_table[currency_code[row]]; };
    const std::uint32_t* const customer = I.customer.data();
    const std::uint8_t* const mask = ctx.item_mask.data();
    // Accumulate per customer row (folded into groups after the scan) or per group.
    const bool per_customer = accumulate_per_customer(g.size(), L.customers().size());
    const std::size_t slots = per_customer ? L.customers().size() : g.size();
    const std::uint32_t* const group_of = per_customer ? nullptr : g.group_of_customer.data();
    const int* const bound = bounds.data();
    const std::size_t nbounds = bounds.size();
    // The column pointers are copied into the worker (registers, not reloads through the closure).
    zones.run([&, issue, due, currency, customer, mask, group_of, bound, nbounds, A](unsigned w, const std::vector<RowRun>& runs) {
        GroupAccumulators acc(slots, cells);
        ScanConverter conv(ctx.converter, A, A);
        struct Update {
            std::uint32_t grp, bucket;
            std::int64_t value;
        };
        Update queue[kScanBlock];
        for (const auto [begin, end] : runs) {
            for (std::size_t block = begin; block < end; block += kScanBlock) {
                // Phase 1: stream the columns of the block, queue the updates, prefetch their cells.
                const auto block_end = static_cast<std::uint32_t>(std::min<std::size_t>(end, block + kScanBlock));
                std::size_t queued = 0;
                for (auto i = static_cast<std::uint32_t>(block); i < block_end; ++i) {
                    if (issue[i] > A || mask[i] == 0) continue;
                    const std::int64_t bal = balance.at(i, A);
                    if (bal == 0) continue;
                    // bucket: 0 not due (dpd ≤ 0), then one more for every bound dpd exceeds.
                    const int dpd = A - due[i];
                    std::uint32_t b = dpd > 0 ? 1 : 0;
                    for (std::size_t k = 0; k < nbounds; ++k) b += static_cast<std::uint32_t>(dpd > bound[k]);
                    const std::uint32_t grp = group_of ? group_of[customer[i]] : customer[i];
                    __builtin_prefetch(acc.group(grp), 1);
                    queue[queued++] = {grp, b, conv(bal, currency(i), A)};
                }
                // Phase 2: apply them.
                for (std::size_t q = 0; q < queued; ++q) {
                    std::int64_t* const cell = acc.group(queue[q].grp);
                    cell[queue[q].bucket] = checked_add(cell[queue[q].bucket], queue[q].value);
                    ++cell[nb];
                }
            }
        }
        parts[w] = std::move(acc);
    });
    GroupAccumulators acc = std::move(parts[0]);
    for (unsigned w = 1; w < workers; ++w) acc.merge(parts[w]);
    // One customer per group (--by customer): its row's cells are the group's, read in
    // place; otherwise the customer rows are folded into their groups.
    const bool in_place = per_customer && g.one_customer_per_group();
    if (per_customer && !in_place) acc = acc.fold(g.group_of_customer, g.size());
    Table t = ctx.make_table();
    const auto keys = ctx.add_key_columns(t, g);
    const int scale = ctx.base.minor_units();
    std::vector<std::size_t> cols;
    cols.push_back(t.add_column("not_due", CellType::decimal, scale));
    for (const auto& n : aging_bucket_names(bounds)) cols.push_back(t.add_column(n, CellType::decimal, scale));
    const std::size_t total = t.add_column("total", CellType::decimal, scale);
    const std::size_t overdue = t.add_column("overdue", CellType::decimal, scale);
    t.reserve(g.size());
    for (std::size_t grp = 0; grp < g.size(); ++grp) {
        const std::int64_t* const cell = acc.group(in_place ? g.first_row[grp] : grp);
        if (cell[nb] == 0) continue; // no item with a balance
        ctx.push_key(t, keys, g, grp);
        std::int64_t sum = 0;
        for (std::size_t b = 0; b < nb; ++b) {
            t.push_decimal(cols[b], cell[b]);
            sum = checked_add(sum, cell[b]);
        }
        t.push_decimal(total, sum);
        t.push_decimal(overdue, checked_sub(sum, cell[0]));
    }
    return t;
}

DSOCORE_END_NAMESPACE
