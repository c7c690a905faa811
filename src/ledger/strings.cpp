#include "dsocore/ledger/strings.hpp"

#include <algorithm>
#include <cstring>
#include <thread>

DSOCORE_BEGIN_NAMESPACE

namespace {
constexpr std::size_t kBlock = std::size_t{1} << 20;
} // namespace

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

StrId StringPool::append_pending(std::string_view s) {
    if (s.empty()) return 0;
    const auto id = static_cast<StrId>(size());
    records_.push_back(store(s));
    return id;
}

void StringPool::index_pending(std::span<StrId> ids, std::span<const std::uint32_t> hashes) {
    const std::size_t n = ids.size();
    reserve(size()); // room for every id, pending ones included: no rehash below
    unsigned bits = 0;
    while ((std::size_t{1} << bits) < table_.size()) ++bits;
    const unsigned bucket_bits = std::min(bits, 12u), shift = bits - bucket_bits;
    // Key: the hash rotated so that its home-slot bits (the low `bits`) lead, then k.
    // Keys are bucketed by the home slot's top bits in k order, then each bucket sorted:
    // equal strings have equal hashes, so the lowest k comes first. The key carries the
    // whole hash: the pass below reads `hashes` no more (it would be a cache miss a key).
    // Rotations through a doubled 64-bit word: defined for every bits in [0, 32].
    const unsigned rbits = std::min(bits, 32u);
    auto rot = [rbits](std::uint32_t h) noexcept { // right by rbits
        return static_cast<std::uint32_t>((std::uint64_t{h} << 32 | h) >> rbits);
    };
    auto unrot = [rbits](std::uint32_t r) noexcept { // left by rbits
        return static_cast<std::uint32_t>((std::uint64_t{r} << 32 | r) >> (32 - rbits));
    };
    std::vector<std::size_t> start((std::size_t{1} << bucket_bits) + 1, 0);
    for (std::size_t k = 0; k < n; ++k)
        if (ids[k] != 0) ++start[((hashes[k] & mask_) >> shift) + 1];
    for (std::size_t b = 1; b < start.size(); ++b) start[b] += start[b - 1];
    std::vector<std::uint64_t> keys(start.back());
    {
        std::vector<std::size_t> fill(start.begin(), start.end() - 1);
        for (std::size_t k = 0; k < n; ++k)
            if (ids[k] != 0)
                keys[fill[(hashes[k] & mask_) >> shift]++] = static_cast<std::uint64_t>(rot(hashes[k])) << 32 | k;
    }
    // The bucket sorts are independent: on all cores for a big batch (contiguous runs
    // of buckets with about the same number of keys each).
    auto sort_buckets = [&](std::size_t b0, std::size_t b1) {
        for (std::size_t b = b0; b < b1; ++b)
            std::sort(keys.begin() + static_cast<std::ptrdiff_t>(start[b]),
                      keys.begin() + static_cast<std::ptrdiff_t>(start[b + 1]));
    };
    const std::size_t nb = start.size() - 1;
    const std::size_t workers = keys.size() < (std::size_t{1} << 18) ? 1 : std::max(1u, std::thread::hardware_concurrency());
    if (workers > 1) {
        std::vector<std::thread> t;
        std::size_t b0 = 0;
        try {
            for (std::size_t w = 1; w < workers; ++w) {
                const std::size_t target = keys.size() / workers * w;
                const std::size_t b1 = static_cast<std::size_t>(
                    std::upper_bound(start.begin() + static_cast<std::ptrdiff_t>(b0), start.end() - 1, target) -
                    start.begin());
                const std::size_t cut = std::min(std::max(b1, b0), nb);
                t.emplace_back(sort_buckets, b0, cut);
                b0 = cut;
            }
        } catch (...) { // no thread: the rest on this one
        }
        sort_buckets(b0, nb);
        for (auto& x : t) x.join();
    } else {
        sort_buckets(0, nb);
    }
    std::uint64_t* t = table_.mutable_data(); // copies a viewed table first
    constexpr std::size_t kAhead = 16;
    const std::size_t nk = keys.size();
    for (std::size_t j = 0; j < nk; ++j) {
        if (j + kAhead < nk) __builtin_prefetch(ids.data() + (keys[j + kAhead] & 0xffffffffu));
        const auto k = static_cast<std::size_t>(keys[j] & 0xffffffffu);
        const std::uint32_t h = unrot(static_cast<std::uint32_t>(keys[j] >> 32));
        std::size_t i = h & mask_;
        bool found = false;
        for (std::uint64_t slot; (slot = t[i]) != 0; i = (i + 1) & mask_)
            if (slot >> 32 == h && (*this)[static_cast<StrId>(slot)] == (*this)[ids[k]]) {
                ids[k] = static_cast<StrId>(slot);
                found = true;
                break;
            }
        if (!found) t[i] = static_cast<std::uint64_t>(h) << 32 | ids[k];
    }
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
