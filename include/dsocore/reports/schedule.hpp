// dsocore — due-date schedule, the échéancier (reports.md, "schedule").
#pragma once

#include "dsocore/reports/report.hpp"

DSOCORE_BEGIN_NAMESPACE

/// Items of any type with bal_A > 0, whatever their status: a row `overdue` (dpd > 0),
/// one row per period of due date from A on (options interval week|month, default
/// month, and horizon, default 12; see periods.hpp), then `later`; every row is listed,
/// also when empty. No --by. Columns: period_start (text: `overdue`, the ISO first day
/// of the period, `later`), amount (Σ conv(bal_A, A)), items.
Table schedule_report(ReportContext& ctx);

DSOCORE_END_NAMESPACE
