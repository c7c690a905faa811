// Field parsing for imports: encodings (ICU), separators, numbers, dates.
#include "dsocore/io/parse.hpp"

#include <unicode/ucnv.h>
#include <unicode/ucsdet.h>
#include <unicode/ustring.h>

#include <array>
#include <charconv>
#include <cstring>
#include <memory>

#include "dsocore/core/error.hpp"

DSOCORE_BEGIN_NAMESPACE

namespace {

bool valid_utf8(std::string_view s) {
    const auto* p = reinterpret_cast<const unsigned char*>(s.data());
    const auto* e = p + s.size();
    while (p < e) {
        // ASCII fast path, eight bytes at a time.
        while (e - p >= 8) {
            std::uint64_t w;
            std::memcpy(&w, p, 8);
            if (w & 0x8080808080808080ull) break;
            p += 8;
        }
        if (p >= e) break;
        const unsigned c = *p;
        if (c < 0x80) {
            ++p;
            continue;
        }
        int n;
        std::uint32_t cp;
        if (c >= 0xC2 && c <= 0xDF) n = 1, cp = c & 0x1F;
        else if (c >= 0xE0 && c <= 0xEF) n = 2, cp = c & 0x0F;
        else if (c >= 0xF0 && c <= 0xF4) n = 3, cp = c & 0x07;
        else return false;
        if (e - p <= n) return false;
        for (int k = 1; k <= n; ++k) {
            if ((p[k] & 0xC0) != 0x80) return false;
            cp = (cp << 6) | (p[k] & 0x3Fu);
        }
        if ((n == 2 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))) || (n == 3 && (cp < 0x10000 || cp > 0x10FFFF)))
            return false;
        p += n + 1;
    }
    return true;
}

struct ConvCloser {
    void operator()(UConverter* c) const { ucnv_close(c); }
};
using ConvPtr = std::unique_ptr<UConverter, ConvCloser>;

std::string detect_charset(const std::string& bytes) {
    UErrorCode st = U_ZERO_ERROR;
    UCharsetDetector* d = ucsdet_open(&st);
    if (U_FAILURE(st)) throw Error(Errc::internal, "ICU charset detector unavailable");
    const std::size_t n = std::min<std::size_t>(bytes.size(), 1u << 20);
    ucsdet_setText(d, bytes.data(), static_cast<int32_t>(n), &st);
    std::string name;
    std::int32_t count = 0;
    const UCharsetMatch* const* all = ucsdet_detectAll(d, &count, &st);
    if (U_SUCCESS(st)) {
        for (std::int32_t i = 0; i < count && name.empty(); ++i) {
            UErrorCode s2 = U_ZERO_ERROR;
            const char* nm = ucsdet_getName(all[i], &s2);
            if (U_FAILURE(s2) || !nm) continue;
            // The input is known not to be valid UTF-8 at this point.
            if (std::strcmp(nm, "UTF-8") != 0) name = nm;
        }
    }
    ucsdet_close(d);
    if (name.empty()) name = "windows-1252";
    // Windows exports say ISO-8859-1 when they mean its superset windows-1252.
    if (name == "ISO-8859-1") name = "windows-1252";
    return name;
}

std::int64_t count_lines(std::string_view s) {
    std::int64_t n = 1;
    for (char c : s) n += c == '\n';
    return n;
}


