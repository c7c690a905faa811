// dsocore assign --data DIR --as-of D --where EXPR --set FIELD=VALUE [--dry-run] [--role R --user U]
// dsocore assign undo --data DIR [--role R --user U]
#include <ostream>

#include "cli.hpp"
#include "dsocore/core/error.hpp"
#include "dsocore/risk/assign.hpp"

namespace dsocore::cli {
namespace {

int run_assign(Args& args, std::ostream& out, std::ostream&) {
    const std::string data = args.require("data");
    if (args.positional().size() == 1 && args.positional()[0] == "undo") {
        std::optional<Role> role;
        if (const auto r = args.get("role")) role = parse_role_or_throw(*r);
        const std::string user = args.get("user").value_or("");
        args.finish();
        const UndoResult u = undo_assign(data, role, user);
        out << "undid assignment " << u.batch << " (" << u.field << "): " << u.restored
            << " customers restored in customers.csv\n";
        return 0;
    }
    if (!args.positional().empty()) throw UsageError("unexpected argument '" + args.positional()[0] + "' (only 'undo')");
    AssignRequest req;
    req.search = search_request(args);
    if (req.search.where.empty())
        throw UsageError("missing required option --where (the customers to assign; an assignment to everyone is not a default)");
    const std::string set = args.require("set");
    const auto eq = set.find('=');
    if (eq == std::string::npos || eq == 0) throw UsageError("--set '" + set + "': expected FIELD=VALUE");
    req.field = set.substr(0, eq);
    req.value = set.substr(eq + 1);
    req.dry_run = args.flag("dry-run");
    args.finish();
    const AssignResult r = assign(data, req);
    if (req.dry_run) out << "dry run: ";
    out << "matched " << r.matched << " customers, " << (req.dry_run ? "would change " : "changed ") << r.changed << " ("
        << req.field << " = '" << req.value << "')";
    if (r.batch) out << ", assignment " << r.batch << " (undo: dsocore assign undo --data DIR)";
    out << '\n';
    if (req.dry_run)
        for (const auto& c : r.changes)
            out << "  " << c.entity << ':' << c.customer_id << ": '" << c.old_value << "' -> '" << c.new_value << "'\n";
    return 0;
}

const Registrar reg_assign({"assign",
                            "assign --data DIR --as-of DATE --where EXPR --set FIELD=VALUE [--dry-run] [--role ROLE --user U]"
                            " | assign undo --data DIR [--role ROLE --user U]",
                            &run_assign,
                            {"dry-run"}});
} // namespace
} // namespace dsocore::cli
