// dsocore — receipts by month (reports.md, "cash_receipts").
#pragma once

#include "dsocore/reports/report.hpp"

DSOCORE_BEGIN_NAMESPACE

/// Allocations on invoices and debit notes dated in (A−W, A] (option window, default
/// 12m), one row per month of the allocation date with receipts (key column `month`,
/// YYYY-MM, ascending). No --by. Columns: month, amount, on_time, late (amounts in B,
/// each allocation converted at its own date), avg_days_late (Σ w·(date − due) / Σ w,
/// one decimal, empty when Σ w ≤ 0), after_action (allocations whose item was listed
/// in an action dated strictly before the allocation).
Table cash_receipts_report(ReportContext& ctx);

DSOCORE_END_NAMESPACE
