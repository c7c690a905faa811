// dsocore alerts --data DIR --as-of DATE [--rules r1,r2] [--not-dunned-days N]
//                [--declaration-days N] [--previous DIR] [--base-currency CUR] [--format …] [--output FILE]
#include <ostream>

#include "cli.hpp"
#include "dsocore/collection/alerts.hpp"

namespace dsocore::cli {
namespace {
int days_option(Args& args, const std::string& name, int fallback) {
    const auto v = args.get(name);
    if (!v) return fallback;
    std::int64_t n = 0;
    if (parse_fixed(*v, 0, n) != FixedParse::ok || v->find('.') != std::string::npos || n < 0 || n > 36600)
        throw UsageError("--" + name + " '" + *v + "': expected a number of days ≥ 0");
    return static_cast<int>(n);
}

int run(Args& args, std::ostream& out, std::ostream& err) {
    AlertOptions opt;
    const Date as_of = args.date("as-of");
    opt.base_currency = args.currency("base-currency");
    opt.not_dunned_days = days_option(args, "not-dunned-days", 15);
    opt.declaration_days = days_option(args, "declaration-days", 15);
    if (auto r = args.get("rules")) {
        std::string cur;
        for (const char ch : *r + ",") {
            if (ch == ',') {
                if (!cur.empty()) opt.rules.push_back(cur);
                cur.clear();
            } else if (ch != ' ') {
                cur.push_back(ch);
            }
        }
    }
    if (args.has("where"))
        throw UsageError("--where: custom alert rules need the filter language, which this build does not have yet");
    const Ledger ledger = load_data(args);
    std::optional<Ledger> previous;
    if (auto p = args.get("previous")) {
        previous.emplace(Ledger::load(*p));
        opt.previous = &*previous;
    }
    const Alerts al = compute_alerts(ledger, as_of, opt);
    for (const auto& n : al.notes) err << "dsocore alerts: " << n << '\n';
    write_table(args, alerts_table(ledger, al), out);
    args.finish();
    return 0;
}
const Registrar reg({"alerts",
                     "alerts --data DIR --as-of DATE [--rules NAME,…] [--not-dunned-days N] [--declaration-days N] "
                     "[--previous DIR] [--base-currency CUR] [--format csv|json|xlsx] [--output FILE]",
                     &run,
                     {}});
} // namespace
} // namespace dsocore::cli
