// dsocore — alerts: named rules evaluated at A over each customer (collection.md).
//
// Built-in rules: over_limit, over_insured, broken_promise, overdue_not_dunned,
// declaration_due, rating_drop; a custom rule (`where`) in the filter language of
// reports/filter.hpp. Every match carries the figures that made it match.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "dsocore/core/currency.hpp"
#include "dsocore/core/date.hpp"
#include "dsocore/ledger/ledger.hpp"
#include "dsocore/reports/risk.hpp"
#include "dsocore/reports/table.hpp"

DSOCORE_BEGIN_NAMESPACE

/// Per-customer figures at A, in minor units of B. The exposure figures are the risk
/// report's (risk_figures: one computation of outstanding, overdue, credit limit
/// converted at A, insured incl. a temporary guarantee valid at A, declaration
/// deadline); only the date of the last action is the alerts' own.
struct AlertFigures {
    Date as_of;
    Currency base = Currency::of("EUR");
    std::vector<RiskFigures> risk;          ///< per customer row, risk_figures(ledger, base, as_of)
    std::vector<std::int32_t> last_action;  ///< latest action ≤ A on the customer or one of its items; kNoDate
};
AlertFigures alert_figures(const Ledger& ledger, Date as_of, std::optional<Currency> base = std::nullopt);

struct AlertOptions {
    std::optional<Currency> base_currency;
    int not_dunned_days = 15;        ///< N of overdue_not_dunned
    int declaration_days = 15;       ///< N of declaration_due
    std::vector<std::string> rules;  ///< rules to evaluate (empty: all built-in rules)
    const Ledger* previous = nullptr; ///< an earlier export of the same data, for rating_drop
    /// A custom rule (rule name `where`): a --where expression over customer fields and
    /// the figures of alert_fields(). Empty: none. With `rules` empty and a `where`,
    /// only the custom rule is evaluated.
    std::string where;
    std::string window = "6m"; ///< window of the payment_profile figures (avg_days_late …)
    /// A role-scoped view (RoleView::customer_mask): only the alerts of the customers
    /// the view sees. Empty: every customer.
    std::vector<std::uint8_t> customer_scope;
};

struct AlertMatch {
    std::uint32_t customer = 0;
    std::string rule;
    std::string detail; ///< the comparison that matched, e.g. "outstanding 12000.00 > credit_limit 10000.00"
    std::int64_t items = 0; ///< items concerned (broken promises), else 0
    std::string previous_rating;
    /// Custom rule: the figures named in the expression, in the order they appear,
    /// as (name, value printed as in the reports; "" when undefined).
    std::vector<std::pair<std::string, std::string>> figures;
};

struct Alerts {
    AlertFigures figures;
    std::vector<AlertMatch> matches; ///< by entity, customer_id, rule order
    std::vector<std::string> notes;  ///< rules that could not be evaluated, and why
};

/// The built-in rule names, in output order.
const std::vector<std::string>& builtin_alert_rules();

/// The fields a custom rule may name: every customers.csv column (customer_fields) plus
/// per-customer figures resolved from the reports' figure functions (risk_figures,
/// payment_profile_figures, the dso report), amounts in B: outstanding, overdue,
/// overdue_pct, headroom, utilisation_pct, over_limit, insured, uninsured,
/// declaration_deadline, days_to_deadline, rating, avg_days_late,
/// avg_days_to_pay, on_time_pct, settled, profile, dso, last_action,
/// days_without_action. `credit_limit` stays the customers.csv column (its own
/// currency, as in every filter). docs/collection.md lists them.
const std::vector<std::string>& alert_figure_names();

/// Throws Error(invalid_argument) for an unknown rule name or a --where expression
/// that does not compile (unknown field, item field, type error).
Alerts compute_alerts(const Ledger& ledger, Date as_of, const AlertOptions& options = {});

/// Columns: entity, customer_id, alert, detail, outstanding, overdue, credit_limit,
/// insured, last_action, days_without_action, declaration_deadline, days_to_deadline,
/// rating, previous_rating, items.
Table alerts_table(const Ledger& ledger, const Alerts& alerts);

DSOCORE_END_NAMESPACE
