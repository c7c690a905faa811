// dsocore agenda --data DIR --as-of DATE [--horizon N] [--base-currency CUR] [--explain] [--role R --user U]
//                [--format csv|json|xlsx] [--output FILE]
#include <ostream>

#include "cli.hpp"
#include "dsocore/collection/agenda.hpp"

namespace dsocore::cli {
namespace {
int run(Args& args, std::ostream& out, std::ostream&) {
    AgendaOptions opt;
    const Date as_of = args.date("as-of");
    if (auto h = args.get("horizon")) {
        std::int64_t v = 0;
        if (parse_fixed(*h, 0, v) != FixedParse::ok || h->find('.') != std::string::npos || v < 0 || v > 36600)
            throw UsageError("--horizon '" + *h + "': expected a number of days ≥ 0");
        opt.horizon_days = static_cast<int>(v);
    }
    opt.base_currency = args.currency("base-currency");
    const bool want_explain = args.flag("explain");
    // Templates are read and checked by agenda (collection.md).
    const Ledger ledger = load_data(args, /*templates=*/true);
    opt.customer_scope = role_scope(args, ledger); // a collector's payers only
    const Agenda ag = compute_agenda(ledger, as_of, opt);
    if (want_explain) {
        args.finish();
        for (std::size_t r = 0; r < ag.rows.size(); ++r) out << explain(ledger, ag, r).text << '\n';
        return 0;
    }
    const Table t = agenda_table(ledger, ag);
    write_table(args, t, out);
    args.finish();
    return 0;
}
const Registrar reg({"agenda",
                     "agenda --data DIR --as-of DATE [--horizon N] [--base-currency CUR] [--explain] "
                     "[--role ROLE --user U] [--format csv|json|xlsx] [--output FILE]",
                     &run,
                     {"explain"}});
} // namespace
} // namespace dsocore::cli
