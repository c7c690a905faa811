// customers.csv through the loader (valid companions), reports and canonical round trip.
#include "fuzz/load_common.hpp"

DSOCORE_FUZZ_TARGET(load_customers) { fuzz::fuzz_load_file("customers.csv", data, size); }
