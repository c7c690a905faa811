// Shared by the loader fuzz targets: the fuzzed bytes become one file of a data
// directory whose other files are small and valid; a successful load must survive
// the reports and a canonical save → load round trip. Compiled once (load_common.cpp)
// so that each target stays a one-line file.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "dsocore/ledger/ledger.hpp"
#include "fuzz/fuzz.hpp"

namespace fuzz {

/// The companions of `file`: the files it refers to, valid, and nothing that refers
/// back to rows the fuzzed file might not have.
dsocore::DataSources companions(std::string_view file);
/// Options for fuzzing: no built-in templates, few diagnostics.
dsocore::LoadOptions fuzz_options(bool templates);
/// Runs the reports a loaded ledger must answer without crashing.
void exercise(const dsocore::Ledger& L);
/// The canonical text of every CSV file reloads to the same canonical text.
void check_round_trip(const dsocore::Ledger& L, const dsocore::DataSources& original, bool templates);
/// Fuzzes one file of the directory.
void fuzz_load_file(const std::string& file, const std::uint8_t* data, std::size_t size, bool templates = false);

} // namespace fuzz
