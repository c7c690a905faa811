// Internal to the loader: a non-destructive CSV tokenizer that parses one line-aligned
// chunk of a file, so that several chunks can be parsed at once on different threads.
//
// It reproduces CsvReader (src/io/csv.cpp) record for record: same fields, same line
// counting (LF, CRLF and lone CR end a line, also inside quoted fields), same blank-line
// skipping and the same two malformed-record errors with the same resynchronisation.
// Unlike CsvReader it never writes into the text (a quoted field with doubled quotes is
// unescaped into a per-record scratch buffer), so chunks can share one read-only
// buffer, mapped from the file. Line numbers are local: lines counted from the chunk's
// start; the merger adds the line at which the chunk starts.
#pragma once

#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

#include "dsocore/core/config.hpp"

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

DSOCORE_BEGIN_NAMESPACE
namespace csvchunk {

#if defined(__SSE2__)
/// Bit k set when d[k] is ',', LF or CR (k in [0, 64)); SSE2 is in every x86-64.
inline std::uint64_t delimiters64(const char* d) noexcept {
    const __m128i comma = _mm_set1_epi8(','), lf = _mm_set1_epi8('\n'), cr = _mm_set1_epi8('\r');
    std::uint64_t m = 0;
    for (int k = 0; k < 4; ++k) {
        const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(d + 16 * k));
        const __m128i hit = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, comma), _mm_cmpeq_epi8(v, lf)),
                                         _mm_cmpeq_epi8(v, cr));
        m |= static_cast<std::uint64_t>(static_cast<std::uint32_t>(_mm_movemask_epi8(hit))) << (16 * k);
    }
    return m;
}
#endif

enum class RecordError : std::uint8_t { none, unterminated, after_quote };

class Scanner {
public:
    Scanner(const char* data, std::size_t size, std::size_t start) : d_(data), n_(size), pos_(start) {}
    /// For tests: false reads every record with the byte-at-a-time code (the SIMD path
    /// of plain records is off); the records must be the same.
    void set_simd(bool on) noexcept { simd_ = on; }

    /// Next record starting before `limit` (blank lines are skipped up to `limit`).
    /// False when there is none. A malformed record returns true with error() set.
    bool next(std::size_t limit) {
        fields_.clear();
        refs_.clear();
        scratch_.clear();
        error_ = RecordError::none;
        while (pos_ < limit && pos_ < n_ && (d_[pos_] == '\n' || d_[pos_] == '\r')) {
            if (d_[pos_] == '\r' && pos_ + 1 < n_ && d_[pos_ + 1] == '\n') ++pos_;
            ++pos_;
            ++line_;
        }
        if (pos_ >= limit || pos_ >= n_) return false;
        record_line_ = line_;
        record_start_ = pos_;
        if (plain_record()) return true;
        std::size_t p = pos_;
        const char* const d = d_;
        const std::size_t n = n_;
        for (;;) {
            if (p < n && d[p] == '"') {
                std::size_t r = p + 1;
                const std::size_t body = r;
                bool escaped = false; // a doubled quote inside: unescape into scratch
                std::size_t sbeg = 0;
                for (;;) {
                    if (r >= n) {
                        error_ = RecordError::unterminated;
                        pos_ = n;
                        finish();
                        return true;
                    }
                    const char c = d[r];
                    if (c == '"') {
                        if (r + 1 < n && d[r + 1] == '"') {
                            if (!escaped) {
                                escaped = true;
                                sbeg = scratch_.size();
                                scratch_.append(d + body, r - body);
                            }
                            scratch_.push_back('"');
                            r += 2;
                            continue;
                        }
                        break;
                    }
                    if (c == '\n' || (c == '\r' && !(r + 1 < n && d[r + 1] == '\n'))) ++line_;
                    if (escaped) scratch_.push_back(c);
                    ++r;
                }
                if (escaped) refs_.push_back({nullptr, sbeg, scratch_.size() - sbeg});
                else refs_.push_back({d + body, 0, r - body});
                p = r + 1; // past the closing quote
                if (p < n && d[p] != ',' && d[p] != '\n' && d[p] != '\r') {
                    error_ = RecordError::after_quote;
                    bad_char_ = d[p];
                    while (p < n && d[p] != '\n' && d[p] != '\r') ++p;
                }
            } else {
                const std::size_t b = p;
                p = scan_plain(p);
                refs_.push_back({d + b, 0, p - b});
            }
            if (p < n && d[p] == ',') {
                ++p;
                continue;
            }
            if (p < n) {
                if (d[p] == '\r' && p + 1 < n && d[p + 1] == '\n') ++p;
                ++p;
                ++line_;
            }
            pos_ = p;
            finish();
            return true;
        }
    }

