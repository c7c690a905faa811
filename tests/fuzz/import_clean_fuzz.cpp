// The cleaning functions of the import (io/parse.hpp) on fuzzed values: the first byte
// picks a number format and a date format, the rest is the value (and, whole, a file
// for encoding and separator detection).
//  - parse_number: true ⇒ canonical text ^-?[0-9]+(\.[0-9]+)?$, never "-0", no leading
//    zero, which Decimal reads and prints back identically; false ⇒ a reason;
//  - parse_date: a date ⇒ in range, and printing it back in that format reads the same
//    date (for numeric formats with 4-digit years);
//  - decode_to_utf8("auto") gives valid UTF-8 without the BOM, or a dsocore::Error;
//  - detect_separator gives one of , ; TAB |.
#include <array>

#include "dsocore/core/decimal.hpp"
#include "dsocore/io/parse.hpp"
#include "fuzz/fuzz.hpp"

namespace {

bool canonical_number(const std::string& s) {
    std::size_t i = 0;
    if (i < s.size() && s[i] == '-') ++i;
    const std::size_t int_start = i;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i;
    if (i == int_start) return false;
    if (i - int_start > 1 && s[int_start] == '0') return false; // leading zero
    if (i < s.size()) {
        if (s[i] != '.') return false;
        const std::size_t frac = ++i;
        while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i;
        if (i == frac) return false;
    }
    if (i != s.size()) return false;
    if (s[0] == '-' && s.find_first_not_of("-0.") == std::string::npos) return false; // "-0", "-0.00"
    return true;
}

bool valid_utf8(std::string_view s) {
    std::size_t i = 0;
    while (i < s.size()) {
        const auto c = static_cast<unsigned char>(s[i]);
        std::size_t n = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
        if (n == 0 || i + n > s.size()) return false;
        std::uint32_t cp = n == 1 ? c : n == 2 ? (c & 0x1Fu) : n == 3 ? (c & 0x0Fu) : (c & 0x07u);
        for (std::size_t k = 1; k < n; ++k) {
            const auto d = static_cast<unsigned char>(s[i + k]);
            if ((d >> 6) != 2) return false;
            cp = (cp << 6) | (d & 0x3Fu);
        }
        if ((n == 2 && cp < 0x80) || (n == 3 && cp < 0x800) || (n == 4 && cp < 0x10000) || cp > 0x10FFFF ||
            (cp >= 0xD800 && cp <= 0xDFFF))
            return false;
        i += n;
    }
    return true;
}

} // namespace

DSOCORE_FUZZ_TARGET(import_clean) {
    if (size == 0) return;
    static const std::array<dsocore::NumberFormat, 6> numbers = {{
        {".", ""}, {",", " "}, {",", "."}, {".", ","}, {".", "'"}, {",", "\xC2\xA0"}}};
    static const auto dates = [] {
        std::vector<dsocore::DateFormat> d;
        for (const char* f : {"yyyy-MM-dd", "dd/MM/yyyy", "d.M.yy", "yyyyMMdd", "excel", "MM/dd/yyyy", "d/M/yyyy"})
            d.push_back(dsocore::DateFormat::parse(f));
        return d;
    }();
    const auto& nf = numbers[data[0] % numbers.size()];
    const auto& df = dates[(data[0] / numbers.size()) % dates.size()];
    const std::string_view value = fuzz::as_text(data + 1, size - 1);

    std::string out, why;
    bool got = false;
    if (!fuzz::expect_error_or_value([&] { got = dsocore::parse_number(value, nf, out, why); })) return;
    if (got) {
        FUZZ_CHECK(canonical_number(out), "parse_number('" + std::string(value) + "') gave '" + out + "'");
        // Beyond 38 digits Decimal refuses; what it reads must print back the same.
        if (const auto x = dsocore::Decimal::try_parse(out))
            FUZZ_CHECK(x->to_string() == out, "Decimal reads parse_number's '" + out + "' as " + x->to_string());
    } else {
        FUZZ_CHECK(!why.empty(), "parse_number refused '" + std::string(value) + "' without a reason");
    }

    std::optional<dsocore::Date> d;
    if (fuzz::expect_error_or_value([&] { d = dsocore::parse_date(value, df); }) && d) {
        FUZZ_CHECK(d->ymd().year >= 1400 && d->ymd().year <= 9999, "date out of the supported range");
        const auto back = dsocore::parse_date(d->to_string(), dsocore::DateFormat::parse("yyyy-MM-dd"));
        FUZZ_CHECK(back && *back == *d, "the date does not print and read back");
    }

    std::string used;
    std::string utf8;
    if (fuzz::expect_error_or_value([&] { utf8 = dsocore::decode_to_utf8(std::string(fuzz::as_text(data, size)), "auto", &used); })) {
        FUZZ_CHECK(valid_utf8(utf8), "decode_to_utf8 (" + used + ") gave invalid UTF-8");
        // The first BOM is dropped; a second U+FEFF right after it is text (a "zero
        // width no-break space", as Unicode says), kept: FF FE FF FE … gives EF BB BF ….
        const std::string_view raw = fuzz::as_text(data, size);
        if (raw.rfind("\xEF\xBB\xBF", 0) == 0 && raw.substr(3).rfind("\xEF\xBB\xBF", 0) != 0)
            FUZZ_CHECK(utf8.rfind("\xEF\xBB\xBF", 0) != 0, "decode_to_utf8 left the BOM of a UTF-8 file");
        const char sep = dsocore::detect_separator(utf8, '"', 0);
        FUZZ_CHECK(sep == ',' || sep == ';' || sep == '\t' || sep == '|', "detect_separator gave another character");
    }
}
