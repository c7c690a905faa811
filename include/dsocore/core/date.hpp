// dsocore — calendar dates (proleptic Gregorian, days since 1970-01-01).
//
// Date is a day number; calendar rules (month arithmetic, weekdays) go through
// Boost.Date_Time's gregorian calendar. Date + Date does not compile; Date − Date is a
// number of days; Date + int moves by days.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "dsocore/core/config.hpp"

namespace boost::gregorian { class date; }

DSOCORE_BEGIN_NAMESPACE

struct YearMonthDay {
    int year;
    int month; ///< 1..12
    int day;   ///< 1..31
};

class Date {
public:
    /// Supported range, the one of Boost.Date_Time: 1400-01-01 .. 9999-12-31.
    static constexpr int min_year = 1400;
    static constexpr int max_year = 9999;

    constexpr Date() = default; // 1970-01-01
    static constexpr Date from_days(std::int32_t days) { return Date(days); }
    /// Throws Error(invalid_argument) for an impossible date (2026-02-30) or one out of range.
    static Date from_ymd(int year, int month, int day);
    static std::optional<Date> try_from_ymd(int year, int month, int day) noexcept;
    /// Strict YYYY-MM-DD; nullopt for anything else.
    static std::optional<Date> parse(std::string_view text) noexcept;
    /// Strict YYYY-MM-DD; throws Error(invalid_argument) naming the text.
    static Date parse_or_throw(std::string_view text);
    static Date from_gregorian(const boost::gregorian::date& d);
    /// First and last supported days: 1400-01-01 and 9999-12-31.
    static constexpr Date min_date() noexcept;
    static constexpr Date max_date() noexcept;
    /// *this + n days; nullopt when the result leaves the supported range (never wraps).
    std::optional<Date> try_add_days(std::int64_t n) const noexcept;

    constexpr std::int32_t days() const noexcept { return d_; }
    YearMonthDay ymd() const noexcept;
    int year() const noexcept { return ymd().year; }
    int month() const noexcept { return ymd().month; }
    int day() const noexcept { return ymd().day; }
    /// 0 = Monday … 6 = Sunday.
    int weekday() const noexcept;
    std::string to_string() const;
    void append_to(std::string& out) const;
    boost::gregorian::date to_gregorian() const;

    Date first_of_month() const;
    Date end_of_month() const;
    int days_in_month() const noexcept;
    bool is_end_of_month() const noexcept { return *this == end_of_month(); }
    /// Month arithmetic of the spec: the same day n months later (n may be negative),
    /// clamped to the target month's last day; the last day of a month maps to the last
    /// day of the target month (30 Jun − 1 month = 31 May; 31 Mar − 1 month = 28/29 Feb).
    Date add_months(int n) const;

    friend constexpr Date operator+(Date a, int days) { return Date(a.d_ + days); }
    friend constexpr Date operator-(Date a, int days) { return Date(a.d_ - days); }
    friend constexpr int operator-(Date a, Date b) { return a.d_ - b.d_; }
    Date& operator+=(int days) { d_ += days; return *this; }
    friend constexpr bool operator==(Date a, Date b) = default;
    friend constexpr auto operator<=>(Date a, Date b) = default;

private:
    explicit constexpr Date(std::int32_t d) : d_(d) {}
    std::int32_t d_ = 0;
};

/// Days since 1970-01-01 of a civil date (no validation; Hinnant's algorithm).
constexpr std::int32_t days_from_civil(int y, int m, int d) noexcept {
    y -= m <= 2;
    const int era = (y >= 0 ? y : y - 399) / 400;
    const int yoe = y - era * 400;
    const int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

constexpr Date Date::min_date() noexcept { return Date(days_from_civil(min_year, 1, 1)); }
constexpr Date Date::max_date() noexcept { return Date(days_from_civil(max_year, 12, 31)); }

bool is_leap_year(int y) noexcept;
int days_in_month(int year, int month) noexcept;

/// A window such as `6m`, `12m`, `182d` or a plain number of days.
struct Window {
    int count = 0;
    bool months = false;
    /// The start D of the window (D, A]: A − n months (spec month rule) or A − n days.
    Date start(Date as_of) const { return months ? as_of.add_months(-count) : as_of - count; }
    /// Throws Error(invalid_argument) for anything but `<n>m`, `<n>d` or `<n>`.
    static Window parse(std::string_view text);
    std::string to_string() const;
};

/// The 4-4-5 fiscal calendar (US GAAP option): the fiscal year ends on the last Sunday
/// of `year_end_month`; each quarter has periods of 4, 4 and 5 weeks (Monday to
/// Sunday); a 53rd week joins the year's last period.
class FiscalCalendar445 {
public:
    explicit FiscalCalendar445(int year_end_month = 12);
    struct Period {
        Date first; ///< a Monday
        Date last;  ///< a Sunday
        int fiscal_year;
        int index;  ///< 1..12
    };
    /// The fiscal period that contains d.
    Period period_of(Date d) const;
    /// The period just before p.
    Period previous(const Period& p) const;
    /// Last day (a Sunday) of fiscal year `fy` (the one ending in year_end_month of fy).
    Date year_end(int fy) const;

private:
    int end_month_;
};

DSOCORE_END_NAMESPACE
