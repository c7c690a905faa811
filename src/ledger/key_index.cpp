#include "dsocore/ledger/key_index.hpp"

DSOCORE_BEGIN_NAMESPACE

void KeyIndex::reserve(std::size_t n) {
    std::size_t cap = 16;
    while (cap * 3 < n * 4) cap <<= 1;
    if (cap <= keys_.size()) return;
    LedgerColumn<std::uint64_t> keys = std::move(keys_);
    LedgerColumn<std::uint32_t> rows = std::move(rows_);
    keys_.assign(cap, 0);
    rows_.assign(cap, npos);
    mask_ = cap - 1;
    size_ = 0;
    for (std::size_t i = 0; i < rows.size(); ++i)
        if (rows[i] != npos) insert(keys[i], rows[i]);
}

void KeyIndex::grow() { reserve(keys_.empty() ? 8 : keys_.size()); }

std::uint32_t KeyIndex::insert(std::uint64_t key, std::uint32_t row) {
    if ((size_ + 1) * 4 > keys_.size() * 3) grow();
    std::uint64_t* k = keys_.mutable_data(); // copies a viewed index first
    std::uint32_t* r = rows_.mutable_data();
    std::size_t i = mix(key) & mask_;
    while (r[i] != npos) {
        if (k[i] == key) return r[i];
        i = (i + 1) & mask_;
    }
    k[i] = key;
    r[i] = row;
    ++size_;
    return row;
}

DSOCORE_END_NAMESPACE