/// A single-byte encoding (windows-1252, ISO-8859-x, …) through a 256-entry table built
/// by converting each byte alone with the same ICU converter (so the text is ICU's,
/// byte for byte). False when `c` is not single-byte (or not ASCII-compatible and the
/// text has a byte the encoding does not map): the caller then converts through ICU.
bool sbcs_to_utf8(UConverter* c, const std::string& name, std::string_view bytes, std::string& out) {
    const UConverterType type = ucnv_getType(c);
    if (ucnv_getMaxCharSize(c) != 1 || (type != UCNV_SBCS && type != UCNV_LATIN_1 && type != UCNV_US_ASCII)) return false;
    std::array<std::array<char, 4>, 256> utf8{};
    std::array<std::uint8_t, 256> len{}; // 0: not mapped
    for (unsigned b = 0; b < 256; ++b) {
        UErrorCode st = U_ZERO_ERROR;
        ucnv_resetToUnicode(c);
        UChar u[4];
        const char in = static_cast<char>(b);
        const std::int32_t nu = ucnv_toUChars(c, u, 4, &in, 1, &st);
        if (U_FAILURE(st) || nu < 1) continue;
        std::int32_t n8 = 0;
        st = U_ZERO_ERROR;
        u_strToUTF8(utf8[b].data(), 4, &n8, u, nu, &st);
        if (U_FAILURE(st) || n8 < 1 || n8 > 4) continue;
        len[b] = static_cast<std::uint8_t>(n8);
    }
    ucnv_resetToUnicode(c);
    const std::size_t n = bytes.size();
    const auto* p = reinterpret_cast<const unsigned char*>(bytes.data());
    bool ascii_same = true; // ASCII bytes map to themselves (all but EBCDIC-like encodings)
    for (unsigned b = 0; b < 0x80; ++b) ascii_same = ascii_same && len[b] == 1 && utf8[b][0] == static_cast<char>(b);
    // Output size first (exact), then one pass writing into the reserved buffer.
    std::size_t size = 0;
    for (std::size_t i = 0; i < n; ++i) {
        const std::uint8_t l = len[p[i]];
        if (l == 0) {
            // ICU's message, with the line of the byte (ICU's own count stops at its last
            // flushed output, often line 1).
            if (!ascii_same) return false;
            throw Error(Errc::data, "line " + std::to_string(count_lines(bytes.substr(0, i))) +
                                        ": byte sequence not valid in encoding " + name + " (U_INVALID_CHAR_FOUND)");
        }
        size += l;
    }
    out.resize(size);
    char* o = out.data();
    std::size_t i = 0;
    while (i < n) {
        if (ascii_same) {
            // Runs of ASCII, eight bytes at a time.
            while (n - i >= 8) {
                std::uint64_t w;
                std::memcpy(&w, p + i, 8);
                if (w & 0x8080808080808080ull) break;
                std::memcpy(o, &w, 8);
                o += 8;
                i += 8;
            }
            if (i >= n) break;
        }
        const unsigned char b = p[i++];
        std::memcpy(o, utf8[b].data(), 4 <= out.data() + size - o ? 4 : len[b]);
        o += len[b];
    }
    return true;
}

} // namespace

bool encoding_known(std::string_view name) {
    if (name == "auto") return true;
    UErrorCode st = U_ZERO_ERROR;
    ConvPtr c(ucnv_open(std::string(name).c_str(), &st));
    return U_SUCCESS(st) && c;
}

std::string decode_to_utf8(std::string bytes, std::string_view encoding, std::string* used) {
    std::string enc(encoding);
    const auto* b = reinterpret_cast<const unsigned char*>(bytes.data());
    const std::size_t n = bytes.size();
    if (enc.empty() || enc == "auto") {
        if (n >= 3 && b[0] == 0xEF && b[1] == 0xBB && b[2] == 0xBF) enc = "UTF-8";
        else if (n >= 4 && b[0] == 0xFF && b[1] == 0xFE && b[2] == 0 && b[3] == 0) enc = "UTF-32LE";
        else if (n >= 4 && b[0] == 0 && b[1] == 0 && b[2] == 0xFE && b[3] == 0xFF) enc = "UTF-32BE";
        else if (n >= 2 && b[0] == 0xFF && b[1] == 0xFE) enc = "UTF-16LE";
        else if (n >= 2 && b[0] == 0xFE && b[1] == 0xFF) enc = "UTF-16BE";
        else if (valid_utf8(bytes)) enc = "UTF-8";
        else enc = detect_charset(bytes);
    }
    if (used) *used = enc;
    UErrorCode st = U_ZERO_ERROR;
    const char* canon = ucnv_getCanonicalName(enc.c_str(), "", &st);
    const bool is_utf8 = enc == "UTF-8" || enc == "utf-8" || enc == "utf8" || (canon && std::strcmp(canon, "UTF-8") == 0);
    if (is_utf8) {
        std::size_t skip = (n >= 3 && b[0] == 0xEF && b[1] == 0xBB && b[2] == 0xBF) ? 3 : 0;
        if (!valid_utf8(std::string_view(bytes).substr(skip))) {
            // Find the first bad line for the message.
            std::size_t line_start = skip;
            std::int64_t line = 1;
            for (std::size_t i = skip; i < n; ++i)
                if (b[i] == '\n') {
                    if (!valid_utf8(std::string_view(bytes).substr(line_start, i - line_start))) break;
                    ++line;
                    line_start = i + 1;
                }
            throw Error(Errc::data, "line " + std::to_string(line) + ": invalid UTF-8 byte sequence (declare the file's encoding in the profile, e.g. \"encoding\": \"windows-1252\")");
        }
        if (skip) bytes.erase(0, skip);
        return bytes;
    }
    st = U_ZERO_ERROR;
    ConvPtr src(ucnv_open(enc.c_str(), &st));
    if (U_FAILURE(st) || !src) throw Error(Errc::invalid_argument, "encoding '" + enc + "': not an encoding ICU knows");
    ucnv_setToUCallBack(src.get(), UCNV_TO_U_CALLBACK_STOP, nullptr, nullptr, nullptr, &st);
    std::string out;
    out.reserve(n + n / 8 + 64);
    if (sbcs_to_utf8(src.get(), enc, bytes, out)) {
        // done: every byte had its mapping
    } else {
        // Multi-byte encodings (UTF-16, Shift-JIS, …), and a single-byte file with a byte
        // its encoding does not map (for ICU's message): through ICU's pivot, in chunks
        // appended to `out` (no zero-filled 3n buffer).
        out.clear();
        ucnv_resetToUnicode(src.get());
        ConvPtr dst(ucnv_open("UTF-8", &st));
        if (U_FAILURE(st)) throw Error(Errc::internal, "ICU UTF-8 converter unavailable");
        std::array<UChar, 4096> pivot{};
        UChar* ps = pivot.data();
        UChar* pt = pivot.data();
        const char* s = bytes.data();
        const char* const se = bytes.data() + n;
        std::array<char, 1 << 16> chunk{};
        bool reset = true;
        for (;;) {
            st = U_ZERO_ERROR;
            char* t = chunk.data();
            ucnv_convertEx(dst.get(), src.get(), &t, chunk.data() + chunk.size(), &s, se, pivot.data(), &ps, &pt,
                           pivot.data() + pivot.size(), reset, true, &st);
            reset = false;
            out.append(chunk.data(), static_cast<std::size_t>(t - chunk.data()));
            if (st == U_BUFFER_OVERFLOW_ERROR) continue;
            if (U_FAILURE(st))
                throw Error(Errc::data, "line " + std::to_string(count_lines(out)) + ": byte sequence not valid in encoding " +
                                            enc + " (" + u_errorName(st) + ")");
            break;
        }
    }
    if (out.size() >= 3 && out.compare(0, 3, "\xEF\xBB\xBF") == 0) out.erase(0, 3);
    return out;
}

