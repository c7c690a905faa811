// dso — days sales outstanding (reports.md): standard, countback, average; bpdso, add.
#include "dsocore/reports/dso.hpp"

#include <algorithm>

#include "dsocore/core/error.hpp"
#include "dsocore/reports/parallel.hpp"
#include "dsocore/reports/scan.hpp"

DSOCORE_BEGIN_NAMESPACE

namespace {
constexpr int kMaxPeriods = 24;

bool is_sale(ItemType t) noexcept {
    return t == ItemType::invoice || t == ItemType::debit_note || t == ItemType::credit_note;
}

struct Period {
    std::int32_t first, last; ///< inclusive days
};

/// Countback periods from A back: period 0 from its first day to A, then full periods.
std::vector<Period> countback_periods(Date A, bool fiscal445, int fy_end_month) {
    std::vector<Period> p;
    if (!fiscal445) {
        Date first = A.first_of_month();
        p.push_back({first.days(), A.days()});
        for (int k = 1; k < kMaxPeriods; ++k) {
            const Date last = first - 1;
            first = last.first_of_month();
            p.push_back({first.days(), last.days()});
        }
    } else {
        const FiscalCalendar445 cal(fy_end_month);
        auto per = cal.period_of(A);
        p.push_back({per.first.days(), A.days()});
        for (int k = 1; k < kMaxPeriods; ++k) {
            per = cal.previous(per);
            p.push_back({per.first.days(), per.last.days()});
        }
    }
    return p;
}
} // namespace

CountbackResult countback(std::int64_t ar, const std::vector<std::pair<int, std::int64_t>>& periods) {
    CountbackResult r;
    r.num = 0;
    r.den = 1;
    if (ar <= 0) return r;
    Int256 remaining = ar;
    Int256 full_days = 0;
    for (const auto& [days, sales] : periods) {
        if (remaining >= sales) {
            full_days += days;
            remaining -= sales;
            if (remaining <= 0) {
                r.num = full_days;
                return r;
            }
            continue;
        }
        // remaining < S_k (so S_k > 0): DSO = full + remaining / S_k × days_k.
        r.num = full_days * sales + remaining * days;
        r.den = sales;
        return r;
    }
    r.num = full_days;
    r.capped = true;
    return r;
}

