// aging — balance by days past due (reports.md).
#include "dsocore/reports/aging.hpp"

#include "dsocore/core/error.hpp"
#include "dsocore/reports/parallel.hpp"

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
    // One pass over the items, split across workers; each has its own accumulators,
    // merged in worker order (exact integer sums: same result as one pass).
    const unsigned workers = parallel_workers(I.size());
    std::vector<std::vector<std::int64_t>> part_acc(workers);
    std::vector<std::vector<std::uint32_t>> part_count(workers);
    parallel_ranges(I.size(), [&](unsigned w, std::size_t begin, std::size_t end) {
        std::vector<std::int64_t> acc(g.size() * nb, 0);
        std::vector<std::uint32_t> count(g.size(), 0);
        const auto conv = ctx.converter.at(ctx.A);
        for (auto i = static_cast<std::uint32_t>(begin); i < end; ++i) {
            if (!ctx.item_live(i, ctx.A)) continue;
            const std::int64_t bal = L.balance_at(i, ctx.A);
            if (bal == 0) continue;
            const std::uint32_t grp = g.group_of_customer[I.customer[i]];
            const int dpd = ctx.A - I.due_date[i];
            std::size_t b = 0;
            if (dpd > 0) {
                b = 1;
                while (b <= bounds.size() && dpd > bounds[b - 1]) ++b;
            }
            std::int64_t& cell = acc[grp * nb + b];
            cell = checked_add(cell, conv(bal, I.currency[i]));
            ++count[grp];
        }
        part_acc[w] = std::move(acc);
        part_count[w] = std::move(count);
    });
    std::vector<std::int64_t> acc = std::move(part_acc[0]);
    std::vector<std::uint32_t> count = std::move(part_count[0]);
    for (unsigned w = 1; w < workers; ++w) {
        for (std::size_t k = 0; k < acc.size(); ++k) acc[k] = checked_add(acc[k], part_acc[w][k]);
        for (std::size_t k = 0; k < count.size(); ++k) count[k] += part_count[w][k];
    }
    Table t = ctx.make_table();
    const auto keys = ctx.add_key_columns(t, g);
    const int scale = ctx.base.minor_units();
    std::vector<std::size_t> cols;
    cols.push_back(t.add_column("not_due", CellType::decimal, scale));
    for (const auto& n : aging_bucket_names(bounds)) cols.push_back(t.add_column(n, CellType::decimal, scale));
    const std::size_t total = t.add_column("total", CellType::decimal, scale);
    const std::size_t overdue = t.add_column("overdue", CellType::decimal, scale);
    for (std::size_t grp = 0; grp < g.size(); ++grp) {
        if (count[grp] == 0) continue;
        ctx.push_key(t, keys, g, grp);
        std::int64_t sum = 0;
        for (std::size_t b = 0; b < nb; ++b) {
            t.push_decimal(cols[b], acc[grp * nb + b]);
            sum = checked_add(sum, acc[grp * nb + b]);
        }
        t.push_decimal(total, sum);
        t.push_decimal(overdue, checked_sub(sum, acc[grp * nb]));
    }
    return t;
}

DSOCORE_END_NAMESPACE
