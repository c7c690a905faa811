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
        auto request = [&](const char* name, std::map<std::string, std::string> options) {
            ReportRequest r;
            r.name = name;
            r.as_of = as_of;
            r.base_currency = Currency::of("EUR");
            r.by = "customer";
            r.options = std::move(options);
            return r;
        };
        const ReportRequest aging = request("aging", {{"buckets", "30,60,90"}});
        const ReportRequest dso = request("dso", {{"method", "standard"}, {"period", "90"}});
        const ReportRequest late = request("payment_profile", {{"window", "365d"}});
        const Table ta = run_report(l, aging);
        const Table td = run_report(l, dso);
        const Table tl = run_report(l, late);
        const auto t2 = clock::now();
        const std::string out = argv[2];
        std::ofstream(out + "/aging.csv") << to_csv(ta);
        std::ofstream(out + "/dso.csv") << to_csv(td);
        std::ofstream(out + "/late.csv") << to_csv(tl); // avg_days_late column
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
