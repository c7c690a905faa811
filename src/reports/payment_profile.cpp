// payment_profile — weighted payment delays per key (reports.md).
#include "dsocore/reports/payment_profile.hpp"

#include <algorithm>
#include <cstring>

#include "dsocore/core/error.hpp"
#include "dsocore/reports/parallel.hpp"
#include "dsocore/reports/scan.hpp"

DSOCORE_BEGIN_NAMESPACE

namespace {
std::int64_t ratio_i128(i128 num, i128 den, int scale, Rounding mode) {
    // Fast path: |num| < 2^100 and den > 0, so num × 10^scale (scale ≤ 6) fits 128 bits.
    constexpr i128 kSmall = static_cast<i128>(1) << 100;
    if (scale >= 0 && scale <= 6 && num < kSmall && num > -kSmall && den > 0) {
        const i128 q = round_div(num * pow10_i64(scale), den, mode);
        if (q > std::numeric_limits<std::int64_t>::max() || q < std::numeric_limits<std::int64_t>::min())
            throw Error(Errc::overflow, "payment figure does not fit 64 bits");
        return static_cast<std::int64_t>(q);
    }
    const Int256 q = round_div(Int256(num) * Int256(pow10_i64(scale)), Int256(den), mode);
    if (q > std::numeric_limits<std::int64_t>::max() || q < std::numeric_limits<std::int64_t>::min())
        throw Error(Errc::overflow, "payment figure does not fit 64 bits");
    return static_cast<std::int64_t>(q);
}
} // namespace

void PayerFigures::merge(const PayerFigures& o) {
    settled = checked_add(settled, o.settled);
    weighted_late += o.weighted_late;
    weighted_to_pay += o.weighted_to_pay;
    on_time = checked_add(on_time, o.on_time);
    count += o.count;
}

int PayerFigures::compare_avg_days_late(const Decimal& v) const {
    // Σw·late / Σw ? sig / 10^s  ⇔  Σw·late × 10^s ? sig × Σw   (Σw > 0)
    // Fast path: |Σw·late| < 2^100, scale ≤ 6, |sig| and Σw < 2^63: both products fit 128 bits.
    constexpr i128 kSmall = static_cast<i128>(1) << 100;
    constexpr std::int64_t lo = std::numeric_limits<std::int64_t>::min(), hi = std::numeric_limits<std::int64_t>::max();
    if (v.scale() >= 0 && v.scale() <= 6 && weighted_late < kSmall && weighted_late > -kSmall &&
        v.significand() <= hi && v.significand() >= lo && settled >= 0) {
        const i128 l = weighted_late * static_cast<i128>(pow10_i64(v.scale()));
        const i128 r = static_cast<i128>(static_cast<std::int64_t>(v.significand())) * settled;
        return l < r ? -1 : (l > r ? 1 : 0);
    }
    const Int256 lhs = Int256(weighted_late) * Int256(pow10_128(v.scale()));
    const Int256 rhs = Int256(v.significand()) * Int256(settled);
    return lhs < rhs ? -1 : (lhs > rhs ? 1 : 0);
}

std::int64_t PayerFigures::avg_days_late_units(int scale, Rounding mode) const {
    return ratio_i128(weighted_late, settled, scale, mode);
}
std::int64_t PayerFigures::avg_days_to_pay_units(int scale, Rounding mode) const {
    return ratio_i128(weighted_to_pay, settled, scale, mode);
}
std::int64_t PayerFigures::on_time_pct_units(int scale, Rounding mode) const {
    return ratio_i128(static_cast<i128>(on_time) * 100, settled, scale, mode);
}

