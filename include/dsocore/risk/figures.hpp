// dsocore — the per-customer figures of the credit notation, the limit tool and the
// search (risk.md): exact values, computed once per (ledger, as-of, base currency).
//
// Exposure figures come from the reports engine (risk_figures: outstanding, overdue,
// limit, insured; payment_profile_figures: avg_days_late over the default 6m window);
// this header adds the ones no report exposes per customer yet: sales S(D1, D2] and
// the countback DSO (the dso report's default method).
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "dsocore/reports/dso.hpp"
#include "dsocore/reports/filter.hpp"
#include "dsocore/reports/payment_profile.hpp"
#include "dsocore/reports/risk.hpp"

DSOCORE_BEGIN_NAMESPACE

/// An exact figure: num / den (den > 0), or undefined.
struct ExactFigure {
    bool defined = false;
    Int256 num = 0;
    Int256 den = 1;
    static ExactFigure of(Int256 n, Int256 d) {
        ExactFigure f;
        f.defined = true;
        if (d < 0) {
            n = -n;
            d = -d;
        }
        f.num = std::move(n);
        f.den = std::move(d);
        return f;
    }
    /// value ≤ v, exactly. Requires defined.
    bool at_most(const Decimal& v) const;
};

/// S(D1, D2] per customer row: Σ conv(amount, issue_date) over invoices, debit notes and
/// credit notes issued in (D1, D2], in minor units of `base`. `item_mask` optional.
std::vector<std::int64_t> customer_sales(const Ledger& ledger, Currency base, Date d1, Date d2,
                                         const std::vector<std::uint8_t>* item_mask = nullptr);

/// Countback DSO per customer row (calendar months, reports.md "dso"), exact.
/// `outstanding` is AR_A per customer in minor units of `base` (risk_figures).
std::vector<CountbackResult> customer_dso_countback(const Ledger& ledger, Currency base, Date as_of,
                                                    const std::vector<std::int64_t>& outstanding,
                                                    const std::vector<std::uint8_t>* item_mask = nullptr);

/// Every figure a grid criterion or a search may name, for every customer row.
class CustomerFigures {
public:
    CustomerFigures(const Ledger& ledger, Date as_of, Currency base,
                    const std::vector<std::uint8_t>* item_mask = nullptr);

    const Ledger& ledger() const noexcept { return *ledger_; }
    Date as_of() const noexcept { return as_of_; }
    Currency base() const noexcept { return base_; }

    const std::vector<RiskFigures>& risk() const noexcept { return risk_; }
    const std::vector<PayerFigures>& payer() const noexcept { return payer_; }
    const std::vector<CountbackResult>& dso() const noexcept { return dso_; }
    /// First issue date of the customer's items issued on or before A (kNoDate: none).
    const std::vector<std::int32_t>& first_issue() const noexcept { return first_issue_; }

    /// A figure by name (notation_figures()), exact, in major units of the base currency
    /// for amounts, percent for *_pct, days for dso / avg_days_late / seniority_days.
    /// Undefined: overdue_pct without outstanding > 0, avg_days_late without payments
    /// in the window, utilisation_pct without a limit > 0, seniority_days without items.
    ExactFigure figure(std::string_view name, std::uint32_t customer) const;

    /// Adds the figures as numeric customer-scope filter fields (outstanding, overdue,
    /// overdue_pct, dso, avg_days_late, utilisation_pct, seniority_days, headroom,
    /// insured, over_limit). The resolver's accessors refer to this object.
    void add_fields(FieldResolver& fields) const;

private:
    const Ledger* ledger_;
    Date as_of_;
    Currency base_;
    std::vector<RiskFigures> risk_;
    std::vector<PayerFigures> payer_;
    std::vector<CountbackResult> dso_;
    std::vector<std::int32_t> first_issue_;
};

DSOCORE_END_NAMESPACE
