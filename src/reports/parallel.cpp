#include "dsocore/reports/parallel.hpp"

#include <cstdlib>

DSOCORE_BEGIN_NAMESPACE

unsigned parallel_workers(std::size_t n, std::size_t grain) noexcept {
    static const unsigned hw = [] {
        if (const char* e = std::getenv("DSOCORE_THREADS")) {
            const long v = std::strtol(e, nullptr, 10);
            if (v >= 1 && v <= 64) return static_cast<unsigned>(v);
        }
        const unsigned h = std::thread::hardware_concurrency();
        return std::clamp(h, 1u, 8u);
    }();
    if (grain == 0) grain = 1;
    const std::size_t by_size = n / grain;
    return static_cast<unsigned>(std::max<std::size_t>(1, std::min<std::size_t>(hw, by_size)));
}

DSOCORE_END_NAMESPACE
