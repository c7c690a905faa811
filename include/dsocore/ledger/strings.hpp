// dsocore — interned strings: every text field of the ledger is a dense uint32 id.
#pragma once

#include <cstdint>
#include <memory>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "dsocore/core/config.hpp"

DSOCORE_BEGIN_NAMESPACE

/// Dense id of an interned string; 0 is the empty string.
using StrId = std::uint32_t;

/// Append-only string pool. Views stay valid for the pool's life (also when moved).
class StringPool {
public:
    StringPool();
    StringPool(StringPool&&) noexcept = default;
    StringPool& operator=(StringPool&&) noexcept = default;
    StringPool(const StringPool&) = delete;
    StringPool& operator=(const StringPool&) = delete;

    StrId intern(std::string_view s);
    /// The id of s if interned, else nullopt-like sentinel `npos`.
    static constexpr StrId npos = 0xffffffffu;
    StrId find(std::string_view s) const noexcept;
    std::string_view operator[](StrId id) const noexcept { return views_[id]; }
    std::size_t size() const noexcept { return views_.size(); }

private:
    std::string_view store(std::string_view s);
    std::vector<std::unique_ptr<char[]>> blocks_;
    std::size_t block_used_ = 0, block_size_ = 0;
    std::vector<std::string_view> views_;
    std::unordered_map<std::string_view, StrId> index_;
};

DSOCORE_END_NAMESPACE
