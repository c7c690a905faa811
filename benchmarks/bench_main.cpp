// dsocore benchmarks (Google Benchmark). Data: the directory in $DSOCORE_BENCH_DATA
// (make one with gen_data), else the bundled sample portfolio.
//
//   gen_data /tmp/d1m --items 1000000
//   DSOCORE_BENCH_DATA=/tmp/d1m build/release/benchmarks/dsocore_bench
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <memory>
#include <string>

#include "dsocore/core/decimal.hpp"
#include "dsocore/ledger/ledger.hpp"
#include "dsocore/reports/report.hpp"
#include "workload.hpp"

#ifndef DSOCORE_SOURCE_DIR
#define DSOCORE_SOURCE_DIR "."
#endif

namespace {
using namespace dsocore;

std::string data_dir() {
    if (const char* e = std::getenv("DSOCORE_BENCH_DATA")) return e;
    return std::string(DSOCORE_SOURCE_DIR) + "/examples/data";
}

const Ledger& ledger() {
    static const std::unique_ptr<Ledger> l = std::make_unique<Ledger>(Ledger::load(data_dir()));
    return *l;
}

Date as_of() { return Date::parse("2026-06-30").value(); }

void BM_Load(benchmark::State& st) {
    for (auto _ : st) {
        Ledger l = Ledger::load(data_dir());
        benchmark::DoNotOptimize(l.items().size());
        st.counters["items"] = static_cast<double>(l.items().size());
    }
}
BENCHMARK(BM_Load)->Unit(benchmark::kMillisecond)->MeasureProcessCPUTime()->UseRealTime();

void run(benchmark::State& st, const char* report, std::map<std::string, std::string> options) {
    const Ledger& l = ledger();
    ReportRequest r;
    r.name = report;
    r.as_of = as_of();
    r.options = std::move(options);
    for (auto _ : st) {
        Table t = run_report(l, r);
        benchmark::DoNotOptimize(t);
    }
    st.counters["items"] = static_cast<double>(l.items().size());
}

void BM_Aging(benchmark::State& st) { run(st, "aging", {}); }
BENCHMARK(BM_Aging)->Unit(benchmark::kMillisecond)->MeasureProcessCPUTime()->UseRealTime();
void BM_DsoStandard(benchmark::State& st) { run(st, "dso", {{"method", "standard"}, {"period", "90"}}); }
BENCHMARK(BM_DsoStandard)->Unit(benchmark::kMillisecond)->MeasureProcessCPUTime()->UseRealTime();
void BM_DsoCountback(benchmark::State& st) { run(st, "dso", {}); }
BENCHMARK(BM_DsoCountback)->Unit(benchmark::kMillisecond)->MeasureProcessCPUTime()->UseRealTime();

void BM_PaymentProfile365(benchmark::State& st) { run(st, "payment_profile", {{"window", "365d"}}); }
BENCHMARK(BM_PaymentProfile365)->Unit(benchmark::kMillisecond)->MeasureProcessCPUTime()->UseRealTime();

/// The same days-late figure straight from the allocation columns (benchmarks/workload.hpp).
void BM_DaysLateColumns(benchmark::State& st) {
    const Ledger& l = ledger();
    for (auto _ : st) {
        auto d = dsocore_bench::days_late(l, as_of().days(), 365);
        benchmark::DoNotOptimize(d);
    }
}
BENCHMARK(BM_DaysLateColumns)->Unit(benchmark::kMillisecond)->MeasureProcessCPUTime()->UseRealTime();

void BM_DecimalAdd(benchmark::State& st) {
    const Decimal a = Decimal::parse("12345.67"), b = Decimal::parse("0.005");
    Decimal s = a;
    for (auto _ : st) {
        s = s + b;
        benchmark::DoNotOptimize(s);
    }
}
BENCHMARK(BM_DecimalAdd);

void BM_DecimalMul(benchmark::State& st) {
    const Decimal a = Decimal::parse("12345.67"), b = Decimal::parse("1.0842");
    for (auto _ : st) {
        Decimal p = a * b;
        benchmark::DoNotOptimize(p);
    }
}
BENCHMARK(BM_DecimalMul);

void BM_DecimalDivide(benchmark::State& st) {
    const Decimal a = Decimal::parse("12345.67"), b = Decimal::parse("3");
    for (auto _ : st) {
        Decimal q = Decimal::divide(a, b, 2, Rounding::half_even);
        benchmark::DoNotOptimize(q);
    }
}
BENCHMARK(BM_DecimalDivide);

void BM_ParseFixed(benchmark::State& st) {
    std::int64_t v = 0;
    for (auto _ : st) {
        benchmark::DoNotOptimize(parse_fixed("-1234567.89", 2, v));
        benchmark::DoNotOptimize(v);
    }
}
BENCHMARK(BM_ParseFixed);

void BM_Int64SumChecked(benchmark::State& st) {
    std::vector<std::int64_t> v(1 << 16);
    for (std::size_t i = 0; i < v.size(); ++i) v[i] = static_cast<std::int64_t>(i * 37 % 100000);
    for (auto _ : st) {
        std::int64_t s = 0;
        for (auto x : v) s = checked_add(s, x);
        benchmark::DoNotOptimize(s);
    }
    st.SetItemsProcessed(static_cast<std::int64_t>(st.iterations()) * static_cast<std::int64_t>(v.size()));
}
BENCHMARK(BM_Int64SumChecked);

} // namespace

BENCHMARK_MAIN();
