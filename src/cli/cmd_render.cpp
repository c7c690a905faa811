// dsocore render --data DIR --as-of DATE --customer [ENTITY:]ID --step STEP [--scenario ID]
#include <ostream>

#include "cli.hpp"
#include "dsocore/collection/actions.hpp"
#include "dsocore/collection/render.hpp"

namespace dsocore::cli {
namespace {
int run(Args& args, std::ostream& out, std::ostream&) {
    const Date as_of = args.date("as-of");
    const auto [entity, id] = split_customer_key(args.require("customer"));
    const std::string step = args.require("step");
    const std::string scenario = args.get("scenario").value_or("");
    const Ledger ledger = load_data(args, /*templates=*/true);
    args.finish();
    out << format_rendered(render_step(ledger, as_of, entity, id, step, scenario));
    return 0;
}
const Registrar reg({"render", "render --data DIR --as-of DATE --customer [ENTITY:]ID --step STEP [--scenario ID]", &run, {}});
} // namespace
} // namespace dsocore::cli
