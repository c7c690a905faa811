// dsocore — payment_profile: how each payer actually pays (reports.md "payment_profile").
//
// The exact per-customer figures live here once: the report, cash_forecast, the
// alerts, the credit notation and the credit-limit tool all read payment_profile_figures().
#pragma once

#include <string_view>

#include "dsocore/reports/report.hpp"

DSOCORE_BEGIN_NAMESPACE

/// Exact sums over the allocations dated in (A−W, A] on invoices and debit notes:
/// w = conv(allocation amount, allocation date) in minor units of the base currency,
/// late = date − due_date, to_pay = date − issue_date.
struct PayerFigures {
    std::int64_t settled = 0;  ///< Σ w
    i128 weighted_late = 0;    ///< Σ w·late
    i128 weighted_to_pay = 0;  ///< Σ w·to_pay
    std::int64_t on_time = 0;  ///< Σ w over allocations with late ≤ 0
    std::int64_t count = 0;    ///< number of allocations

    /// Averages exist only when Σ w > 0 (otherwise the profile is `unknown`).
    bool defined() const noexcept { return settled > 0; }
    /// Adds another customer's figures (consolidation: the sums are additive).
    void merge(const PayerFigures& o);
    /// avg_days_late = Σ w·late / Σ w compared exactly with v: <0, 0, >0. Requires defined().
    int compare_avg_days_late(const Decimal& v) const;
    /// avg_days_late as units at `scale` decimals, rounded with `mode`. Requires defined().
    std::int64_t avg_days_late_units(int scale, Rounding mode) const;
    std::int64_t avg_days_to_pay_units(int scale, Rounding mode) const;
    /// on_time / settled × 100 at `scale` decimals. Requires defined().
    std::int64_t on_time_pct_units(int scale, Rounding mode) const;
};

/// The figures of every customer row (all customers, selected or not). `item_mask`
/// (optional, sized to the item table) restricts the items whose allocations count;
/// items issued after A never count. Throws Error(missing_rate) for a missing rate.
std::vector<PayerFigures> payment_profile_figures(const Ledger& ledger, Currency base, Date as_of, Window window,
                                                  const std::vector<std::uint8_t>* item_mask = nullptr);

/// The profile name for exact figures: `unknown` when !defined(), else the first
/// threshold (in order) with avg_days_late ≤ max (null max = no bound); an average
/// above every bound takes the last profile. Empty `profiles` (no company.json) means
/// the defaults of reports.md.
std::string_view payer_profile(const PayerFigures& f, const std::vector<PayerProfile>& profiles);

/// Options: window (default 6m), --by (default customer). Columns: keys,
/// avg_days_late, avg_days_to_pay, on_time_pct, settled, count, profile.
Table payment_profile_report(ReportContext& ctx);

DSOCORE_END_NAMESPACE
