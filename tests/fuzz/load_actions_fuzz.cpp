// actions.csv through the loader (valid companions), reports and canonical round trip.
#include "fuzz/load_common.hpp"

DSOCORE_FUZZ_TARGET(load_actions) { fuzz::fuzz_load_file("actions.csv", data, size); }
