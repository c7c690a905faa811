// penalties — late-payment interest and recovery indemnity per overdue invoice (reports.md).
#include "dsocore/reports/penalties.hpp"

#include <algorithm>
#include <limits>
#include <tuple>
#include <utility>
#include <vector>

#include "dsocore/core/error.hpp"
#include "dsocore/ledger/fx.hpp"

DSOCORE_BEGIN_NAMESPACE

namespace {
std::int64_t to_int64(const Int256& v, const char* what) {
    if (v > std::numeric_limits<std::int64_t>::max() || v < std::numeric_limits<std::int64_t>::min())
        throw Error(Errc::overflow, std::string(what) + " does not fit 64-bit minor units");
    return static_cast<std::int64_t>(v);
}

/// `amount` (a whole number of `c`'s units, e.g. 40 EUR) in minor units of c.
std::int64_t whole_units(std::int64_t amount, Currency c) { return amount * pow10_i64(c.minor_units()); }

/// Significand of `d` at `scale` ≥ its normalized scale, as Int256.
Int256 units_at(const Decimal& d, int scale) {
    const auto u = d.units_at(scale);
    if (!u) throw Error(Errc::internal, "rate " + d.to_string() + " not exact at scale " + std::to_string(scale));
    return Int256(*u);
}
} // namespace

PenaltyRule::PenaltyRule(const Ledger& ledger) : ledger_(&ledger), settings_(&ledger.company().penalty) {
    const std::string& r = settings_->rule;
    margin_ = r == "FR" ? Decimal(10) : r == "EU" ? Decimal(8) : r == "DE" ? Decimal(9) : r == "UK" ? Decimal(8)
                                                                                                  : Decimal(0);
}

bool PenaltyRule::applies(std::uint32_t item, Date as_of) const {
    const ItemTable& I = ledger_->items();
    const std::int32_t A = as_of.days();
    return I.type[item] == ItemType::invoice && I.issue_date[item] <= A && A - I.due_date[item] > 0 &&
           I.status_category[item] != StatusCategory::dispute && ledger_->balance_at(item, A) > 0;
}

Decimal PenaltyRule::annual_rate_on(Date day) const {
    const PenaltySettings& s = *settings_;
    if (s.rule.empty())
        throw Error(Errc::data, "company.json has no \"penalty\" rule; expected e.g. {\"rule\": \"FR\", "
                                "\"reference_rates\": [[\"2026-01-01\", \"2.15\"]]}");
    if (s.rule == "custom") return s.rate;
    if (s.reference_rates.empty())
        throw Error(Errc::data, "company.json penalty rule " + s.rule +
                                    " needs \"reference_rates\": [[\"YYYY-MM-DD\", \"rate\"], …]");
    // The latest entry dated on or before `day` (ascending by date, checked at load).
    const auto it = std::upper_bound(s.reference_rates.begin(), s.reference_rates.end(), day,
                                     [](Date d, const std::pair<Date, Decimal>& e) { return d < e.first; });
    if (it == s.reference_rates.begin())
        throw Error(Errc::data, "company.json penalty.reference_rates: no reference rate in force on " +
                                    day.to_string() + " (the first starts " +
                                    s.reference_rates.front().first.to_string() + ")");
    return std::prev(it)->second + margin_;
}

