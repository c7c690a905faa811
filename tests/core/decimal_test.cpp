// Decimal: exact parse/format, arithmetic, every rounding mode, overflow.
#include <gtest/gtest.h>

#include "dsocore/core/decimal.hpp"
#include "dsocore/core/error.hpp"
#include "dsocore/core/money.hpp"

using namespace dsocore;

namespace {
Decimal D(const char* s) { return Decimal::parse(s); }
std::string R(const char* s, int scale, Rounding m) { return D(s).rescale(scale, m).to_string(); }
} // namespace

TEST(Decimal, ParsesAndFormatsExactly) {
    EXPECT_EQ(D("1234.50").to_string(), "1234.50");
    EXPECT_EQ(D("-0.05").to_string(), "-0.05");
    EXPECT_EQ(D("+7").to_string(), "7");
    EXPECT_EQ(D("007.10").to_string(), "7.10");
    EXPECT_EQ(D("-0.00").to_string(), "0.00"); // never "-0.00"
    EXPECT_EQ(D("0.000000000000000000000000000000000001").to_string(), "0.000000000000000000000000000000000001");
    EXPECT_EQ(D("99999999999999999999999999999999999999").to_string(), "99999999999999999999999999999999999999");
}

TEST(Decimal, RejectsAnythingButPlainDecimals) {
    for (const char* bad : {"", "-", ".5", "5.", "1e5", "1,000", "1 000", "0x10", "１", "NaN", "inf", "--1", "1.2.3", " 1"})
        EXPECT_FALSE(Decimal::try_parse(bad)) << bad;
    EXPECT_THROW(D("1e5"), Error);
    // 39 significant digits do not fit.
    EXPECT_FALSE(Decimal::try_parse("999999999999999999999999999999999999999"));
}

TEST(Decimal, ClassicPointOnePlusPointTwo) {
    // In binary floating point 0.1 + 0.2 = 0.30000000000000004; exactly it is 0.3.
    EXPECT_EQ(D("0.1") + D("0.2"), D("0.3"));
    EXPECT_EQ((D("0.1") + D("0.2")).to_string(), "0.3");
}

TEST(Decimal, AddSubMulAlignScales) {
    EXPECT_EQ((D("1.5") + D("2.25")).to_string(), "3.75");
    EXPECT_EQ((D("1.5") - D("2.25")).to_string(), "-0.75");
    EXPECT_EQ((D("1.5") * D("2.25")).to_string(), "3.375");
    EXPECT_EQ((D("-3") * D("0.5")).to_string(), "-1.5");
    EXPECT_TRUE(D("1.50") == D("1.5"));
    EXPECT_TRUE(D("-2") < D("1.99"));
}

TEST(Decimal, LargeAmountTimesTenDecimalRate) {
    // 987,654,321,098.76 × 1.0842567891: significands 98765432109876 × 10842567891
    // = 1070870902935281901591516 (long multiplication, checked with an arbitrary-
    // precision integer), scale 2 + 10 = 12; half-even to cents: …935.28|19… → .28.
    const Decimal amount = D("987654321098.76");
    const Decimal rate = D("1.0842567891");
    const Decimal p = amount * rate;
    EXPECT_EQ(p.scale(), 12);
    EXPECT_EQ(p.to_string(), "1070870902935.281901591516");
    EXPECT_EQ(p.rescale(2, Rounding::half_even).to_string(), "1070870902935.28");
}

TEST(Decimal, EveryRoundingModeOnTies) {
    // value  half_even half_up half_down up  down ceiling floor
    struct Row { const char* v; const char* he; const char* hu; const char* hd; const char* up; const char* dn; const char* ce; const char* fl; };
    const Row rows[] = {
        {"2.5", "2", "3", "2", "3", "2", "3", "2"},
        {"3.5", "4", "4", "3", "4", "3", "4", "3"},
        {"-2.5", "-2", "-3", "-2", "-3", "-2", "-2", "-3"},
        {"2.51", "3", "3", "3", "3", "2", "3", "2"},
        {"2.49", "2", "2", "2", "3", "2", "3", "2"},
        {"-2.51", "-3", "-3", "-3", "-3", "-2", "-2", "-3"},
        {"2.0", "2", "2", "2", "2", "2", "2", "2"},
        {"-0.4", "0", "0", "0", "-1", "0", "0", "-1"},
    };
    for (const auto& r : rows) {
        EXPECT_EQ(R(r.v, 0, Rounding::half_even), r.he) << r.v;
        EXPECT_EQ(R(r.v, 0, Rounding::half_up), r.hu) << r.v;
        EXPECT_EQ(R(r.v, 0, Rounding::half_down), r.hd) << r.v;
        EXPECT_EQ(R(r.v, 0, Rounding::up), r.up) << r.v;
        EXPECT_EQ(R(r.v, 0, Rounding::down), r.dn) << r.v;
        EXPECT_EQ(R(r.v, 0, Rounding::ceiling), r.ce) << r.v;
        EXPECT_EQ(R(r.v, 0, Rounding::floor), r.fl) << r.v;
    }
    EXPECT_EQ(R("1.005", 2, Rounding::half_even), "1.00");
    EXPECT_EQ(R("1.015", 2, Rounding::half_even), "1.02");
    EXPECT_EQ(R("1.005", 2, Rounding::half_up), "1.01");
    EXPECT_EQ(R("1.5", 3, Rounding::down), "1.500");
}

