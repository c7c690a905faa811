// dsocore — forward calendar periods for schedule and cash_forecast (reports.md).
//
// `--interval week|month` (default month), `--horizon N` periods (default 12). Weeks
// run Monday to Sunday, months are calendar months; the first period is the one that
// contains the as-of date A, so its start may lie before A.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "dsocore/core/date.hpp"
#include "dsocore/reports/report.hpp"

DSOCORE_BEGIN_NAMESPACE

enum class Interval : std::uint8_t { week, month };

struct PeriodOptions {
    Interval interval = Interval::month;
    int horizon = 12;
};

/// Reads `--interval` (week|month, default month) and `--horizon` (1..1000, default 12).
PeriodOptions read_period_options(const ReportContext& ctx);

/// The horizon periods from A: start[k] is the first day of period k, start[0] ≤ A <
/// start[1]; `end` is the first day after the last period.
class Periods {
public:
    Periods(Date as_of, Interval interval, int horizon);

    std::size_t size() const noexcept { return starts_.size(); }
    Date start(std::size_t k) const noexcept { return Date::from_days(starts_[k]); }
    Date end() const noexcept { return Date::from_days(end_); }

    /// Period of a day: index k with start[k] ≤ day < start[k+1] (or < end for the
    /// last); kBefore when day < start[0], kLater when day ≥ end.
    static constexpr std::size_t kBefore = static_cast<std::size_t>(-2);
    static constexpr std::size_t kLater = static_cast<std::size_t>(-1);
    std::size_t index_of(std::int32_t day) const noexcept;

private:
    std::vector<std::int32_t> starts_;
    std::int32_t end_ = 0;
};

DSOCORE_END_NAMESPACE
