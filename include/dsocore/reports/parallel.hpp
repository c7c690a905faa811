// dsocore — a small fork-join helper for column scans.
//
// parallel_ranges(n, fn) splits [0, n) into contiguous ranges, one per worker, and runs
// fn(worker, begin, end) on each: worker 0 on the calling thread, the others on
// short-lived threads. Reports give every worker its own accumulators and merge them
// in worker order afterwards; integer sums are associative, so the result is the same
// as a single pass. Small inputs run inline (no thread is started).
#pragma once

#include <algorithm>
#include <cstddef>
#include <exception>
#include <thread>
#include <vector>

#include "dsocore/core/config.hpp"

DSOCORE_BEGIN_NAMESPACE

/// Below this many rows a scan runs on one thread (a thread start costs ~50 µs).
inline constexpr std::size_t kParallelGrain = std::size_t{1} << 17;

/// Number of workers parallel_ranges will use for n rows (1 … hardware threads, ≤ 8).
/// Set DSOCORE_THREADS=1 in the environment to force one.
unsigned parallel_workers(std::size_t n, std::size_t grain = kParallelGrain) noexcept;

/// Runs fn(worker, begin, end) over parallel_workers(n) contiguous ranges covering
/// [0, n) in order. The first exception thrown (in worker order) is rethrown.
template <class Fn>
void parallel_ranges(std::size_t n, Fn&& fn, std::size_t grain = kParallelGrain) {
    const unsigned w = parallel_workers(n, grain);
    if (w <= 1) {
        fn(0u, std::size_t{0}, n);
        return;
    }
    std::vector<std::exception_ptr> errors(w);
    std::vector<std::thread> threads;
    threads.reserve(w - 1);
    auto range = [&](unsigned k) { return std::pair<std::size_t, std::size_t>(n * k / w, n * (k + 1) / w); };
    for (unsigned k = 1; k < w; ++k)
        threads.emplace_back([&, k] {
            try {
                const auto [b, e] = range(k);
                fn(k, b, e);
            } catch (...) {
                errors[k] = std::current_exception();
            }
        });
    try {
        const auto [b, e] = range(0);
        fn(0u, b, e);
    } catch (...) {
        errors[0] = std::current_exception();
    }
    for (auto& t : threads) t.join();
    for (auto& e : errors)
        if (e) std::rethrow_exception(e);
}

DSOCORE_END_NAMESPACE
