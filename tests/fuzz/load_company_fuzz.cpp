// company.json through the loader (valid companions) and the reports.
#include "fuzz/load_common.hpp"

DSOCORE_FUZZ_TARGET(load_company) { fuzz::fuzz_load_file("company.json", data, size); }
