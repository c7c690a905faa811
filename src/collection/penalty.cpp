// Late-payment interest and recovery indemnity per invoice (reports.md, penalties).
#include "dsocore/collection/penalty.hpp"

#include "dsocore/core/error.hpp"
#include "dsocore/ledger/fx.hpp"

DSOCORE_BEGIN_NAMESPACE

namespace {

/// Reference rate in force on day d: the latest entry dated on or before d.
const Decimal& reference_on(const PenaltySettings& p, std::int32_t d) {
    const Decimal* r = nullptr;
    for (const auto& [day, rate] : p.reference_rates)
        if (day.days() <= d) r = &rate;
    if (!r)
        throw Error(Errc::data, "company.json: column penalty.reference_rates: no reference rate on or before " +
                                    Date::from_days(d).to_string());
    return *r;
}

int points_of(const std::string& rule) {
    if (rule == "FR") return 10;
    if (rule == "EU") return 8;
    if (rule == "DE") return 9;
    if (rule == "UK") return 8;
    return 0;
}

} // namespace

ItemPenalty item_penalty(const Ledger& L, std::uint32_t i, Date as_of) {
    const ItemTable& I = L.items();
    const PenaltySettings& p = L.company().penalty;
    const std::int32_t A = as_of.days();
    ItemPenalty out;
    if (p.rule.empty() || I.type[i] != ItemType::invoice || I.issue_date[i] > A) return out;
    if (I.status_category[i] == StatusCategory::dispute) return out;
    const std::int64_t bal = L.balance_at(i, A);
    const int dpd = A - I.due_date[i];
    if (bal <= 0 || dpd <= 0) return out;
    out.applies = true;
    out.balance = bal;
    out.days_past_due = dpd;
    const Currency cur = I.currency[i];
    // Interest: bal × rate / 100 × days / day_count, simple, rounded once half-up.
    const Decimal points(points_of(p.rule));
    Decimal rate_days; // Σ rate × days (percent·days)
    if (p.rule == "custom") {
        out.annual_rate = p.rate;
        rate_days = p.rate * Decimal(dpd);
    } else if (!p.follow) {
        out.annual_rate = reference_on(p, I.due_date[i] + 1) + points;
        rate_days = out.annual_rate * Decimal(dpd);
    } else {
        // Follow the table: split (due, A] at each change of the reference rate.
        out.annual_rate = reference_on(p, I.due_date[i] + 1) + points;
        std::int32_t from = I.due_date[i] + 1; // first day of the current piece
        while (from <= A) {
            std::int32_t to = A; // last day of the piece
            for (const auto& [day, rate] : p.reference_rates)
                if (day.days() > from && day.days() - 1 < to) to = day.days() - 1;
            rate_days += (reference_on(p, from) + points) * Decimal(to - from + 1);
            from = to + 1;
        }
    }
    const Decimal num = Decimal::from_units(bal, cur.minor_units()) * rate_days;
    const Decimal interest = Decimal::divide(num, Decimal(100 * static_cast<std::int64_t>(p.day_count)),
                                             cur.minor_units(), Rounding::half_up);
    out.interest = interest.to_int64_units(cur.minor_units(), Rounding::half_up);
    // Indemnity per invoice, converted at A (half-even) when in another currency.
    Currency fee_cur = Currency::of("EUR");
    std::int64_t fee_units = 0;
    if (p.rule == "UK") {
        fee_cur = Currency::of("GBP");
        const std::int64_t debt_gbp = Converter(L.fx(), fee_cur).convert(bal, cur, A);
        const std::int64_t unit = pow10_i64(fee_cur.minor_units());
        const std::int64_t gbp = debt_gbp < 1000 * unit ? 40 : (debt_gbp < 10000 * unit ? 70 : 100);
        fee_units = gbp * unit;
    } else if (p.rule == "custom") {
        fee_cur = p.fee_currency ? *p.fee_currency : L.company().base_currency;
        fee_units = p.fee.to_int64_units(fee_cur.minor_units(), Rounding::half_even);
    } else {
        fee_units = 40 * pow10_i64(fee_cur.minor_units());
    }
    out.indemnity = fee_cur == cur ? fee_units : Converter(L.fx(), cur).convert(fee_units, fee_cur, A);
    return out;
}

DSOCORE_END_NAMESPACE
