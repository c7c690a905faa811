// dsocore — exact decimal arithmetic.
//
// Decimal is a 128-bit signed significand (Boost.Multiprecision, checked, expression
// templates off) and a scale: value = significand × 10^-scale. Every operation is exact
// or takes an explicit Rounding; overflow throws Error(Errc::overflow), never wraps.
// Hot loops do not use Decimal: the ledger keeps amounts as int64 minor units and
// uses the fixed-point helpers at the end of this header.
#pragma once

#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <boost/multiprecision/cpp_int.hpp>

#include "dsocore/core/config.hpp"
#include "dsocore/core/error.hpp"

DSOCORE_BEGIN_NAMESPACE

namespace mp = boost::multiprecision;

/// 128-bit and 256-bit checked integers: overflow throws std::overflow_error
/// (translated to Error(Errc::overflow) by Decimal).
using Int128 = mp::number<mp::cpp_int_backend<128, 128, mp::signed_magnitude, mp::checked, void>,
                          mp::et_off>;
using Int256 = mp::number<mp::cpp_int_backend<256, 256, mp::signed_magnitude, mp::checked, void>,
                          mp::et_off>;

/// Native 128-bit integer for hot paths (GCC/Clang extension, pedantic-clean).
__extension__ typedef __int128 i128;

/// Rounding modes. Always an explicit argument, never a global mode.
enum class Rounding {
    half_even, ///< to nearest, ties to the even neighbour (banker's)
    half_up,   ///< to nearest, ties away from zero
    half_down, ///< to nearest, ties toward zero
    up,        ///< away from zero
    down,      ///< toward zero (truncate)
    ceiling,   ///< toward +infinity
    floor,     ///< toward -infinity
};

/// n / d rounded with mode m, for d > 0. Works for any signed integer type with
/// truncating division (int64_t, __int128, Int128, Int256).
template <class I>
I round_div(const I& n, const I& d, Rounding m) {
    I q = n / d;
    I r = n % d;
    if (r == 0) return q;
    const bool neg = n < 0;
    const I ar = r < 0 ? I(-r) : r;
    const I rest = d - ar; // distance to the next multiple
    bool away = false;
    switch (m) {
    case Rounding::down: away = false; break;
    case Rounding::up: away = true; break;
    case Rounding::ceiling: away = !neg; break;
    case Rounding::floor: away = neg; break;
    case Rounding::half_up: away = ar >= rest; break;
    case Rounding::half_down: away = ar > rest; break;
    case Rounding::half_even: away = ar > rest || (ar == rest && (q % 2) != 0); break;
    }
    if (away) q = neg ? I(q - 1) : I(q + 1);
    return q;
}

class Decimal {
public:
    static constexpr int max_scale = 38;

    constexpr Decimal() = default;
    Decimal(std::int64_t units) : sig_(units) {} // NOLINT: integers convert exactly
    /// value = units × 10^-scale
    static Decimal from_units(const Int128& units, int scale);

    /// Strict parse of ^[+-]?[0-9]+(\.[0-9]+)?$ ; throws Error(invalid_argument).
    static Decimal parse(std::string_view text);
    static std::optional<Decimal> try_parse(std::string_view text) noexcept;

    const Int128& significand() const noexcept { return sig_; }
    int scale() const noexcept { return scale_; }
    int sign() const noexcept { return sig_.sign(); }
    bool is_zero() const noexcept { return sig_ == 0; }

    /// Exact text with exactly scale() fraction digits; zero is never "-0".
    std::string to_string() const;

    /// The same value at another scale; rounding applies when digits are dropped.
    Decimal rescale(int scale, Rounding mode) const;
    /// Exact value at the smallest scale (trailing fraction zeros removed).
    Decimal normalized() const;
    /// The significand at `scale` if the value is exactly representable there.
    std::optional<Int128> units_at(int scale) const;
    /// Significand at `scale` as int64, rounding; throws on overflow.
    std::int64_t to_int64_units(int scale, Rounding mode) const;

    Decimal operator-() const;
    friend Decimal operator+(const Decimal& a, const Decimal& b);
    friend Decimal operator-(const Decimal& a, const Decimal& b);
    friend Decimal operator*(const Decimal& a, const Decimal& b);
    Decimal& operator+=(const Decimal& b) { return *this = *this + b; }
    Decimal& operator-=(const Decimal& b) { return *this = *this - b; }
    Decimal& operator*=(const Decimal& b) { return *this = *this * b; }

    /// a / b rounded to `scale` digits with `mode`; b == 0 throws invalid_argument.
    static Decimal divide(const Decimal& a, const Decimal& b, int scale, Rounding mode);

    friend bool operator==(const Decimal& a, const Decimal& b) { return compare(a, b) == 0; }
    friend std::strong_ordering operator<=>(const Decimal& a, const Decimal& b) {
        const int c = compare(a, b);
        return c < 0 ? std::strong_ordering::less
                     : (c > 0 ? std::strong_ordering::greater : std::strong_ordering::equal);
    }

private:
    static int compare(const Decimal& a, const Decimal& b);
    Int128 sig_{0};
    int scale_ = 0;
};

/// 10^n as Int128 (n in 0..38).
const Int128& pow10_128(int n);

// ---------------------------------------------------------------------------------
// Fixed-point helpers for the columnar hot paths (int64 minor units).

/// Result of parsing a fixed-point field.
enum class FixedParse { ok, syntax, too_precise, overflow };

/// Parse ^[+-]?[0-9]+(\.[0-9]+)?$ into units at `scale` (non-zero digits beyond the
/// scale give too_precise; trailing zeros beyond it are accepted). No allocation.
FixedParse parse_fixed(std::string_view text, int scale, std::int64_t& out) noexcept;

/// Append units at `scale` as text ("1234.50", "-0.05", "12"); never "-0".
void append_fixed(std::string& out, std::int64_t units, int scale);
std::string format_fixed(std::int64_t units, int scale);

/// 10^n as int64 (n in 0..18).
constexpr std::int64_t pow10_i64(int n) {
    std::int64_t v = 1;
    for (int i = 0; i < n; ++i) v *= 10;
    return v;
}

/// a + b, throwing Error(overflow) instead of wrapping.
inline std::int64_t checked_add(std::int64_t a, std::int64_t b) {
    std::int64_t r;
    if (__builtin_add_overflow(a, b, &r)) throw Error(Errc::overflow, "amount sum overflows 64 bits");
    return r;
}
inline std::int64_t checked_sub(std::int64_t a, std::int64_t b) {
    std::int64_t r;
    if (__builtin_sub_overflow(a, b, &r)) throw Error(Errc::overflow, "amount difference overflows 64 bits");
    return r;
}

DSOCORE_END_NAMESPACE
