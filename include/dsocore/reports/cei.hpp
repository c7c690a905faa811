// dsocore — collection effectiveness index (reports.md, "cei").
#pragma once

#include "dsocore/reports/report.hpp"

DSOCORE_BEGIN_NAMESPACE

/// Options: period (days, default 90), cei-sales total|monthly (default total), --by
/// (default customer). Columns: keys, cei (percent, one decimal; empty when the
/// denominator ≤ 0). Every key that a customer has is listed.
Table cei_report(ReportContext& ctx);

/// Whole months in a period of `days` days for `--cei-sales monthly`: days over the
/// mean Gregorian month (146097 / 4800 = 30.436875 days), rounded half-even, at least 1.
std::int64_t cei_months(std::int64_t days);

DSOCORE_END_NAMESPACE
