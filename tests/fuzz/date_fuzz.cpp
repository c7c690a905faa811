// Date differential against Boost.Date_Time: strict YYYY-MM-DD parsing, ymd of a day
// number, month arithmetic (the spec's rule, computed independently here and
// checked against Boost's end-of-month-snapping months), range-checked day
// arithmetic, Window parsing. Out of the supported range is an error, never a wrap.
//
// Input: bytes 0..1 = month offset (int16), bytes 2..5 = day offset (int32), rest =
// the date text.
#include <boost/date_time/gregorian/gregorian.hpp>
#include <cstring>
#include <string>

#include "dsocore/core/date.hpp"
#include "dsocore/core/error.hpp"
#include "fuzz/fuzz.hpp"

namespace {
namespace bg = boost::gregorian;
using dsocore::Date;

std::optional<bg::date> boost_parse(std::string_view s) {
    if (s.size() != 10 || s[4] != '-' || s[7] != '-') return std::nullopt;
    for (std::size_t i : {0, 1, 2, 3, 5, 6, 8, 9})
        if (s[i] < '0' || s[i] > '9') return std::nullopt;
    const int y = std::stoi(std::string(s.substr(0, 4))), m = std::stoi(std::string(s.substr(5, 2))),
              d = std::stoi(std::string(s.substr(8, 2)));
    try {
        return bg::date(static_cast<unsigned short>(y), static_cast<unsigned short>(m), static_cast<unsigned short>(d));
    } catch (const std::out_of_range&) { // bad_year, bad_month, bad_day_of_month
        return std::nullopt;
    }
}

int dim(int y, int m) {
    static constexpr int t[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return m == 2 && leap ? 29 : t[m - 1];
}
} // namespace

DSOCORE_FUZZ_TARGET(date) {
    if (size < 6) return;
    std::int16_t months;
    std::int32_t days;
    std::memcpy(&months, data, 2);
    std::memcpy(&days, data + 2, 4);
    const std::string_view text = fuzz::as_text(data + 6, size - 6);

    fuzz::expect_error_or_value([&] { (void)dsocore::Window::parse(text); });

    const auto got = Date::parse(text);
    const auto want = boost_parse(text);
    FUZZ_CHECK(got.has_value() == want.has_value(), "Date::parse('" + std::string(text) + "') disagrees with Boost");
    if (!got) return;
    FUZZ_CHECK(got->to_gregorian() == *want, "day number of " + std::string(text));
    FUZZ_CHECK(got->to_string() == text, "to_string(parse(x)) != x for " + std::string(text));
    const auto ymd = got->ymd();
    FUZZ_CHECK(ymd.year == want->year() && ymd.month == want->month() && ymd.day == want->day(), "ymd of " + std::string(text));
    FUZZ_CHECK(got->weekday() == (want->day_of_week().as_number() + 6) % 7, "weekday of " + std::string(text));

    // Month arithmetic: the spec's rule, independently.
    const int total = ymd.year * 12 + (ymd.month - 1) + months;
    const int ty = total / 12, tm = total % 12 + 1;
    const bool in_range = total >= 0 && ty >= Date::min_year && ty <= Date::max_year;
    int td = 0;
    if (in_range) td = ymd.day == dim(ymd.year, ymd.month) ? dim(ty, tm) : std::min(ymd.day, dim(ty, tm));
    try {
        const Date m = got->add_months(months);
        FUZZ_CHECK(in_range, "add_months(" + std::to_string(months) + ") of " + std::string(text) +
                                 " left the range without an error: " + m.to_string());
        const auto r = m.ymd();
        FUZZ_CHECK(r.year == ty && r.month == tm && r.day == td,
                   std::string(text) + " + " + std::to_string(months) + " months = " + m.to_string());
        const bg::date bm = months >= 0 ? *want + bg::months(months) : *want - bg::months(-months);
        FUZZ_CHECK(m.to_gregorian() == bm, "add_months disagrees with Boost for " + std::string(text));
    } catch (const dsocore::Error&) {
        FUZZ_CHECK(!in_range, "add_months(" + std::to_string(months) + ") of " + std::string(text) + " threw in range");
    }

    // Day arithmetic, range-checked.
    const std::int64_t target = static_cast<std::int64_t>(got->days()) + days;
    const bool day_ok = target >= Date::min_date().days() && target <= Date::max_date().days();
    const auto plus = got->try_add_days(days);
    FUZZ_CHECK(plus.has_value() == day_ok, "try_add_days range for " + std::string(text) + " + " + std::to_string(days));
    if (plus) {
        FUZZ_CHECK(plus->to_gregorian() == *want + bg::days(days), "try_add_days disagrees with Boost");
        FUZZ_CHECK(Date::parse(plus->to_string()) == plus, "a date in range does not print/parse back");
    }
}
