// scenarios.json through the loader (valid companions) and the reports.
#include "fuzz/load_common.hpp"

DSOCORE_FUZZ_TARGET(load_scenarios) { fuzz::fuzz_load_file("scenarios.json", data, size); }
