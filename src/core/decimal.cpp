#include "dsocore/core/decimal.hpp"

#include <algorithm>
#include <array>
#include <stdexcept>

DSOCORE_BEGIN_NAMESPACE

namespace {

template <class F>
auto checked(F&& f) -> decltype(f()) {
    try {
        return f();
    } catch (const std::overflow_error&) {
        throw Error(Errc::overflow, "decimal overflow: the exact result does not fit 128 bits");
    } catch (const std::range_error&) {
        throw Error(Errc::overflow, "decimal overflow: the exact result does not fit 128 bits");
    }
}

std::array<Int128, 39> make_pow10() {
    std::array<Int128, 39> p{};
    p[0] = 1;
    for (std::size_t i = 1; i < p.size(); ++i) p[i] = p[i - 1] * 10;
    return p;
}

void check_scale(int scale) {
    if (scale < 0 || scale > Decimal::max_scale)
        throw Error(Errc::overflow, "decimal scale " + std::to_string(scale) + " outside 0..38");
}

Int256 pow10_256(int n) {
    Int256 v = 1;
    for (int i = 0; i < n; ++i) v *= 10;
    return v;
}

Int128 narrow(const Int256& v) {
    static const Int256 max = Int256(std::numeric_limits<Int128>::max());
    if (v > max || v < -max) throw Error(Errc::overflow, "decimal overflow: the exact result does not fit 128 bits");
    return Int128(v);
}

} // namespace

const Int128& pow10_128(int n) {
    static const std::array<Int128, 39> table = make_pow10();
    return table.at(static_cast<std::size_t>(n));
}

Decimal Decimal::from_units(const Int128& units, int scale) {
    check_scale(scale);
    Decimal d;
    d.sig_ = units;
    d.scale_ = scale;
    return d;
}

std::optional<Decimal> Decimal::try_parse(std::string_view s) noexcept {
    std::size_t i = 0;
    bool neg = false;
    if (i < s.size() && (s[i] == '+' || s[i] == '-')) neg = s[i++] == '-';
    const std::size_t int_begin = i;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i;
    if (i == int_begin) return std::nullopt;
    const std::size_t int_end = i;
    std::size_t frac_begin = i, frac_end = i;
    if (i < s.size() && s[i] == '.') {
        frac_begin = ++i;
        while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i;
        frac_end = i;
        if (frac_end == frac_begin) return std::nullopt;
    }
    if (i != s.size()) return std::nullopt;
    const int scale = static_cast<int>(frac_end - frac_begin);
    if (scale > max_scale) return std::nullopt;
    // Significant digits (leading zeros skipped) must fit 38 digits < 2^127.
    Int128 v = 0;
    int digits = 0;
    auto take = [&](char c) {
        if (digits == 0 && c == '0') return true;
        if (++digits > 38) return false;
        v = v * 10 + (c - '0');
        return true;
    };
    for (std::size_t k = int_begin; k < int_end; ++k)
        if (!take(s[k])) return std::nullopt;
    for (std::size_t k = frac_begin; k < frac_end; ++k)
        if (!take(s[k])) return std::nullopt;
    Decimal d;
    d.sig_ = neg ? Int128(-v) : v;
    d.scale_ = scale;
    return d;
}

Decimal Decimal::parse(std::string_view s) {
    if (auto d = try_parse(s)) return *d;
    throw Error(Errc::invalid_argument,
                "'" + std::string(s) + "' is not a decimal number (expected digits with an optional sign "
                "and '.' fraction, at most 38 digits)");
}

std::string Decimal::to_string() const {
    const bool neg = sig_ < 0;
    const std::string digits = (neg ? Int128(-sig_) : sig_).str();
    const auto scale = static_cast<std::size_t>(scale_);
    std::string out;
    out.reserve(digits.size() + scale + 3);
    if (neg) out.push_back('-');
    if (digits.size() <= scale) {
        out += "0.";
        out.append(scale - digits.size(), '0');
        out += digits;
    } else {
        out.append(digits, 0, digits.size() - scale);
        if (scale > 0) {
            out.push_back('.');
            out.append(digits, digits.size() - scale, scale);
        }
    }
    return out;
}

Decimal Decimal::rescale(int scale, Rounding mode) const {
    check_scale(scale);
    if (scale == scale_) return *this;
    return checked([&] {
        if (scale > scale_) return from_units(sig_ * pow10_128(scale - scale_), scale);
        return from_units(round_div(sig_, pow10_128(scale_ - scale), mode), scale);
    });
}

Decimal Decimal::normalized() const {
    Decimal d = *this;
    while (d.scale_ > 0 && d.sig_ % 10 == 0) {
        d.sig_ /= 10;
        --d.scale_;
    }
    if (d.sig_ == 0) d.scale_ = 0;
    return d;
}

std::optional<Int128> Decimal::units_at(int scale) const {
    check_scale(scale);
    if (scale >= scale_) {
        try {
            return sig_ * pow10_128(scale - scale_);
        } catch (const std::overflow_error&) {
            return std::nullopt;
        }
    }
    const Int128& p = pow10_128(scale_ - scale);
    if (sig_ % p != 0) return std::nullopt;
    return Int128(sig_ / p);
}

std::int64_t Decimal::to_int64_units(int scale, Rounding mode) const {
    const Decimal d = rescale(scale, mode);
    if (d.sig_ > std::numeric_limits<std::int64_t>::max() || d.sig_ < std::numeric_limits<std::int64_t>::min())
        throw Error(Errc::overflow, "amount " + to_string() + " does not fit 64-bit minor units");
    return static_cast<std::int64_t>(d.sig_);
}

