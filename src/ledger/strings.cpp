#include "dsocore/ledger/strings.hpp"

#include <algorithm>
#include <cstring>

DSOCORE_BEGIN_NAMESPACE

namespace {
constexpr std::size_t kBlock = std::size_t{1} << 20;
constexpr std::uint64_t kMul = 0x9E3779B97F4A7C15ULL;

inline std::uint64_t load_tail(const char* p, std::size_t n) noexcept {
    std::uint64_t v = 0;
    std::memcpy(&v, p, n);
    return v;
}
} // namespace

std::uint32_t StringPool::hash(std::string_view s) noexcept {
    // Word-at-a-time multiply-xorshift; good enough spread for ids and codes.
    const char* p = s.data();
    std::size_t n = s.size();
    std::uint64_t h = 0x243F6A8885A308D3ULL ^ (n * kMul);
    while (n >= 8) {
        std::uint64_t w;
        std::memcpy(&w, p, 8);
        h = (h ^ w) * kMul;
        h ^= h >> 29;
        p += 8;
        n -= 8;
    }
    if (n) {
        h = (h ^ load_tail(p, n)) * kMul;
        h ^= h >> 29;
    }
    h *= 0xBF58476D1CE4E5B9ULL;
    h ^= h >> 32;
    return static_cast<std::uint32_t>(h);
}

StringPool::StringPool() {
    static const char empty_record[sizeof(std::uint32_t)] = {};
    records_.push_back(empty_record);
    rehash(1024);
}

void StringPool::reserve(std::size_t n) {
    if (n > size()) records_.reserve(n - base_n_);
    std::size_t slots = table_.size();
    while (slots * 3 < n * 4) slots <<= 1;
    if (slots != table_.size()) rehash(slots);
}

std::size_t StringPool::memory_bytes() const noexcept {
    return block_bytes_ + records_.capacity() * sizeof(const char*) + table_.memory_bytes() + base_blob_.memory_bytes() +
           base_off_.memory_bytes();
}

void StringPool::rehash(std::size_t slots) {
    LedgerColumn<std::uint64_t> old = std::move(table_);
    table_.assign(slots, 0);
    mask_ = slots - 1;
    std::uint64_t* t = table_.mutable_data();
    for (const std::uint64_t slot : old) {
        if (slot == 0) continue;
        std::size_t i = (slot >> 32) & mask_;
        while (t[i] != 0) i = (i + 1) & mask_;
        t[i] = slot;
    }
}

const char* StringPool::store(std::string_view s) {
    const std::size_t need = sizeof(std::uint32_t) + s.size();
    if (block_used_ + need > block_size_) {
        block_size_ = std::max(kBlock, need);
        blocks_.push_back(std::make_unique<char[]>(block_size_));
        block_bytes_ += block_size_;
        block_used_ = 0;
    }
    char* p = blocks_.back().get() + block_used_;
    const auto n = static_cast<std::uint32_t>(s.size());
    std::memcpy(p, &n, sizeof n);
    std::memcpy(p + sizeof n, s.data(), s.size());
    block_used_ += need;
    return p;
}

StrId StringPool::intern(std::string_view s) {
    if (s.empty()) return 0;
    return intern_hashed(s, hash(s));
}

StrId StringPool::intern_hashed(std::string_view s, std::uint32_t h) {
    if (s.empty()) return 0;
    std::size_t i = h & mask_;
    const std::uint64_t* t = table_.data();
    for (std::uint64_t slot; (slot = t[i]) != 0; i = (i + 1) & mask_)
        if (slot >> 32 == h && (*this)[static_cast<StrId>(slot)] == s) return static_cast<StrId>(slot);
    const auto id = static_cast<StrId>(size());
    records_.push_back(store(s));
    table_[i] = static_cast<std::uint64_t>(h) << 32 | id; // copies a viewed table first
    if (size() * 4 > table_.size() * 3) rehash(table_.size() * 2);
    return id;
}

StrId StringPool::find(std::string_view s) const noexcept {
    if (s.empty()) return 0;
    const std::uint32_t h = hash(s);
    std::size_t i = h & mask_;
    for (std::uint64_t slot; (slot = table_[i]) != 0; i = (i + 1) & mask_)
        if (slot >> 32 == h && (*this)[static_cast<StrId>(slot)] == s) return static_cast<StrId>(slot);
    return npos;
}

DSOCORE_END_NAMESPACE
