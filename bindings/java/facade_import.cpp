// dsocore Java door — the import (see facade_import.hpp).
#include "facade_import.hpp"

#include <chrono>

#include "dsocore/core/error.hpp"
#include "dsocore/io/import.hpp"

namespace dsocore::jni::detail {

ImportOutcome run_import(const ImportArgs& a) {
    ImportOptions o;
    o.data_dir = a.data_dir;
    o.input = a.input;
    if (!a.kind.empty()) {
        o.kind = parse_import_kind(a.kind);
        if (!o.kind)
            throw Error(Errc::invalid_argument,
                        "kind '" + a.kind + "': expected customers, items, allocations, fx, disputes or actions");
    }
    if (a.date.empty()) {
        const auto now = std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now());
        o.date = Date::from_days(static_cast<std::int32_t>(now.time_since_epoch().count()));
    } else {
        const auto d = Date::parse(a.date);
        if (!d) throw Error(Errc::invalid_argument, "date '" + a.date + "': expected a date YYYY-MM-DD");
        o.date = *d;
    }
    o.dry_run = a.dry_run;
    o.rejects_path = a.rejects;
    if (!a.profile.empty() && !a.profile_json.empty())
        throw Error(Errc::invalid_argument, "importFile: give a profile path or a profile JSON text, not both");
    ImportProfile p;
    if (!a.profile.empty()) p = ImportProfile::load(a.profile);
    else if (!a.profile_json.empty()) p = ImportProfile::parse(a.profile_json);
    else if (o.kind) p = ImportProfile::canonical(*o.kind);
    else throw Error(Errc::invalid_argument, "importFile: no profile: give a profile, a profile JSON text or a kind");
    const ImportResult r = import_file(p, o);
    ImportOutcome out;
    out.applied = r.applied;
    out.created = static_cast<std::int64_t>(r.created);
    out.updated = static_cast<std::int64_t>(r.updated);
    out.unchanged = static_cast<std::int64_t>(r.unchanged);
    out.closed = static_cast<std::int64_t>(r.closed);
    out.rejected = static_cast<std::int64_t>(r.rejected);
    out.rejects_file = r.rejects_file;
    out.failure = r.failure;
    out.encoding = r.encoding;
    out.summary = r.summary();
    out.changes = r.changes;
    for (const auto& rl : r.rejects) {
        out.reject_lines.push_back(rl.line);
        out.reject_raw.push_back(rl.raw);
        std::string reasons;
        for (const auto& x : rl.reasons) reasons += (reasons.empty() ? "" : "; ") + x;
        out.reject_reasons.push_back(reasons);
    }
    return out;
}

} // namespace dsocore::jni::detail
