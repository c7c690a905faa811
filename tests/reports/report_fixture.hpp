// Helpers for report tests: load a small data directory given as text, run a report.
#pragma once

#include <map>
#include <string>

#include "dsocore/ledger/ledger.hpp"
#include "dsocore/reports/report.hpp"
#include "dsocore/reports/table.hpp"

namespace dsocore::test {

inline Table run(const Ledger& ledger, const std::string& name, const std::string& as_of,
                 const std::map<std::string, std::string>& options = {}, const std::string& by = "") {
    ReportRequest r;
    r.name = name;
    r.as_of = Date::parse_or_throw(as_of);
    r.by = by;
    r.options = options;
    return run_report(ledger, r);
}

inline std::string run_csv(const Ledger& ledger, const std::string& name, const std::string& as_of,
                           const std::map<std::string, std::string>& options = {}, const std::string& by = "") {
    return to_csv(run(ledger, name, as_of, options, by));
}

} // namespace dsocore::test
