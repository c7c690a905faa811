// The loader's inline field helpers (src/ledger/fast_fields.hpp) against the general
// code they stand in for: Date::parse, parse_fixed, string equality, StringPool::hash
// (its word-at-a-time reference), parse_item_type.
#include <gtest/gtest.h>

#include <cstring>
#include <random>
#include <string>

#include "dsocore/core/date.hpp"
#include "dsocore/core/decimal.hpp"
#include "dsocore/ledger/ledger.hpp"
#include "dsocore/ledger/strings.hpp"
#include "../../src/ledger/fast_fields.hpp"

using namespace dsocore;

namespace {

// The pool's hash as first written (byte tail copied into a zeroed word): the inline
// version must give the same values (snapshots store the hashes in their tables).
std::uint32_t reference_hash(std::string_view s) {
    constexpr std::uint64_t kMul = 0x9E3779B97F4A7C15ULL;
    const char* p = s.data();
    std::size_t n = s.size();
    std::uint64_t h = 0x243F6A8885A308D3ULL ^ (n * kMul);
    while (n >= 8) {
        std::uint64_t w;
        std::memcpy(&w, p, 8);
        h = (h ^ w) * kMul;
        h ^= h >> 29;
        p += 8;
        n -= 8;
    }
    if (n) {
        std::uint64_t v = 0;
        std::memcpy(&v, p, n);
        h = (h ^ v) * kMul;
        h ^= h >> 29;
    }
    h *= 0xBF58476D1CE4E5B9ULL;
    h ^= h >> 32;
    return static_cast<std::uint32_t>(h);
}

} // namespace

TEST(FastFields, SameBytesIsEqualityForEveryLength) {
    std::mt19937 rng(3);
    for (std::size_t n = 0; n <= 40; ++n)
        for (int round = 0; round < 200; ++round) {
            std::string a(n, 'x');
            for (char& ch : a) ch = static_cast<char>('a' + rng() % 3);
            std::string b = a;
            if (n && rng() % 2) b[rng() % n] ^= 1; // one byte differs, anywhere
            EXPECT_EQ(fastfield::same_bytes(a.data(), b.data(), n), a == b) << a << " / " << b;
            EXPECT_EQ(fastfield::same(a, b), a == b);
        }
    EXPECT_FALSE(fastfield::same("FR01", "FR0"));
    EXPECT_TRUE(fastfield::same("", ""));
}

TEST(FastFields, RecentDictKeepsTheLastKeys) {
    fastfield::RecentDict<int, 2> d;
    EXPECT_EQ(d.find("FR01"), nullptr);
    d.put("FR01", 1);
    d.put("", 7); // the empty text is a key like another
    ASSERT_NE(d.find("FR01"), nullptr);
    EXPECT_EQ(*d.find("FR01"), 1);
    EXPECT_EQ(*d.find(""), 7);
    EXPECT_EQ(d.find("FR02"), nullptr);
    d.put("DE01", 2); // third key in a dict of 2: the oldest (FR01) goes
    EXPECT_EQ(d.find("FR01"), nullptr);
    EXPECT_EQ(*d.find("DE01"), 2);
    EXPECT_EQ(*d.find(""), 7);
    d.put(std::string(30, 'k'), 3); // longer than kMaxKey: not kept
    EXPECT_EQ(d.find(std::string(30, 'k')), nullptr);
}

TEST(FastFields, DatesAsDateParse) {
    // Every day of a few years (leap and not, century rules) and the range's ends.
    for (const int y : {1400, 1600, 1900, 2000, 2024, 2025, 2100, 9999})
        for (int m = 1; m <= 12; ++m)
            for (int d = 1; d <= 31; ++d) {
                char buf[16];
                std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", y, m, d);
                const auto want = Date::parse(buf);
                const auto got = fastfield::parse_date_days(buf);
                ASSERT_EQ(got.has_value(), want.has_value()) << buf;
                if (want) {
                    EXPECT_EQ(*got, want->days()) << buf;
                }
            }
    // 2025-02-29 (not leap), 1900-02-29 (century), 2000-02-29 (leap), 1399-12-31.
    EXPECT_FALSE(fastfield::parse_date_days("2025-02-29"));
    EXPECT_FALSE(fastfield::parse_date_days("1900-02-29"));
    EXPECT_TRUE(fastfield::parse_date_days("2000-02-29"));
    EXPECT_FALSE(fastfield::parse_date_days("1399-12-31"));
    // 1970-01-01 is day 0; 2025-01-01 = 55 years, 14 leap days: 55*365 + 14 = 20089.
    EXPECT_EQ(*fastfield::parse_date_days("1970-01-01"), 0);
    EXPECT_EQ(*fastfield::parse_date_days("2025-01-01"), 20089);
    // Random near-dates: digits, signs, separators, lengths around 10.
    std::mt19937 rng(5);
    const char alphabet[] = "0123456789-/ +a\xC3";
    for (int round = 0; round < 200000; ++round) {
        std::string t = "2025-06-15";
        if (rng() % 4 == 0) t.resize(rng() % 12, '1');
        const int edits = 1 + static_cast<int>(rng() % 3);
        for (int k = 0; k < edits && !t.empty(); ++k) t[rng() % t.size()] = alphabet[rng() % (sizeof alphabet - 1)];
        const auto want = Date::parse(t);
        const auto got = fastfield::parse_date_days(t);
        ASSERT_EQ(got.has_value(), want.has_value()) << t;
        if (want) {
            ASSERT_EQ(*got, want->days()) << t;
        }
    }
}

