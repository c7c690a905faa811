#include "dsocore/ledger/key_index.hpp"

DSOCORE_BEGIN_NAMESPACE

void KeyIndex::reserve(std::size_t n) {
    std::size_t cap = 16;
    while (cap < n * 2) cap <<= 1;
    if (cap <= keys_.size()) return;
    std::vector<std::uint64_t> keys = std::move(keys_);
    std::vector<std::uint32_t> rows = std::move(rows_);
    keys_.assign(cap, 0);
    rows_.assign(cap, npos);
    mask_ = cap - 1;
    size_ = 0;
    for (std::size_t i = 0; i < rows.size(); ++i)
        if (rows[i] != npos) insert(keys[i], rows[i]);
}

void KeyIndex::grow() { reserve(keys_.empty() ? 8 : keys_.size()); }

std::uint32_t KeyIndex::insert(std::uint64_t key, std::uint32_t row) {
    if ((size_ + 1) * 2 > keys_.size()) grow();
    std::size_t i = mix(key) & mask_;
    while (rows_[i] != npos) {
        if (keys_[i] == key) return rows_[i];
        i = (i + 1) & mask_;
    }
    keys_[i] = key;
    rows_[i] = row;
    ++size_;
    return row;
}

std::uint32_t KeyIndex::find(std::uint64_t key) const noexcept {
    if (keys_.empty()) return npos;
    std::size_t i = mix(key) & mask_;
    while (rows_[i] != npos) {
        if (keys_[i] == key) return rows_[i];
        i = (i + 1) & mask_;
    }
    return npos;
}

DSOCORE_END_NAMESPACE
