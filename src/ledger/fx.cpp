#include "dsocore/ledger/fx.hpp"

#include <algorithm>

#include "dsocore/core/error.hpp"

DSOCORE_BEGIN_NAMESPACE

std::ptrdiff_t FxTable::build() {
    timeline_.clear();
    for (const Row& r : rows_) timeline_[r.currency.packed()].push_back({r.date, r.rate_e10});
    for (auto& [code, pts] : timeline_)
        std::stable_sort(pts.begin(), pts.end(), [](const Point& a, const Point& b) { return a.date < b.date; });
    // Duplicates (same currency and date): report the later row in file order.
    for (std::size_t i = 0; i < rows_.size(); ++i) {
        const auto& pts = timeline_[rows_[i].currency.packed()];
        const auto n = std::count_if(pts.begin(), pts.end(), [&](const Point& p) { return p.date == rows_[i].date; });
        if (n > 1) {
            for (std::size_t j = 0; j < i; ++j)
                if (rows_[j].currency == rows_[i].currency && rows_[j].date == rows_[i].date)
                    return static_cast<std::ptrdiff_t>(i);
        }
    }
    return -1;
}

bool FxTable::try_rate_e10(Currency c, std::int32_t day, std::int64_t& out) const noexcept {
    if (c == base_) {
        out = pow10_i64(kRateScale);
        return true;
    }
    const auto it = timeline_.find(c.packed());
    if (it == timeline_.end()) return false;
    const auto& pts = it->second;
    auto ub = std::upper_bound(pts.begin(), pts.end(), day, [](std::int32_t d, const Point& p) { return d < p.date; });
    if (ub == pts.begin()) return false;
    out = std::prev(ub)->rate_e10;
    return true;
}

std::int64_t FxTable::rate_e10(Currency c, std::int32_t day) const {
    std::int64_t r;
    if (!try_rate_e10(c, day, r))
        throw Error(Errc::missing_rate, "no exchange rate for " + c.code() + " on or before " +
                                            Date::from_days(day).to_string() + " in fx.csv");
    return r;
}

std::int64_t scale_round_half_even(std::int64_t x, i128 num, i128 den) {
    // |x| < 2^63 and |num| < 2^63·10^k with small k: the product fits 128 bits for
    // the direct path; a cross rate goes through Int256.
    const Int256 p = Int256(x) * Int256(num);
    const Int256 q = round_div(p, Int256(den), Rounding::half_even);
    if (q > std::numeric_limits<std::int64_t>::max() || q < std::numeric_limits<std::int64_t>::min())
        throw Error(Errc::overflow, "converted amount does not fit 64-bit minor units");
    return static_cast<std::int64_t>(q);
}

Converter::Converter(const FxTable& fx, Currency target) : fx_(&fx), target_(target) {}

void Converter::factor(Currency from, std::int32_t day, i128& num, i128& den) const {
    // x [minor of from] → x / 10^mf [from] × r_from / r_target [target] × 10^mt [minor of target]
    const int mf = from.minor_units(), mt = target_.minor_units();
    if (from == target_) {
        num = 1;
        den = 1;
        return;
    }
    const std::int64_t rf = fx_->rate_e10(from, day);
    const std::int64_t rt = fx_->rate_e10(target_, day);
    num = static_cast<i128>(rf) * pow10_i64(mt);
    den = static_cast<i128>(rt) * pow10_i64(mf);
}

std::int64_t Converter::convert(std::int64_t units, Currency from, std::int32_t day) const {
    if (from == target_) return units;
    i128 num, den;
    factor(from, day, num, den);
    return scale_round_half_even(units, num, den);
}

Converter::AtDay Converter::at(std::int32_t day) const {
    AtDay a;
    a.conv_ = this;
    a.day_ = day;
    return a;
}

std::int64_t Converter::AtDay::operator()(std::int64_t units, Currency from) const {
    if (from == conv_->target_) return units;
    for (const auto& [code, f] : cache_)
        if (code == from.packed()) {
            // Fast path: x × num fits 128 bits when both fit 63 bits.
            const i128 num = f.first, den = f.second;
            if (num < (static_cast<i128>(1) << 62) && units > -(static_cast<std::int64_t>(1) << 62) &&
                units < (static_cast<std::int64_t>(1) << 62)) {
                const i128 p = static_cast<i128>(units) * num;
                i128 q = p / den;
                const i128 r = p % den;
                const i128 ar = r < 0 ? -r : r;
                const i128 rest = den - ar;
                if (ar > rest || (ar == rest && ar != 0 && (q % 2) != 0)) q += p < 0 ? -1 : 1;
                if (q > std::numeric_limits<std::int64_t>::max() || q < std::numeric_limits<std::int64_t>::min())
                    throw Error(Errc::overflow, "converted amount does not fit 64-bit minor units");
                return static_cast<std::int64_t>(q);
            }
            return scale_round_half_even(units, num, den);
        }
    i128 num, den;
    conv_->factor(from, day_, num, den);
    cache_.push_back({from.packed(), {num, den}});
    return (*this)(units, from);
}

DSOCORE_END_NAMESPACE
