// dsocore — late-payment interest and recovery indemnity of one invoice (reports.md,
// "penalties"), used by #LATE_PENALTIES and #RECOVERY_COSTS.
//
// NOTE for the lead: the penalties report (another branch) computes the same figures;
// once it is in main, one of the two per-item functions should call the other.
#pragma once

#include <cstdint>

#include "dsocore/core/date.hpp"
#include "dsocore/core/decimal.hpp"
#include "dsocore/ledger/ledger.hpp"

DSOCORE_BEGIN_NAMESPACE

struct ItemPenalty {
    bool applies = false;        ///< overdue invoice, bal_A > 0, no dispute status, a penalty rule
    std::int64_t balance = 0;    ///< bal_A, item currency minor units
    int days_past_due = 0;       ///< A − due_date
    Decimal annual_rate;         ///< percent (fixed mode: reference on due + 1 + points)
    std::int64_t interest = 0;   ///< item currency minor units, half-up
    std::int64_t indemnity = 0;  ///< item currency minor units
};

/// The penalty of item `item` at `as_of` under company.json's penalty rule.
/// Throws Error(data) when no reference rate is in force on a needed day,
/// Error(missing_rate) when a fee must be converted without a rate.
ItemPenalty item_penalty(const Ledger& ledger, std::uint32_t item, Date as_of);

DSOCORE_END_NAMESPACE
