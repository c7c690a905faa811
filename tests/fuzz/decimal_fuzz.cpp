// Decimal differential: parse, format, compare, add, sub, mul, divide (each rounding
// mode), rescale, normalized and to_int64_units against a reference computed with
// Boost.Multiprecision cpp_int (unbounded) on the parsed significands. Every result
// that fits 128 bits must be exact; every one that does not must throw
// Error(overflow) — never a wrapped value.
//
// Input: byte 0 = operation, byte 1 = rounding mode, byte 2 = target scale, then
// "a\nb" as decimal texts.
#include <boost/multiprecision/cpp_int.hpp>
#include <limits>
#include <string>

#include "dsocore/core/decimal.hpp"
#include "fuzz/fuzz.hpp"

namespace {
using dsocore::Decimal;
using dsocore::Errc;
using dsocore::Rounding;
using BigInt = boost::multiprecision::cpp_int;

BigInt pow10(int n) {
    BigInt p = 1;
    for (int i = 0; i < n; ++i) p *= 10;
    return p;
}
const BigInt& max128() {
    static const BigInt m = BigInt(std::numeric_limits<dsocore::Int128>::max());
    return m;
}
bool fits(const BigInt& v) { return v <= max128() && v >= -max128(); }

/// Exact reference value: significand × 10^-scale.
struct Ref {
    BigInt sig;
    int scale = 0;
};
Ref ref_of(const Decimal& d) { return {BigInt(d.significand()), d.scale()}; }

/// Independent rounding of n/d (d > 0) from the floor quotient.
BigInt ref_round(const BigInt& n, const BigInt& d, Rounding m) {
    BigInt q = n / d; // truncates toward zero
    BigInt r = n % d;
    if (r < 0) { // make it a floor division
        q -= 1;
        r += d;
    }
    if (r == 0) return q;
    const BigInt lo = q, hi = q + 1; // lo < n/d < hi
    const bool nonneg = n >= 0;
    const BigInt twice = 2 * r;
    switch (m) {
    case Rounding::floor: return lo;
    case Rounding::ceiling: return hi;
    case Rounding::down: return nonneg ? lo : hi;
    case Rounding::up: return nonneg ? hi : lo;
    case Rounding::half_up:
        if (twice != d) return twice < d ? lo : hi;
        return nonneg ? hi : lo;
    case Rounding::half_down:
        if (twice != d) return twice < d ? lo : hi;
        return nonneg ? lo : hi;
    case Rounding::half_even:
        if (twice != d) return twice < d ? lo : hi;
        return (lo % 2 == 0) ? lo : hi;
    }
    return lo;
}

std::string show(const Ref& r) { return r.sig.str() + "e-" + std::to_string(r.scale); }

/// Runs op; if `want` fits 128 bits at `scale` the result must equal it exactly,
/// otherwise op must throw Error(overflow).
template <class F>
void expect(const char* what, F&& op, const BigInt& want_sig, int scale, bool representable) {
    const bool ok = representable && fits(want_sig);
    try {
        const Decimal got = op();
        FUZZ_CHECK(ok, std::string(what) + ": expected an overflow error, got " + got.to_string());
        FUZZ_CHECK(got.scale() == scale && BigInt(got.significand()) == want_sig,
                   std::string(what) + ": got " + show(ref_of(got)) + ", expected " + show({want_sig, scale}));
    } catch (const dsocore::Error& e) {
        FUZZ_CHECK(!ok, std::string(what) + ": unexpected error '" + e.what() + "', expected " + show({want_sig, scale}));
        FUZZ_CHECK(e.code() == Errc::overflow, std::string(what) + ": error is not overflow: " + e.what());
    }
}
} // namespace

