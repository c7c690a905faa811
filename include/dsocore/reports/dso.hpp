// dsocore — days sales outstanding (reports.md, "dso").
#pragma once

#include "dsocore/reports/report.hpp"

DSOCORE_BEGIN_NAMESPACE

/// Options: method standard|countback|average (default countback), period (days,
/// default 90), calendar month|445 (default month), --by (default customer).
/// Columns: keys, dso, bpdso, add, note.
Table dso_report(ReportContext& ctx);

/// The countback walk on exact figures (minor units of one currency): periods given
/// as (days_k, S_k) from the most recent back. Returns DSO as a rational num/den, and
/// whether the 24-period cap was hit.
struct CountbackResult {
    Int256 num, den;
    bool capped = false;
};
CountbackResult countback(std::int64_t ar, const std::vector<std::pair<int, std::int64_t>>& periods);

DSOCORE_END_NAMESPACE
