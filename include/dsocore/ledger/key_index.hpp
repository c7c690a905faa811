// dsocore — a compact open-addressing hash index from a 64-bit key to a row.
#pragma once

#include <cstdint>

#include "dsocore/core/config.hpp"
#include "dsocore/ledger/column.hpp"

DSOCORE_BEGIN_NAMESPACE

/// uint64 key → uint32 row; 12 bytes a slot at most 75 % load, no node allocation.
/// The slot arrays are columns: a snapshot's index is viewed in the mapped file.
class KeyIndex {
public:
    static constexpr std::uint32_t npos = 0xffffffffu;
    void reserve(std::size_t n);
    /// Inserts key → row; returns the existing row when the key is already there.
    std::uint32_t insert(std::uint64_t key, std::uint32_t row);
    std::uint32_t find(std::uint64_t key) const noexcept {
        if (keys_.empty()) return npos;
        std::size_t i = mix(key) & mask_;
        const std::uint64_t* k = keys_.data();
        const std::uint32_t* r = rows_.data();
        while (r[i] != npos) {
            if (k[i] == key) return r[i];
            i = (i + 1) & mask_;
        }
        return npos;
    }
    /// Hints that `key` is about to be looked up or inserted.
    void prefetch(std::uint64_t key) const noexcept {
        if (keys_.empty()) return;
        const std::size_t i = mix(key) & mask_;
        __builtin_prefetch(keys_.data() + i);
        __builtin_prefetch(rows_.data() + i);
    }
    std::size_t size() const noexcept { return size_; }
    std::size_t memory_bytes() const noexcept { return keys_.memory_bytes() + rows_.memory_bytes(); }

private:
    friend class SnapshotAccess;
    static std::uint64_t mix(std::uint64_t k) noexcept {
        k ^= k >> 33;
        k *= 0xff51afd7ed558ccdULL;
        k ^= k >> 33;
        return k;
    }
    void grow();
    LedgerColumn<std::uint64_t> keys_;
    LedgerColumn<std::uint32_t> rows_; // npos = empty slot
    std::size_t size_ = 0;
    std::size_t mask_ = 0;
};

/// (entity, item id) → item row, for item ids interned in the string pool: per id
/// string the last row having it (`head`, indexed by the id), per row the previous row
/// with the same id string (`next`, always a smaller row). 4 bytes per string and 4 per
/// row, no hashing (the pool already hashed the id), sequential writes while loading;
/// an id used by several entities is a short chain.
class ItemIndex {
public:
    static constexpr std::uint32_t npos = 0xffffffffu;
    void reserve(std::size_t ids, std::size_t rows) {
        head_.reserve(ids);
        next_.reserve(rows);
    }
    std::uint32_t find(std::uint32_t entity, std::uint32_t id, const LedgerColumn<std::uint32_t>& entities) const noexcept {
        if (id >= head_.size()) return npos;
        for (std::uint32_t r = head_[id]; r != npos; r = next_[r])
            if (entities[r] == entity) return r;
        return npos;
    }
    /// Indexes `row` (rows come in increasing order) under (entity, id) and returns it,
    /// or returns the earlier row with that key (then `row` is not indexed).
    /// `entities` holds the entity of every row before `row`.
    std::uint32_t insert(std::uint32_t entity, std::uint32_t id, std::uint32_t row, const LedgerColumn<std::uint32_t>& entities) {
        if (id >= head_.size()) head_.resize(std::size_t{id} + 1, npos);
        if (row >= next_.size()) next_.resize(std::size_t{row} + 1, npos);
        for (std::uint32_t r = head_[id]; r != npos; r = next_[r])
            if (entities[r] == entity) return r;
        next_[row] = head_[id];
        head_[id] = row;
        return row;
    }
    std::size_t memory_bytes() const noexcept { return head_.memory_bytes() + next_.memory_bytes(); }

private:
    friend class SnapshotAccess;
    LedgerColumn<std::uint32_t> head_, next_;
};

inline std::uint64_t pair_key(std::uint32_t a, std::uint32_t b) noexcept {
    return static_cast<std::uint64_t>(a) << 32 | b;
}

DSOCORE_END_NAMESPACE
