// dsocore — disputes: open and resolved disputes per type (reports.md "disputes").
#pragma once

#include "dsocore/reports/report.hpp"

DSOCORE_BEGIN_NAMESPACE

/// Options: window (default 12m). Key column `type`; one row per type with a dispute
/// open at A or closed in (A−W, A]. Columns: type, open_count, open_amount,
/// avg_open_age_days, closed_count, avg_resolution_days.
Table disputes_report(ReportContext& ctx);

DSOCORE_END_NAMESPACE
