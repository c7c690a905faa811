// Internal to the loader: per-row field helpers of the chunked CSV parse, inline and
// without calls for the common shapes of the data (short repeated strings, canonical
// dates and amounts). Each gives exactly the answer of the general code it stands in
// for (Date::parse, parse_fixed, string equality); tests/ledger/fast_fields_test.cpp
// checks them against it.
#pragma once

#include <cstdint>
#include <cstring>
#include <optional>
#include <string_view>

#include "dsocore/core/config.hpp"
#include "dsocore/core/date.hpp"
#include "dsocore/core/decimal.hpp"

DSOCORE_BEGIN_NAMESPACE
namespace fastfield {

/// a[0, n) == b[0, n) without a call for n <= 16 (overlapping word loads).
inline bool same_bytes(const char* a, const char* b, std::size_t n) noexcept {
    if (n <= 16) {
        if (n >= 8) {
            std::uint64_t x0, y0, x1, y1;
            std::memcpy(&x0, a, 8);
            std::memcpy(&y0, b, 8);
            std::memcpy(&x1, a + n - 8, 8);
            std::memcpy(&y1, b + n - 8, 8);
            return ((x0 ^ y0) | (x1 ^ y1)) == 0;
        }
        if (n >= 4) {
            std::uint32_t x0, y0, x1, y1;
            std::memcpy(&x0, a, 4);
            std::memcpy(&y0, b, 4);
            std::memcpy(&x1, a + n - 4, 4);
            std::memcpy(&y1, b + n - 4, 4);
            return ((x0 ^ y0) | (x1 ^ y1)) == 0;
        }
        if (n == 0) return true;
        return a[0] == b[0] && a[n / 2] == b[n / 2] && a[n - 1] == b[n - 1];
    }
    return std::memcmp(a, b, n) == 0;
}

inline bool same(std::string_view a, std::string_view b) noexcept {
    return a.size() == b.size() && same_bytes(a.data(), b.data(), a.size());
}

/// A few recently seen strings (keys up to 24 bytes, kept inline) with a value each:
/// the per-chunk dictionary of a low-cardinality column (entity, currency). A miss
/// costs a scan of at most N entries; the caller then computes the value and put()s it.
template <class V, std::size_t N = 8>
class RecentDict {
public:
    static constexpr std::size_t kMaxKey = 24;
    const V* find(std::string_view s) const noexcept {
        for (std::size_t i = 0; i < n_; ++i)
            if (e_[i].len == s.size() && same_bytes(e_[i].key, s.data(), s.size())) return &e_[i].value;
        return nullptr;
    }
    /// Remembers s → v (a key longer than kMaxKey is not kept); past N keys, the
    /// oldest entry gives way.
    void put(std::string_view s, const V& v) noexcept {
        if (s.size() > kMaxKey) return;
        Entry& e = n_ < N ? e_[n_++] : e_[next_++ % N];
        e.len = static_cast<std::uint32_t>(s.size());
        if (!s.empty()) std::memcpy(e.key, s.data(), s.size()); // an empty view may have a null data()
        e.value = v;
    }

private:
    struct Entry {
        std::uint32_t len = 0;
        char key[kMaxKey] = {};
        V value{};
    };
    Entry e_[N];
    std::size_t n_ = 0, next_ = 0;
};

/// Date::parse(s) as a day number, computed inline: strict YYYY-MM-DD, a real
/// calendar day between Date::min_year and Date::max_year; nullopt otherwise.
inline std::optional<std::int32_t> parse_date_days(std::string_view s) noexcept {
    if (s.size() != 10) return std::nullopt;
    const char* p = s.data();
    if (p[4] != '-' || p[7] != '-') return std::nullopt;
    const unsigned d0 = static_cast<unsigned char>(p[0]) - '0', d1 = static_cast<unsigned char>(p[1]) - '0',
                   d2 = static_cast<unsigned char>(p[2]) - '0', d3 = static_cast<unsigned char>(p[3]) - '0',
                   d5 = static_cast<unsigned char>(p[5]) - '0', d6 = static_cast<unsigned char>(p[6]) - '0',
                   d8 = static_cast<unsigned char>(p[8]) - '0', d9 = static_cast<unsigned char>(p[9]) - '0';
    // Each is unsigned: a byte below '0' wraps to a large value.
    if ((d0 > 9) | (d1 > 9) | (d2 > 9) | (d3 > 9) | (d5 > 9) | (d6 > 9) | (d8 > 9) | (d9 > 9)) return std::nullopt;
    const int y = static_cast<int>(d0 * 1000 + d1 * 100 + d2 * 10 + d3);
    const int m = static_cast<int>(d5 * 10 + d6);
    const int d = static_cast<int>(d8 * 10 + d9);
    if (y < Date::min_year || m < 1 || m > 12 || d < 1) return std::nullopt; // y <= 9999 by its digits
    static constexpr std::int8_t dim[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    if (d > dim[m - 1] + (m == 2 && leap)) return std::nullopt;
    return days_from_civil(y, m, d);
}

/// parse_date_days with the last month seen remembered: a date whose "YYYY-MM-"
/// bytes are those of the previous valid date costs a word compare and two digits
/// (a chunk's dates cluster in a few months). Same answers as parse_date_days.
class DateParser {
public:
    std::optional<std::int32_t> operator()(std::string_view s) noexcept {
        if (s.size() == 10 && key_ != 0) {
            std::uint64_t k;
            std::memcpy(&k, s.data(), 8);
            if (k == key_) {
                const unsigned d8 = static_cast<unsigned char>(s[8]) - '0', d9 = static_cast<unsigned char>(s[9]) - '0';
                if (d8 > 9 || d9 > 9) return std::nullopt;
                const int d = static_cast<int>(d8 * 10 + d9);
                if (d < 1 || d > dim_) return std::nullopt;
                return base_ + d;
            }
        }
        const std::optional<std::int32_t> r = parse_date_days(s);
        if (r) {
            std::memcpy(&key_, s.data(), 8);
            const int d = (s[8] - '0') * 10 + (s[9] - '0');
            base_ = *r - d;
            const int y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
            const int m = (s[5] - '0') * 10 + (s[6] - '0');
            dim_ = days_in_month(y, m);
        }
        return r;
    }

private:
    std::uint64_t key_ = 0; ///< the first 8 bytes of the last valid date; 0: none yet
    std::int32_t base_ = 0; ///< day number of that month's day 0
    int dim_ = 0;
};

/// parse_fixed(s, scale, out), with the canonical shape -?D{1,15}(.D{1,scale})? (at
/// most 15 integer digits: no overflow possible for scale <= 3) parsed inline; any
/// other text goes to parse_fixed, which words the error.
inline FixedParse parse_amount(std::string_view s, int scale, std::int64_t& out) noexcept {
    const char* p = s.data();
    const std::size_t n = s.size();
    if (scale >= 0 && scale <= 3 && n > 0) {
        std::size_t i = p[0] == '-';
        const std::size_t ib = i;
        std::uint64_t v = 0;
        while (i < n && static_cast<unsigned>(static_cast<unsigned char>(p[i]) - '0') < 10) v = v * 10 + static_cast<unsigned>(p[i++] - '0');
        const std::size_t ni = i - ib;
        if (ni >= 1 && ni <= 15) {
            std::size_t nf = 0;
            bool ok = i == n;
            if (!ok && p[i] == '.') {
                const std::size_t fb = ++i;
                while (i < n && static_cast<unsigned>(static_cast<unsigned char>(p[i]) - '0') < 10) v = v * 10 + static_cast<unsigned>(p[i++] - '0');
                nf = i - fb;
                ok = i == n && nf >= 1 && nf <= static_cast<std::size_t>(scale);
            }
            if (ok) {
                for (std::size_t k = nf; k < static_cast<std::size_t>(scale); ++k) v *= 10;
                const auto sv = static_cast<std::int64_t>(v); // < 10^18
                out = ib ? -sv : sv;
                return FixedParse::ok;
            }
        }
    }
    return parse_fixed(s, scale, out);
}

} // namespace fastfield
DSOCORE_END_NAMESPACE
