// Internal to the loader: a zeroed array in transparent huge pages where the system
// allows them (THP "madvise" mode), for hash tables probed at random while loading.
//
// A table of tens of MB probed once per row costs a TLB miss a probe with 4 KiB pages
// (a page walk, expensive in a VM, and not hidden by software prefetch); with 2 MiB
// pages the whole table fits the TLB. Where huge pages are unavailable it is an
// ordinary zeroed anonymous mapping.
#pragma once

#include <sys/mman.h>

#include <cstddef>
#include <cstdint>
#include <new>
#include <type_traits>

#include "dsocore/core/config.hpp"

DSOCORE_BEGIN_NAMESPACE

template <class T>
class ZeroedHugeArray {
    static_assert(std::is_trivially_copyable_v<T>, "zero bytes must be a valid T");

public:
    ZeroedHugeArray() = default;
    explicit ZeroedHugeArray(std::size_t n) : n_(n) {
        if (n == 0) return;
        constexpr std::size_t huge = std::size_t{2} << 20;
        const std::size_t bytes = (n * sizeof(T) + huge - 1) / huge * huge;
        map_len_ = bytes + huge; // room to align the start on a huge page
        void* m = ::mmap(nullptr, map_len_, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        if (m == MAP_FAILED) throw std::bad_alloc();
        map_ = m;
        const auto at = (reinterpret_cast<std::uintptr_t>(m) + huge - 1) / huge * huge;
        ::madvise(reinterpret_cast<void*>(at), bytes, MADV_HUGEPAGE); // a hint: failure is fine
        p_ = reinterpret_cast<T*>(at);
    }
    ZeroedHugeArray(ZeroedHugeArray&& o) noexcept : p_(o.p_), n_(o.n_), map_(o.map_), map_len_(o.map_len_) {
        o.p_ = nullptr;
        o.n_ = 0;
        o.map_ = nullptr;
    }
    ZeroedHugeArray& operator=(ZeroedHugeArray&& o) noexcept {
        if (this != &o) {
            release();
            p_ = o.p_;
            n_ = o.n_;
            map_ = o.map_;
            map_len_ = o.map_len_;
            o.p_ = nullptr;
            o.n_ = 0;
            o.map_ = nullptr;
        }
        return *this;
    }
    ZeroedHugeArray(const ZeroedHugeArray&) = delete;
    ZeroedHugeArray& operator=(const ZeroedHugeArray&) = delete;
    ~ZeroedHugeArray() { release(); }

    std::size_t size() const noexcept { return n_; }
    T* data() noexcept { return p_; }
    const T* data() const noexcept { return p_; }
    T& operator[](std::size_t i) noexcept { return p_[i]; }
    const T& operator[](std::size_t i) const noexcept { return p_[i]; }

private:
    void release() noexcept {
        if (map_) ::munmap(map_, map_len_);
        map_ = nullptr;
    }
    T* p_ = nullptr;
    std::size_t n_ = 0;
    void* map_ = nullptr;
    std::size_t map_len_ = 0;
};

DSOCORE_END_NAMESPACE
