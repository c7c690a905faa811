// items.csv through the loader (valid companions), reports and canonical round trip.
#include "fuzz/load_common.hpp"

DSOCORE_FUZZ_TARGET(load_items) { fuzz::fuzz_load_file("items.csv", data, size); }