TEST(FastFields, AmountsAsParseFixed) {
    // Hand cases: scale 2 (EUR), 0 (JPY), 3 (KWD).
    std::int64_t v = 0;
    EXPECT_EQ(fastfield::parse_amount("2235.97", 2, v), FixedParse::ok);
    EXPECT_EQ(v, 223597);
    EXPECT_EQ(fastfield::parse_amount("-0.5", 2, v), FixedParse::ok);
    EXPECT_EQ(v, -50);
    EXPECT_EQ(fastfield::parse_amount("12", 3, v), FixedParse::ok);
    EXPECT_EQ(v, 12000);
    EXPECT_EQ(fastfield::parse_amount("12.500", 2, v), FixedParse::ok); // trailing zeros past the scale
    EXPECT_EQ(v, 1250);
    EXPECT_EQ(fastfield::parse_amount("12.505", 2, v), FixedParse::too_precise);
    EXPECT_EQ(fastfield::parse_amount("12.", 2, v), FixedParse::syntax);
    EXPECT_EQ(fastfield::parse_amount("1e3", 2, v), FixedParse::syntax);
    EXPECT_EQ(fastfield::parse_amount("", 2, v), FixedParse::syntax);
    EXPECT_EQ(fastfield::parse_amount("92233720368547758.08", 2, v), FixedParse::overflow);
    // Random texts against parse_fixed: outcome and value.
    std::mt19937 rng(7);
    const char alphabet[] = "0123456789.-+ e,";
    for (int round = 0; round < 300000; ++round) {
        std::string t;
        const std::size_t len = rng() % 24;
        const bool shaped = rng() % 2; // mostly digits with one '.'
        for (std::size_t k = 0; k < len; ++k)
            t += shaped ? static_cast<char>('0' + rng() % 10) : alphabet[rng() % (sizeof alphabet - 1)];
        if (shaped && !t.empty() && rng() % 3) t[rng() % t.size()] = '.';
        if (shaped && rng() % 4 == 0) t.insert(t.begin(), '-');
        for (const int scale : {0, 2, 3}) {
            std::int64_t a = 11, b = 11;
            const FixedParse want = parse_fixed(t, scale, a);
            const FixedParse got = fastfield::parse_amount(t, scale, b);
            ASSERT_EQ(got, want) << t << " scale " << scale;
            if (want == FixedParse::ok) {
                ASSERT_EQ(b, a) << t << " scale " << scale;
            }
        }
    }
}

TEST(FastFields, PoolHashIsTheReferenceHash) {
    std::mt19937 rng(9);
    for (std::size_t n = 0; n <= 40; ++n)
        for (int round = 0; round < 50; ++round) {
            std::string s(n, ' ');
            for (char& ch : s) ch = static_cast<char>(rng());
            ASSERT_EQ(StringPool::hash(s), reference_hash(s)) << n;
        }
    // Views inside a longer buffer: the tail word load must not read past the view.
    const std::string buf = "IN000000001,C0011843";
    EXPECT_EQ(StringPool::hash(std::string_view(buf).substr(0, 11)), reference_hash("IN000000001"));
}

TEST(FastFields, ItemTypesByName) {
    EXPECT_EQ(parse_item_type("invoice"), ItemType::invoice);
    EXPECT_EQ(parse_item_type("credit_note"), ItemType::credit_note);
    EXPECT_EQ(parse_item_type("debit_note"), ItemType::debit_note);
    EXPECT_EQ(parse_item_type("payment"), ItemType::payment);
    EXPECT_EQ(parse_item_type("adjustment"), ItemType::adjustment);
    for (const char* bad : {"", "Invoice", "invoicE", "invoices", "paymenT", "credit-note", "debit_notes", "adjustmen"})
        EXPECT_FALSE(parse_item_type(bad)) << bad;
}

TEST(FastFields, DateParserRemembersTheMonthAndStillChecksTheDay) {
    fastfield::DateParser P;
    // 2024-02 (leap): 29 days. 2024-02-01 = 2024-01-01 (19723 = 54*365 + 13 leap days)
    // + 31 = 19754.
    EXPECT_EQ(*P("2024-02-01"), 19754);
    EXPECT_EQ(*P("2024-02-29"), 19754 + 28);  // same month, from the remembered start
    EXPECT_FALSE(P("2024-02-30"));             // past the month's 29 days
    EXPECT_FALSE(P("2024-02-00"));
    EXPECT_FALSE(P("2024-02-3a"));
    EXPECT_FALSE(P("2024-02-1"));              // short: not a cache hit, rejected
    EXPECT_FALSE(P("2025-02-29"));             // another month (not leap): full parse
    EXPECT_EQ(*P("2025-02-28"), Date::parse("2025-02-28")->days());
    EXPECT_FALSE(P("2025-02-29"));             // now remembered: 28 days
    // Random dates, mostly in few months, against Date::parse.
    std::mt19937 rng(11);
    const char* months[] = {"2025-01-", "2025-02-", "2024-02-", "1900-02-", "2000-02-", "9999-12-", "1400-01-", "2025-1x-"};
    for (int round = 0; round < 100000; ++round) {
        std::string t = months[rng() % std::size(months)];
        t += static_cast<char>('0' + rng() % 4);
        t += static_cast<char>(rng() % 20 == 0 ? 'x' : '0' + rng() % 10);
        if (rng() % 50 == 0) t.pop_back();
        const auto want = Date::parse(t);
        const auto got = P(t);
        ASSERT_EQ(got.has_value(), want.has_value()) << t;
        if (want) {
            ASSERT_EQ(*got, want->days()) << t;
        }
    }
}