char detect_separator(std::string_view s, char quote, int skip_rows) {
    // Split into physical lines (quoted line breaks stay inside their record).
    std::vector<std::array<int, 4>> counts;
    static constexpr char cand[4] = {',', ';', '\t', '|'};
    std::size_t p = 0;
    int line = 0;
    while (p < s.size() && counts.size() < 30) {
        std::array<int, 4> c{};
        bool inq = false;
        while (p < s.size()) {
            const char ch = s[p++];
            if (quote && ch == quote) inq = !inq;
            else if (!inq && (ch == '\n' || ch == '\r')) {
                if (ch == '\r' && p < s.size() && s[p] == '\n') ++p;
                break;
            } else if (!inq) {
                for (int k = 0; k < 4; ++k) c[static_cast<std::size_t>(k)] += ch == cand[k];
            }
        }
        if (line++ >= skip_rows) counts.push_back(c);
    }
    if (counts.empty()) return ',';
    int best = -1;
    long best_score = -1;
    for (std::size_t k = 0; k < 4; ++k) {
        const int h = counts[0][k];
        if (h == 0) continue;
        long same = 0;
        for (std::size_t i = 1; i < counts.size(); ++i) same += counts[i][k] == h;
        const long score = same * 1000 + h;
        if (score > best_score) {
            best_score = score;
            best = static_cast<int>(k);
        }
    }
    return best < 0 ? ',' : cand[best];
}

