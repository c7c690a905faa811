// dsocore — how far overdue items are qualified (reports.md, "qualification").
#pragma once

#include "dsocore/reports/report.hpp"

DSOCORE_BEGIN_NAMESPACE

/// Overdue (dpd > 0) invoices and debit notes with bal_A > 0. Qualified = a status AND
/// a comment. One row per (category, subtype) sorted bytewise, unstatused items as
/// ("", ""), then a row with category `TOTAL` (subtype empty). No --by. Columns:
/// category, subtype, items, amount, qualified_items, qualified_amount,
/// qualification_pct (= qualified_amount / amount × 100, empty when amount ≤ 0).
Table qualification_report(ReportContext& ctx);

DSOCORE_END_NAMESPACE
