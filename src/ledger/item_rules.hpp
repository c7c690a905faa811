// Internal: the rules of one items.csv row (data-format.md, items.csv), in one place.
//
// Two readers apply them: the ledger loader (LedgerLoader::load_items in load.cpp, every
// row of a file, errors as diagnostics) and the items import's direct check of the rows
// it creates or changes (item_row_ok in src/io/import.cpp, which needs a yes or no and
// adds its own "already canonical" test). The messages are the loader's, word for word;
// the order in which a row's errors are reported is the loader's order.
//
// What is not here, because the two readers do it differently: the item_id (the loader
// interns it and finds duplicates across the file), looking up the customer (each
// reader has its own index; the result is passed in), interning strings (status,
// comment, custom fields), and the 256-currency limit of the items table.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "dsocore/core/currency.hpp"
#include "dsocore/core/date.hpp"
#include "dsocore/core/decimal.hpp"
#include "dsocore/ledger/fx.hpp"
#include "dsocore/ledger/ledger.hpp"

DSOCORE_BEGIN_NAMESPACE
namespace detail {

/// The texts of one row's fields (empty when the column is absent or the cell empty).
struct ItemRowText {
    std::string_view entity, customer_id, type, issue_date, due_date, currency, amount, open_amount, status,
        status_date, promise_date;
};

/// EUR, looked up once (a placeholder until check_item_row sets the row's currency).
inline Currency item_rules_placeholder_currency() {
    static const Currency eur = Currency::of("EUR");
    return eur;
}

/// What the row reads as (meaningful where no error was reported for the field).
struct ItemRowValues {
    ItemType type = ItemType::invoice;
    std::int32_t issue = kNoDate, due = kNoDate, status_date = kNoDate, promise_date = kNoDate;
    Currency currency = item_rules_placeholder_currency();
    bool currency_ok = true;
    std::int64_t amount = 0, open = 0;
    bool amount_ok = false;
    StatusCategory category = StatusCategory::none;
    std::size_t status_colon = std::string_view::npos; ///< position of ':' in the status text
    std::uint8_t given = 0;                             ///< ItemTable::Given bits
};

/// Checks the row `t` against the rules of items.csv and reads its values into `v`.
/// `customer`: the row of (entity or MAIN, customer_id) in `C`, kNoRow when there is none
/// (ignored when customer_id is empty). `base`: the company's base currency (an item
/// of an unknown customer is read in it). `find_currency(code)` → std::optional<Currency>
/// (a reader may cache). `error(column, value, message)` is called for each problem,
/// in the loader's order; the row is valid when it is never called.
template <class FindCurrency, class Error>
void check_item_row(const ItemRowText& t, std::uint32_t customer, const CustomerTable& C, Currency base,
                    const FxTable& fx, FindCurrency&& find_currency, Error&& error, ItemRowValues& v) {
    auto date_in = [&](std::string_view col, std::string_view text, bool required) -> std::int32_t {
        if (text.empty()) {
            if (required) error(col, text, std::string("a date is required (YYYY-MM-DD)"));
            return kNoDate;
        }
        if (auto d = Date::parse(text)) return d->days();
        error(col, text, std::string("expected a date YYYY-MM-DD (a real calendar day between 1400 and 9999)"));
        return kNoDate;
    };
    auto money_in = [&](std::string_view col, std::string_view text, Currency cur, std::int64_t& out) {
        switch (parse_fixed(text, cur.minor_units(), out)) {
        case FixedParse::ok: return true;
        case FixedParse::syntax:
            error(col, text, std::string("expected a decimal number like 1234.50 (optional sign, '.' decimal point, no exponent or thousands separator)"));
            return false;
        case FixedParse::too_precise:
            error(col, text, "more decimals than " + cur.code() + " allows (" + std::to_string(cur.minor_units()) + ")");
            return false;
        case FixedParse::overflow:
            error(col, text, std::string("amount too large (must fit 64-bit minor units)"));
            return false;
        }
        return false;
    };
    v.given = t.entity.empty() ? 0 : ItemTable::g_entity;
    std::uint32_t cust = kNoRow;
    if (t.customer_id.empty()) {
        error("customer_id", t.customer_id, std::string("a customer_id is required"));
    } else {
        cust = customer;
        if (cust == kNoRow)
            error("customer_id", t.customer_id,
                  "no such customer in customers.csv for entity " +
                      std::string(t.entity.empty() ? std::string_view("MAIN") : t.entity));
    }
    v.type = ItemType::invoice;
    if (!t.type.empty()) {
        v.given |= ItemTable::g_type;
        if (auto p = parse_item_type(t.type)) v.type = *p;
        else error("type", t.type, std::string("expected invoice, credit_note, debit_note, payment or adjustment"));
    }
    v.issue = date_in("issue_date", t.issue_date, true);
    v.due = kNoDate;
    if (!t.due_date.empty()) {
        v.given |= ItemTable::g_due;
        v.due = date_in("due_date", t.due_date, false);
    } else if (v.issue != kNoDate && cust != kNoRow) {
        if (auto d = Date::from_days(v.issue).try_add_days(C.payment_terms_days[cust])) v.due = d->days();
        else
            error("issue_date", t.issue_date,
                  "issue_date + payment_terms_days (" + std::to_string(C.payment_terms_days[cust]) +
                      ") is after 9999-12-31, the last supported date; give a due_date");
    }
    v.currency = cust != kNoRow ? C.currency[cust] : base;
    v.currency_ok = true;
    if (!t.currency.empty()) {
        v.given |= ItemTable::g_currency;
        if (const std::optional<Currency> c = find_currency(t.currency)) {
            v.currency = *c;
        } else {
            error("currency", t.currency, std::string("expected an ISO 4217 currency code (e.g. EUR, USD, JPY)"));
            v.currency_ok = false;
        }
    }
    v.amount = 0;
    v.amount_ok = false;
    if (t.amount.empty()) error("amount", std::string_view(), std::string("an amount is required"));
    else if (v.currency_ok) v.amount_ok = money_in("amount", t.amount, v.currency, v.amount);
    if (v.amount_ok) {
        const bool positive = v.type == ItemType::invoice || v.type == ItemType::debit_note;
        const bool negative = v.type == ItemType::credit_note || v.type == ItemType::payment;
        if (positive && v.amount <= 0) error("amount", t.amount, std::string("a ") + to_string(v.type) + " amount must be > 0");
        if (negative && v.amount >= 0) error("amount", t.amount, std::string("a ") + to_string(v.type) + " amount must be < 0");
    }
    v.open = v.amount;
    if (!t.open_amount.empty()) {
        v.given |= ItemTable::g_open;
        if (v.currency_ok && money_in("open_amount", t.open_amount, v.currency, v.open) && v.amount_ok) {
            const bool same_sign = v.open == 0 || (v.open > 0) == (v.amount > 0);
            const bool within = v.amount >= 0 ? v.open <= v.amount : v.open >= v.amount;
            if (!same_sign || !within)
                error("open_amount", t.open_amount,
                      "must have the sign of amount (" + std::string(t.amount) + ") and not exceed it in absolute value");
        }
    }
    v.category = StatusCategory::none;
    v.status_colon = std::string_view::npos;
    if (!t.status.empty()) {
        v.status_colon = t.status.find(':');
        if (auto c = parse_status_category(t.status.substr(0, v.status_colon))) v.category = *c;
        else
            error("status", t.status,
                  std::string("expected category[:subtype] with category promise, dispute, litigation, ignored or info"));
    }
    v.status_date = date_in("status_date", t.status_date, false);
    v.promise_date = date_in("promise_date", t.promise_date, false);
    if (v.issue != kNoDate && v.currency_ok && !(v.currency == fx.base())) {
        std::int64_t rate = 0;
        if (!fx.try_rate_e10(v.currency, v.issue, rate))
            error("currency", t.currency.empty() ? std::string_view(v.currency.code()) : t.currency,
                  "no rate for " + v.currency.code() + " on or before the issue date " +
                      Date::from_days(v.issue).to_string() + " in fx.csv");
    }
}

} // namespace detail
DSOCORE_END_NAMESPACE
