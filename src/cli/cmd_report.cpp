// dsocore report NAME --data DIR --as-of DATE [--base-currency CUR] [--by FIELD]
//                [--where EXPR] [report options] [--format csv|json|xlsx] [--output FILE]
#include <ostream>

#include "cli.hpp"
#include "dsocore/core/error.hpp"
#include "dsocore/reports/report.hpp"
#include "dsocore/risk/roles.hpp"

namespace dsocore::cli {
namespace {
int run(Args& args, std::ostream& out, std::ostream& err) {
    if (args.positional().size() != 1) {
        std::string names;
        for (const auto& r : report_registry()) names += (names.empty() ? "" : ", ") + r.name;
        throw UsageError("name one report: " + names);
    }
    ReportRequest req;
    req.name = args.positional()[0];
    if (!find_report(req.name)) {
        std::string names;
        for (const auto& r : report_registry()) names += (names.empty() ? "" : ", ") + r.name;
        throw UsageError("unknown report '" + req.name + "'; expected one of " + names);
    }
    req.as_of = args.date("as-of");
    req.base_currency = args.currency("base-currency");
    req.by = args.get("by").value_or("");
    req.where = args.get("where").value_or("");
    const std::string data = args.require("data");
    const auto format = args.get("format");
    const auto output = args.get("output");
    (void)args.get("role"); // read by role_scope below, after the load
    (void)args.get("user");
    req.options = args.rest();
    LoadOptions lo;
    const Ledger ledger = Ledger::load(data, lo);
    // A role-scoped view: a collector's reports cover their customers only.
    req.customer_scope = role_scope(args, ledger);
    std::vector<std::string> warnings;
    const Table t = run_report(ledger, req, warnings);
    for (const auto& w : warnings) err << "dsocore report: " << w << '\n';
    // Put the output options back for write_table.
    std::vector<std::string> o;
    if (format) o.insert(o.end(), {"--format", *format});
    if (output) o.insert(o.end(), {"--output", *output});
    Args oargs(o, {});
    write_table(oargs, t, out);
    return 0;
}
const Registrar reg({"report",
                     "report NAME --data DIR --as-of DATE [--base-currency CUR] [--by FIELD] [--where EXPR] "
                     "[--role ROLE --user U] [report options] [--format csv|json|xlsx] [--output FILE]",
                     &run,
                     {}});
} // namespace
} // namespace dsocore::cli
