// dsocore — a compact open-addressing hash index from a 64-bit key to a row.
#pragma once

#include <cstdint>
#include <vector>

#include "dsocore/core/config.hpp"

DSOCORE_BEGIN_NAMESPACE

/// uint64 key → uint32 row; 12 bytes a slot at most 50 % load, no node allocation.
class KeyIndex {
public:
    static constexpr std::uint32_t npos = 0xffffffffu;
    void reserve(std::size_t n);
    /// Inserts key → row; returns the existing row when the key is already there.
    std::uint32_t insert(std::uint64_t key, std::uint32_t row);
    std::uint32_t find(std::uint64_t key) const noexcept;
    std::size_t size() const noexcept { return size_; }

private:
    friend class SnapshotAccess;
    static std::uint64_t mix(std::uint64_t k) noexcept {
        k ^= k >> 33;
        k *= 0xff51afd7ed558ccdULL;
        k ^= k >> 33;
        return k;
    }
    void grow();
    std::vector<std::uint64_t> keys_;
    std::vector<std::uint32_t> rows_; // npos = empty slot
    std::size_t size_ = 0;
    std::size_t mask_ = 0;
};

inline std::uint64_t pair_key(std::uint32_t a, std::uint32_t b) noexcept {
    return static_cast<std::uint64_t>(a) << 32 | b;
}

DSOCORE_END_NAMESPACE
