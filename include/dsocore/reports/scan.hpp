// dsocore — building blocks of the column scans (aging, dso, payment_profile …).
//
// ScanConverter hoists the currency conversion out of the item loop: the exact factor
// of each (currency, day) met is computed once per worker, reduced by its gcd, and a
// conversion is then one int64 multiply, one divide and the half-even correction —
// the same value as Converter::convert (the same rational x × num / den, rounded once,
// half-even), which the rare amounts too large for 64-bit products still go through.
//
// GroupAccumulators are per-worker int64 cells, `stride` per group, each group's cells
// on one cache line when they fit (a random update touches one line, not two).
#pragma once

#include <cstddef>
#include <algorithm>
#include <cstdint>
#include <limits>
#include <memory>
#include <utility>
#include <vector>

#include "dsocore/core/decimal.hpp"
#include "dsocore/ledger/fx.hpp"
#include "dsocore/ledger/ledger.hpp"
#include "dsocore/reports/parallel.hpp"

DSOCORE_BEGIN_NAMESPACE

/// The exact factor of one (currency, day), reduced: conv(x) = round_half_even(x × num / den).
struct ConvFactor {
    std::int64_t num = 1, den = 1; ///< den > 0; meaningful when limit > 0
    std::int64_t limit = 0;        ///< |x| ≤ limit: x × num fits int64 (0: always the exact path)
};

/// The reduced factor of `from` at `day` for `conv` (throws Error(missing_rate) like convert()).
ConvFactor make_conv_factor(const Converter& conv, Currency from, std::int32_t day);

/// round_half_even(x × f.num / f.den) for |x| ≤ f.limit (caller checks).
inline std::int64_t apply_conv_factor(const ConvFactor& f, std::int64_t x) noexcept {
    const std::int64_t p = x * f.num;
    if (f.den == 1) return p;
    std::int64_t q = p / f.den;
    const std::int64_t r = p - q * f.den;
    const std::int64_t ar = r < 0 ? -r : r;
    const std::int64_t rest = f.den - ar;
    if (ar > rest || (ar == rest && (q & 1) != 0)) q += p < 0 ? -1 : 1;
    return q;
}

/// Per-worker conversion cache over a range of days [first_day, last_day] (one day for
/// a scan at A). Not thread-safe: give every worker its own.
class ScanConverter {
public:
    ScanConverter(const Converter& conv, std::int32_t first_day, std::int32_t last_day);

    /// conv(units, day) into the converter's target, exactly as Converter::convert.
    std::int64_t operator()(std::int64_t units, Currency from, std::int32_t day) {
        if (from == target_) return units;
        const int s = slot(from);
        if (s >= 0 && day >= first_ && day <= last_) {
            const std::size_t k = static_cast<std::size_t>(day - first_) * kSlots + static_cast<std::size_t>(s);
            if (!ready_[k]) fill(k, from, day);
            const ConvFactor& f = table_[k];
            if (units <= f.limit && units >= -f.limit) return apply_conv_factor(f, units);
        }
        return conv_->convert(units, from, day);
    }

private:
    static constexpr int kSlots = 8;
    int slot(Currency c) noexcept {
        for (int s = 0; s < nslots_; ++s)
            if (codes_[static_cast<std::size_t>(s)] == c.packed()) return s;
        if (nslots_ == kSlots) return -1;
        codes_[static_cast<std::size_t>(nslots_)] = c.packed();
        return nslots_++;
    }
    void fill(std::size_t k, Currency from, std::int32_t day);

    const Converter* conv_;
    Currency target_;
    std::int32_t first_, last_;
    std::uint32_t codes_[kSlots] = {};
    int nslots_ = 0;
    std::vector<ConvFactor> table_;
    std::vector<std::uint8_t> ready_;
};

/// Per item, the date of its last allocation (kNoDate when it has none): from that day
/// on its balance is final, amount − Σ allocations = open_amount (the sum rule of
/// data-format.md, which the loader checks). Computed once per ledger (DerivedCache);
/// `usable` is false when the sum rule does not hold for some item (then scans walk the
/// allocations as before) or without allocations.csv.
struct SettledDays {
    std::vector<std::int32_t> day;
    bool usable = false;
};
std::shared_ptr<const SettledDays> settled_days(const Ledger& L);

