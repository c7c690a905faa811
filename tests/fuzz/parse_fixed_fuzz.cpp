// parse_fixed (int64 minor units, the loader's amount parser) against an exact
// reference (cpp_int) and against Decimal::try_parse; format_fixed round trip.
#include <boost/multiprecision/cpp_int.hpp>
#include <limits>
#include <string>

#include "dsocore/core/decimal.hpp"
#include "fuzz/fuzz.hpp"

namespace {
using BigInt = boost::multiprecision::cpp_int;

/// ^[+-]?[0-9]+(\.[0-9]+)?$ → significand and number of fraction digits.
bool reference_parse(std::string_view s, BigInt& sig, int& frac) {
    std::size_t i = 0;
    bool neg = false;
    if (i < s.size() && (s[i] == '+' || s[i] == '-')) neg = s[i++] == '-';
    std::size_t digits = 0;
    sig = 0;
    frac = 0;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9') {
        sig = sig * 10 + (s[i++] - '0');
        ++digits;
    }
    if (digits == 0) return false;
    if (i < s.size() && s[i] == '.') {
        ++i;
        std::size_t fd = 0;
        while (i < s.size() && s[i] >= '0' && s[i] <= '9') {
            sig = sig * 10 + (s[i++] - '0');
            ++fd;
        }
        if (fd == 0) return false;
        frac = static_cast<int>(fd);
    }
    if (i != s.size()) return false;
    if (neg) sig = -sig;
    return true;
}
BigInt pow10(int n) {
    BigInt p = 1;
    for (int i = 0; i < n; ++i) p *= 10;
    return p;
}
} // namespace

DSOCORE_FUZZ_TARGET(parse_fixed) {
    if (size < 1) return;
    const int scale = data[0] % 19; // 0..18, what int64 minor units can hold
    const std::string_view s = fuzz::as_text(data + 1, size - 1);
    std::int64_t out = 0;
    const dsocore::FixedParse got = dsocore::parse_fixed(s, scale, out);

    BigInt sig;
    int frac = 0;
    dsocore::FixedParse want;
    BigInt units;
    if (!reference_parse(s, sig, frac)) {
        want = dsocore::FixedParse::syntax;
    } else if (frac > scale && sig % pow10(frac - scale) != 0) {
        want = dsocore::FixedParse::too_precise;
    } else {
        units = frac > scale ? BigInt(sig / pow10(frac - scale)) : BigInt(sig * pow10(scale - frac));
        want = units > std::numeric_limits<std::int64_t>::max() || units < std::numeric_limits<std::int64_t>::min()
                   ? dsocore::FixedParse::overflow
                   : dsocore::FixedParse::ok;
    }
    FUZZ_CHECK(got == want, "parse_fixed('" + std::string(s) + "', " + std::to_string(scale) + ") = " +
                                std::to_string(static_cast<int>(got)) + ", expected " + std::to_string(static_cast<int>(want)));
    if (got != dsocore::FixedParse::ok) return;
    FUZZ_CHECK(BigInt(out) == units, "parse_fixed value " + std::to_string(out) + " != " + units.str());

    // Decimal agrees where it can represent the text (≤ 38 digits, ≤ 38 decimals).
    if (auto d = dsocore::Decimal::try_parse(s)) {
        const auto u = d->units_at(scale);
        FUZZ_CHECK(u && BigInt(*u) == units, "Decimal::try_parse('" + std::string(s) + "') disagrees with parse_fixed");
    }
    // format_fixed is canonical and parses back to the same units.
    const std::string text = dsocore::format_fixed(out, scale);
    std::int64_t back = 0;
    FUZZ_CHECK(dsocore::parse_fixed(text, scale, back) == dsocore::FixedParse::ok && back == out,
               "format_fixed(" + std::to_string(out) + ") = '" + text + "' does not parse back");
    FUZZ_CHECK(dsocore::Decimal::parse(text).to_string() == text, "format_fixed is not Decimal's canonical form: " + text);
    if (out == 0) FUZZ_CHECK(text[0] != '-', "negative zero printed: " + text);
}
