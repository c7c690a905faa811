// dsocore export --data DIR --format csv|xlsx --output PATH [--canonical] [--as-of D] [--role R --user U]
#include <optional>
#include <ostream>

#include "cli.hpp"
#include "dsocore/io/export.hpp"
#include "dsocore/risk/roles.hpp"

namespace dsocore::cli {
namespace {
int run(Args& args, std::ostream& out, std::ostream&) {
    const Ledger l = load_data(args);
    ExportOptions o;
    o.format = args.get("format").value_or("csv");
    if (o.format != "csv" && o.format != "xlsx") throw UsageError("--format '" + o.format + "': expected csv or xlsx");
    const std::string output = args.require("output");
    o.canonical = args.flag("canonical");
    if (args.has("as-of")) o.as_of = args.date("as-of");
    const auto role = args.get("role");
    const std::string user = args.get("user").value_or("");
    args.finish();
    // Under a role-scoped view an export is admin-only (docs/decisions.md).
    std::optional<RoleView> view;
    if (role) {
        view.emplace(l, parse_role_or_throw(*role), user);
        o.view = &*view;
    } else if (!user.empty()) {
        throw UsageError("--user names the person acting in a role: give --role too");
    }
    export_data(l, output, o);
    out << "exported " << l.customers().size() << " customers, " << l.items().size() << " items to " << output << '\n';
    return 0;
}
const Registrar reg({"export",
                     "export --data DIR --format csv|xlsx --output PATH [--canonical] [--as-of YYYY-MM-DD] "
                     "[--role ROLE --user U]",
                     &run,
                     {"canonical"}});
} // namespace
} // namespace dsocore::cli