Table dso_report(ReportContext& ctx) {
    const Ledger& L = ctx.ledger;
    const ItemTable& I = L.items();
    const std::string method = ctx.option_enum("method", "countback", {"standard", "countback", "average"});
    const std::int64_t P = ctx.option_int("period", 90, 1, 3660);
    const std::string calendar = ctx.option_enum("calendar", "month", {"month", "445"});
    const Grouping g = ctx.grouping("customer");
    const std::size_t n = g.size();
    const std::int32_t A = ctx.A;
    const auto D0 = static_cast<std::int32_t>(A - P);

    std::vector<Period> periods;
    if (method == "countback") periods = countback_periods(ctx.as_of, calendar == "445", L.company().fiscal_year_end_month);
    if (method == "average") ctx.note_past_date();
    const bool average = method == "average";

    // Per-worker accumulators over contiguous item ranges, merged in worker order
    // (exact integer sums): per group ar, notdue, sales (S(D0, A]) and ar0 (AR at D0,
    // average only) on one line, and the countback sales of each period.
    enum : std::size_t { kAr, kNotDue, kSales, kAr0, kCells };
    const std::int32_t periods_first = periods.empty() ? INT32_MAX : periods.back().first;
    // Period of each day in [periods_first, A]: the first (periods are descending)
    // whose first day is ≤ the day.
    std::vector<std::uint8_t> period_of_day;
    if (!periods.empty()) {
        period_of_day.resize(static_cast<std::size_t>(A - periods_first) + 1);
        for (std::int32_t d = periods_first; d <= A; ++d) {
            const auto it = std::partition_point(periods.begin(), periods.end(),
                                                 [&](const Period& p) { return p.first > d; });
            period_of_day[static_cast<std::size_t>(d - periods_first)] = static_cast<std::uint8_t>(it - periods.begin());
        }
    }
    // Zones that cannot hold a row with a balance at A, a sale in the window or the
    // periods, or (average) an item issued by D0 are not read (scan.hpp).
    const ZoneScan zones(L, [&](const ItemZones& z, std::size_t k) {
        if (z.min_issue[k] > A) return false;
        return !z.balance_zero_at(k, A) || z.max_issue[k] > D0 || z.max_issue[k] >= periods_first ||
               (average && z.min_issue[k] <= D0);
    });
    const unsigned workers = zones.workers();
    std::vector<GroupAccumulators> parts(workers), pparts(workers);
    const BalanceColumns balance(L);
    const std::int32_t* const issue = I.issue_date.data();
    const std::int32_t* const due = I.due_date.data();
    // The item currency is a one-byte index into a small table (ledger/column.hpp).
    const std::uint8_t* const currency_code = I.currency.index().data();
    const Currency* const currency_table = I.currency.table().data();
    const auto currency = [currency_code, currency_table](std::size_t row) { return currency_table[currency_code[row]]; };
    const std::uint32_t* const customer = I.customer.data();
    const ItemType* const type = I.type.data();
    const std::int64_t* const amount = I.amount.data();
    const std::uint8_t* const mask = ctx.item_mask.data();
    // Accumulate per customer row (folded into groups after the scan) or per group.
    const bool per_customer = accumulate_per_customer(g.size(), L.customers().size());
    const std::size_t slots = per_customer ? L.customers().size() : g.size();
    const std::uint32_t* const group_of = per_customer ? nullptr : g.group_of_customer.data();
    const std::uint8_t* const pday = period_of_day.data();
    const std::int32_t conv_first = std::min(D0, periods_first);
    // The column pointers are copied into the worker (registers, not reloads through the closure).
    zones.run([&, issue, due, currency, customer, type, amount, mask, group_of, pday, A, D0, periods_first](unsigned w, const std::vector<RowRun>& runs) {
        GroupAccumulators acc(slots, kCells);
        GroupAccumulators pacc(periods.empty() ? 0 : slots, kMaxPeriods);
        ScanConverter conv(ctx.converter, conv_first, A);
        constexpr std::uint8_t kNoPeriod = 0xff;
        struct Update {
            std::uint32_t grp;
            bool has_ar, not_due, in_window, has_ar0;
            std::uint8_t period; // kNoPeriod: outside the countback periods
            std::int64_t ar, sale, ar0;
        };
        Update queue[kScanBlock];
        for (const auto [begin, end] : runs) {
            for (std::size_t block = begin; block < end; block += kScanBlock) {
                // Phase 1: stream the columns of the block, queue the updates, prefetch their cells.
                const auto block_end = static_cast<std::uint32_t>(std::min<std::size_t>(end, block + kScanBlock));
                std::size_t queued = 0;
                for (auto i = static_cast<std::uint32_t>(block); i < block_end; ++i) {
                    const std::int32_t iss = issue[i];
                    if (iss > A || mask[i] == 0) continue;
                    const std::int64_t bal = balance.at(i, A);
                    const bool sale = is_sale(type[i]);
                    const bool in_window = sale && iss > D0;
                    const bool in_periods = sale && iss >= periods_first;
                    const bool at_d0 = average && iss <= D0;
                    if (bal == 0 && !in_window && !in_periods && !at_d0) continue;
                    Update& u = queue[queued++];
                    u.grp = group_of ? group_of[customer[i]] : customer[i];
                    __builtin_prefetch(acc.group(u.grp), 1);
                    const Currency cur = currency(i);
                    u.has_ar = bal != 0;
                    u.ar = u.has_ar ? conv(bal, cur, A) : 0;
                    u.not_due = u.has_ar && due[i] >= A;
                    u.in_window = in_window;
                    u.period = kNoPeriod;
                    u.sale = 0;
                    if (in_window || in_periods) {
                        u.sale = conv(amount[i], cur, iss);
                        if (in_periods) {
                            u.period = pday[iss - periods_first];
                            __builtin_prefetch(pacc.group(u.grp) + u.period, 1);
                        }
                    }
                    u.has_ar0 = false;
                    u.ar0 = 0;
                    if (at_d0) {
                        const std::int64_t b0 = balance.at(i, D0);
                        u.has_ar0 = b0 != 0;
                        if (u.has_ar0) u.ar0 = conv(b0, cur, D0);
                    }
                }
                // Phase 2: apply them.
                for (std::size_t q = 0; q < queued; ++q) {
                    const Update& u = queue[q];
                    std::int64_t* const cell = acc.group(u.grp);
                    if (u.has_ar) {
                        cell[kAr] = checked_add(cell[kAr], u.ar);
                        if (u.not_due) cell[kNotDue] = checked_add(cell[kNotDue], u.ar);
                    }
                    if (u.in_window) cell[kSales] = checked_add(cell[kSales], u.sale);
                    if (u.period != kNoPeriod) {
                        std::int64_t& p = pacc.group(u.grp)[u.period];
                        p = checked_add(p, u.sale);
                    }
                    if (u.has_ar0) cell[kAr0] = checked_add(cell[kAr0], u.ar0);
                }
            }
        }
        parts[w] = std::move(acc);
        pparts[w] = std::move(pacc);
    });
    GroupAccumulators total = std::move(parts[0]);
    GroupAccumulators ptotal = std::move(pparts[0]);
    for (unsigned w = 1; w < workers; ++w) {
        total.merge(parts[w]);
        ptotal.merge(pparts[w]);
    }
    // One customer per group (--by customer): its row's cells are the group's, read in
    // place; otherwise the customer rows are folded into their groups.
    const bool in_place = per_customer && g.one_customer_per_group();
    if (per_customer && !in_place) {
        total = total.fold(g.group_of_customer, n);
        if (!periods.empty()) ptotal = ptotal.fold(g.group_of_customer, n);
    }
    Table t = ctx.make_table();
    const auto keys = ctx.add_key_columns(t, g);
    const std::size_t c_dso = t.add_column("dso", CellType::decimal, 1);
    const std::size_t c_bp = t.add_column("bpdso", CellType::decimal, 1);
    const std::size_t c_add = t.add_column("add", CellType::decimal, 1);
    const std::size_t c_note = t.add_column("note", CellType::text);
    t.reserve(n);
    std::vector<std::pair<int, std::int64_t>> walk(periods.size());
    for (std::size_t grp = 0; grp < n; ++grp) {
        ctx.push_key(t, keys, g, grp);
        std::vector<std::string> notes;
        const std::size_t slot = in_place ? g.first_row[grp] : grp;
        const std::int64_t* const cell = total.group(slot);
        const i128 S = cell[kSales];
        const bool s_ok = S > 0;
        if (method == "countback") {
            for (std::size_t k = 0; k < periods.size(); ++k)
                walk[k] = {periods[k].last - periods[k].first + 1, ptotal.group(slot)[k]};
            const CountbackResult r = countback(cell[kAr], walk);
            t.push_decimal(c_dso, ratio_units(r.num, r.den));
            if (r.capped) notes.emplace_back("capped");
        } else if (!s_ok) {
            t.push_null(c_dso);
        } else if (method == "standard") {
            t.push_decimal(c_dso, ratio_units_i128(static_cast<i128>(cell[kAr]) * P, S));
        } else {
            t.push_decimal(c_dso, ratio_units_i128((static_cast<i128>(cell[kAr0]) + cell[kAr]) * P, S * 2));
        }
        if (s_ok) {
            t.push_decimal(c_bp, ratio_units_i128(static_cast<i128>(cell[kNotDue]) * P, S));
            t.push_decimal(c_add, ratio_units_i128((static_cast<i128>(cell[kAr]) - cell[kNotDue]) * P, S));
        } else {
            t.push_null(c_bp);
            t.push_null(c_add);
            notes.emplace_back("no_sales");
        }
        std::string note;
        for (const auto& s : notes) note += (note.empty() ? "" : "; ") + s;
        t.push_text(c_note, note);
    }
    return t;
}

DSOCORE_END_NAMESPACE
