// peer_dsocore — the dsocore side of benchmarks/peers/run: loads a data directory,
// runs the workload (aging by customer in EUR with 5 buckets, standard DSO over 90
// days, weighted average days late per customer over 365 days = payment_profile's
// avg_days_late with --window 365d) and writes the results
// and the timings for the comparison.
//
//   peer_dsocore DATA_DIR OUT_DIR [AS_OF]
// Writes OUT_DIR/aging.csv, dso.csv, late.csv; prints {"load_s": …, "compute_s": …}.
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>

#include "dsocore/core/error.hpp"
#include "dsocore/ledger/ledger.hpp"
#include "dsocore/reports/report.hpp"
#include "workload.hpp"

int main(int argc, char** argv) {
    using namespace dsocore;
    using clock = std::chrono::steady_clock;
    if (argc < 3) {
        std::cerr << "usage: peer_dsocore DATA_DIR OUT_DIR [AS_OF]\n";
        return 2;
    }
    try {
        const Date as_of = Date::parse(argc > 3 ? argv[3] : "2026-06-30").value();
        const auto t0 = clock::now();
        const Ledger l = Ledger::load(argv[1]);
        const auto t1 = clock::now();
        const dsocore_bench::PeerTables t = dsocore_bench::peer_workload(l, as_of);
        const auto t2 = clock::now();
        const std::string out = argv[2];
        std::ofstream(out + "/aging.csv") << to_csv(t.aging);
        std::ofstream(out + "/dso.csv") << to_csv(t.dso);
        std::ofstream(out + "/late.csv") << to_csv(t.late); // avg_days_late column
        const double load_s = std::chrono::duration<double>(t1 - t0).count();
        const double compute_s = std::chrono::duration<double>(t2 - t1).count();
        std::printf("{\"load_s\": %.3f, \"compute_s\": %.3f, \"items\": %zu, \"allocations\": %zu}\n", load_s, compute_s,
                    l.items().size(), l.allocations().size());
    } catch (const DataError& e) {
        std::cerr << "peer_dsocore: " << e.what() << '\n';
        return 1;
    } catch (const std::exception& e) {
        std::cerr << "peer_dsocore: " << e.what() << '\n';
        return 1;
    }
    return 0;
}