/// Ledger::balance_at with the column pointers hoisted out of the loop (the compiler
/// cannot keep them in registers across the accumulator stores otherwise). An item
/// whose last allocation is dated ≤ D has bal_D = open_amount: its allocations are not
/// read (one 4-byte column instead of the offsets, dates and amounts).
class BalanceColumns {
public:
    explicit BalanceColumns(const Ledger& L)
        : has_allocations_(L.has_allocations()),
          amount_(L.items().amount.data()),
          open_(L.items().open_amount.data()),
          offset_(L.allocations().offset.data()),
          date_(L.allocations().by_item_date.data()),
          alloc_(L.allocations().by_item_amount.data()) {
        if (has_allocations_) {
            settled_keep_ = settled_days(L);
            if (settled_keep_->usable) settled_ = settled_keep_->day.data();
        }
    }
    /// bal_D(i) = amount − allocations dated ≤ D (open_amount without allocations.csv).
    std::int64_t at(std::uint32_t i, std::int32_t day) const noexcept {
        if (!has_allocations_) return open_[i];
        if (settled_ && settled_[i] <= day) return open_[i];
        std::int64_t b = amount_[i];
        const std::uint32_t e = offset_[i + 1];
        for (std::uint32_t k = offset_[i]; k < e && date_[k] <= day; ++k) b -= alloc_[k];
        return b;
    }
    bool has_allocations() const noexcept { return has_allocations_; }
    /// The last allocation date of i (kNoDate: none), or INT32_MAX when unknown.
    std::int32_t settled(std::uint32_t i) const noexcept { return settled_ ? settled_[i] : INT32_MAX; }
    std::uint32_t first(std::uint32_t i) const noexcept { return offset_[i]; }
    std::uint32_t last(std::uint32_t i) const noexcept { return offset_[i + 1]; }
    std::int32_t date(std::uint32_t k) const noexcept { return date_[k]; }
    std::int64_t amount(std::uint32_t k) const noexcept { return alloc_[k]; }

private:
    bool has_allocations_;
    const std::int64_t *amount_, *open_;
    const std::uint32_t* offset_;
    const std::int32_t* date_;
    const std::int64_t* alloc_;
    std::shared_ptr<const SettledDays> settled_keep_;
    const std::int32_t* settled_ = nullptr;
};

/// A zone map of the item table, derived once per ledger (DerivedCache): per zone of
/// kRows consecutive rows, the bounds of the issue dates, the last allocation date and
/// whether any open_amount is non-zero. A scan skips the zones where no row can pass
/// its own per-row test (the rows of a skipped zone would all have been `continue`d):
/// an old, settled part of the ledger is then not read at all. Exact by construction;
/// the gain depends on the data (ledgers in issue order with their open items recent).
struct ItemZones {
    static constexpr std::size_t kRows = 4096;
    std::vector<std::int32_t> min_issue, max_issue; ///< per zone
    std::vector<std::int32_t> max_settled;          ///< per zone: max last-allocation date (kNoDate: none)
    std::vector<std::uint8_t> any_open;             ///< per zone: some open_amount ≠ 0
    bool has_allocations = false;
    bool settled_usable = false; ///< SettledDays::usable (else max_settled proves nothing)
    std::size_t rows = 0;

    std::size_t size() const noexcept { return min_issue.size(); }
    /// Every row of zone z has bal_D = 0 (BalanceColumns::at(i, D) == 0 for all i).
    bool balance_zero_at(std::size_t z, std::int32_t day) const noexcept {
        if (any_open[z]) return false;
        return !has_allocations || (settled_usable && max_settled[z] <= day);
    }
    /// Every row of zone z has all its allocations dated ≤ day (or none).
    bool settled_by(std::size_t z, std::int32_t day) const noexcept {
        return has_allocations && settled_usable && max_settled[z] <= day;
    }
};
std::shared_ptr<const ItemZones> item_zones(const Ledger& L);

/// A run of consecutive item rows [begin, end).
struct RowRun {
    std::uint32_t begin, end;
};

