// cash_forecast — expected receipts by period (reports.md).
#include "dsocore/reports/cash_forecast.hpp"

#include <algorithm>

#include "dsocore/core/error.hpp"
#include "dsocore/reports/payment_profile.hpp"
#include "dsocore/reports/periods.hpp"

DSOCORE_BEGIN_NAMESPACE

std::vector<DisputeResolution> dispute_resolution_by_type(const Ledger& L, Date as_of, Window window) {
    const DisputeTable& D = L.disputes();
    const std::int32_t A = as_of.days();
    const std::int32_t W0 = window.start(as_of).days();
    std::vector<DisputeResolution> out;
    for (std::size_t d = 0; d < D.size(); ++d) {
        const std::int32_t closed = D.closed_date[d];
        if (closed == kNoDate || closed <= W0 || closed > A) continue;
        DisputeResolution* r = nullptr;
        for (auto& x : out)
            if (x.type == D.type[d]) r = &x;
        if (!r) {
            out.push_back({D.type[d], 0, 0});
            r = &out.back();
        }
        r->total_days = checked_add(r->total_days, closed - D.opened_date[d]);
        ++r->count;
    }
    return out;
}

std::int32_t expected_payment_day(const Ledger& L, std::uint32_t i, std::int32_t A, std::int64_t avg_days_late,
                                  const std::vector<DisputeResolution>& resolution, bool& promised) {
    const ItemTable& I = L.items();
    promised = false;
    const StatusCategory cat = I.status_category[i];
    if (cat == StatusCategory::promise && I.promise_date[i] != kNoDate && I.promise_date[i] >= A) {
        promised = true;
        return I.promise_date[i];
    }
    std::int64_t day = static_cast<std::int64_t>(I.due_date[i]) + avg_days_late;
    if (cat == StatusCategory::dispute) {
        const DisputeResolution* r = nullptr;
        for (const auto& x : resolution)
            if (x.type == I.status_subtype[i]) r = &x;
        if (!r) return kNoDate;
        day += round_div(r->total_days, r->count, Rounding::half_up); // half away from zero
    }
    if (day < A) day = A;
    if (day > Date::from_ymd(Date::max_year, 12, 31).days())
        throw Error(Errc::overflow, "expected payment date beyond 9999-12-31");
    return static_cast<std::int32_t>(day);
}

Table cash_forecast_report(ReportContext& ctx) {
    const Ledger& L = ctx.ledger;
    const ItemTable& I = L.items();
    const Window window = ctx.option_window("window", "6m");
    const PeriodOptions po = read_period_options(ctx);
    const auto horizon = static_cast<std::size_t>(po.horizon);
    const std::int32_t A = ctx.A;

    // The customer's own payer delay (all its invoices and debit notes, whatever --where
    // selects: it is the customer's behaviour), rounded half away from zero.
    const std::vector<PayerFigures> payer = payment_profile_figures(L, ctx.base, ctx.as_of, window);
    std::vector<std::int64_t> delay(payer.size(), 0);
    for (std::size_t c = 0; c < payer.size(); ++c)
        if (payer[c].defined()) delay[c] = payer[c].avg_days_late_units(0, Rounding::half_up);
    const std::vector<DisputeResolution> resolution = dispute_resolution_by_type(L, ctx.as_of, window);

    // The periods shared with schedule (periods.hpp), then later, then unforecast.
    const Periods periods(ctx.as_of, po.interval, po.horizon);
    const std::size_t n_rows = horizon + 2;
    std::vector<std::int64_t> amount(n_rows, 0), promised_amount(n_rows, 0), count(n_rows, 0);
    const auto convA = ctx.converter.at(A);
    for (std::uint32_t i = 0; i < I.size(); ++i) {
        const ItemType t = I.type[i];
        if (t != ItemType::invoice && t != ItemType::debit_note) continue;
        const StatusCategory cat = I.status_category[i];
        if (cat == StatusCategory::litigation || cat == StatusCategory::ignored) continue;
        if (!ctx.item_live(i, A)) continue;
        const std::int64_t bal = L.balance_at(i, A);
        if (bal <= 0) continue;
        bool promised = false;
        const std::int32_t day = expected_payment_day(L, i, A, delay[I.customer[i]], resolution, promised);
        std::size_t row = horizon + 1; // unforecast
        if (day != kNoDate) {
            // day ≥ A ≥ the first period's start, so never kBefore.
            const std::size_t k = periods.index_of(day);
            row = k == Periods::kLater ? horizon : k;
        }
        const std::int64_t v = convA(bal, I.currency[i]);
        amount[row] = checked_add(amount[row], v);
        if (promised) promised_amount[row] = checked_add(promised_amount[row], v);
        ++count[row];
    }

    Table t = ctx.make_table();
    const int scale = ctx.base.minor_units();
    const std::size_t c_start = t.add_column("period_start", CellType::text);
    const std::size_t c_amount = t.add_column("amount", CellType::decimal, scale);
    const std::size_t c_items = t.add_column("items", CellType::integer);
    const std::size_t c_prom = t.add_column("promised", CellType::decimal, scale);
    for (std::size_t r = 0; r < n_rows; ++r) {
        if (r < horizon) t.push_text(c_start, periods.start(r).to_string());
        else t.push_text(c_start, r == horizon ? "later" : "unforecast");
        t.push_decimal(c_amount, amount[r]);
        t.push_int(c_items, count[r]);
        t.push_decimal(c_prom, promised_amount[r]);
    }
    return t;
}

DSOCORE_END_NAMESPACE
