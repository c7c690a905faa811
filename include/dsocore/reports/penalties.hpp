// dsocore — late-payment interest and recovery costs (reports.md, "penalties").
//
// One computation serves the penalties report and the collection engine's
// #LATE_PENALTIES / #RECOVERY_COSTS tags: PenaltyRule::compute (item_penalty wraps it).
#pragma once

#include <cstdint>
#include <optional>

#include "dsocore/core/currency.hpp"
#include "dsocore/core/date.hpp"
#include "dsocore/core/decimal.hpp"
#include "dsocore/ledger/ledger.hpp"
#include "dsocore/reports/report.hpp"

DSOCORE_BEGIN_NAMESPACE

/// The penalty claimable on one item at A, in the item's own currency.
struct ItemPenalty {
    Currency currency;
    std::int64_t balance = 0;   ///< bal_A, minor units of `currency`
    int days_past_due = 0;      ///< A − due_date
    Decimal annual_rate;        ///< percent a year; `follow` mode: the rate in force at A
    std::int64_t interest = 0;  ///< bal × rate / 100 × dpd / day_count, half-up to the minor unit
    std::int64_t indemnity = 0; ///< fixed recovery indemnity, converted at A half-even if needed
    /// The item is claimable (PenaltyRule::applies; for a raw balance: balance > 0 and
    /// dpd > 0). item_penalty() returns false with zero figures for an item that is not.
    bool applies = false;
};

/// company.json `penalty` applied to items. Rules: FR reference + 10 points, 40 EUR;
/// EU reference + 8, 40 EUR; DE base rate + 9, 40 EUR; UK base rate + 8, 40 / 70 /
/// 100 GBP for a debt (bal_A converted to GBP at A) under 1,000 / under 10,000 / from
/// 10,000 GBP; custom: `rate` and `fee` in `fee_currency` (default: company.json
/// base_currency). Simple interest, actual/365 or actual/360 (`day_count`). The
/// reference rate is the one in force on the day after the due date (`rate_mode`
/// fixed), or each day's rate (`follow`: the days split at each change of the table).
class PenaltyRule {
public:
    explicit PenaltyRule(const Ledger& ledger);

    /// Whether company.json has a penalty rule.
    bool configured() const noexcept { return !settings_->rule.empty(); }

    /// Whether the item is claimable at A: an invoice (not a debit note) issued on or
    /// before A, overdue (dpd > 0), with bal_A > 0 and no `dispute` status.
    bool applies(std::uint32_t item, Date as_of) const;

    /// The penalty of a ledger item at A (bal_A, its due date and currency). Throws
    /// Error(data) when no rule is configured or no reference rate is in force on a day
    /// needed, Error(missing_rate) when a fee or the UK band needs a missing fx rate.
    ItemPenalty compute(std::uint32_t item, Date as_of) const;
    /// The same for a balance (> 0, minor units of `currency`) due on `due`, at A.
    ItemPenalty compute(Currency currency, std::int64_t balance, Date due, Date as_of) const;

    /// What compute() derives from (due, A) alone, the same for every item due that day
    /// (callers that go over many items compute it once a due date): the annual rate
    /// shown and Σ rate_k × days_k over the rate segments of (due, A], rates at `scale`.
    struct RateTerms {
        Decimal annual_rate;
        Int256 rate_days;
        int scale = 0;
    };
    RateTerms rate_terms(Date due, Date as_of) const;
    /// compute() from precomputed terms; `indemnity` as fixed_indemnity() gives it, or
    /// nullopt to compute it here.
    ItemPenalty compute(Currency currency, std::int64_t balance, Date due, Date as_of, const RateTerms& terms,
                        std::optional<std::int64_t> indemnity = std::nullopt) const;
    /// The recovery indemnity in `currency` when it does not depend on the balance (every
    /// rule but UK's bands), else nullopt.
    std::optional<std::int64_t> fixed_indemnity(Currency currency, Date as_of) const;

    /// The annual rate (percent) that applies on `day`: reference in force + margin,
    /// or the custom rate.
    Decimal annual_rate_on(Date day) const;

private:
    std::int64_t indemnity(Currency currency, std::int64_t balance, Date as_of) const;
    const Ledger* ledger_;
    const PenaltySettings* settings_;
    Decimal margin_;
};

/// The penalty of one item at A under company.json's rule, for callers that go item by
/// item (the collection engine's #LATE_PENALTIES and #RECOVERY_COSTS): the same
/// PenaltyRule computation as the report. When no rule is configured or the item is not
/// claimable, `applies` is false and the figures are 0 (currency: the item's).
ItemPenalty item_penalty(const Ledger& ledger, std::uint32_t item, Date as_of);

/// Options: none (the rule is company.json's `penalty`). No --by. One row per claimable
/// item (PenaltyRule::applies), sorted by entity, customer_id, item_id (bytewise).
/// Columns: entity, customer_id, item_id, currency, balance, days_past_due,
/// annual_rate, interest, indemnity; amounts in the item's currency with its own
/// minor-unit digits, annual_rate with at least 2 decimals.
Table penalties_report(ReportContext& ctx);

DSOCORE_END_NAMESPACE
