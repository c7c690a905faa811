// dsocore — field parsing for imports: encodings, separators, numbers, dates.
//
// Everything here is strict: a value is either read exactly or refused with a reason.
// The only binary floating-point value in dsocore appears in shortest_decimal(), at the
// spreadsheet boundary, and is turned into an exact decimal string at once.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "dsocore/core/config.hpp"
#include "dsocore/core/date.hpp"

DSOCORE_BEGIN_NAMESPACE

/// Converts `bytes` in `encoding` (an ICU converter name, or "auto": BOM, then valid
/// UTF-8, then ICU's charset detector) to UTF-8 without BOM. `used` receives the
/// encoding actually used. Throws Error(data) naming the line of an invalid byte
/// sequence, Error(invalid_argument) for an unknown converter name.
std::string decode_to_utf8(std::string bytes, std::string_view encoding, std::string* used = nullptr);

/// True when ICU knows a converter of this name.
bool encoding_known(std::string_view name);

/// Picks the separator among , ; tab | : the one that splits the header line (after
/// `skip_rows` lines) into the most fields and gives the same count on the following
/// lines. Quotes (`quote`, 0 for none) are honoured. Returns ',' when nothing splits.
char detect_separator(std::string_view utf8, char quote, int skip_rows);

/// How numbers are written in a source file.
struct NumberFormat {
    std::string decimal = ".";  ///< one character (UTF-8)
    std::string thousands;      ///< empty: none; " " also accepts U+00A0 and U+202F
};

/// Reads a number written with `fmt`, signs `-1`, `+1`, `1-`, `(1)`, into the exact
/// canonical text `^-?[0-9]+(\.[0-9]+)?$` (leading zeros dropped, "-0" never). Returns
/// false with a reason in `why`. Thousands separators must group by three.
bool parse_number(std::string_view text, const NumberFormat& fmt, std::string& out, std::string& why);

/// One entry of a profile's date_formats: an LDML pattern or Excel serials.
struct DateFormat {
    bool excel = false;
    std::string pattern; ///< letters d, dd, M, MM, yy, yyyy; anything else is literal
    /// Throws Error(invalid_argument) naming the pattern when it is not usable.
    static DateFormat parse(std::string_view spec);
    std::string to_string() const { return excel ? "excel" : pattern; }
};

/// Two-digit years (pattern `yy`): 00–69 → 2000–2069, 70–99 → 1970–1999.
inline constexpr int kTwoDigitYearPivot = 70;

/// Strict parse: the whole text must match, the day must exist (31/06 and 13/25 are
/// refused, never rolled over). Excel: a serial day number of the 1900 system (a time
/// fraction is dropped; serial 60, Excel's phantom 1900-02-29, is refused).
std::optional<Date> parse_date(std::string_view text, const DateFormat& fmt);

/// A date format prepared once for many values (an import's column): the same result
/// as parse_date, without reading the pattern again for every value.
class DateParser {
public:
    explicit DateParser(const DateFormat& f);
    /// Writes the canonical YYYY-MM-DD of `text` into out[0..10); false when parse_date
    /// would refuse it.
    bool canonical(std::string_view text, char* out) const;

private:
    struct Tok {
        char kind = 0; ///< 'd', 'M', 'y' or 0 for a literal
        std::uint8_t min_digits = 0, max_digits = 0;
        bool two_digit_year = false;
        std::string literal;
    };
    DateFormat fmt_;
    std::vector<Tok> toks_;
    /// Fast path: the pattern with every field at its widest ('d', 'M', 'y', 'Y' for a
    /// two-digit year, one character a digit; literals as they are), empty when unsafe.
    std::string layout_;
    std::uint32_t digit_at_ = 0; ///< bit i: layout_[i] is a digit of a field
    std::uint8_t day_at_ = 0, month_at_ = 0, year_at_ = 0, year_len_ = 4;
};

/// Excel 1900-system serial → date (1 = 1900-01-01, 61 = 1900-03-01; 60 and < 1 refused).
std::optional<Date> excel_serial_date(std::int64_t serial);

/// The shortest decimal text that reads back as exactly `v` (8765.4300000000003 →
/// "8765.43"), fixed notation, no exponent.
std::string shortest_decimal(double v);

/// Trims ASCII spaces/tabs and U+00A0 at both ends.
std::string_view trim_view(std::string_view s);

DSOCORE_END_NAMESPACE