std::int64_t PenaltyRule::indemnity(Currency currency, std::int64_t balance, Date as_of) const {
    const PenaltySettings& s = *settings_;
    const FxTable& fx = ledger_->fx();
    Currency fee_cur = Currency::of("EUR");
    std::int64_t fee = 0;
    if (s.rule == "UK") {
        fee_cur = Currency::of("GBP");
        // Band on the debt converted to GBP at A (half-even to the penny).
        const std::int64_t debt = Converter(fx, fee_cur).convert(balance, currency, as_of.days());
        fee = whole_units(debt < whole_units(1000, fee_cur) ? 40 : debt < whole_units(10000, fee_cur) ? 70 : 100,
                          fee_cur);
    } else if (s.rule == "custom") {
        fee_cur = s.fee_currency ? *s.fee_currency : ledger_->company().base_currency;
        const auto u = s.fee.units_at(fee_cur.minor_units());
        if (!u)
            throw Error(Errc::data, "company.json penalty.fee " + s.fee.to_string() + ": more digits than " +
                                        fee_cur.code() + "'s minor unit");
        fee = to_int64(Int256(*u), "penalty fee");
    } else { // FR, EU, DE
        fee = whole_units(40, fee_cur);
    }
    if (fee_cur == currency) return fee;
    return Converter(fx, currency).convert(fee, fee_cur, as_of.days());
}

ItemPenalty PenaltyRule::compute(Currency currency, std::int64_t balance, Date due, Date as_of) const {
    const PenaltySettings& s = *settings_;
    ItemPenalty p{currency, balance, as_of - due, Decimal(0), 0, 0, balance > 0 && as_of - due > 0};
    // Rate segments over the days past due, (due, A]: (rate, days).
    std::vector<std::pair<Decimal, int>> seg;
    const Date first = due + 1;
    p.annual_rate = annual_rate_on(first);
    if (p.days_past_due > 0) {
        if (!s.follow || s.rule == "custom") {
            seg.emplace_back(p.annual_rate, p.days_past_due);
        } else {
            // Split at each change of the table dated in (first, A].
            Date start = first;
            for (const auto& [d, ref] : s.reference_rates) {
                if (d <= start) continue;
                if (d > as_of) break;
                seg.emplace_back(annual_rate_on(start), d - start);
                start = d;
            }
            seg.emplace_back(annual_rate_on(start), as_of - start + 1);
            p.annual_rate = seg.back().first;
        }
    } else if (s.follow && s.rule != "custom") {
        p.annual_rate = annual_rate_on(as_of);
    }
    // interest = bal × Σ rate_k × days_k / (100 × day_count), rounded once, half-up.
    int scale = 0;
    for (const auto& [r, d] : seg) scale = std::max(scale, r.normalized().scale());
    Int256 sum = 0;
    for (const auto& [r, d] : seg) sum += units_at(r, scale) * d;
    const Int256 num = Int256(balance) * sum;
    const Int256 den = Int256(pow10_128(scale)) * 100 * s.day_count;
    p.interest = to_int64(round_div(num, den, Rounding::half_up), "interest");
    p.indemnity = indemnity(currency, balance, as_of);
    return p;
}

ItemPenalty PenaltyRule::compute(std::uint32_t item, Date as_of) const {
    const ItemTable& I = ledger_->items();
    try {
        ItemPenalty p = compute(I.currency[item], ledger_->balance_at(item, as_of.days()),
                                Date::from_days(I.due_date[item]), as_of);
        p.applies = applies(item, as_of);
        return p;
    } catch (const Error& e) {
        throw Error(e.code(), "penalty of item " + std::string(ledger_->str(I.entity[item])) + ":" +
                                  std::string(ledger_->str(I.item_id[item])) + ": " + e.what());
    }
}

ItemPenalty item_penalty(const Ledger& ledger, std::uint32_t item, Date as_of) {
    const PenaltyRule rule(ledger);
    if (!rule.configured() || !rule.applies(item, as_of))
        return ItemPenalty{ledger.items().currency[item], 0, 0, Decimal(0), 0, 0, false};
    return rule.compute(item, as_of);
}

