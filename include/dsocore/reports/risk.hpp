// dsocore — risk: exposure against limits and guarantees (reports.md "risk").
//
// risk_figures() is the one computation of outstanding / overdue / limit / insured /
// declaration deadline per customer; the report, the alerts (over_limit, over_insured,
// declaration_due), the credit notation (utilisation_pct) and the limit tool read it.
#pragma once

#include <string_view>

#include "dsocore/reports/report.hpp"

DSOCORE_BEGIN_NAMESPACE

/// Exact exposure figures at A, in minor units of the base currency B.
struct RiskFigures {
    std::int64_t outstanding = 0; ///< AR_A = Σ conv(bal_A(i), A), all items
    std::int64_t overdue = 0;     ///< Σ conv(bal_A(i), A) over items with dpd > 0 (aging's overdue)
    bool has_limit = false;       ///< at least one member has a credit limit
    std::int64_t credit_limit = 0; ///< Σ conv(credit_limit, A) over members with one
    bool has_insured = false;     ///< a member has insured_amount or a guarantee valid at A
    std::int64_t insured = 0;     ///< Σ conv(insured_amount, A) + conv(temporary guarantee valid at A, A)
    std::int32_t declaration_deadline = kNoDate; ///< min due_date + insurance_max_extension_days, overdue invoices with bal_A > 0
    std::string_view rating;      ///< bytewise greatest member rating ("" when none)

    /// Consolidation of another member (sums, min deadline, greatest rating).
    void merge(const RiskFigures& o);
    /// credit_limit − outstanding (meaningful when has_limit).
    std::int64_t headroom() const { return checked_sub(credit_limit, outstanding); }
    /// outstanding > credit_limit (meaningful when has_limit).
    bool over_limit() const noexcept { return has_limit && outstanding > credit_limit; }
    /// utilisation_pct = outstanding / credit_limit × 100 is defined (a limit > 0).
    bool utilisation_defined() const noexcept { return has_limit && credit_limit > 0; }
    /// Exact utilisation as a ratio num/den (den = credit_limit > 0), in percent.
    void utilisation_ratio(Int256& num, Int256& den) const {
        num = Int256(outstanding) * 100;
        den = Int256(credit_limit);
    }
    /// max(0, outstanding − insured).
    std::int64_t uninsured() const {
        const std::int64_t u = checked_sub(outstanding, insured);
        return u > 0 ? u : 0;
    }
};

/// Figures of every customer row, in `base` at `as_of`. `item_mask` (optional) limits
/// the items counted; items issued after A never count. Throws Error(missing_rate).
std::vector<RiskFigures> risk_figures(const Ledger& ledger, Currency base, Date as_of,
                                      const std::vector<std::uint8_t>* item_mask = nullptr);

/// Options: --by (default customer; legal_id, group_code, parent_id … consolidate).
/// Columns: keys, outstanding, overdue, credit_limit, headroom, utilisation_pct,
/// over_limit, insured, uninsured, declaration_deadline, days_to_deadline, rating.
Table risk_report(ReportContext& ctx);

DSOCORE_END_NAMESPACE
