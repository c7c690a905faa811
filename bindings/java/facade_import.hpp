// dsocore Java door — the import in plain types. dsocore/io/import.hpp cannot be
// included next to the report headers (two enums named FieldType), so the import runs
// in its own translation unit (facade_import.cpp) behind this header.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace dsocore::jni::detail {

struct ImportArgs {
    std::string data_dir, input, profile, profile_json, kind, date, rejects;
    bool dry_run = false;
};

struct ImportOutcome {
    bool applied = false;
    std::int64_t created = 0, updated = 0, unchanged = 0, closed = 0, rejected = 0;
    std::string rejects_file, failure, encoding, summary;
    std::vector<std::string> changes;
    std::vector<std::int64_t> reject_lines;
    std::vector<std::string> reject_raw, reject_reasons; ///< reasons joined by "; "
};

/// import_file with the profile from a path, a JSON text or the canonical one of kind.
ImportOutcome run_import(const ImportArgs& args);

} // namespace dsocore::jni::detail