Table penalties_report(ReportContext& ctx) {
    const Ledger& L = ctx.ledger;
    const ItemTable& I = L.items();
    const CustomerTable& C = L.customers();
    if (!ctx.request.by.empty())
        throw Error(Errc::invalid_argument, "report penalties has no --by: it has one row per invoice");
    const PenaltyRule rule(L);
    if (!rule.configured())
        throw Error(Errc::data, "report penalties: company.json has no \"penalty\" rule; expected e.g. "
                                "{\"rule\": \"FR\", \"reference_rates\": [[\"2026-01-01\", \"2.15\"]]}");
    struct Row {
        std::uint32_t item;
        ItemPenalty p;
    };
    std::vector<Row> rows;
    for (std::uint32_t i = 0; i < I.size(); ++i) {
        if (!ctx.item_selected(i) || !rule.applies(i, ctx.as_of)) continue;
        rows.push_back({i, rule.compute(i, ctx.as_of)});
    }
    // Order (entity, customer_id, item_id). An item's entity is its customer's (the
    // loader finds the customer by (entity, customer_id)), so the customers are ranked
    // once by (entity, customer_id) and the rows sorted by (rank, item_id): the strings
    // of the items are compared only within a customer.
    std::vector<std::uint32_t> rank(C.size(), 0);
    {
        std::vector<std::uint32_t> used;
        std::vector<std::uint8_t> seen(C.size(), 0);
        for (const Row& r : rows)
            if (!seen[I.customer[r.item]]) {
                seen[I.customer[r.item]] = 1;
                used.push_back(I.customer[r.item]);
            }
        std::sort(used.begin(), used.end(), [&](std::uint32_t a, std::uint32_t b) {
            return std::make_pair(L.str(C.entity[a]), L.str(C.customer_id[a])) <
                   std::make_pair(L.str(C.entity[b]), L.str(C.customer_id[b]));
        });
        for (std::uint32_t k = 0; k < used.size(); ++k) rank[used[k]] = k;
    }
    std::sort(rows.begin(), rows.end(), [&](const Row& a, const Row& b) {
        const std::uint32_t ra = rank[I.customer[a.item]], rb = rank[I.customer[b.item]];
        if (ra != rb) return ra < rb;
        return L.str(I.item_id[a.item]) < L.str(I.item_id[b.item]);
    });

    // One column may mix currencies: it holds units at the largest minor unit, each row
    // printed with its own currency's digits (Column::row_scale).
    int amount_scale = 0, rate_scale = 2;
    for (const Row& r : rows) {
        amount_scale = std::max(amount_scale, r.p.currency.minor_units());
        rate_scale = std::max(rate_scale, r.p.annual_rate.normalized().scale());
    }
    if (rows.empty()) amount_scale = 2;
    Table t = ctx.make_table();
    const std::size_t c_entity = t.add_column("entity", CellType::text);
    const std::size_t c_cust = t.add_column("customer_id", CellType::text);
    const std::size_t c_item = t.add_column("item_id", CellType::text);
    const std::size_t c_cur = t.add_column("currency", CellType::text);
    const std::size_t c_bal = t.add_column("balance", CellType::decimal, amount_scale);
    const std::size_t c_dpd = t.add_column("days_past_due", CellType::integer);
    const std::size_t c_rate = t.add_column("annual_rate", CellType::decimal, rate_scale);
    const std::size_t c_int = t.add_column("interest", CellType::decimal, amount_scale);
    const std::size_t c_ind = t.add_column("indemnity", CellType::decimal, amount_scale);
    for (const Row& r : rows) {
        const int mu = r.p.currency.minor_units();
        const int rs = std::max(2, r.p.annual_rate.normalized().scale());
        t.push_text(c_entity, L.str(I.entity[r.item]));
        t.push_text(c_cust, L.str(C.customer_id[I.customer[r.item]]));
        t.push_text(c_item, L.str(I.item_id[r.item]));
        t.push_text(c_cur, r.p.currency.code());
        t.push_decimal_at(c_bal, r.p.balance, mu);
        t.push_int(c_dpd, r.p.days_past_due);
        t.push_decimal_at(c_rate, to_int64(units_at(r.p.annual_rate, rs), "annual rate"), rs);
        t.push_decimal_at(c_int, r.p.interest, mu);
        t.push_decimal_at(c_ind, r.p.indemnity, mu);
    }
    return t;
}

DSOCORE_END_NAMESPACE
