#include "dsocore/core/date.hpp"

#include <boost/date_time/gregorian/gregorian.hpp>

#include "dsocore/core/error.hpp"

#include <cstdint>

DSOCORE_BEGIN_NAMESPACE

namespace bg = boost::gregorian;

namespace {
const bg::date& epoch() {
    static const bg::date e(1970, 1, 1);
    return e;
}
} // namespace

bool is_leap_year(int y) noexcept { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int days_in_month(int y, int m) noexcept {
    static constexpr int dim[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && is_leap_year(y) ? 29 : dim[m - 1];
}

std::optional<Date> Date::try_from_ymd(int y, int m, int d) noexcept {
    if (y < min_year || y > max_year || m < 1 || m > 12 || d < 1 || d > dsocore::days_in_month(y, m)) return std::nullopt;
    return Date(days_from_civil(y, m, d));
}

Date Date::from_ymd(int y, int m, int d) {
    if (auto r = try_from_ymd(y, m, d)) return *r;
    throw Error(Errc::invalid_argument, "impossible date " + std::to_string(y) + "-" + std::to_string(m) + "-" +
                                            std::to_string(d));
}

std::optional<Date> Date::parse(std::string_view s) noexcept {
    if (s.size() != 10 || s[4] != '-' || s[7] != '-') return std::nullopt;
    int v[8];
    static constexpr int pos[8] = {0, 1, 2, 3, 5, 6, 8, 9};
    for (int i = 0; i < 8; ++i) {
        const unsigned c = static_cast<unsigned>(s[static_cast<std::size_t>(pos[i])] - '0');
        if (c > 9) return std::nullopt;
        v[i] = static_cast<int>(c);
    }
    return try_from_ymd(v[0] * 1000 + v[1] * 100 + v[2] * 10 + v[3], v[4] * 10 + v[5], v[6] * 10 + v[7]);
}

Date Date::parse_or_throw(std::string_view s) {
    if (auto d = parse(s)) return *d;
    throw Error(Errc::invalid_argument, "'" + std::string(s) + "' is not a valid date (expected YYYY-MM-DD)");
}

Date Date::from_gregorian(const bg::date& d) {
    return Date(static_cast<std::int32_t>((d - epoch()).days()));
}

bg::date Date::to_gregorian() const { return epoch() + bg::days(d_); }

YearMonthDay Date::ymd() const noexcept {
    // Hinnant's civil_from_days.
    const int z = d_ + 719468;
    const int era = (z >= 0 ? z : z - 146096) / 146097;
    const unsigned doe = static_cast<unsigned>(z - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const int y = static_cast<int>(yoe) + era * 400;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    const unsigned d = doy - (153 * mp + 2) / 5 + 1;
    const unsigned m = mp < 10 ? mp + 3 : mp - 9;
    return {y + (m <= 2), static_cast<int>(m), static_cast<int>(d)};
}

int Date::weekday() const noexcept {
    // 1970-01-01 was a Thursday (3 with Monday = 0).
    const int w = (d_ + 3) % 7;
    return w < 0 ? w + 7 : w;
}

std::optional<Date> Date::try_add_days(std::int64_t n) const noexcept {
    const std::int64_t r = static_cast<std::int64_t>(d_) + n;
    if (n > INT32_MAX || n < INT32_MIN || r < min_date().days() || r > max_date().days()) return std::nullopt;
    return Date(static_cast<std::int32_t>(r));
}

void Date::append_to(std::string& out) const {
    const YearMonthDay t = ymd();
    if (t.year < 0 || t.year > 9999) {
        // Outside YYYY: print the whole year rather than wrap it into four digits.
        out += std::to_string(t.year);
        out += t.month < 10 ? "-0" : "-";
        out += std::to_string(t.month);
        out += t.day < 10 ? "-0" : "-";
        out += std::to_string(t.day);
        return;
    }
    char buf[10];
    int y = t.year;
    buf[3] = static_cast<char>('0' + y % 10); y /= 10;
    buf[2] = static_cast<char>('0' + y % 10); y /= 10;
    buf[1] = static_cast<char>('0' + y % 10); y /= 10;
    buf[0] = static_cast<char>('0' + y % 10);
    buf[4] = '-';
    buf[5] = static_cast<char>('0' + t.month / 10);
    buf[6] = static_cast<char>('0' + t.month % 10);
    buf[7] = '-';
    buf[8] = static_cast<char>('0' + t.day / 10);
    buf[9] = static_cast<char>('0' + t.day % 10);
    out.append(buf, 10);
}

std::string Date::to_string() const {
    std::string s;
    append_to(s);
    return s;
}

int Date::days_in_month() const noexcept {
    const YearMonthDay t = ymd();
    return dsocore::days_in_month(t.year, t.month);
}

Date Date::first_of_month() const { return *this - (day() - 1); }
Date Date::end_of_month() const { return first_of_month() + (days_in_month() - 1); }

Date Date::add_months(int n) const {
    // Boost's month arithmetic is the spec's rule: same day, clamped to the target
    // month's end, and an end-of-month date snaps to the target month's end.
    try {
        const bg::date g = to_gregorian();
        return from_gregorian(n >= 0 ? g + bg::months(n) : g - bg::months(-n));
    } catch (const std::out_of_range&) {
        throw Error(Errc::invalid_argument, to_string() + " + " + std::to_string(n) + " months is out of the supported range");
    }
}

// --- Window ----------------------------------------------------------------------

Window Window::parse(std::string_view s) {
    Window w;
    std::string_view digits = s;
    if (!s.empty() && (s.back() == 'm' || s.back() == 'd')) {
        w.months = s.back() == 'm';
        digits = s.substr(0, s.size() - 1);
    }
    if (digits.empty() || digits.size() > 6) goto bad;
    for (char c : digits) {
        if (c < '0' || c > '9') goto bad;
        w.count = w.count * 10 + (c - '0');
    }
    if (w.count <= 0) goto bad;
    return w;
bad:
    throw Error(Errc::invalid_argument, "window '" + std::string(s) + "': expected months like 6m, days like 182d or a plain number of days");
}

std::string Window::to_string() const { return std::to_string(count) + (months ? "m" : "d"); }

// --- 4-4-5 -----------------------------------------------------------------------

FiscalCalendar445::FiscalCalendar445(int year_end_month) : end_month_(year_end_month) {
    if (year_end_month < 1 || year_end_month > 12)
        throw Error(Errc::invalid_argument, "fiscal_year_end_month must be 1..12, got " + std::to_string(year_end_month));
}

Date FiscalCalendar445::year_end(int fy) const {
    const Date eom = Date::from_ymd(fy, end_month_, 1).end_of_month();
    return eom - ((eom.weekday() + 1) % 7); // back to Sunday (weekday 6)
}

FiscalCalendar445::Period FiscalCalendar445::period_of(Date d) const {
    int fy = d.year();
    if (d > year_end(fy)) ++fy;
    else if (d <= year_end(fy - 1)) --fy;
    const Date start = year_end(fy - 1) + 1;
    const Date end = year_end(fy);
    static constexpr int weeks[12] = {4, 4, 5, 4, 4, 5, 4, 4, 5, 4, 4, 5};
    Date first = start;
    for (int i = 0; i < 12; ++i) {
        Date last = first + weeks[i] * 7 - 1;
        if (i == 11) last = end; // a 53rd week joins the last period
        if (d <= last) return Period{first, last, fy, i + 1};
        first = last + 1;
    }
    throw Error(Errc::internal, "4-4-5 period not found for " + d.to_string());
}

FiscalCalendar445::Period FiscalCalendar445::previous(const Period& p) const { return period_of(p.first - 1); }

DSOCORE_END_NAMESPACE