DSOCORE_FUZZ_TARGET(decimal) {
    if (size < 3) return;
    const int op = data[0] % 8;
    const auto mode = static_cast<Rounding>(data[1] % 7);
    const int target = data[2] % 41 - 1; // -1 .. 39: includes invalid scales
    const std::string_view in = fuzz::as_text(data + 3, size - 3);
    const auto nl = in.find('\n');
    const std::string_view ta = in.substr(0, nl);
    const std::string_view tb = nl == std::string_view::npos ? std::string_view("1") : in.substr(nl + 1);

    const auto a = Decimal::try_parse(ta);
    if (!a) return;
    const auto b = Decimal::try_parse(tb);
    const Ref ra = ref_of(*a);

    // Parse/format identities on a.
    const std::string sa = a->to_string();
    const auto back = Decimal::try_parse(sa);
    FUZZ_CHECK(back && back->scale() == a->scale() && back->significand() == a->significand(),
               "parse(to_string(x)) != x for " + sa);
    if (a->is_zero()) FUZZ_CHECK(sa[0] != '-', "negative zero printed: " + sa);
    {
        const Decimal n = a->normalized();
        FUZZ_CHECK(n == *a, "normalized() changed the value of " + sa);
        FUZZ_CHECK(n.scale() == 0 || n.significand() % 10 != 0, "normalized() kept a trailing zero: " + n.to_string());
    }
    if (!b) return;
    const Ref rb = ref_of(*b);
    const int s = std::max(ra.scale, rb.scale);
    const BigInt xa = ra.sig * pow10(s - ra.scale), xb = rb.sig * pow10(s - rb.scale);
    // Comparison.
    FUZZ_CHECK((*a < *b) == (xa < xb) && (*a == *b) == (xa == xb), "comparison of " + sa + " and " + b->to_string());

    switch (op) {
    case 0: expect("add", [&] { return *a + *b; }, xa + xb, s, true); break;
    case 1: expect("sub", [&] { return *a - *b; }, xa - xb, s, true); break;
    case 2: {
        const int ps = ra.scale + rb.scale;
        const BigInt p = ra.sig * rb.sig;
        if (ps <= Decimal::max_scale) {
            expect("mul", [&] { return *a * *b; }, p, ps, true);
        } else {
            // Beyond 38 fraction digits the product is kept only if exact at 38.
            const BigInt div = pow10(ps - Decimal::max_scale);
            expect("mul", [&] { return *a * *b; }, p / div, Decimal::max_scale, p % div == 0);
        }
        break;
    }
    case 3:
    case 4: {
        if (target < 0 || target > Decimal::max_scale) {
            bool threw = false;
            try {
                (void)Decimal::divide(*a, *b, target, mode);
            } catch (const dsocore::Error&) {
                threw = true;
            }
            FUZZ_CHECK(threw, "divide accepted scale " + std::to_string(target));
            break;
        }
        if (b->is_zero()) {
            bool threw = false;
            try {
                (void)Decimal::divide(*a, *b, target, mode);
            } catch (const dsocore::Error& e) {
                threw = e.code() == Errc::invalid_argument;
            }
            FUZZ_CHECK(threw, "division by zero did not throw invalid_argument");
            break;
        }
        // a/b at `target` = a.sig × 10^(target + b.scale − a.scale) / b.sig.
        BigInt num = ra.sig, den = rb.sig;
        const int e = target + rb.scale - ra.scale;
        if (e >= 0) num *= pow10(e);
        else den *= pow10(-e);
        if (den < 0) {
            den = -den;
            num = -num;
        }
        expect("divide", [&] { return Decimal::divide(*a, *b, target, mode); }, ref_round(num, den, mode), target, true);
        break;
    }
    case 5:
    case 6: {
        if (target < 0 || target > Decimal::max_scale) {
            bool threw = false;
            try {
                (void)a->rescale(target, mode);
            } catch (const dsocore::Error&) {
                threw = true;
            }
            FUZZ_CHECK(threw, "rescale accepted scale " + std::to_string(target));
            break;
        }
        const BigInt want = target >= ra.scale ? BigInt(ra.sig * pow10(target - ra.scale))
                                               : ref_round(ra.sig, pow10(ra.scale - target), mode);
        expect("rescale", [&] { return a->rescale(target, mode); }, want, target, true);
        break;
    }
    case 7: {
        // to_int64_units: rescale then narrow to int64 (overflow error, never a wrap).
        if (target < 0 || target > 18) break;
        const BigInt want = target >= ra.scale ? BigInt(ra.sig * pow10(target - ra.scale))
                                               : ref_round(ra.sig, pow10(ra.scale - target), mode);
        const bool ok = want <= std::numeric_limits<std::int64_t>::max() && want >= std::numeric_limits<std::int64_t>::min();
        try {
            const std::int64_t got = a->to_int64_units(target, mode);
            FUZZ_CHECK(ok && BigInt(got) == want, "to_int64_units(" + sa + ") = " + std::to_string(got) + ", expected " + want.str());
        } catch (const dsocore::Error& e) {
            FUZZ_CHECK(!ok, std::string("to_int64_units: unexpected error ") + e.what());
        }
        break;
    }
    }
}
