// penalties — late-payment interest and recovery indemnity per overdue invoice (reports.md).
#include "dsocore/reports/penalties.hpp"

#include <algorithm>
#include <iterator>
#include <optional>
#include <unordered_map>
#include <limits>
#include <tuple>
#include <utility>
#include <vector>

#include "dsocore/core/error.hpp"
#include "dsocore/ledger/fx.hpp"
#include "dsocore/reports/parallel.hpp"

DSOCORE_BEGIN_NAMESPACE

namespace {
std::int64_t to_int64(const Int256& v, const char* what) {
    if (v > std::numeric_limits<std::int64_t>::max() || v < std::numeric_limits<std::int64_t>::min())
        throw Error(Errc::overflow, std::string(what) + " does not fit 64-bit minor units");
    return static_cast<std::int64_t>(v);
}

/// `amount` (a whole number of `c`'s units, e.g. 40 EUR) in minor units of c.
std::int64_t whole_units(std::int64_t amount, Currency c) { return amount * pow10_i64(c.minor_units()); }

/// An error of one item's penalty, naming the item.
Error item_error(const Ledger& L, std::uint32_t item, const Error& e) {
    const ItemTable& I = L.items();
    return Error(e.code(), "penalty of item " + std::string(L.str(I.entity[item])) + ":" +
                               std::string(L.str(I.item_id[item])) + ": " + e.what());
}

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

std::optional<std::int64_t> PenaltyRule::fixed_indemnity(Currency currency, Date as_of) const {
    if (settings_->rule == "UK") return std::nullopt; // bands on the balance
    return indemnity(currency, 0, as_of);
}

PenaltyRule::RateTerms PenaltyRule::rate_terms(Date due, Date as_of) const {
    const PenaltySettings& s = *settings_;
    const int dpd = as_of - due;
    RateTerms t;
    // Rate segments over the days past due, (due, A]: (rate, days), summed as they come
    // at the finest scale met so far (no list: no allocation).
    const Date first = due + 1;
    t.annual_rate = annual_rate_on(first);
    const auto add = [&](const Decimal& rate, int days) {
        const int sc = rate.normalized().scale();
        if (sc > t.scale) {
            t.rate_days *= Int256(pow10_128(sc - t.scale)); // Σ so far at the finer scale
            t.scale = sc;
        }
        t.rate_days += units_at(rate, t.scale) * days;
    };
    if (dpd > 0) {
        if (!s.follow || s.rule == "custom") {
            add(t.annual_rate, dpd);
        } else {
            // Split at each change of the table dated in (first, A].
            Date start = first;
            for (const auto& [d, ref] : s.reference_rates) {
                if (d <= start) continue;
                if (d > as_of) break;
                add(annual_rate_on(start), d - start);
                start = d;
            }
            t.annual_rate = annual_rate_on(start);
            add(t.annual_rate, as_of - start + 1);
        }
    } else if (s.follow && s.rule != "custom") {
        t.annual_rate = annual_rate_on(as_of);
    }
    return t;
}

ItemPenalty PenaltyRule::compute(Currency currency, std::int64_t balance, Date due, Date as_of, const RateTerms& terms,
                                 std::optional<std::int64_t> fee) const {
    ItemPenalty p{currency, balance, as_of - due, terms.annual_rate, 0, 0, balance > 0 && as_of - due > 0};
    // interest = bal × Σ rate_k × days_k / (100 × day_count), rounded once, half-up.
    const Int256 num = Int256(balance) * terms.rate_days;
    const Int256 den = Int256(pow10_128(terms.scale)) * 100 * settings_->day_count;
    p.interest = to_int64(round_div(num, den, Rounding::half_up), "interest");
    p.indemnity = fee ? *fee : indemnity(currency, balance, as_of);
    return p;
}

ItemPenalty PenaltyRule::compute(Currency currency, std::int64_t balance, Date due, Date as_of) const {
    return compute(currency, balance, due, as_of, rate_terms(due, as_of));
}

ItemPenalty PenaltyRule::compute(std::uint32_t item, Date as_of) const {
    const ItemTable& I = ledger_->items();
    try {
        ItemPenalty p = compute(I.currency[item], ledger_->balance_at(item, as_of.days()),
                                Date::from_days(I.due_date[item]), as_of);
        p.applies = applies(item, as_of);
        return p;
    } catch (const Error& e) {
        throw item_error(*ledger_, item, e);
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
    // What the rows of one due date share: the rate terms and the annual_rate cell.
    struct Terms {
        PenaltyRule::RateTerms rate;
        int rate_scale = 2;         ///< digits of the annual_rate cell (≥ 2)
        std::int64_t rate_units = 0; ///< the annual rate at rate_scale
    };
    struct Row { // 48 bytes: the output loop reads them in sorted order, out of cache
        std::uint32_t item;
        std::int32_t days_past_due;
        std::int64_t balance, interest, indemnity;
        const Terms* terms;
        Currency currency;
    };
    // One pass over the items, on every worker. The terms of a due date and the fixed
    // indemnity of a currency are the same for every item: each worker computes them
    // once (a map by due date, a short list by currency), not once an item. A claimable
    // item costs ~1 µs (balance, exact interest), more than a scan's row: a quarter of
    // the scans' grain.
    const std::size_t n = I.size(), grain = kParallelGrain / 4;
    const unsigned workers = parallel_workers(n, grain);
    std::vector<std::vector<Row>> parts(workers);
    std::vector<std::unordered_map<std::int32_t, Terms>> terms_of(workers); // nodes: stable addresses
    const auto scan = [&](unsigned w, std::size_t b, std::size_t e) {
        std::unordered_map<std::int32_t, Terms>& terms = terms_of[w];
        std::vector<std::pair<Currency, std::optional<std::int64_t>>> fees;
        std::vector<Row>& out = parts[w];
        for (std::size_t k = b; k < e; ++k) {
            const auto i = static_cast<std::uint32_t>(k);
            if (!ctx.item_selected(i) || !rule.applies(i, ctx.as_of)) continue;
            const Currency cur = I.currency[i];
            const Date due = Date::from_days(I.due_date[i]);
            try {
                auto t = terms.find(I.due_date[i]);
                if (t == terms.end()) t = terms.emplace(I.due_date[i], Terms{rule.rate_terms(due, ctx.as_of)}).first;
                const std::int64_t balance = L.balance_at(i, ctx.A);
                // The interest first, then the indemnity: compute()'s order, so that an
                // item with two faults reports the same one.
                const ItemPenalty p = rule.compute(cur, balance, due, ctx.as_of, t->second.rate, std::int64_t{0});
                auto f = std::find_if(fees.begin(), fees.end(), [&](const auto& x) { return x.first == cur; });
                if (f == fees.end()) f = fees.insert(fees.end(), {cur, rule.fixed_indemnity(cur, ctx.as_of)});
                const std::int64_t fee =
                    f->second ? *f->second : rule.compute(cur, balance, due, ctx.as_of, t->second.rate).indemnity;
                out.push_back({i, p.days_past_due, balance, p.interest, fee, &t->second, cur});
            } catch (const Error& err) {
                throw item_error(L, i, err);
            }
        }
    };
    parallel_ranges(n, scan, grain);
    // The annual_rate column holds every row's rate exactly: the finest scale met.
    int amount_scale = 0, rate_scale = 2;
    for (auto& terms : terms_of)
        for (auto& [due, t] : terms) {
            t.rate_scale = std::max(2, t.rate.annual_rate.normalized().scale());
            t.rate_units = to_int64(units_at(t.rate.annual_rate, t.rate_scale), "annual rate");
            rate_scale = std::max(rate_scale, t.rate_scale);
        }
    std::vector<Row> rows;
    {
        std::size_t total = 0;
        for (const auto& part : parts) total += part.size();
        rows.reserve(total);
        for (auto& part : parts) std::move(part.begin(), part.end(), std::back_inserter(rows));
    }
    // Order (entity, customer_id, item_id). An item's entity is its customer's (the
    // loader finds the customer by (entity, customer_id)), so the rows are sorted by the
    // customer's rank in the ledger's (entity, customer_id) order (derived once per
    // ledger, shared with --by customer) and then by item_id, on keys of 16 bytes: the
    // item ids' first 8 bytes compared as integers, the whole strings only on a tie.
    const Grouping by_customer = make_grouping(L, "customer", std::vector<std::uint8_t>(C.size(), 1));
    struct Key {
        std::uint64_t rank_row; ///< customer rank << 32 | index into rows
        std::uint64_t prefix;   ///< item_id's first 8 bytes, big-endian, zero-padded
    };
    std::vector<Key> keys(rows.size());
    for (std::size_t k = 0; k < rows.size(); ++k) {
        const std::string_view id = L.str(I.item_id[rows[k].item]);
        std::uint64_t prefix = 0;
        for (std::size_t b = 0; b < 8; ++b)
            prefix = (prefix << 8) | (b < id.size() ? static_cast<unsigned char>(id[b]) : 0u);
        keys[k] = {std::uint64_t{by_customer.group_of_customer[I.customer[rows[k].item]]} << 32 | k, prefix};
    }
    std::sort(keys.begin(), keys.end(), [&](const Key& a, const Key& b) {
        if ((a.rank_row >> 32) != (b.rank_row >> 32)) return a.rank_row < b.rank_row;
        if (a.prefix != b.prefix) return a.prefix < b.prefix;
        // Item ids hold no NUL (the loader rejects it): equal prefixes of ids of at most 8
        // bytes are equal ids, which one customer cannot have twice; compare the rest.
        return L.str(I.item_id[rows[a.rank_row & 0xFFFFFFFFu].item]) <
               L.str(I.item_id[rows[b.rank_row & 0xFFFFFFFFu].item]);
    });

    // One column may mix currencies: it holds units at the largest minor unit, each row
    // printed with its own currency's digits (Column::row_scale).
    for (const Row& r : rows) amount_scale = std::max(amount_scale, r.currency.minor_units());
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
    for (const Key& key : keys) {
        const Row& r = rows[key.rank_row & 0xFFFFFFFFu];
        const int mu = r.currency.minor_units();
        t.push_text(c_entity, L.str(I.entity[r.item]));
        t.push_text(c_cust, L.str(C.customer_id[I.customer[r.item]]));
        t.push_text(c_item, L.str(I.item_id[r.item]));
        t.push_text(c_cur, r.currency.code());
        t.push_decimal_at(c_bal, r.balance, mu);
        t.push_int(c_dpd, r.days_past_due);
        t.push_decimal_at(c_rate, r.terms->rate_units, r.terms->rate_scale);
        t.push_decimal_at(c_int, r.interest, mu);
        t.push_decimal_at(c_ind, r.indemnity, mu);
    }
    return t;
}

DSOCORE_END_NAMESPACE