std::vector<PayerFigures> payment_profile_figures(const Ledger& L, Currency base, Date as_of, Window window,
                                                  const std::vector<std::uint8_t>* item_mask) {
    const ItemTable& I = L.items();
    std::vector<PayerFigures> fig(L.customers().size());
    if (!L.has_allocations()) return fig;
    const Converter conv(L.fx(), base);
    const std::int32_t A = as_of.days();
    const std::int32_t D = window.start(as_of).days(); // window (D, A]
    // The per-worker sums of one customer on one cache line (8 int64 words):
    // Σ w·late (i128, words 0-1), Σ w·to_pay (i128, words 2-3), settled, on_time, count.
    enum : std::size_t { kLate = 0, kToPay = 2, kSettled = 4, kOnTime = 5, kCount = 6, kWords = 8 };
    auto get128 = [](const std::int64_t* p) {
        i128 v;
        std::memcpy(&v, p, sizeof v);
        return v;
    };
    auto put128 = [](std::int64_t* p, i128 v) { std::memcpy(p, &v, sizeof v); };
    // Kept item zones on both cores, per-worker figures merged in worker order (exact sums).
    // Zones whose items are all issued after A or settled by D are not read (scan.hpp).
    const ZoneScan zones(L, [A, D](const ItemZones& z, std::size_t k) {
        return z.min_issue[k] <= A && !z.settled_by(k, D);
    });
    const unsigned workers = zones.workers();
    std::vector<GroupAccumulators> parts(workers);
    const BalanceColumns alloc(L);
    const std::int32_t* const issue = I.issue_date.data();
    const std::int32_t* const due = I.due_date.data();
    // The item currency is a one-byte index into a small table (ledger/column.hpp).
    const std::uint8_t* const currency_code = I.currency.index().data();
    const Currency* const currency_table = I.currency.table().data();
    const auto currency = [currency_code, currency_table](std::size_t row) { return currency_table[currency_code[row]]; };
    const std::uint32_t* const customer = I.customer.data();
    const ItemType* const type = I.type.data();
    const std::uint8_t* const mask = item_mask ? item_mask->data() : nullptr;
    // The column pointers are copied into the worker (registers, not reloads through the closure).
    zones.run([&, issue, due, currency, customer, type, mask, A, D](unsigned wk, const std::vector<RowRun>& runs) {
        GroupAccumulators acc(fig.size(), kWords);
        ScanConverter cv(conv, D + 1, A);
        struct Update {
            std::uint32_t customer;
            std::int32_t late, to_pay;
            std::int64_t w;
        };
        Update queue[kScanBlock];
        std::size_t queued = 0;
        // Phase 2 of the two-phase scan: apply the queued updates (cells prefetched).
        auto apply = [&] {
            for (std::size_t q = 0; q < queued; ++q) {
                const Update& u = queue[q];
                std::int64_t* const f = acc.group(u.customer);
                f[kSettled] = checked_add(f[kSettled], u.w);
                put128(f + kLate, get128(f + kLate) + static_cast<i128>(u.w) * u.late);
                put128(f + kToPay, get128(f + kToPay) + static_cast<i128>(u.w) * u.to_pay);
                if (u.late <= 0) f[kOnTime] = checked_add(f[kOnTime], u.w);
                ++f[kCount];
            }
            queued = 0;
        };
        for (const auto [begin, end] : runs) {
            for (std::uint32_t i = begin; i < end; ++i) {
                const ItemType t = type[i];
                if (t != ItemType::invoice && t != ItemType::debit_note) continue;
                if (issue[i] > A || (mask && mask[i] == 0)) continue;
                if (alloc.settled(i) <= D) continue; // every allocation (if any) dated ≤ D
                // Allocations of i are ascending by date: skip those dated ≤ D (few per item).
                std::uint32_t k = alloc.first(i);
                const std::uint32_t e = alloc.last(i);
                while (k < e && alloc.date(k) <= D) ++k;
                if (k == e || alloc.date(k) > A) continue;
                const Currency cur = currency(i);
                const std::int32_t due_i = due[i], issue_i = issue[i];
                const std::uint32_t c = customer[i];
                __builtin_prefetch(acc.group(c), 1);
                for (; k < e && alloc.date(k) <= A; ++k) {
                    const std::int32_t day = alloc.date(k);
                    if (queued == kScanBlock) apply();
                    queue[queued++] = {c, day - due_i, day - issue_i, cv(alloc.amount(k), cur, day)};
                }
            }
        }
        apply();
        parts[wk] = std::move(acc);
    });
    for (unsigned wk = 0; wk < workers; ++wk)
        for (std::size_t c = 0; c < fig.size(); ++c) {
            const std::int64_t* const p = parts[wk].group(c);
            if (p[kCount] == 0) continue;
            PayerFigures f;
            f.settled = p[kSettled];
            f.weighted_late = get128(p + kLate);
            f.weighted_to_pay = get128(p + kToPay);
            f.on_time = p[kOnTime];
            f.count = p[kCount];
            fig[c].merge(f);
        }
    return fig;
}

