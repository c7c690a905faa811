// fx.csv through the loader (valid companions), reports and canonical round trip.
#include "fuzz/load_common.hpp"

DSOCORE_FUZZ_TARGET(load_fx) { fuzz::fuzz_load_file("fx.csv", data, size); }
