// dsocore — figures derived from a loaded ledger, computed once and shared.
//
// A report engine re-derives the same things from the same immutable columns on every
// call (the customer order of a --by grouping: a sort of every customer row). A
// DerivedCache, held by the Ledger, keeps such results under a string key: the first
// caller computes, the others share it. Entries must depend only on what never changes
// after load (customers, the string pool, items' amounts and dates, allocations):
// set_item_status (the one mutation) changes an item's status, which no entry may read.
//
// Thread-safe: loaded ledgers are read from many threads at once. The computation runs
// outside the lock; when two threads race on one key, the first stored result is kept
// and both return it (the results are equal by construction).
#pragma once

#include <functional>
#include <memory>
#include <string_view>

#include "dsocore/core/config.hpp"

DSOCORE_BEGIN_NAMESPACE

class DerivedCache {
public:
    DerivedCache();
    DerivedCache(DerivedCache&&) noexcept;
    DerivedCache& operator=(DerivedCache&&) noexcept;
    DerivedCache(const DerivedCache&) = delete;
    DerivedCache& operator=(const DerivedCache&) = delete;
    ~DerivedCache();

    /// The entry under `key`, made by `make` the first time (an exception from `make`
    /// propagates and nothing is stored).
    std::shared_ptr<const void> get(std::string_view key, const std::function<std::shared_ptr<const void>()>& make) const;

    template <class T, class Make>
    std::shared_ptr<const T> get_as(std::string_view key, Make&& make) const {
        return std::static_pointer_cast<const T>(
            get(key, [&]() -> std::shared_ptr<const void> { return std::shared_ptr<const T>(make()); }));
    }

    /// Number of entries (tests).
    std::size_t size() const;

private:
    struct Impl;
    std::unique_ptr<Impl> impl_; ///< null in a moved-from cache: get() then computes every time
};

DSOCORE_END_NAMESPACE
