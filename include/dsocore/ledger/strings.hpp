// dsocore — interned strings: every text field of the ledger is a dense uint32 id.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string_view>
#include <vector>

#include "dsocore/core/config.hpp"
#include "dsocore/ledger/column.hpp"

DSOCORE_BEGIN_NAMESPACE

/// Dense id of an interned string; 0 is the empty string.
using StrId = std::uint32_t;

/// Append-only string pool. Views stay valid for the pool's life (also when moved).
///
/// Layout (no allocation per string): the bytes live in large blocks, each string
/// preceded by its length; per id the pool keeps a pointer to that record. The index is
/// an open-addressing table (linear probing, at most 75 % full) of 8-byte slots holding
/// the id and the string's 32-bit hash, so a probe compares hashes without leaving the
/// table, and a rehash never touches the strings. About 19–27 bytes per string plus the
/// bytes themselves. A pool opened from a snapshot views its first ids (records blob,
/// offsets, table) in the mapped file; strings interned later go to blocks of its own.
class StringPool {
public:
    StringPool();
    StringPool(StringPool&&) noexcept = default;
    StringPool& operator=(StringPool&&) noexcept = default;
    StringPool(const StringPool&) = delete;
    StringPool& operator=(const StringPool&) = delete;

    StrId intern(std::string_view s);
    /// The id of s if interned, else the sentinel `npos`.
    static constexpr StrId npos = 0xffffffffu;
    StrId find(std::string_view s) const noexcept;
    std::string_view operator[](StrId id) const noexcept {
        const char* p = id < base_n_ ? base_blob_.data() + base_off_[id] : records_[id - base_n_];
        std::uint32_t n;
        __builtin_memcpy(&n, p, sizeof n);
        return {p + sizeof n, n};
    }
    std::size_t size() const noexcept { return base_n_ + records_.size(); }
    /// Makes room for n strings in all (avoids rehashing while loading).
    void reserve(std::size_t n);
    /// Bytes held (blocks, records, hashes, table): for memory reports.
    std::size_t memory_bytes() const noexcept;

    /// The pool's hash (also usable by callers that pre-hash in parallel). Inline: the
    /// loader hashes every item id and customer key.
    static std::uint32_t hash(std::string_view s) noexcept {
        // Word-at-a-time multiply-xorshift; good enough spread for ids and codes.
        constexpr std::uint64_t kMul = 0x9E3779B97F4A7C15ULL;
        const char* p = s.data();
        std::size_t n = s.size();
        std::uint64_t h = 0x243F6A8885A308D3ULL ^ (n * kMul);
        while (n >= 8) {
            std::uint64_t w;
            __builtin_memcpy(&w, p, 8);
            h = (h ^ w) * kMul;
            h ^= h >> 29;
            p += 8;
            n -= 8;
        }
        if (n) {
            // The last 1–7 bytes, zero-extended (a word load when it stays in the
            // string's own bytes: the n bytes before the end then shifted down).
            std::uint64_t w = 0;
            if (s.size() >= 8) {
                __builtin_memcpy(&w, p + n - 8, 8);
                w >>= 8 * (8 - n);
            } else {
                __builtin_memcpy(&w, p, n);
            }
            h = (h ^ w) * kMul;
            h ^= h >> 29;
        }
        h *= 0xBF58476D1CE4E5B9ULL;
        h ^= h >> 32;
        return static_cast<std::uint32_t>(h);
    }
    /// intern() with a hash computed by hash(s).
    StrId intern_hashed(std::string_view s, std::uint32_t h);
    /// Bulk interning, for a loader that meets millions of mostly distinct strings (item
    /// ids): append_pending stores s under a new id without indexing it (find and intern
    /// do not see it yet; no hash-table access, so appending is sequential in memory);
    /// index_pending then indexes a batch of pending ids at once.
    StrId append_pending(std::string_view s);
    /// Indexes the pending ids in `ids` (0 entries are skipped; hashes[k] = hash of the
    /// string of ids[k]) and replaces each by the id its string has in the pool: an id
    /// indexed before (the pending record is then left unused), else the pending id of
    /// the lowest k with that string. The batch is inserted in hash-table order (radix-
    /// bucketed, then sorted), so the table is written front to back instead of at
    /// random: at 10M ids this is what keeps the load off main-memory latency.
    void index_pending(std::span<StrId> ids, std::span<const std::uint32_t> hashes);
    /// Hints that a string of hash h is about to be interned or looked up.
    void prefetch(std::uint32_t h) const noexcept { __builtin_prefetch(table_.data() + (h & mask_)); }

private:
    friend class SnapshotAccess;
    const char* store(std::string_view s);
    void rehash(std::size_t slots);
    std::vector<std::unique_ptr<char[]>> blocks_;
    std::size_t block_used_ = 0, block_size_ = 0, block_bytes_ = 0;
    /// Ids below base_n_: records ([uint32 length][bytes]) at base_off_[id] in base_blob_.
    LedgerColumn<char> base_blob_;
    LedgerColumn<std::uint64_t> base_off_;
    std::size_t base_n_ = 0;
    std::vector<const char*> records_;  ///< id base_n_ + k → [uint32 length][bytes]
    /// Slot: hash << 32 | id; 0 = empty (id 0, "", is never in the table).
    LedgerColumn<std::uint64_t> table_;
    std::size_t mask_ = 0;
};

DSOCORE_END_NAMESPACE