    const std::vector<std::string_view>& fields() const noexcept { return fields_; }
    RecordError error() const noexcept { return error_; }
    char bad_char() const noexcept { return bad_char_; }
    /// Local line (lines counted since the chunk start) where the last record began.
    std::int64_t record_line() const noexcept { return record_line_; }
    /// Local lines counted so far.
    std::int64_t lines() const noexcept { return line_; }
    std::size_t pos() const noexcept { return pos_; }
    /// Offset where the last record began: no field of it (unescaped or not) is
    /// longer than pos() - record_start().
    std::size_t record_start() const noexcept { return record_start_; }
    /// True when the view lies inside the text (not in the scratch buffer).
    bool in_text(std::string_view v) const noexcept { return v.data() >= d_ && v.data() + v.size() <= d_ + n_; }

private:
    /// The common record: no field starts with a quote. Fields go straight to fields_
    /// (no Ref pass); false, with nothing consumed, at the first quoted field (the
    /// general loop then reads the record).
    bool plain_record() {
#if defined(__SSE2__)
        if (simd_) return plain_record_simd();
#endif
        return plain_record_scalar();
    }
#if defined(__SSE2__)
    /// plain_record with the field ends found 64 bytes at a time (a bit mask of the
    /// delimiters, consumed field by field). Within 64 bytes of the end of the text it
    /// hands the record to the scalar code, which then reads it from its start.
    bool plain_record_simd() {
        const char* const d = d_;
        const std::size_t n = n_;
        std::size_t p = pos_;
        if (n - p < 64) return plain_record_scalar();
        // Fields gather in a local array (kept in registers, not the vector's end
        // pointer stored per field); a record of more fields goes to the scalar code.
        constexpr std::size_t kMaxFields = 32;
        std::string_view out[kMaxFields];
        std::size_t nf = 0;
        std::size_t blk = p;
        std::uint64_t m = delimiters64(d + blk);
        for (;;) {
            // p < blk + 64 <= n here: d[p] is in the text.
            if (d[p] == '"') return false;
            if (nf == kMaxFields) return plain_record_scalar();
            std::uint64_t mm = m & (~std::uint64_t{0} << (p - blk));
            while (mm == 0) {
                blk += 64;
                if (blk + 64 > n) return plain_record_scalar();
                mm = m = delimiters64(d + blk);
            }
            std::size_t e = blk + static_cast<std::size_t>(__builtin_ctzll(mm));
            out[nf++] = std::string_view(d + p, e - p);
            if (d[e] == ',') {
                p = e + 1;
                if (p >= blk + 64) {
                    blk = p;
                    if (blk + 64 > n) return plain_record_scalar();
                    m = delimiters64(d + blk);
                }
                continue;
            }
            if (d[e] == '\r' && e + 1 < n && d[e + 1] == '\n') ++e;
            fields_.assign(out, out + nf);
            pos_ = e + 1;
            ++line_;
            return true;
        }
    }
#endif
    bool plain_record_scalar() {
        const char* const d = d_;
        const std::size_t n = n_;
        std::size_t p = pos_;
        for (;;) {
            if (p < n && d[p] == '"') {
                fields_.clear();
                return false;
            }
            const std::size_t b = p;
            while (p < n) {
                const char c = d[p];
                if (c == ',' || c == '\n' || c == '\r') break;
                ++p;
            }
            fields_.emplace_back(d + b, p - b);
            if (p < n && d[p] == ',') {
                ++p;
                continue;
            }
            if (p < n) {
                if (d[p] == '\r' && p + 1 < n && d[p + 1] == '\n') ++p;
                ++p;
                ++line_;
            }
            pos_ = p;
            return true;
        }
    }
    struct Ref {
        const char* p; // nullptr: in scratch at `off`
        std::size_t off, len;
    };
    void finish() {
        for (const Ref& r : refs_) fields_.emplace_back(r.p ? r.p : scratch_.data() + r.off, r.len);
    }
    /// End of an unquoted field: the next ',', LF or CR (or the end).
    std::size_t scan_plain(std::size_t p) const noexcept {
        const char* const d = d_;
        const std::size_t n = n_;
        // Eight bytes at a time: a byte equal to ',', '\n' or '\r' stops the word scan.
        constexpr std::uint64_t ones = 0x0101010101010101ULL, highs = 0x8080808080808080ULL;
        while (p + 8 <= n) {
            std::uint64_t w;
            std::memcpy(&w, d + p, 8);
            const std::uint64_t a = w ^ (ones * ','), b = w ^ (ones * '\n'), c = w ^ (ones * '\r');
            const std::uint64_t hit = ((a - ones) & ~a) | ((b - ones) & ~b) | ((c - ones) & ~c);
            if (hit & highs) break;
            p += 8;
        }
        while (p < n && d[p] != ',' && d[p] != '\n' && d[p] != '\r') ++p;
        return p;
    }

