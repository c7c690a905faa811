// dsocore search --data DIR --as-of D --where EXPR [--base-currency C] [--role R --user U]
//                [--format csv|json] [--output FILE]
#include <ostream>

#include "cli.hpp"
#include "dsocore/core/error.hpp"
#include "dsocore/risk/assign.hpp"

namespace dsocore::cli {
namespace {

int run_search(Args& args, std::ostream& out, std::ostream&) {
    if (!args.positional().empty()) throw UsageError("unexpected argument '" + args.positional()[0] + "'");
    const std::string data = args.require("data");
    const SearchRequest s = search_request(args);
    (void)args.get("format"); // read by write_table; marked here so finish() sees them used
    (void)args.get("output");
    args.finish();
    const Ledger ledger = Ledger::load(data);
    const Table t = search_table(ledger, s, std::filesystem::path(data) / "risk.json");
    write_table(args, t, out);
    return 0;
}

const Registrar reg_search({"search",
                            "search --data DIR --as-of DATE --where EXPR [--base-currency CUR] [--role ROLE --user U] "
                            "[--format csv|json] [--output FILE]",
                            &run_search,
                            {}});
} // namespace
} // namespace dsocore::cli