/// The item rows of the zones a scan keeps, split across workers by kept zones (not by
/// rows: the kept zones of an issue-ordered ledger are its recent end, and a split by
/// rows would leave one worker idle). run(fn) calls fn(worker, runs) once per worker,
/// its runs ascending and contiguous across workers in worker order, so per-worker
/// accumulators merged in worker order see the rows in the same order as a row split.
class ZoneScan {
public:
    /// keep(zones, z): whether zone z may hold a row the scan uses.
    template <class Keep>
    ZoneScan(const Ledger& L, Keep&& keep) : zones_(item_zones(L)) {
        for (std::size_t z = 0; z < zones_->size(); ++z)
            if (keep(*zones_, z)) kept_.push_back(static_cast<std::uint32_t>(z));
    }
    unsigned workers() const noexcept { return parallel_workers(kept_.size(), kGrain); }
    std::size_t kept_zones() const noexcept { return kept_.size(); }
    template <class Fn>
    void run(Fn&& fn) const {
        parallel_ranges(
            kept_.size(),
            [&](unsigned w, std::size_t zb, std::size_t ze) {
                std::vector<RowRun> runs;
                for (std::size_t k = zb; k < ze; ++k) {
                    const std::size_t z = kept_[k];
                    const auto b = static_cast<std::uint32_t>(z * ItemZones::kRows);
                    const auto e = static_cast<std::uint32_t>(std::min(zones_->rows, (z + 1) * ItemZones::kRows));
                    if (!runs.empty() && runs.back().end == b)
                        runs.back().end = e;
                    else
                        runs.push_back({b, e});
                }
                fn(w, runs);
            },
            kGrain);
    }

private:
    static constexpr std::size_t kGrain = kParallelGrain / ItemZones::kRows;
    std::shared_ptr<const ItemZones> zones_;
    std::vector<std::uint32_t> kept_;
};

/// Zeroed memory for per-worker accumulators: anonymous mmap, 2 MiB-aligned and
/// advised for transparent huge pages when large (random updates over tens of MB then
/// miss the TLB far less, and a fresh buffer costs one page fault per 2 MiB, not 512).
/// Large buffers are kept after use (64 MiB at most, process-wide) and handed to the
/// next scans zeroed by a memset: the kernel's fault, clear and teardown per call are
/// gone for repeated reports.
class ScanBuffer {
public:
    ScanBuffer() = default;
    explicit ScanBuffer(std::size_t bytes);
    ScanBuffer(ScanBuffer&& o) noexcept { swap(o); }
    ScanBuffer& operator=(ScanBuffer&& o) noexcept {
        swap(o);
        return *this;
    }
    ScanBuffer(const ScanBuffer&) = delete;
    ScanBuffer& operator=(const ScanBuffer&) = delete;
    ~ScanBuffer();
    void* data() const noexcept { return data_; }

private:
    void swap(ScanBuffer& o) noexcept {
        std::swap(map_, o.map_);
        std::swap(map_bytes_, o.map_bytes_);
        std::swap(data_, o.data_);
    }
    void* map_ = nullptr;
    std::size_t map_bytes_ = 0;
    void* data_ = nullptr;
};

/// Zeroed int64 cells, `stride` per group, 64-byte aligned; the stride is rounded up to
/// 8 when it is 5…8 so that a group's cells share one cache line.
class GroupAccumulators {
public:
    GroupAccumulators() = default;
    GroupAccumulators(std::size_t groups, std::size_t cells_per_group);
    std::int64_t* group(std::size_t g) noexcept { return data_ + g * stride_; }
    const std::int64_t* group(std::size_t g) const noexcept { return data_ + g * stride_; }
    std::size_t stride() const noexcept { return stride_; }
    std::size_t groups() const noexcept { return groups_; }
    /// Adds `o` cell by cell (checked: overflow throws Error(overflow)).
    void merge(const GroupAccumulators& o);
    /// These rows (customer rows) folded into `groups` groups: row r adds into
    /// group_of[r] (kNoRow: left out), checked.
    GroupAccumulators fold(const std::vector<std::uint32_t>& group_of, std::size_t groups) const;

private:
    ScanBuffer storage_;
    std::int64_t* data_ = nullptr;
    std::size_t groups_ = 0, stride_ = 0;
};

/// Whether a scan accumulates per customer row (then folds the rows into groups) rather
/// than per group: with many groups (--by customer) the customer → group lookup is one
/// more cache miss per update than the accumulator itself; with few groups (--by
/// country, total) the group cells stay in cache.
inline bool accumulate_per_customer(std::size_t groups, std::size_t customers) noexcept {
    return groups * 4 > customers;
}

/// Items per block of the two-phase scans: phase 1 streams the columns of a block and
/// queues the accumulator updates (prefetching their cells), phase 2 applies them, so
/// the random accesses of a block overlap instead of stalling the stream one by one.
inline constexpr std::size_t kScanBlock = 256;

DSOCORE_END_NAMESPACE