std::string_view trim_view(std::string_view s) {
    // Nearly every value has nothing to trim: one look at each end.
    if (s.empty()) return s;
    const auto f = static_cast<unsigned char>(s.front()), b = static_cast<unsigned char>(s.back());
    if (f != ' ' && f != '\t' && f != 0xC2 && b != ' ' && b != '\t' && b != 0xA0) return s;
    for (;;) {
        if (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
        else if (s.size() >= 2 && s.substr(0, 2) == "\xC2\xA0") s.remove_prefix(2);
        else break;
    }
    for (;;) {
        if (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
        else if (s.size() >= 2 && s.substr(s.size() - 2) == "\xC2\xA0") s.remove_suffix(2);
        else break;
    }
    return s;
}

bool parse_number(std::string_view text, const NumberFormat& fmt, std::string& out, std::string& why) {
    out.clear();
    std::string_view t = trim_view(text);
    bool neg = false;
    if (t.size() >= 2 && t.front() == '(' && t.back() == ')') {
        neg = true;
        t = trim_view(t.substr(1, t.size() - 2));
    }
    if (!t.empty() && (t.front() == '-' || t.front() == '+')) {
        if (neg && t.front() == '-') {
            why = "two minus signs";
            return false;
        }
        neg = neg || t.front() == '-';
        t.remove_prefix(1);
    } else if (!t.empty() && t.back() == '-' && !neg) {
        neg = true;
        t.remove_suffix(1);
    }
    if (t.empty()) {
        why = "no digits";
        return false;
    }
    // Integer part with optional grouping, then optional decimal part, written straight
    // into `out` (no temporary strings: this runs for every amount of an import).
    out.reserve(t.size() + 1);
    std::size_t int_digits = 0, frac_digits = 0;
    bool in_frac = false, grouped = false;
    int group_len = 0;
    std::size_t i = 0;
    // t[k…] starts with x (a loop: separators are one to three bytes, a memcmp call costs more).
    auto at = [&t](std::size_t k, std::string_view x) {
        if (x.empty() || x.size() > t.size() - k) return false;
        for (std::size_t j = 0; j < x.size(); ++j)
            if (t[k + j] != x[j]) return false;
        return true;
    };
    const bool thousands_space = fmt.thousands == " ";
    auto thousands_at = [&](std::size_t k) -> std::size_t {
        if (fmt.thousands.empty()) return 0;
        if (at(k, fmt.thousands)) return fmt.thousands.size();
        if (thousands_space) {
            if (at(k, "\xC2\xA0")) return 2;
            if (at(k, "\xE2\x80\xAF")) return 3;
        }
        return 0;
    };
    while (i < t.size()) {
        const char c = t[i];
        if (c >= '0' && c <= '9') {
            out.push_back(c);
            ++(in_frac ? frac_digits : int_digits);
            ++group_len;
            ++i;
            continue;
        }
        if (!in_frac && (fmt.decimal.empty() || at(i, fmt.decimal))) {
            if (grouped && group_len != 3) {
                why = "thousands separators must group digits by three";
                return false;
            }
            in_frac = true;
            out.push_back('.');
            i += fmt.decimal.size();
            continue;
        }
        if (!in_frac) {
            if (const std::size_t w = thousands_at(i)) {
                if (group_len == 0 || group_len > 3 || (grouped && group_len != 3) || (!grouped && group_len > 3)) {
                    why = "thousands separators must group digits by three";
                    return false;
                }
                grouped = true;
                group_len = 0;
                i += w;
                continue;
            }
        }
        why = "unexpected character '" + std::string(1, c) + "' (decimal separator '" + fmt.decimal + "'" +
              (fmt.thousands.empty() ? std::string(", no thousands separator") : ", thousands separator '" + fmt.thousands + "'") + ")";
        return false;
    }
    if (!in_frac && grouped && group_len != 3) {
        why = "thousands separators must group digits by three";
        return false;
    }
    if (int_digits == 0 || (in_frac && frac_digits == 0)) {
        why = "expected digits before and after the decimal separator";
        out.clear();
        return false;
    }
    std::size_t z = 0;
    while (z + 1 < int_digits && out[z] == '0') ++z;
    out.erase(0, z);
    bool zero = true;
    for (char c : out) zero = zero && (c == '0' || c == '.');
    if (neg && !zero) out.insert(out.begin(), '-');
    return true;
}

DateFormat DateFormat::parse(std::string_view spec) {
    DateFormat f;
    if (spec == "excel") {
        f.excel = true;
        return f;
    }
    int d = 0, m = 0, y = 0;
    for (std::size_t i = 0; i < spec.size();) {
        const char c = spec[i];
        std::size_t e = i;
        while (e < spec.size() && spec[e] == c) ++e;
        const std::size_t run = e - i;
        if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z')) {
            if (c == 'd' && run <= 2) ++d;
            else if (c == 'M' && run <= 2) ++m;
            else if (c == 'y' && (run == 2 || run == 4 || run == 1)) ++y;
            else
                throw Error(Errc::invalid_argument, "date format '" + std::string(spec) + "': '" + std::string(run, c) +
                                                        "' is not supported; use d, dd, M, MM, yy, yyyy and literal separators, or \"excel\"");
        }
        i = e;
    }
    if (d != 1 || m != 1 || y != 1)
        throw Error(Errc::invalid_argument, "date format '" + std::string(spec) +
                                                "': needs exactly one day (d/dd), one month (M/MM) and one year (yy/yyyy) field");
    f.pattern = std::string(spec);
    return f;
}

std::optional<Date> excel_serial_date(std::int64_t serial) {
    if (serial < 1 || serial == 60 || serial > 2958465) return std::nullopt; // 2958465 = 9999-12-31
    const std::int32_t base = serial < 60 ? days_from_civil(1899, 12, 31) : days_from_civil(1899, 12, 30);
    const Date d = Date::from_days(base + static_cast<std::int32_t>(serial));
    if (d.year() < Date::min_year) return std::nullopt;
    return d;
}

std::optional<Date> parse_date(std::string_view text, const DateFormat& fmt) {
    text = trim_view(text);
    if (fmt.excel) {
        std::size_t i = 0;
        std::int64_t v = 0;
        while (i < text.size() && text[i] >= '0' && text[i] <= '9' && i < 8) v = v * 10 + (text[i++] - '0');
        if (i == 0) return std::nullopt;
        if (i < text.size()) {
            if (text[i] != '.') return std::nullopt;
            for (std::size_t k = i + 1; k < text.size(); ++k)
                if (text[k] < '0' || text[k] > '9') return std::nullopt;
            if (i + 1 == text.size()) return std::nullopt;
        }
        return excel_serial_date(v);
    }
    const std::string& p = fmt.pattern;
    int day = -1, month = -1, year = -1;
    std::size_t ti = 0;
    for (std::size_t pi = 0; pi < p.size();) {
        const char c = p[pi];
        std::size_t e = pi;
        while (e < p.size() && p[e] == c) ++e;
        const std::size_t run = e - pi;
        const bool field = c == 'd' || c == 'M' || c == 'y';
        if (!field) {
            for (std::size_t k = pi; k < e; ++k) {
                if (ti >= text.size() || text[ti] != p[k]) return std::nullopt;
                ++ti;
            }
            pi = e;
            continue;
        }
        // A field touching another field (yyyyMMdd) has a fixed width.
        const bool next_is_field = (e < p.size() && (p[e] == 'd' || p[e] == 'M' || p[e] == 'y')) ||
                                   (pi > 0 && (p[pi - 1] == 'd' || p[pi - 1] == 'M' || p[pi - 1] == 'y'));
        std::size_t min_d, max_d;
        if (c == 'y') min_d = max_d = (run == 2 ? 2 : 4);
        else if (run == 2 && next_is_field) min_d = max_d = 2;
        else min_d = 1, max_d = 2;
        std::size_t k = 0;
        int v = 0;
        while (k < max_d && ti + k < text.size() && text[ti + k] >= '0' && text[ti + k] <= '9') {
            v = v * 10 + (text[ti + k] - '0');
            ++k;
        }
        if (k < min_d) return std::nullopt;
        ti += k;
        if (c == 'd') day = v;
        else if (c == 'M') month = v;
        else year = run == 2 ? (v < kTwoDigitYearPivot ? 2000 + v : 1900 + v) : v;
        pi = e;
    }
    if (ti != text.size()) return std::nullopt;
    return Date::try_from_ymd(year, month, day);
}

DateParser::DateParser(const DateFormat& f) : fmt_(f) {
    if (f.excel) return;
    const std::string& p = f.pattern;
    for (std::size_t pi = 0; pi < p.size();) {
        const char c = p[pi];
        std::size_t e = pi;
        while (e < p.size() && p[e] == c) ++e;
        const std::size_t run = e - pi;
        Tok t;
        if (c == 'd' || c == 'M' || c == 'y') {
            // As parse_date: a field touching another field has a fixed width.
            const bool next_is_field = (e < p.size() && (p[e] == 'd' || p[e] == 'M' || p[e] == 'y')) ||
                                       (pi > 0 && (p[pi - 1] == 'd' || p[pi - 1] == 'M' || p[pi - 1] == 'y'));
            t.kind = c;
            if (c == 'y') t.min_digits = t.max_digits = run == 2 ? 2 : 4;
            else if (run == 2 && next_is_field) t.min_digits = t.max_digits = 2;
            else t.min_digits = 1, t.max_digits = 2;
            t.two_digit_year = c == 'y' && run == 2;
        } else {
            t.literal.assign(p, pi, run);
        }
        toks_.push_back(std::move(t));
        pi = e;
    }
    // Every field at its widest, literals without digits, a field at each end: a text of
    // exactly that shape reads the same digit by digit (canonical's fast path).
    bool fixed = !toks_.empty() && toks_.front().kind && toks_.back().kind;
    for (const Tok& t : toks_) {
        if (t.kind) {
            layout_.append(t.max_digits, t.two_digit_year ? 'Y' : t.kind);
        } else {
            for (const char c : t.literal) fixed = fixed && !(c >= '0' && c <= '9');
            layout_ += t.literal;
        }
    }
    // Where the day, month and year digits are; a field at most 2 digits wide (d, M) is 2
    // wide in the layout, the year 2 or 4.
    if (fixed && layout_.size() <= 32) {
        for (std::size_t i = 0; i < layout_.size(); ++i) {
            const char l = layout_[i];
            if (l != 'd' && l != 'M' && l != 'y' && l != 'Y') continue;
            digit_at_ |= std::uint32_t{1} << i;
            if (i > 0 && layout_[i - 1] == l) continue;
            if (l == 'd') day_at_ = static_cast<std::uint8_t>(i);
            else if (l == 'M') month_at_ = static_cast<std::uint8_t>(i);
            else {
                year_at_ = static_cast<std::uint8_t>(i);
                year_len_ = l == 'Y' ? 2 : 4;
            }
        }
    } else {
        fixed = false;
    }
    if (!fixed) layout_.clear();
}

bool DateParser::canonical(std::string_view text, char* out) const {
    if (fmt_.excel) {
        const auto d = parse_date(text, fmt_);
        if (!d) return false;
        const std::string s = d->to_string();
        std::memcpy(out, s.data(), 10);
        return true;
    }
    int day = -1, month = -1, year = -1;
    if (text.size() == layout_.size() && !layout_.empty()) {
        // The widest shape: digits where the layout has fields, its literals elsewhere.
        const char* t = text.data();
        bool shape = true;
        for (std::size_t i = 0; i < layout_.size(); ++i) {
            const char c = t[i];
            shape = shape && ((digit_at_ >> i) & 1u ? static_cast<unsigned char>(c - '0') <= 9 : c == layout_[i]);
        }
        if (shape) {
            auto num = [t](std::size_t at, std::size_t len) {
                int v = 0;
                for (std::size_t k = 0; k < len; ++k) v = v * 10 + (t[at + k] - '0');
                return v;
            };
            day = num(day_at_, 2);
            month = num(month_at_, 2);
            const int y = num(year_at_, year_len_);
            year = year_len_ == 2 ? (y < kTwoDigitYearPivot ? 2000 + y : 1900 + y) : y;
        }
    }
    if (year < 0) {
        text = trim_view(text);
        std::size_t ti = 0;
        for (const Tok& t : toks_) {
            if (!t.kind) {
                if (t.literal.size() > text.size() - ti) return false;
                for (std::size_t j = 0; j < t.literal.size(); ++j)
                    if (text[ti + j] != t.literal[j]) return false;
                ti += t.literal.size();
                continue;
            }
            std::size_t k = 0;
            int v = 0;
            while (k < t.max_digits && ti + k < text.size() && text[ti + k] >= '0' && text[ti + k] <= '9') {
                v = v * 10 + (text[ti + k] - '0');
                ++k;
            }
            if (k < t.min_digits) return false;
            ti += k;
            if (t.kind == 'd') day = v;
            else if (t.kind == 'M') month = v;
            else year = t.two_digit_year ? (v < kTwoDigitYearPivot ? 2000 + v : 1900 + v) : v;
        }
        if (ti != text.size()) return false;
    }
    // Date::try_from_ymd's rule.
    if (year < Date::min_year || year > Date::max_year || month < 1 || month > 12 || day < 1 ||
        day > days_in_month(year, month))
        return false;
    out[0] = static_cast<char>('0' + year / 1000);
    out[1] = static_cast<char>('0' + year / 100 % 10);
    out[2] = static_cast<char>('0' + year / 10 % 10);
    out[3] = static_cast<char>('0' + year % 10);
    out[4] = '-';
    out[5] = static_cast<char>('0' + month / 10);
    out[6] = static_cast<char>('0' + month % 10);
    out[7] = '-';
    out[8] = static_cast<char>('0' + day / 10);
    out[9] = static_cast<char>('0' + day % 10);
    return true;
}

std::string shortest_decimal(double v) {
    char buf[512];
    const auto r = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::fixed);
    std::string s(buf, r.ptr);
    if (s == "-0") s = "0";
    return s;
}

DSOCORE_END_NAMESPACE
