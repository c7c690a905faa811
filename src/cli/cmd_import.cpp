// dsocore import --profile P.json --input FILE [--kind KIND] --data DIR [--date D] [--dry-run] [--rejects PATH]
#include <chrono>
#include <ostream>

#include "cli.hpp"
#include "dsocore/core/error.hpp"
#include "dsocore/io/import.hpp"

namespace dsocore::cli {
namespace {
int run(Args& args, std::ostream& out, std::ostream& err) {
    ImportOptions o;
    const std::string profile_path = args.require("profile");
    o.input = args.require("input");
    o.data_dir = args.require("data");
    if (auto k = args.get("kind")) {
        auto kind = parse_import_kind(*k);
        if (!kind) throw UsageError("--kind '" + *k + "': expected customers, items, allocations, fx, disputes or actions");
        o.kind = kind;
    }
    if (args.has("date")) {
        o.date = args.date("date");
    } else {
        const auto now = std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now());
        o.date = Date::from_days(static_cast<std::int32_t>(now.time_since_epoch().count()));
    }
    o.dry_run = args.flag("dry-run");
    const bool timing = args.flag("timing");
    o.rejects_path = args.get("rejects").value_or("");
    args.finish();
    const ImportProfile p = ImportProfile::load(profile_path);
    const ImportResult r = import_file(p, o);
    if (!r.encoding.empty())
        out << "read " << o.input << " as " << r.encoding << ", separator '"
            << (r.separator == '\t' ? std::string("\\t") : std::string(1, r.separator)) << "'\n";
    if (o.dry_run) {
        out << "dry run: nothing written to " << o.data_dir.string() << "\n";
        for (const auto& c : r.changes) {
            out << "  " << c << '\n';
        }
    }
    if (o.dry_run && r.changes_omitted) out << "  … " << r.changes_omitted << " more changes\n";
    out << r.summary() << '\n';
    if (timing)
        for (const auto& [stage, sec] : r.timings) err << "  " << stage << ": " << sec << " s CPU\n";
    if (r.rejected) err << "dsocore import: " << r.rejected << " rejected line(s), see " << r.rejects_file << '\n';
    if (!r.applied) {
        err << "dsocore import: " << r.failure << '\n';
        return 1;
    }
    return 0;
}
const Registrar reg({"import",
                     "import --profile PROFILE.json --input FILE [--kind customers|items|allocations|fx|disputes|actions] "
                     "--data DIR [--date YYYY-MM-DD] [--dry-run] [--rejects FILE] [--timing]",
                     &run,
                     {"dry-run", "timing"}});
} // namespace
} // namespace dsocore::cli
