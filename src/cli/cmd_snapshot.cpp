// dsocore snapshot --data DIR --output FILE.dsoc
// Loads and validates a data directory once, then writes the loaded columnar ledger as
// a binary snapshot; any command then opens it with --data FILE.dsoc in a fraction of
// the CSV load time.
#include <chrono>
#include <ostream>

#include "cli.hpp"

namespace dsocore::cli {
namespace {
int run(Args& args, std::ostream& out, std::ostream&) {
    const std::string output = args.require("output");
    const Ledger l = load_data(args, /*templates=*/true);
    args.finish();
    l.save_snapshot(output);
    out << "snapshot " << output << ": " << l.customers().size() << " customers, " << l.items().size() << " items, "
        << l.allocations().size() << " allocations\n";
    return 0;
}
const Registrar reg({"snapshot", "snapshot --data DIR --output FILE.dsoc", &run, {}});
} // namespace
} // namespace dsocore::cli
