// dsocore — outstanding and overdue at month ends (reports.md, "overdue_trend").
#pragma once

#include "dsocore/reports/report.hpp"

DSOCORE_BEGIN_NAMESPACE

/// Options: points N (default 12): the last day of each of the N−1 months before A's
/// month, then A. No --by (one row per point). Columns: date, outstanding, overdue,
/// overdue_pct (empty when outstanding ≤ 0).
Table overdue_trend_report(ReportContext& ctx);

/// The points of the trend, ascending: N−1 month ends before A's month, then A.
std::vector<Date> overdue_trend_points(Date as_of, int points);

DSOCORE_END_NAMESPACE
