// dsocore — aging balance (reports.md, "aging").
#pragma once

#include "dsocore/reports/report.hpp"

DSOCORE_BEGIN_NAMESPACE

/// Options: buckets (e.g. "30,60,90"; default company.json aging_buckets), --by
/// (default customer). Columns: keys, not_due, 1-30, 31-60, 61-90, 91+, total, overdue.
Table aging_report(ReportContext& ctx);

/// Bucket column names for ascending bounds: {"1-30","31-60","61-90","91+"}.
std::vector<std::string> aging_bucket_names(const std::vector<int>& bounds);
/// Parses "30,60,90" (ascending, positive); throws Error(invalid_argument).
std::vector<int> parse_buckets(std::string_view text);

DSOCORE_END_NAMESPACE
