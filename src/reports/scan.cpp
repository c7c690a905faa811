#include "dsocore/reports/scan.hpp"

#include "dsocore/core/error.hpp"

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

GroupAccumulators::GroupAccumulators(std::size_t groups, std::size_t cells) : groups_(groups) {
    stride_ = cells >= 5 && cells <= 8 ? 8 : cells;
    const std::size_t n = groups * stride_ + 8; // + 8 cells of slack to align to 64 bytes
    storage_ = std::make_unique<std::int64_t[]>(n); // value-initialised: zeros
    auto p = reinterpret_cast<std::uintptr_t>(storage_.get());
    const std::uintptr_t aligned = (p + 63) & ~static_cast<std::uintptr_t>(63);
    data_ = storage_.get() + (aligned - p) / sizeof(std::int64_t);
}

void GroupAccumulators::merge(const GroupAccumulators& o) {
    const std::size_t n = groups_ * stride_;
    for (std::size_t k = 0; k < n; ++k) data_[k] = checked_add(data_[k], o.data_[k]);
}

DSOCORE_END_NAMESPACE
