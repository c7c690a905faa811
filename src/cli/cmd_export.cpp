// dsocore export --data DIR --format csv|xlsx --output PATH [--canonical] [--as-of D]
#include <ostream>

#include "cli.hpp"
#include "dsocore/io/export.hpp"

namespace dsocore::cli {
namespace {
int run(Args& args, std::ostream& out, std::ostream&) {
    const Ledger l = load_data(args);
    ExportOptions o;
    o.format = args.get("format").value_or("csv");
    if (o.format != "csv" && o.format != "xlsx") throw UsageError("--format '" + o.format + "': expected csv or xlsx");
    const std::string output = args.require("output");
    o.canonical = args.flag("canonical");
    if (args.has("as-of")) o.as_of = args.date("as-of");
    args.finish();
    export_data(l, output, o);
    out << "exported " << l.customers().size() << " customers, " << l.items().size() << " items to " << output << '\n';
    return 0;
}
const Registrar reg({"export", "export --data DIR --format csv|xlsx --output PATH [--canonical] [--as-of YYYY-MM-DD]", &run,
                     {"canonical"}});
} // namespace
} // namespace dsocore::cli
