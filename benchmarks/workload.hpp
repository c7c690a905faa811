// The peer-comparison workload on a loaded ledger (benchmarks and the peers script).
//
// peer_workload(): the three reports of benchmarks/peers — aging by customer in EUR
// (buckets 30,60,90), DSO standard over 90 days, payment_profile over 365 days (its
// avg_days_late column is the weighted average days late) — through run_report, as a
// library caller runs them.
//
// days_late(): the weighted average days late per customer computed straight from the
// allocation columns in file order (a cross-check of payment_profile and a measure of
// what a scan in allocation order costs). For each allocation dated in
// (A − window, A] on an invoice or debit note: w = conv(amount, date),
// late = date − due_date; per customer Σ w·late / Σ w, half-even to one decimal,
// empty when there is none or Σ w ≤ 0.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "dsocore/core/error.hpp"
#include "dsocore/ledger/ledger.hpp"
#include "dsocore/reports/parallel.hpp"
#include "dsocore/reports/report.hpp"
#include "dsocore/reports/scan.hpp"

namespace dsocore_bench {

struct PeerTables {
    dsocore::Table aging, dso, late;
};

inline PeerTables peer_workload(const dsocore::Ledger& L, dsocore::Date as_of) {
    using namespace dsocore;
    auto request = [&](const char* name, std::map<std::string, std::string> options) {
        ReportRequest r;
        r.name = name;
        r.as_of = as_of;
        r.base_currency = Currency::of("EUR");
        r.by = "customer";
        r.options = std::move(options);
        return r;
    };
    PeerTables t;
    t.aging = run_report(L, request("aging", {{"buckets", "30,60,90"}}));
    t.dso = run_report(L, request("dso", {{"method", "standard"}, {"period", "90"}}));
    t.late = run_report(L, request("payment_profile", {{"window", "365d"}}));
    return t;
}

struct DaysLate {
    std::vector<std::int64_t> weight;     ///< Σ w per customer row (base minor units)
    std::vector<dsocore::i128> weighted;  ///< Σ w·late per customer row
};

inline DaysLate days_late(const dsocore::Ledger& L, std::int32_t A, int window_days) {
    using namespace dsocore;
    const ItemTable& I = L.items();
    const AllocationTable& Al = L.allocations();
    const Converter base(L.fx(), L.fx().base());
    const std::size_t nc = L.customers().size();
    const unsigned workers = parallel_workers(Al.size());
    std::vector<DaysLate> parts(workers);
    parallel_ranges(Al.size(), [&](unsigned w, std::size_t b, std::size_t e) {
        DaysLate d{std::vector<std::int64_t>(nc, 0), std::vector<i128>(nc, 0)};
        ScanConverter conv(base, A - window_days + 1, A); // factors per (currency, day), hoisted
        for (std::size_t k = b; k < e; ++k) {
            const std::int32_t day = Al.date[k];
            if (day <= A - window_days || day > A) continue;
            const std::uint32_t i = Al.item[k];
            if (I.type[i] != ItemType::invoice && I.type[i] != ItemType::debit_note) continue;
            const std::int64_t x = conv(Al.amount[k], I.currency[i], day);
            const std::uint32_t c = I.customer[i];
            d.weight[c] = checked_add(d.weight[c], x);
            d.weighted[c] += static_cast<i128>(x) * (day - I.due_date[i]);
        }
        parts[w] = std::move(d);
    });
    DaysLate r = std::move(parts[0]);
    for (unsigned w = 1; w < workers; ++w)
        for (std::size_t c = 0; c < nc; ++c) {
            r.weight[c] = checked_add(r.weight[c], parts[w].weight[c]);
            r.weighted[c] += parts[w].weighted[c];
        }
    return r;
}

/// avg days late of customer c as tenths (half-even), or false when undefined.
inline bool avg_days_late_tenths(const DaysLate& d, std::size_t c, std::int64_t& tenths) {
    if (d.weight[c] <= 0) return false;
    tenths = dsocore::ratio_units(dsocore::Int256(d.weighted[c]), dsocore::Int256(d.weight[c]), 1);
    return true;
}

} // namespace dsocore_bench
