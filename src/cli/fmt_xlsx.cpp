// Registers the xlsx output format for every command that writes a table.
#include "cli.hpp"
#include "dsocore/io/xlsx.hpp"

namespace dsocore::cli {
namespace {
const bool registered = (register_table_format("xlsx", &write_xlsx), true);
} // namespace
} // namespace dsocore::cli
