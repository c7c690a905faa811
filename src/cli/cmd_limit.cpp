// dsocore limit request|approve|reject|history --data DIR [--customer [ENTITY:]ID]
//              [--request N] [--amount X] [--user U] [--role R] [--comment TEXT] [--as-of D]
#include <ostream>

#include "cli.hpp"
#include "dsocore/core/error.hpp"
#include "dsocore/risk/limits.hpp"

namespace dsocore::cli {
namespace {

std::optional<std::int64_t> request_id(Args& args) {
    const auto v = args.get("request");
    if (!v) return std::nullopt;
    std::int64_t id = 0;
    if (parse_fixed(*v, 0, id) != FixedParse::ok || v->find('.') != std::string::npos || id <= 0)
        throw UsageError("--request '" + *v + "': expected a request number");
    return id;
}

Actor actor(Args& args, bool required) {
    Actor a;
    const auto role = args.get("role");
    const auto user = args.get("user");
    if (required && (!role || role->empty())) throw UsageError("missing required option --role (credit_manager or admin)");
    if (required && (!user || user->empty())) throw UsageError("missing required option --user");
    a.role = role ? parse_role_or_throw(*role) : Role::admin; // reading without a role: unrestricted
    a.user = user.value_or("");
    return a;
}

void print_request(std::ostream& out, const LimitRequest& r) {
    out << "request " << r.id << " for " << r.entity << ':' << r.customer_id << ": " << (r.old_limit.empty() ? "none" : r.old_limit)
        << " -> " << r.new_limit << ' ' << r.currency << ", " << to_string(r.state);
    if (r.state == RequestState::pending)
        out << " (level " << r.next_level() << " of " << r.levels.size() << ", waiting for "
            << to_string(r.levels[r.approved]) << ')';
    if (r.state == RequestState::approved) out << (r.applied ? ", credit_limit updated in customers.csv" : ", not applied yet");
    if (r.state == RequestState::rejected) out << ", credit_limit unchanged";
    out << '\n';
}

int run(Args& args, std::ostream& out, std::ostream&) {
    if (args.positional().size() != 1) throw UsageError("name one action: request, approve, reject or history");
    const std::string action = args.positional()[0];
    LimitWorkflow wf(args.require("data"));
    if (action == "request") {
        const std::string customer = args.require("customer");
        const std::string amount = args.require("amount");
        const Actor who = actor(args, true);
        const std::string comment = args.get("comment").value_or("");
        std::optional<Date> as_of;
        if (args.has("as-of")) as_of = args.date("as-of");
        args.finish();
        print_request(out, wf.request(who, customer, amount, comment, as_of));
        return 0;
    }
    if (action == "approve" || action == "reject") {
        const std::string customer = args.get("customer").value_or("");
        const auto id = request_id(args);
        if (customer.empty() && !id) throw UsageError("name the customer (--customer) or the request (--request)");
        const Actor who = actor(args, true);
        const std::string comment = args.get("comment").value_or("");
        args.finish();
        print_request(out, action == "approve" ? wf.approve(who, customer, comment, id) : wf.reject(who, customer, comment, id));
        return 0;
    }
    if (action == "history") {
        const std::string customer = args.get("customer").value_or("");
        const auto id = request_id(args);
        const Actor who = actor(args, false);
        if (who.role == Role::collector && who.user.empty()) throw UsageError("a collector's view needs --user");
        (void)args.get("format"); // read by write_table; marked here so finish() sees them used
        (void)args.get("output");
        args.finish();
        const Table t = wf.history(who, customer, id);
        write_table(args, t, out);
        return 0;
    }
    throw UsageError("unknown action '" + action + "'; expected request, approve, reject or history");
}

const Registrar reg({"limit",
                     "limit request|approve|reject|history --data DIR [--customer [ENTITY:]ID] [--request N] "
                     "[--amount X] --user U --role credit_manager|admin [--comment TEXT] [--as-of DATE] "
                     "[--format csv|json] [--output FILE]",
                     &run,
                     {}});
} // namespace
} // namespace dsocore::cli
