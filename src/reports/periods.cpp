// Forward calendar periods shared by schedule and cash_forecast.
#include "dsocore/reports/periods.hpp"

#include <algorithm>

DSOCORE_BEGIN_NAMESPACE

PeriodOptions read_period_options(const ReportContext& ctx) {
    PeriodOptions o;
    o.interval = ctx.option_enum("interval", "month", {"week", "month"}) == "week" ? Interval::week : Interval::month;
    o.horizon = static_cast<int>(ctx.option_int("horizon", 12, 1, 1000));
    return o;
}

Periods::Periods(Date as_of, Interval interval, int horizon) {
    starts_.reserve(static_cast<std::size_t>(horizon));
    if (interval == Interval::week) {
        const Date monday = as_of - as_of.weekday();
        for (int k = 0; k < horizon; ++k) starts_.push_back((monday + 7 * k).days());
        end_ = (monday + 7 * horizon).days();
    } else {
        // Month k starts on the 1st of A's month + k months; first_of_month() keeps the
        // day at 1, so the month rule's end-of-month clamping never applies.
        Date first = as_of.first_of_month();
        for (int k = 0; k < horizon; ++k) {
            starts_.push_back(first.days());
            first = (first.end_of_month() + 1);
        }
        end_ = first.days();
    }
}

std::size_t Periods::index_of(std::int32_t day) const noexcept {
    if (day < starts_.front()) return kBefore;
    if (day >= end_) return kLater;
    const auto it = std::upper_bound(starts_.begin(), starts_.end(), day);
    return static_cast<std::size_t>(it - starts_.begin()) - 1;
}

DSOCORE_END_NAMESPACE
