// dsocore C ABI — import (its own translation unit: dsocore/io/import.hpp cannot be
// included next to the report headers, see guard.hpp).
#include <chrono>

#include "dsocore/io/import.hpp"
#include "guard.hpp"

using namespace dsocore;
using dsocore::capi::BadArgument;
using dsocore::capi::check_version;
using dsocore::capi::guard_ctx;
using dsocore::capi::non_null;
using dsocore::capi::parse_date_arg;
using dsocore::capi::str_or;

struct dso_import_result {
    explicit dso_import_result(ImportResult&& r) : result(std::move(r)), summary(result.summary()) {}
    ImportResult result;
    std::string summary; ///< "created N, updated N, …"
};

namespace {
/// Today (UTC), the CLI's default import date.
Date today_utc() {
    const auto now = std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now());
    return Date::from_days(static_cast<std::int32_t>(now.time_since_epoch().count()));
}
} // namespace

extern "C" {

int dso_import(dso_context* ctx, const char* data_dir, const char* input, const dso_import_options* opts,
               dso_import_result** out) {
    return guard_ctx(ctx, "dso_import", [&] {
        non_null(out, "out");
        *out = nullptr;
        ImportOptions o;
        o.data_dir = non_null(data_dir, "data_dir");
        o.input = non_null(input, "input");
        o.date = today_utc();
        std::optional<ImportProfile> profile;
        if (opts) {
            check_version(opts->version, DSO_IMPORT_OPTIONS_VERSION, "opts");
            if (opts->profile && opts->profile_json) throw BadArgument{"give opts->profile or opts->profile_json, not both"};
            if (opts->kind) {
                o.kind = parse_import_kind(opts->kind);
                if (!o.kind)
                    throw Error(Errc::invalid_argument, std::string("kind '") + opts->kind +
                                                            "': expected customers, items, allocations, fx, disputes or actions");
            }
            if (opts->date) o.date = parse_date_arg(opts->date, "opts->date");
            o.dry_run = opts->dry_run != 0;
            o.rejects_path = str_or(opts->rejects_path);
            if (opts->profile) profile = ImportProfile::load(opts->profile);
            else if (opts->profile_json) profile = ImportProfile::parse(opts->profile_json);
        }
        if (!profile) {
            if (!o.kind) throw BadArgument{"no profile: give opts->profile, opts->profile_json or opts->kind"};
            profile = ImportProfile::canonical(*o.kind);
        }
        *out = new dso_import_result(import_file(*profile, o));
    });
}

void dso_import_result_destroy(dso_import_result* r) { delete r; }
int dso_import_applied(const dso_import_result* r) { return r && r->result.applied ? 1 : 0; }

size_t dso_import_count(const dso_import_result* r, dso_import_counter which) {
    if (!r) return 0;
    switch (which) {
    case DSO_IMPORT_CREATED: return r->result.created;
    case DSO_IMPORT_UPDATED: return r->result.updated;
    case DSO_IMPORT_UNCHANGED: return r->result.unchanged;
    case DSO_IMPORT_CLOSED: return r->result.closed;
    case DSO_IMPORT_REJECTED: return r->result.rejected;
    case DSO_IMPORT_CHANGES: return r->result.changes.size();
    }
    return 0;
}

const char* dso_import_text(const dso_import_result* r, dso_import_text_kind which) {
    if (!r) return "";
    switch (which) {
    case DSO_IMPORT_SUMMARY: return r->summary.c_str();
    case DSO_IMPORT_REJECTS_FILE: return r->result.rejects_file.c_str();
    case DSO_IMPORT_FAILURE: return r->result.failure.c_str();
    case DSO_IMPORT_ENCODING: return r->result.encoding.c_str();
    }
    return "";
}

const char* dso_import_change(const dso_import_result* r, size_t index) {
    return r && index < r->result.changes.size() ? r->result.changes[index].c_str() : nullptr;
}

int dso_import_rejects(dso_context* ctx, const dso_import_result* r, dso_table** out) {
    return guard_ctx(ctx, "dso_import_rejects", [&] {
        non_null(out, "out");
        *out = nullptr;
        non_null(r, "result");
        Table t;
        t.report = "import_rejects";
        const std::size_t c_line = t.add_column("line", CellType::integer);
        const std::size_t c_raw = t.add_column("raw", CellType::text);
        const std::size_t c_why = t.add_column("reasons", CellType::text);
        for (const auto& rl : r->result.rejects) {
            t.push_int(c_line, rl.line);
            t.push_text(c_raw, rl.raw);
            std::string reasons;
            for (const auto& x : rl.reasons) reasons += (reasons.empty() ? "" : "; ") + x;
            t.push_text(c_why, reasons);
        }
        *out = new dso_table(std::move(t));
    });
}

} // extern "C"
