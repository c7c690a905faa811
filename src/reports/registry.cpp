// The list of reports: one line per report.
#include "dsocore/reports/aging.hpp"
#include "dsocore/reports/dso.hpp"

DSOCORE_BEGIN_NAMESPACE

const std::vector<ReportInfo>& report_registry() {
    static const std::vector<ReportInfo> list = {
        {"aging", "balance by days past due", &aging_report},
        {"dso", "days sales outstanding (standard, countback, average)", &dso_report},
    };
    return list;
}

DSOCORE_END_NAMESPACE
