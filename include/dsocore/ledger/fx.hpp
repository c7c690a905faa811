// dsocore — dated exchange rates and exact conversion to a base currency.
#pragma once

#include <cstdint>
#include <unordered_map>
#include <vector>

#include "dsocore/core/currency.hpp"
#include "dsocore/core/date.hpp"
#include "dsocore/core/decimal.hpp"

DSOCORE_BEGIN_NAMESPACE

/// Rates are fixed-point with 10 decimals: 1 unit of currency = rate_e10 / 1e10 units
/// of the company base currency.
inline constexpr int kRateScale = 10;

class FxTable {
public:
    struct Row {
        std::int32_t date;
        Currency currency;
        std::int32_t reserved = 0; ///< explicit padding, zero: snapshots write rows as bytes
        std::int64_t rate_e10;
        std::int64_t line;
    };
    static_assert(sizeof(Row) == 32, "no implicit padding: snapshots write rows as bytes");
    explicit FxTable(Currency base = Currency::of("EUR")) : base_(base) {}

    Currency base() const noexcept { return base_; }
    const std::vector<Row>& rows() const noexcept { return rows_; }
    bool present() const noexcept { return present_; }

    /// Rate (×1e10) of `c` on day `d`: the latest row dated on or before d; the base
    /// currency is 1. Throws Error(missing_rate) naming the currency and the date.
    std::int64_t rate_e10(Currency c, std::int32_t day) const;
    /// Same, without throwing: false when there is no rate.
    bool try_rate_e10(Currency c, std::int32_t day, std::int64_t& out) const noexcept;

    // Loader interface.
    void set_base(Currency b) { base_ = b; }
    void add(const Row& r) { rows_.push_back(r); }
    void mark_present() { present_ = true; }
    /// Sorts the per-currency timelines; returns the index of a duplicate row or -1.
    std::ptrdiff_t build();

private:
    Currency base_;
    std::vector<Row> rows_; ///< file order
    bool present_ = false;
    struct Point {
        std::int32_t date;
        std::int64_t rate_e10;
    };
    std::unordered_map<std::uint32_t, std::vector<Point>> timeline_;
};

/// Converts amounts (minor units of any currency) into a target currency B on given
/// days: x × rate(cur, D) / rate(B, D), rounded once, half-even, to B's minor unit.
/// Rates for one day are cached, so a scan at the as-of date costs one multiply and
/// one divide per item.
class Converter {
public:
    Converter(const FxTable& fx, Currency target);
    Currency target() const noexcept { return target_; }

    /// conv(x, D) in minor units of the target. Throws Error(missing_rate).
    std::int64_t convert(std::int64_t units, Currency from, std::int32_t day) const;

    /// A converter fixed to one day, for scans (no lookup per item).
    class AtDay {
    public:
        std::int64_t operator()(std::int64_t units, Currency from) const;
    private:
        friend class Converter;
        const Converter* conv_ = nullptr;
        std::int32_t day_ = 0;
        mutable std::vector<std::pair<std::uint32_t, std::pair<i128, i128>>> cache_;
    };
    AtDay at(std::int32_t day) const;

    /// The exact factor num/den such that conv(x) = round_half_even(x × num / den).
    void factor(Currency from, std::int32_t day, i128& num, i128& den) const;

private:
    const FxTable* fx_;
    Currency target_;
};

/// round_half_even(x × num / den) with den > 0 in 128 bits; throws Error(overflow)
/// when the result does not fit int64.
std::int64_t scale_round_half_even(std::int64_t x, i128 num, i128 den);

DSOCORE_END_NAMESPACE
