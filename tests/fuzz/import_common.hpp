// Shared by the import fuzz targets: a small data directory on a scratch disk (tmpfs
// when there is one), reset before each input, and the checks every import must pass.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <map>
#include <string>

#include "dsocore/io/import.hpp"
#include "fuzz/fuzz.hpp"

namespace fuzz {

/// The scratch directory of this process (created once).
const std::filesystem::path& import_scratch();
/// Rewrites the data directory (customers, items, fx of a French and a German entity)
/// to its initial content and returns its path.
std::filesystem::path reset_import_dir();
/// Every regular file of a directory, name → bytes.
std::map<std::string, std::string> snapshot(const std::filesystem::path& dir);
/// Writes bytes to a file of the scratch directory and returns its path.
std::filesystem::path write_input(const std::string& name, const std::uint8_t* data, std::size_t size);

/// Runs import_file(profile, input) on a freshly reset directory and checks: nothing
/// but a dsocore::Error escapes; an import that is not applied (or throws) leaves the
/// directory byte for byte as it was; an applied one leaves a directory that loads;
/// the counts add up; importing the same file again creates, updates and closes
/// nothing (when `idempotent`).
void check_import(const dsocore::ImportProfile& profile, const std::filesystem::path& input, bool idempotent);

} // namespace fuzz
