#include "dsocore/ledger/strings.hpp"

#include <cstring>

DSOCORE_BEGIN_NAMESPACE

StringPool::StringPool() {
    views_.emplace_back();
    index_.emplace(std::string_view(), 0);
}

std::string_view StringPool::store(std::string_view s) {
    constexpr std::size_t block = 1 << 16;
    if (block_used_ + s.size() > block_size_) {
        block_size_ = std::max(block, s.size());
        blocks_.push_back(std::make_unique<char[]>(block_size_));
        block_used_ = 0;
    }
    char* p = blocks_.back().get() + block_used_;
    std::memcpy(p, s.data(), s.size());
    block_used_ += s.size();
    return {p, s.size()};
}

StrId StringPool::intern(std::string_view s) {
    if (s.empty()) return 0;
    if (auto it = index_.find(s); it != index_.end()) return it->second;
    const std::string_view v = store(s);
    const auto id = static_cast<StrId>(views_.size());
    views_.push_back(v);
    index_.emplace(v, id);
    return id;
}

StrId StringPool::find(std::string_view s) const noexcept {
    auto it = index_.find(s);
    return it == index_.end() ? npos : it->second;
}

DSOCORE_END_NAMESPACE