Decimal Decimal::operator-() const {
    Decimal d = *this;
    d.sig_ = -d.sig_;
    return d;
}

Decimal operator+(const Decimal& a, const Decimal& b) {
    if (a.scale_ == b.scale_) return checked([&] { return Decimal::from_units(a.sig_ + b.sig_, a.scale_); });
    // Align in 256 bits: an aligned operand may exceed 128 bits while the exact sum
    // fits (1e37 at scale 0 + (−1e37 + 1e-1)); only the result must fit.
    const int s = std::max(a.scale_, b.scale_);
    const Int256 sum = Int256(a.sig_) * pow10_256(s - a.scale_) + Int256(b.sig_) * pow10_256(s - b.scale_);
    return Decimal::from_units(narrow(sum), s);
}

Decimal operator-(const Decimal& a, const Decimal& b) { return a + (-b); }

Decimal operator*(const Decimal& a, const Decimal& b) {
    const int scale = a.scale_ + b.scale_;
    if (scale <= Decimal::max_scale) return checked([&] { return Decimal::from_units(a.sig_ * b.sig_, scale); });
    // Scale beyond 38: exact only if the extra digits are zeros.
    const Int256 p = Int256(a.sig_) * Int256(b.sig_);
    const Int256 div = pow10_256(scale - Decimal::max_scale);
    if (p % div != 0) throw Error(Errc::overflow, "decimal product needs more than 38 fraction digits");
    return Decimal::from_units(narrow(p / div), Decimal::max_scale);
}

Decimal Decimal::divide(const Decimal& a, const Decimal& b, int scale, Rounding mode) {
    check_scale(scale);
    if (b.sig_ == 0) throw Error(Errc::invalid_argument, "division by zero");
    // a/b at scale: a.sig × 10^(scale + b.scale − a.scale) / b.sig
    Int256 num = a.sig_;
    Int256 den = b.sig_;
    const int e = scale + b.scale_ - a.scale_;
    try {
        if (e >= 0) num *= pow10_256(e);
        else den *= pow10_256(-e);
    } catch (const std::overflow_error&) {
        throw Error(Errc::overflow, "decimal division overflows");
    }
    if (den < 0) {
        den = -den;
        num = -num;
    }
    return from_units(narrow(round_div(num, den, mode)), scale);
}

int Decimal::compare(const Decimal& a, const Decimal& b) {
    if (a.scale_ == b.scale_) return a.sig_ < b.sig_ ? -1 : (a.sig_ > b.sig_ ? 1 : 0);
    const int s = std::max(a.scale_, b.scale_);
    const Int256 x = Int256(a.sig_) * pow10_256(s - a.scale_);
    const Int256 y = Int256(b.sig_) * pow10_256(s - b.scale_);
    return x < y ? -1 : (x > y ? 1 : 0);
}

// ---------------------------------------------------------------------------------

FixedParse parse_fixed(std::string_view s, int scale, std::int64_t& out) noexcept {
    std::size_t i = 0;
    const std::size_t n = s.size();
    bool neg = false;
    if (i < n && (s[i] == '+' || s[i] == '-')) neg = s[i++] == '-';
    const std::size_t ib = i;
    // Accumulate as a negative number so that INT64_MIN is reachable.
    std::int64_t v = 0;
    bool ovf = false;
    auto push = [&](int digit) {
        std::int64_t t;
        if (__builtin_mul_overflow(v, 10, &t) || __builtin_sub_overflow(t, digit, &t)) ovf = true;
        else v = t;
    };
    while (i < n && static_cast<unsigned>(s[i] - '0') < 10) push(s[i++] - '0');
    if (i == ib) return FixedParse::syntax;
    int frac = 0;
    bool too_precise = false;
    if (i < n && s[i] == '.') {
        const std::size_t fb = ++i;
        while (i < n && static_cast<unsigned>(s[i] - '0') < 10) {
            if (frac < scale) {
                push(s[i] - '0');
                ++frac;
            } else if (s[i] != '0') {
                too_precise = true;
            }
            ++i;
        }
        if (i == fb) return FixedParse::syntax;
    }
    if (i != n) return FixedParse::syntax;
    if (too_precise) return FixedParse::too_precise;
    for (; frac < scale; ++frac) push(0);
    if (ovf) return FixedParse::overflow;
    if (!neg) {
        if (v == std::numeric_limits<std::int64_t>::min()) return FixedParse::overflow;
        v = -v;
    }
    out = v;
    return FixedParse::ok;
}

void append_fixed(std::string& out, std::int64_t units, int scale) {
    char buf[32];
    int len = 0;
    // Work on the magnitude as unsigned to handle INT64_MIN.
    const bool neg = units < 0;
    std::uint64_t mag = neg ? (~static_cast<std::uint64_t>(units) + 1) : static_cast<std::uint64_t>(units);
    int digits = 0;
    do {
        buf[len++] = static_cast<char>('0' + mag % 10);
        mag /= 10;
        if (++digits == scale) buf[len++] = '.';
    } while (mag != 0 || digits <= scale);
    if (neg && units != 0) out.push_back('-');
    while (len > 0) out.push_back(buf[--len]);
}

std::string format_fixed(std::int64_t units, int scale) {
    std::string s;
    append_fixed(s, units, scale);
    return s;
}

DSOCORE_END_NAMESPACE
