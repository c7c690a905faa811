// dsocore act --data DIR --as-of DATE --customer [ENTITY:]ID
//             (--step STEP [--scenario ID] | --channel CH | --ignore) [--items "ID ID…"]
//             [--user U] [--outcome O] [--comment C]
#include <ostream>

#include "cli.hpp"
#include "dsocore/collection/actions.hpp"

namespace dsocore::cli {
namespace {
std::vector<std::string> split_ids(const std::string& s) {
    std::vector<std::string> out;
    std::string cur;
    for (const char ch : s) {
        if (ch == ' ' || ch == ',' || ch == '\t') {
            if (!cur.empty()) out.push_back(cur);
            cur.clear();
        } else {
            cur.push_back(ch);
        }
    }
    if (!cur.empty()) out.push_back(cur);
    return out;
}

int run(Args& args, std::ostream& out, std::ostream&) {
    ActionRequest req;
    req.date = args.date("as-of");
    auto [entity, id] = split_customer_key(args.require("customer"));
    req.entity = entity;
    req.customer_id = id;
    req.step = args.get("step").value_or("");
    req.scenario = args.get("scenario").value_or("");
    if (auto ch = args.get("channel")) {
        req.channel = parse_channel(*ch);
        if (!req.channel) throw UsageError("--channel '" + *ch + "': expected email, sms, letter, call or task");
    }
    if (auto it = args.get("items")) req.item_ids = split_ids(*it);
    req.user = args.get("user").value_or("");
    req.outcome = args.get("outcome").value_or("");
    req.comment = args.get("comment").value_or("");
    const bool ignore = args.flag("ignore");
    const std::string dir = args.require("data");
    args.finish();
    LoadOptions lo;
    Ledger ledger = Ledger::load(dir, lo);
    if (ignore) {
        if (!req.step.empty() || req.channel) throw UsageError("--ignore marks items; it takes no --step or --channel");
        if (req.item_ids.empty()) throw UsageError("--ignore needs --items");
        const std::size_t n = ignore_payer_items(ledger, req.entity, req.customer_id, req.item_ids, req.date);
        out << "marked " << n << " item" << (n == 1 ? "" : "s") << " ignored"
            << (n < req.item_ids.size() ? " (the others already were)" : "") << '\n';
        return 0;
    }
    if (req.step.empty() && !req.channel)
        throw UsageError("name a scenario --step, or a --channel for an action out of scenario, or --ignore");
    const RecordedAction a = record_action(ledger, req);
    out << "recorded " << a.action_id << ": " << a.entity << ':' << a.customer_id << ' '
        << (a.step.empty() ? std::string("out of scenario") : a.scenario + " " + a.step) << ' ' << to_string(a.channel)
        << ", " << a.item_ids.size() << " item" << (a.item_ids.size() == 1 ? "" : "s") << '\n';
    return 0;
}
const Registrar reg({"act",
                     "act --data DIR --as-of DATE --customer [ENTITY:]ID (--step STEP [--scenario ID] | --channel CH | "
                     "--ignore) [--items \"ID ID…\"] [--user U] [--outcome O] [--comment C]",
                     &run,
                     {"ignore"}});
} // namespace
} // namespace dsocore::cli
