// Dates: parsing, month arithmetic clamped to month end, leap years, 4-4-5 periods.
#include <gtest/gtest.h>

#include <boost/date_time/gregorian/gregorian.hpp>

#include "dsocore/core/date.hpp"
#include "dsocore/core/error.hpp"

using namespace dsocore;

namespace {
Date d(const char* s) { return Date::parse_or_throw(s); }
} // namespace

TEST(Date, ParsesStrictIso) {
    EXPECT_EQ(d("2026-06-30").to_string(), "2026-06-30");
    EXPECT_EQ(d("1970-01-01").days(), 0);
    EXPECT_EQ(d("2024-02-29").to_string(), "2024-02-29");
    for (const char* bad : {"2026-02-29", "2026-02-30", "2026-13-01", "2026-00-10", "0000-00-00", "2026-6-30",
                            "30/06/2026", "20260630", "2026-06-31", "1399-12-31", "2026-06-30 ", ""})
        EXPECT_FALSE(Date::parse(bad)) << bad;
    EXPECT_TRUE(Date::parse("9999-12-31"));
    EXPECT_TRUE(Date::parse("1400-01-01"));
    EXPECT_THROW(d("2026-02-30"), Error);
}

TEST(Date, AgreesWithBoostGregorian) {
    // Every day from 1999-12-01 to 2031-01-31 round-trips and matches Boost.
    const boost::gregorian::date start(1999, 12, 1);
    for (int k = 0; k < 11385; ++k) {
        const boost::gregorian::date g = start + boost::gregorian::days(k);
        const Date x = Date::from_gregorian(g);
        ASSERT_EQ(x.year(), g.year());
        ASSERT_EQ(x.month(), g.month().as_number());
        ASSERT_EQ(x.day(), g.day().as_number());
        ASSERT_EQ(x.weekday(), (g.day_of_week().as_number() + 6) % 7);
        ASSERT_EQ(Date::parse(x.to_string()), x);
    }
}

TEST(Date, DayArithmetic) {
    EXPECT_EQ(d("2026-06-30") - d("2026-05-31"), 30);
    EXPECT_EQ((d("2026-02-28") + 1).to_string(), "2026-03-01");
    EXPECT_EQ((d("2024-02-28") + 1).to_string(), "2024-02-29");
    EXPECT_EQ(d("2026-06-29").weekday(), 0); // a Monday
    EXPECT_EQ(d("2026-06-28").weekday(), 6); // a Sunday
}

TEST(Date, MonthArithmeticClampsToMonthEnd) {
    EXPECT_EQ(d("2026-03-31").add_months(-1).to_string(), "2026-02-28");
    EXPECT_EQ(d("2024-03-31").add_months(-1).to_string(), "2024-02-29");
    EXPECT_EQ(d("2026-06-30").add_months(-1).to_string(), "2026-05-31"); // last day → last day
    EXPECT_EQ(d("2026-06-30").add_months(-6).to_string(), "2025-12-31");
    EXPECT_EQ(d("2026-06-15").add_months(-6).to_string(), "2025-12-15");
    EXPECT_EQ(d("2026-05-30").add_months(-3).to_string(), "2026-02-28");
    EXPECT_EQ(d("2026-01-31").add_months(1).to_string(), "2026-02-28");
    EXPECT_EQ(d("2026-02-28").add_months(1).to_string(), "2026-03-31");  // end of month snaps
    EXPECT_EQ(d("2024-02-29").add_months(12).to_string(), "2025-02-28");
    EXPECT_EQ(d("2026-08-31").add_months(-12).to_string(), "2025-08-31");
}

TEST(Date, Windows) {
    EXPECT_EQ(Window::parse("6m").start(d("2026-06-30")).to_string(), "2025-12-31");
    EXPECT_EQ(Window::parse("182d").start(d("2026-06-30")).to_string(), "2025-12-30");
    EXPECT_EQ(Window::parse("90").start(d("2026-06-30")).to_string(), "2026-04-01");
    for (const char* bad : {"", "m", "6y", "-6m", "0m", "6.5m", "six"}) EXPECT_THROW(Window::parse(bad), Error) << bad;
}

TEST(Date, FiscalCalendar445) {
    // Fiscal year ending the last Sunday of December. Last Sunday of Dec 2025 is
    // 2025-12-28, so FY2026 starts Monday 2025-12-29. Last Sunday of Dec 2026 is
    // 2026-12-27: FY2026 has 364 days = 52 weeks.
    const FiscalCalendar445 cal(12);
    EXPECT_EQ(cal.year_end(2025).to_string(), "2025-12-28");
    EXPECT_EQ(cal.year_end(2026).to_string(), "2026-12-27");
    auto p = cal.period_of(d("2026-01-01"));
    EXPECT_EQ(p.first.to_string(), "2025-12-29");
    EXPECT_EQ(p.last.to_string(), "2026-01-25"); // 4 weeks
    EXPECT_EQ(p.index, 1);
    // Period 3 is 5 weeks: starts 2026-02-23, ends 2026-03-29.
    p = cal.period_of(d("2026-03-01"));
    EXPECT_EQ(p.index, 3);
    EXPECT_EQ(p.first.to_string(), "2026-02-23");
    EXPECT_EQ(p.last.to_string(), "2026-03-29");
    // 2026-06-30 (Tuesday): periods 4-6 = 4,4,5 weeks from 2026-03-30:
    // P4 03-30..04-26, P5 04-27..05-24, P6 05-25..06-28, P7 06-29..07-26.
    p = cal.period_of(d("2026-06-30"));
    EXPECT_EQ(p.index, 7);
    EXPECT_EQ(p.first.to_string(), "2026-06-29");
    EXPECT_EQ(cal.previous(p).first.to_string(), "2026-05-25");
    EXPECT_EQ(cal.previous(p).last.to_string(), "2026-06-28");
    // A 53-week year: last Sunday of Dec 2020 is 12-27, of Dec 2019 is 12-29:
    // FY2020 runs 2019-12-30 .. 2020-12-27 = 364 days; FY2022: 2021-12-27..2022-12-25
    // (364). Last Sunday Dec 2023 = 12-31, Dec 2022 = 12-25: FY2023 = 2022-12-26 ..
    // 2023-12-31 = 371 days = 53 weeks: its last period has 6 weeks (11-20 .. 12-31).
    p = cal.period_of(d("2023-12-31"));
    EXPECT_EQ(p.index, 12);
    EXPECT_EQ(p.first.to_string(), "2023-11-20");
    EXPECT_EQ(p.last.to_string(), "2023-12-31");
    EXPECT_EQ(cal.period_of(d("2024-01-01")).first.to_string(), "2024-01-01");
}
