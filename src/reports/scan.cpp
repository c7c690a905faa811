#include "dsocore/reports/scan.hpp"

#include "dsocore/core/error.hpp"

#include <sys/mman.h>

#include <algorithm>
#include <cstring>
#include <mutex>
#include <new>

#include "dsocore/reports/parallel.hpp"

DSOCORE_BEGIN_NAMESPACE

namespace {
i128 abs128(i128 v) noexcept { return v < 0 ? -v : v; }
i128 gcd128(i128 a, i128 b) noexcept {
    a = abs128(a);
    b = abs128(b);
    while (b != 0) {
        const i128 t = a % b;
        a = b;
        b = t;
    }
    return a;
}
constexpr i128 kI64Max = std::numeric_limits<std::int64_t>::max();
} // namespace

ConvFactor make_conv_factor(const Converter& conv, Currency from, std::int32_t day) {
    i128 num = 1, den = 1;
    conv.factor(from, day, num, den); // throws Error(missing_rate) exactly as convert()
    ConvFactor f;
    if (den == 0) return f; // limit 0: convert() decides
    if (den < 0) {
        num = -num;
        den = -den;
    }
    const i128 g = num == 0 ? den : gcd128(num, den);
    num /= g;
    den /= g;
    if (abs128(num) > kI64Max || den > kI64Max) return f; // the exact path for every amount
    f.num = static_cast<std::int64_t>(num);
    f.den = static_cast<std::int64_t>(den);
    const std::int64_t an = f.num < 0 ? -f.num : f.num;
    f.limit = an == 0 ? std::numeric_limits<std::int64_t>::max() : std::numeric_limits<std::int64_t>::max() / an;
    return f;
}

ScanConverter::ScanConverter(const Converter& conv, std::int32_t first_day, std::int32_t last_day)
    : conv_(&conv), target_(conv.target()), first_(first_day), last_(last_day) {
    if (last_ < first_) last_ = first_ - 1; // empty range: every conversion goes to convert()
    const std::size_t days = last_ >= first_ ? static_cast<std::size_t>(last_ - first_) + 1 : 0;
    table_.resize(days * kSlots);
    ready_.assign(days * kSlots, 0);
}

void ScanConverter::fill(std::size_t k, Currency from, std::int32_t day) {
    table_[k] = make_conv_factor(*conv_, from, day);
    ready_[k] = 1;
}

std::shared_ptr<const SettledDays> settled_days(const Ledger& L) {
    return L.derived().get_as<SettledDays>("reports/settled_days", [&] {
        auto s = std::make_shared<SettledDays>();
        if (!L.has_allocations()) return s;
        const ItemTable& I = L.items();
        const std::size_t n = I.size();
        s->day.resize(n);
        const std::uint32_t* const off = L.allocations().offset.data();
        const std::int32_t* const date = L.allocations().by_item_date.data();
        const std::int64_t* const amt = L.allocations().by_item_amount.data();
        const std::int64_t* const amount = I.amount.data();
        const std::int64_t* const open = I.open_amount.data();
        std::int32_t* const out = s->day.data();
        std::vector<std::uint8_t> ok(parallel_workers(n), 1);
        parallel_ranges(n, [&](unsigned w, std::size_t b, std::size_t e) {
            bool good = true;
            for (std::size_t i = b; i < e; ++i) {
                const std::uint32_t k0 = off[i], k1 = off[i + 1];
                std::int64_t sum = 0, settled = 0;
                bool ovf = false;
                for (std::uint32_t k = k0; k < k1; ++k) {
                    ovf |= __builtin_add_overflow(sum, amt[k], &sum);
                    if (k > k0 && date[k] < date[k - 1]) ovf = true; // not by date: walk them
                }
                ovf |= __builtin_sub_overflow(amount[i], open[i], &settled);
                good = good && !ovf && sum == settled;
                out[i] = k1 > k0 ? date[k1 - 1] : kNoDate;
            }
            ok[w] = good ? 1 : 0;
        });
        s->usable = std::find(ok.begin(), ok.end(), std::uint8_t{0}) == ok.end();
        return s;
    });
}

