// The list of reports, in the order of reports.md: one line per report.
#include "dsocore/reports/aging.hpp"
#include "dsocore/reports/cash_forecast.hpp"
#include "dsocore/reports/cash_receipts.hpp"
#include "dsocore/reports/cei.hpp"
#include "dsocore/reports/disputes.hpp"
#include "dsocore/reports/dso.hpp"
#include "dsocore/reports/overdue_trend.hpp"
#include "dsocore/reports/payment_profile.hpp"
#include "dsocore/reports/penalties.hpp"
#include "dsocore/reports/qualification.hpp"
#include "dsocore/reports/risk.hpp"
#include "dsocore/reports/schedule.hpp"
#include "dsocore/risk/notation.hpp"

DSOCORE_BEGIN_NAMESPACE

const std::vector<ReportInfo>& report_registry() {
    static const std::vector<ReportInfo> list = {
        {"aging", "balance by days past due", &aging_report},
        {"dso", "days sales outstanding (standard, countback, average)", &dso_report},
        {"payment_profile", "how each payer actually pays (weighted days late)", &payment_profile_report},
        {"cash_forecast", "when open receivables should come in", &cash_forecast_report},
        {"risk", "exposure against credit limits and insurance", &risk_report},
        {"disputes", "open and resolved disputes per type", &disputes_report},
        {"cei", "collection effectiveness index", &cei_report},
        {"overdue_trend", "outstanding and overdue at the last month ends", &overdue_trend_report},
        {"schedule", "open receivables by due-date period (echeancier)", &schedule_report},
        {"cash_receipts", "receipts by month, on time and late", &cash_receipts_report},
        {"qualification", "overdue items by status and comment", &qualification_report},
        {"penalties", "late-payment interest and recovery indemnities", &penalties_report},
        {"notation", "credit notation: score, grade and points per criterion (risk.json)", &notation_report},
        {"limit_proposal", "proposed credit limit per customer with every input (risk.json)", &limit_proposal_report},
    };
    return list;
}

DSOCORE_END_NAMESPACE
