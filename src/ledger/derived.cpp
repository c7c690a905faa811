#include "dsocore/ledger/derived.hpp"

#include <map>
#include <mutex>
#include <string>

DSOCORE_BEGIN_NAMESPACE

struct DerivedCache::Impl {
    std::mutex mutex;
    std::map<std::string, std::shared_ptr<const void>, std::less<>> entries;
};

DerivedCache::DerivedCache() : impl_(std::make_unique<Impl>()) {}
DerivedCache::DerivedCache(DerivedCache&&) noexcept = default;
DerivedCache& DerivedCache::operator=(DerivedCache&&) noexcept = default;
DerivedCache::~DerivedCache() = default;

std::shared_ptr<const void> DerivedCache::get(std::string_view key,
                                              const std::function<std::shared_ptr<const void>()>& make) const {
    if (!impl_) return make();
    {
        const std::lock_guard<std::mutex> lock(impl_->mutex);
        const auto it = impl_->entries.find(key);
        if (it != impl_->entries.end()) return it->second;
    }
    std::shared_ptr<const void> made = make(); // outside the lock: other keys stay available
    const std::lock_guard<std::mutex> lock(impl_->mutex);
    const auto [it, inserted] = impl_->entries.emplace(std::string(key), std::move(made));
    return it->second; // a racing thread's entry when it stored first
}

std::size_t DerivedCache::size() const {
    if (!impl_) return 0;
    const std::lock_guard<std::mutex> lock(impl_->mutex);
    return impl_->entries.size();
}

DSOCORE_END_NAMESPACE
