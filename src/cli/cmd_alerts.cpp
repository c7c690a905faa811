// dsocore alerts --data DIR --as-of DATE [--rules r1,r2] [--not-dunned-days N]
//                [--declaration-days N] [--previous DIR] [--where EXPR] [--window 6m] [--base-currency CUR] [--format …] [--output FILE]
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
    if (auto w = args.get("where")) {
        if (w->find_first_not_of(" \t") == std::string::npos)
            throw UsageError("--where: expected an expression, e.g. \"overdue_pct > 50 and dso > 60\"");
        opt.where = *w;
    }
    if (auto w = args.get("window")) opt.window = *w;
    const Ledger ledger = load_data(args);
    opt.customer_scope = role_scope(args, ledger); // a collector's customers only
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
                     "[--previous DIR] [--where EXPR] [--window 6m] [--base-currency CUR] [--role ROLE --user U] [--format csv|json|xlsx] [--output FILE]",
                     &run,
                     {}});
} // namespace
} // namespace dsocore::cli
