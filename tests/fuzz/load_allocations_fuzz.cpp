// allocations.csv through the loader (valid companions), reports and canonical round trip.
#include "fuzz/load_common.hpp"

DSOCORE_FUZZ_TARGET(load_allocations) { fuzz::fuzz_load_file("allocations.csv", data, size); }