std::shared_ptr<const ItemZones> item_zones(const Ledger& L) {
    return L.derived().get_as<ItemZones>("reports/item_zones", [&] {
        auto zs = std::make_shared<ItemZones>();
        const ItemTable& I = L.items();
        const std::size_t n = I.size();
        const std::size_t nz = (n + ItemZones::kRows - 1) / ItemZones::kRows;
        zs->rows = n;
        zs->has_allocations = L.has_allocations();
        std::shared_ptr<const SettledDays> settled;
        if (zs->has_allocations) {
            settled = settled_days(L);
            zs->settled_usable = settled->usable;
        }
        zs->min_issue.assign(nz, INT32_MAX);
        zs->max_issue.assign(nz, INT32_MIN);
        zs->max_settled.assign(nz, kNoDate);
        zs->any_open.assign(nz, 0);
        const std::int32_t* const issue = I.issue_date.data();
        const std::int64_t* const open = I.open_amount.data();
        const std::int32_t* const day = settled && !settled->day.empty() ? settled->day.data() : nullptr;
        parallel_ranges(nz, [&](unsigned, std::size_t zb, std::size_t ze) {
            for (std::size_t z = zb; z < ze; ++z) {
                const std::size_t b = z * ItemZones::kRows, e = std::min(n, b + ItemZones::kRows);
                std::int32_t lo = INT32_MAX, hi = INT32_MIN, last = kNoDate;
                bool any = false;
                for (std::size_t i = b; i < e; ++i) {
                    lo = std::min(lo, issue[i]);
                    hi = std::max(hi, issue[i]);
                    any |= open[i] != 0;
                    if (day) last = std::max(last, day[i]);
                }
                zs->min_issue[z] = lo;
                zs->max_issue[z] = hi;
                zs->max_settled[z] = last;
                zs->any_open[z] = any ? 1 : 0;
            }
        }, kParallelGrain / ItemZones::kRows);
        return zs;
    });
}

namespace {
constexpr std::size_t kHuge = std::size_t{2} << 20;
/// Large buffers released by finished scans, kept for the next ones (a report's
/// accumulators are tens of MB: a fresh mapping costs a page fault, a kernel page clear
/// and a teardown per 2 MiB each time; a kept one costs a memset). At most kPoolBytes
/// are kept; a buffer is reused for a request of at least half its size.
constexpr std::size_t kPoolBytes = std::size_t{64} << 20;
struct BufferPool {
    std::mutex mutex;
    std::vector<std::pair<void*, std::size_t>> free; ///< mapping, its bytes
    std::size_t bytes = 0;
};
BufferPool& buffer_pool() {
    static BufferPool* const p = new BufferPool; // never destroyed: buffers may die after main
    return *p;
}
} // namespace

ScanBuffer::ScanBuffer(std::size_t bytes) {
    if (bytes == 0) bytes = 64;
    const bool huge = bytes >= kHuge;
    const std::size_t need = huge ? bytes + kHuge : bytes;
    if (huge) {
        BufferPool& pool = buffer_pool();
        const std::lock_guard<std::mutex> lock(pool.mutex);
        for (std::size_t k = 0; k < pool.free.size(); ++k)
            if (pool.free[k].second >= need && pool.free[k].second / 2 <= need) {
                map_ = pool.free[k].first;
                map_bytes_ = pool.free[k].second;
                pool.bytes -= map_bytes_;
                pool.free.erase(pool.free.begin() + static_cast<std::ptrdiff_t>(k));
                break;
            }
    }
    const bool reused = map_ != nullptr;
    if (!reused) {
        map_bytes_ = need;
        map_ = ::mmap(nullptr, map_bytes_, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        if (map_ == MAP_FAILED) {
            map_ = nullptr;
            throw std::bad_alloc();
        }
    }
    auto p = reinterpret_cast<std::uintptr_t>(map_);
    if (huge) {
        p = (p + kHuge - 1) & ~static_cast<std::uintptr_t>(kHuge - 1);
        if (!reused) ::madvise(reinterpret_cast<void*>(p), bytes & ~(kHuge - 1), MADV_HUGEPAGE); // advice only
    }
    data_ = reinterpret_cast<void*>(p);
    if (reused) std::memset(data_, 0, bytes);
}

ScanBuffer::~ScanBuffer() {
    if (!map_) return;
    if (map_bytes_ >= kHuge + kHuge) {
        BufferPool& pool = buffer_pool();
        const std::lock_guard<std::mutex> lock(pool.mutex);
        if (pool.bytes + map_bytes_ <= kPoolBytes) {
            pool.free.emplace_back(map_, map_bytes_);
            pool.bytes += map_bytes_;
            return;
        }
    }
    ::munmap(map_, map_bytes_);
}

GroupAccumulators::GroupAccumulators(std::size_t groups, std::size_t cells) : groups_(groups) {
    stride_ = cells >= 5 && cells <= 8 ? 8 : cells;
    storage_ = ScanBuffer(groups * stride_ * sizeof(std::int64_t)); // zero pages, page aligned
    data_ = static_cast<std::int64_t*>(storage_.data());
}

void GroupAccumulators::merge(const GroupAccumulators& o) {
    const std::size_t n = groups_ * stride_;
    for (std::size_t k = 0; k < n; ++k) data_[k] = checked_add(data_[k], o.data_[k]);
}

GroupAccumulators GroupAccumulators::fold(const std::vector<std::uint32_t>& group_of, std::size_t groups) const {
    GroupAccumulators out(groups, stride_);
    for (std::size_t r = 0; r < groups_ && r < group_of.size(); ++r) {
        if (group_of[r] == 0xffffffffu) continue;
        std::int64_t* const to = out.group(group_of[r]);
        const std::int64_t* const from = group(r);
        for (std::size_t k = 0; k < stride_; ++k) to[k] = checked_add(to[k], from[k]);
    }
    return out;
}

DSOCORE_END_NAMESPACE