TEST(Decimal, DivisionWithExplicitRounding) {
    EXPECT_EQ(Decimal::divide(D("1"), D("3"), 4, Rounding::half_even).to_string(), "0.3333");
    EXPECT_EQ(Decimal::divide(D("2"), D("3"), 4, Rounding::half_even).to_string(), "0.6667");
    EXPECT_EQ(Decimal::divide(D("-2"), D("3"), 2, Rounding::down).to_string(), "-0.66");
    EXPECT_EQ(Decimal::divide(D("1"), D("8"), 2, Rounding::half_even).to_string(), "0.12");
    EXPECT_EQ(Decimal::divide(D("1"), D("-8"), 2, Rounding::half_up).to_string(), "-0.13");
    EXPECT_EQ(Decimal::divide(D("250000"), D("90000"), 1, Rounding::half_even).to_string(), "2.8");
    EXPECT_THROW(Decimal::divide(D("1"), D("0"), 2, Rounding::half_even), Error);
}

TEST(Decimal, OverflowIsAnErrorNeverAWrap) {
    const Decimal big = D("99999999999999999999999999999999999999");
    try {
        (void)(big * big);
        FAIL() << "no overflow reported";
    } catch (const Error& e) {
        EXPECT_EQ(e.code(), Errc::overflow);
    }
    EXPECT_THROW((void)(big + big + big + big + big), Error);
    EXPECT_THROW((void)D("1").rescale(39, Rounding::down), Error);
    EXPECT_THROW((void)D("1e0"), Error);
    EXPECT_THROW((void)D("10000000000000000000").to_int64_units(0, Rounding::down), Error);
}

TEST(FixedPoint, ParseAtMinorUnits) {
    std::int64_t v = 0;
    EXPECT_EQ(parse_fixed("10.5", 2, v), FixedParse::ok);
    EXPECT_EQ(v, 1050);
    EXPECT_EQ(parse_fixed("10.50", 2, v), FixedParse::ok);
    EXPECT_EQ(v, 1050);
    EXPECT_EQ(parse_fixed("10.505", 2, v), FixedParse::too_precise); // EUR 10.505 rejected
    EXPECT_EQ(parse_fixed("10.00", 0, v), FixedParse::ok);          // JPY 10.00 is 10
    EXPECT_EQ(v, 10);
    EXPECT_EQ(parse_fixed("10.5", 0, v), FixedParse::too_precise);  // JPY 10.5 rejected
    EXPECT_EQ(parse_fixed("-0.001", 3, v), FixedParse::ok);         // KWD
    EXPECT_EQ(v, -1);
    EXPECT_EQ(parse_fixed("92233720368547758.07", 2, v), FixedParse::ok);
    EXPECT_EQ(v, INT64_MAX);
    EXPECT_EQ(parse_fixed("92233720368547758.08", 2, v), FixedParse::overflow);
    EXPECT_EQ(parse_fixed("-92233720368547758.08", 2, v), FixedParse::ok);
    EXPECT_EQ(v, INT64_MIN);
    EXPECT_EQ(parse_fixed("1e3", 2, v), FixedParse::syntax);
    EXPECT_EQ(parse_fixed("1.", 2, v), FixedParse::syntax);
    EXPECT_EQ(format_fixed(-5, 2), "-0.05");
    EXPECT_EQ(format_fixed(0, 2), "0.00");
    EXPECT_EQ(format_fixed(123456, 0), "123456");
    EXPECT_EQ(format_fixed(INT64_MIN, 2), "-92233720368547758.08");
}

TEST(FixedPoint, CheckedSumsThrow) {
    EXPECT_THROW(checked_add(INT64_MAX, 1), Error);
    EXPECT_THROW(checked_sub(INT64_MIN, 1), Error);
    EXPECT_EQ(checked_add(2, 3), 5);
}

TEST(Money, CurrenciesFromIcu) {
    EXPECT_EQ(Currency::of("EUR").minor_units(), 2);
    EXPECT_EQ(Currency::of("JPY").minor_units(), 0);
    EXPECT_EQ(Currency::of("KWD").minor_units(), 3);
    EXPECT_EQ(Currency::of("CLF").minor_units(), 4);
    EXPECT_FALSE(Currency::find("EUX"));
    EXPECT_FALSE(Currency::find("eur"));
    EXPECT_FALSE(Currency::find("EURO"));
    EXPECT_THROW(Currency::of("XYZ"), Error);
}

TEST(Money, AddingTwoCurrenciesThrows) {
    const Money a = Money::parse("10.50", Currency::of("EUR"));
    const Money b = Money::parse("1", Currency::of("USD"));
    EXPECT_EQ((a + a).to_string(), "21.00 EUR");
    try {
        (void)(a + b);
        FAIL();
    } catch (const Error& e) {
        EXPECT_EQ(e.code(), Errc::currency_mismatch);
    }
    EXPECT_THROW(Money::parse("10.505", Currency::of("EUR")), Error);
    EXPECT_THROW(Money::parse("10.5", Currency::of("JPY")), Error);
    EXPECT_EQ(Money::parse("10.00", Currency::of("JPY")).minor_units(), 10);
}

TEST(Money, ConversionRoundsHalfEven) {
    // 100.05 USD × 0.9 = 90.045 EUR → half-even 90.04; 100.15 × 0.9 = 90.135 → 90.14.
    const Currency eur = Currency::of("EUR"), usd = Currency::of("USD");
    EXPECT_EQ(Money::parse("100.05", usd).convert(eur, D("0.9"), Rounding::half_even).to_string(), "90.04 EUR");
    EXPECT_EQ(Money::parse("100.15", usd).convert(eur, D("0.9"), Rounding::half_even).to_string(), "90.14 EUR");
    // 1235 JPY × 0.0062 = 7.657 EUR → 7.66.
    EXPECT_EQ(Money::parse("1235", Currency::of("JPY")).convert(eur, D("0.0062"), Rounding::half_even).to_string(), "7.66 EUR");
}