    const char* d_;
    std::size_t n_;
    std::size_t pos_;
    std::size_t record_start_ = 0;
    std::int64_t line_ = 0;
    std::int64_t record_line_ = 0;
    RecordError error_ = RecordError::none;
    char bad_char_ = 0;
    bool simd_ = true;
    std::vector<Ref> refs_;
    std::string scratch_;
    std::vector<std::string_view> fields_;
};

/// Start of the line after offset `at` (just past the next LF), or `n`.
inline std::size_t line_start_after(const char* d, std::size_t n, std::size_t at) noexcept {
    if (at >= n) return n;
    const void* nl = std::memchr(d + at, '\n', n - at);
    return nl ? static_cast<std::size_t>(static_cast<const char*>(nl) - d) + 1 : n;
}

/// True when text[b, e) is well-formed UTF-8 without NUL (the rules of
/// find_invalid_text); a pure-ASCII word of eight bytes is checked at once.
inline bool valid_text(const char* s, std::size_t b, std::size_t e) noexcept {
    const auto* p = reinterpret_cast<const unsigned char*>(s);
    constexpr std::uint64_t ones = 0x0101010101010101ULL, highs = 0x8080808080808080ULL;
    std::size_t i = b;
    while (i < e) {
        if (i + 8 <= e) {
            std::uint64_t w;
            std::memcpy(&w, p + i, 8);
            if (((w | ((w - ones) & ~w)) & highs) == 0) { // all bytes in 0x01..0x7F
                i += 8;
                continue;
            }
        }
        const unsigned c = p[i];
        if (c >= 0x01 && c < 0x80) {
            ++i;
            continue;
        }
        if (c == 0) return false;
        std::size_t len;
        unsigned lo = 0x80, hi = 0xBF;
        if (c >= 0xC2 && c <= 0xDF) len = 2;
        else if (c >= 0xE0 && c <= 0xEF) {
            len = 3;
            if (c == 0xE0) lo = 0xA0;
            else if (c == 0xED) hi = 0x9F;
        } else if (c >= 0xF0 && c <= 0xF4) {
            len = 4;
            if (c == 0xF0) lo = 0x90;
            else if (c == 0xF4) hi = 0x8F;
        } else {
            return false;
        }
        if (i + len > e) return false;
        if (p[i + 1] < lo || p[i + 1] > hi) return false;
        for (std::size_t k = 2; k < len; ++k)
            if (p[i + k] < 0x80 || p[i + k] > 0xBF) return false;
        i += len;
    }
    return true;
}

} // namespace csvchunk
DSOCORE_END_NAMESPACE
