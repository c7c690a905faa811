// dsocore benchmarks (Google Benchmark). Data: $DSOCORE_BENCH_DATA (a data directory
// made with gen_data, or a snapshot .dsoc), else the bundled sample portfolio.
//
//   gen_data /tmp/d1m --items 1000000 --no-actions
//   dsocore snapshot --data /tmp/d1m --output /tmp/d1m.dsoc
//   DSOCORE_BENCH_DATA=/tmp/d1m.dsoc build/release/benchmarks/dsocore_bench
//
// What is measured: load (CSV or snapshot → ledger), every report of the registry with
// its default options (Report/<name>), the peer workload (aging + DSO standard 90 days
// + payment_profile 365d, the issue-8 target), the agenda (scenario evaluation) and its
// table, template rendering of agenda rows, the C ABI boundary (dso_report through
// libdsocore_c plus every cell read back through the typed getters), Decimal and
// fixed-point arithmetic. Times are process CPU time (all threads) and wall time.
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <memory>
#include <string>
#include <vector>

#include "dsocore/collection/agenda.hpp"
#include "dsocore/collection/render.hpp"
#include "dsocore/core/decimal.hpp"
#include "dsocore/core/error.hpp"
#include "dsocore/ledger/ledger.hpp"
#include "dsocore/reports/report.hpp"
#include "workload.hpp"
#ifdef DSOCORE_BENCH_C_ABI
#include "dsocore/dsocore.h"
#endif

#ifndef DSOCORE_SOURCE_DIR
#define DSOCORE_SOURCE_DIR "."
#endif

