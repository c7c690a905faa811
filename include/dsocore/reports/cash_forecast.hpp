// dsocore — cash_forecast: when open receivables should come in (reports.md "cash_forecast").
#pragma once

#include "dsocore/reports/report.hpp"

DSOCORE_BEGIN_NAMESPACE

/// Average resolution days of the disputes closed in (A−W, A], per dispute type (an
/// interned string of the ledger): Σ (closed − opened) and the count.
struct DisputeResolution {
    StrId type = 0;
    std::int64_t total_days = 0;
    std::int64_t count = 0;
};
std::vector<DisputeResolution> dispute_resolution_by_type(const Ledger& ledger, Date as_of, Window window);

/// The expected payment day of one open item (invoice or debit note with bal_A > 0,
/// not in litigation or ignored), or kNoDate when it cannot be forecast (a dispute
/// whose type has no closed dispute in the window). `avg_days_late` is the customer's
/// payer delay rounded half away from zero (0 when unknown); `resolution` the table
/// of dispute_resolution_by_type. Never before A. `promised` tells whether the day
/// comes from the promise date.
std::int32_t expected_payment_day(const Ledger& ledger, std::uint32_t item, std::int32_t as_of,
                                  std::int64_t avg_days_late, const std::vector<DisputeResolution>& resolution,
                                  bool& promised);

/// Options: window (default 6m), interval week|month (default month), horizon (periods,
/// default 12). Rows: one per period (`period_start`, ISO date), then `later` and
/// `unforecast`. Columns: period_start, amount, items, promised.
Table cash_forecast_report(ReportContext& ctx);

DSOCORE_END_NAMESPACE