std::string_view payer_profile(const PayerFigures& f, const std::vector<PayerProfile>& profiles) {
    if (!f.defined()) return "unknown";
    static const std::vector<PayerProfile> defaults = CompanySettings::default_payer_profiles();
    const auto& list = profiles.empty() ? defaults : profiles; // no company.json: the spec's defaults
    for (const auto& p : list)
        if (!p.max_days_late || f.compare_avg_days_late(*p.max_days_late) <= 0) return p.name;
    return list.back().name;
}

Table payment_profile_report(ReportContext& ctx) {
    const Ledger& L = ctx.ledger;
    const Window window = ctx.option_window("window", "6m");
    const Grouping g = ctx.grouping("customer");
    if (!L.has_allocations())
        ctx.warnings.push_back("no allocations.csv: payments cannot be measured; every profile is unknown");
    const std::vector<PayerFigures> per_customer =
        payment_profile_figures(L, ctx.base, ctx.as_of, window, &ctx.item_mask);
    // One customer per group (--by customer): its figures are the group's.
    const bool in_place = g.one_customer_per_group();
    std::vector<PayerFigures> per_group(in_place ? 0 : g.size());
    if (!in_place)
        for (std::uint32_t c = 0; c < per_customer.size(); ++c) {
            const std::uint32_t grp = g.group_of_customer[c];
            if (grp != kNoRow) per_group[grp].merge(per_customer[c]);
        }
    Table t = ctx.make_table();
    const auto keys = ctx.add_key_columns(t, g);
    const std::size_t c_late = t.add_column("avg_days_late", CellType::decimal, 1);
    const std::size_t c_pay = t.add_column("avg_days_to_pay", CellType::decimal, 1);
    const std::size_t c_on = t.add_column("on_time_pct", CellType::decimal, 1);
    const std::size_t c_set = t.add_column("settled", CellType::decimal, ctx.base.minor_units());
    const std::size_t c_count = t.add_column("count", CellType::integer);
    const std::size_t c_prof = t.add_column("profile", CellType::text);
    t.reserve(g.size());
    const auto& profiles = L.company().payer_profiles;
    for (std::size_t grp = 0; grp < g.size(); ++grp) {
        const PayerFigures& f = in_place ? per_customer[g.first_row[grp]] : per_group[grp];
        ctx.push_key(t, keys, g, grp);
        if (f.defined()) {
            t.push_decimal(c_late, f.avg_days_late_units(1, Rounding::half_even));
            t.push_decimal(c_pay, f.avg_days_to_pay_units(1, Rounding::half_even));
            t.push_decimal(c_on, f.on_time_pct_units(1, Rounding::half_even));
        } else {
            t.push_null(c_late);
            t.push_null(c_pay);
            t.push_null(c_on);
        }
        t.push_decimal(c_set, f.settled);
        t.push_int(c_count, f.count);
        t.push_text(c_prof, payer_profile(f, profiles));
    }
    return t;
}

DSOCORE_END_NAMESPACE
