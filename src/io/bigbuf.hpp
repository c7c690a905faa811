// Internal: large buffers backed by transparent huge pages where the kernel offers them.
//
// An import of 1M rows touches ~400 MB of fresh memory (the file, its values, the merged
// table, the output text). With 4 KiB pages that is ~100,000 page faults, about a sixth
// of the import's CPU time; with 2 MiB pages it is a few hundred. Linux's default THP
// mode is "madvise", so the buffers ask for it (before their pages are first touched).
#pragma once

#include <cstddef>
#include <cstdint>

#if defined(__linux__)
#include <sys/mman.h>
#endif

#include "dsocore/core/config.hpp"

DSOCORE_BEGIN_NAMESPACE
namespace detail {

/// Advises huge pages for the 2 MiB-aligned part of [p, p + n) (a no-op elsewhere).
inline void advise_huge(const void* p, std::size_t n) noexcept {
#if defined(__linux__) && defined(MADV_HUGEPAGE)
    constexpr std::uintptr_t k = std::uintptr_t{1} << 21;
    if (n < 2 * k) return;
    const auto a = reinterpret_cast<std::uintptr_t>(p);
    const std::uintptr_t b = (a + k - 1) & ~(k - 1), e = (a + n) & ~(k - 1);
    if (e > b) ::madvise(reinterpret_cast<void*>(b), e - b, MADV_HUGEPAGE);
#else
    (void)p;
    (void)n;
#endif
}

/// c.reserve(n), the new storage advised for huge pages (vector or string).
template <class C>
void reserve_huge(C& c, std::size_t n) {
    c.reserve(n);
    advise_huge(c.data(), c.capacity() * sizeof(*c.data()));
}

} // namespace detail
DSOCORE_END_NAMESPACE
