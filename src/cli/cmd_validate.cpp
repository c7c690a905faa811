// dsocore validate --data DIR
#include <ostream>

#include "cli.hpp"

namespace dsocore::cli {
namespace {
int run(Args& args, std::ostream& out, std::ostream&) {
    const Ledger l = load_data(args, /*templates=*/true);
    args.finish();
    out << "ok: " << l.customers().size() << " customers, " << l.items().size() << " items, "
        << l.allocations().size() << " allocations, " << l.fx().rows().size() << " fx rates, "
        << l.disputes().size() << " disputes, " << l.actions().size() << " actions, " << l.scenarios().list.size()
        << " scenarios, " << l.templates().list.size() << " templates\n";
    return 0;
}
const Registrar reg({"validate", "validate --data DIR", &run, {}});
} // namespace
} // namespace dsocore::cli