namespace {
using namespace dsocore;

std::string data_dir() {
    if (const char* e = std::getenv("DSOCORE_BENCH_DATA")) return e;
    return std::string(DSOCORE_SOURCE_DIR) + "/examples/data";
}

LoadOptions load_options() {
    LoadOptions o;
    o.templates = true; // agenda rendering needs them (the built-in ones by default)
    return o;
}

const Ledger& ledger() {
    static const std::unique_ptr<Ledger> l = std::make_unique<Ledger>(Ledger::load(data_dir(), load_options()));
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

void run(benchmark::State& st, const std::string& report, std::map<std::string, std::string> options) {
    const Ledger& l = ledger();
    ReportRequest r;
    r.name = report;
    r.as_of = as_of();
    r.options = std::move(options);
    try {
        for (auto _ : st) {
            Table t = run_report(l, r);
            benchmark::DoNotOptimize(t);
            st.counters["rows"] = static_cast<double>(t.rows());
        }
    } catch (const std::exception& e) {
        st.SkipWithError(e.what()); // e.g. notation without risk.json in generated data
        return;
    }
    st.counters["items"] = static_cast<double>(l.items().size());
}

// Variants beyond the defaults that the peer workload and the docs quote.
void BM_DsoStandard(benchmark::State& st) { run(st, "dso", {{"method", "standard"}, {"period", "90"}}); }
BENCHMARK(BM_DsoStandard)->Unit(benchmark::kMillisecond)->MeasureProcessCPUTime()->UseRealTime();
void BM_PaymentProfile365(benchmark::State& st) { run(st, "payment_profile", {{"window", "365d"}}); }
BENCHMARK(BM_PaymentProfile365)->Unit(benchmark::kMillisecond)->MeasureProcessCPUTime()->UseRealTime();

/// The peer workload (benchmarks/peers): aging by customer in EUR with 5 buckets, DSO
/// standard over 90 days, payment_profile over 365 days — the ≤ 0.15 s target at 10M.
void BM_PeerWorkload(benchmark::State& st) {
    const Ledger& l = ledger();
    for (auto _ : st) {
        auto t = dsocore_bench::peer_workload(l, as_of());
        benchmark::DoNotOptimize(t);
    }
    st.counters["items"] = static_cast<double>(l.items().size());
}
BENCHMARK(BM_PeerWorkload)->Unit(benchmark::kMillisecond)->MeasureProcessCPUTime()->UseRealTime();

/// The same days-late figure straight from the allocation columns (benchmarks/workload.hpp).
void BM_DaysLateColumns(benchmark::State& st) {
    const Ledger& l = ledger();
    for (auto _ : st) {
        auto d = dsocore_bench::days_late(l, as_of().days(), 365);
        benchmark::DoNotOptimize(d);
    }
}
BENCHMARK(BM_DaysLateColumns)->Unit(benchmark::kMillisecond)->MeasureProcessCPUTime()->UseRealTime();

void BM_Agenda(benchmark::State& st) {
    const Ledger& l = ledger();
    try {
        for (auto _ : st) {
            Agenda a = compute_agenda(l, as_of());
            Table t = agenda_table(l, a);
            benchmark::DoNotOptimize(t);
            st.counters["rows"] = static_cast<double>(a.rows.size());
        }
    } catch (const std::exception& e) {
        st.SkipWithError(e.what());
    }
}
BENCHMARK(BM_Agenda)->Unit(benchmark::kMillisecond)->MeasureProcessCPUTime()->UseRealTime();

/// Renders the messages of the first 1,000 agenda rows that have a template.
void BM_RenderMessages(benchmark::State& st) {
    const Ledger& l = ledger();
    Agenda a;
    try {
        a = compute_agenda(l, as_of());
    } catch (const std::exception& e) {
        st.SkipWithError(e.what());
        return;
    }
    std::vector<std::size_t> rows;
    for (std::size_t r = 0; r < a.rows.size() && rows.size() < 1000; ++r) {
        try {
            (void)render_message(l, a, r);
            rows.push_back(r);
        } catch (const Error&) { // a step without a template (call, task)
        }
    }
    if (rows.empty()) {
        st.SkipWithError("no agenda row with a template in this data");
        return;
    }
    std::size_t bytes = 0;
    for (auto _ : st) {
        for (std::size_t r : rows) {
            RenderedMessage m = render_message(l, a, r);
            bytes += m.body.size();
            benchmark::DoNotOptimize(m);
        }
    }
    st.SetItemsProcessed(static_cast<std::int64_t>(st.iterations()) * static_cast<std::int64_t>(rows.size()));
    st.counters["messages"] = static_cast<double>(rows.size());
    benchmark::DoNotOptimize(bytes);
}
BENCHMARK(BM_RenderMessages)->Unit(benchmark::kMillisecond)->MeasureProcessCPUTime()->UseRealTime();

#ifdef DSOCORE_BENCH_C_ABI
/// The C ABI boundary: dso_report("aging") through libdsocore_c, then every cell read
/// back through the typed getters (text, decimal) — what a C or FFI caller pays.
void BM_CAbiAgingAllCells(benchmark::State& st) {
    dso_context* ctx = nullptr;
    dso_ledger* led = nullptr;
    if (dso_context_create(&ctx) != DSO_OK || dso_ledger_load(ctx, data_dir().c_str(), &led) != DSO_OK) {
        st.SkipWithError(ctx ? dso_context_errmsg(ctx) : "dso_context_create failed");
        dso_context_destroy(ctx);
        return;
    }
    std::size_t cells = 0;
    for (auto _ : st) {
        dso_table* t = nullptr;
        if (dso_report(ctx, led, "aging", "2026-06-30", nullptr, &t) != DSO_OK) {
            st.SkipWithError(dso_context_errmsg(ctx));
            break;
        }
        const std::size_t rows = dso_table_row_count(t), cols = dso_table_column_count(t);
        std::int64_t sum = 0;
        std::size_t text_bytes = 0;
        for (std::size_t c = 0; c < cols; ++c) {
            dso_cell_type type;
            dso_table_column_type(ctx, t, c, &type, nullptr);
            for (std::size_t r = 0; r < rows; ++r) {
                int is_null = 0;
                dso_table_is_null(ctx, t, r, c, &is_null);
                if (is_null) continue;
                if (type == DSO_CELL_TEXT) {
                    const char* s = nullptr;
                    std::size_t len = 0;
                    dso_table_get_text(ctx, t, r, c, &s, &len);
                    text_bytes += len;
                } else if (type == DSO_CELL_DECIMAL) {
                    dso_decimal d;
                    dso_table_get_decimal(ctx, t, r, c, &d);
                    sum += d.units;
                }
            }
        }
        cells = rows * cols;
        benchmark::DoNotOptimize(sum);
        benchmark::DoNotOptimize(text_bytes);
        dso_table_destroy(t);
    }
    st.counters["cells"] = static_cast<double>(cells);
    dso_ledger_destroy(led);
    dso_context_destroy(ctx);
}
BENCHMARK(BM_CAbiAgingAllCells)->Unit(benchmark::kMillisecond)->MeasureProcessCPUTime()->UseRealTime();
#endif

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

int main(int argc, char** argv) {
    // One benchmark per report of the registry, with its default options.
    for (const ReportInfo& info : report_registry()) {
        const std::string name = info.name;
        std::map<std::string, std::string> options;
        // The credit notation and the limit proposal need a risk.json: the sample's.
        if (name == "notation" || name == "limit_proposal")
            options["risk"] = std::string(DSOCORE_SOURCE_DIR) + "/examples/data/risk.json";
        benchmark::RegisterBenchmark(("Report/" + name).c_str(),
                                     [name, options](benchmark::State& st) { run(st, name, options); })
            ->Unit(benchmark::kMillisecond)
            ->MeasureProcessCPUTime()
            ->UseRealTime();
    }
    benchmark::Initialize(&argc, argv);
    if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}
