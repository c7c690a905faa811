// dsocore — alerts: named rules evaluated at A over each customer (collection.md).
//
// Built-in rules: over_limit, over_insured, broken_promise, overdue_not_dunned,
// declaration_due, rating_drop. Every match carries the figures that made it match.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "dsocore/core/currency.hpp"
#include "dsocore/core/date.hpp"
#include "dsocore/ledger/ledger.hpp"
#include "dsocore/reports/table.hpp"

DSOCORE_BEGIN_NAMESPACE

/// Per-customer figures at A, in minor units of B (reports.md's risk definitions).
struct CustomerFigures {
    Date as_of;
    Currency base = Currency::of("EUR");
    std::vector<std::int64_t> outstanding;  ///< Σ conv(bal_A) over the customer's items
    std::vector<std::int64_t> overdue;      ///< the part with dpd > 0
    std::vector<std::int64_t> credit_limit; ///< conv(credit_limit, A)
    std::vector<std::uint8_t> has_limit;
    std::vector<std::int64_t> insured;      ///< conv(insured_amount) + a temporary guarantee valid at A
    std::vector<std::uint8_t> has_insured;
    std::vector<std::int32_t> declaration_deadline; ///< min due + insurance_max_extension_days over overdue open invoices; kNoDate
    std::vector<std::int32_t> last_action;  ///< latest action ≤ A on the customer or one of its items; kNoDate
};
CustomerFigures customer_figures(const Ledger& ledger, Date as_of, std::optional<Currency> base = std::nullopt);

struct AlertOptions {
    std::optional<Currency> base_currency;
    int not_dunned_days = 15;        ///< N of overdue_not_dunned
    int declaration_days = 15;       ///< N of declaration_due
    std::vector<std::string> rules;  ///< rules to evaluate (empty: all built-in rules)
    const Ledger* previous = nullptr; ///< an earlier export of the same data, for rating_drop
};

struct AlertMatch {
    std::uint32_t customer = 0;
    std::string rule;
    std::string detail; ///< the comparison that matched, e.g. "outstanding 12000.00 > credit_limit 10000.00"
    std::int64_t items = 0; ///< items concerned (broken promises), else 0
    std::string previous_rating;
};

struct Alerts {
    CustomerFigures figures;
    std::vector<AlertMatch> matches; ///< by entity, customer_id, rule order
    std::vector<std::string> notes;  ///< rules that could not be evaluated, and why
};

/// The built-in rule names, in output order.
const std::vector<std::string>& builtin_alert_rules();

/// Throws Error(invalid_argument) for an unknown rule name.
Alerts compute_alerts(const Ledger& ledger, Date as_of, const AlertOptions& options = {});

/// Columns: entity, customer_id, alert, detail, outstanding, overdue, credit_limit,
/// insured, last_action, days_without_action, declaration_deadline, days_to_deadline,
/// rating, previous_rating, items.
Table alerts_table(const Ledger& ledger, const Alerts& alerts);

DSOCORE_END_NAMESPACE
