// Alerts: built-in rules over per-customer figures at A.
#include "dsocore/collection/alerts.hpp"

#include <algorithm>

#include "dsocore/collection/agenda.hpp"
#include "dsocore/core/error.hpp"
#include "dsocore/ledger/fx.hpp"

DSOCORE_BEGIN_NAMESPACE

const std::vector<std::string>& builtin_alert_rules() {
    static const std::vector<std::string> r = {"over_limit",      "over_insured",    "broken_promise",
                                               "overdue_not_dunned", "declaration_due", "rating_drop"};
    return r;
}

CustomerFigures customer_figures(const Ledger& L, Date as_of, std::optional<Currency> base) {
    const CustomerTable& C = L.customers();
    const ItemTable& I = L.items();
    const ActionTable& T = L.actions();
    const std::int32_t A = as_of.days();
    CustomerFigures f;
    f.as_of = as_of;
    f.base = base ? *base : L.company().base_currency;
    const Converter converter(L.fx(), f.base);
    const auto conv = converter.at(A);
    const std::size_t n = C.size();
    f.outstanding.assign(n, 0);
    f.overdue.assign(n, 0);
    f.credit_limit.assign(n, 0);
    f.has_limit.assign(n, 0);
    f.insured.assign(n, 0);
    f.has_insured.assign(n, 0);
    f.declaration_deadline.assign(n, kNoDate);
    f.last_action.assign(n, kNoDate);
    for (std::uint32_t i = 0; i < I.size(); ++i) {
        if (I.issue_date[i] > A) continue;
        const std::int64_t b = L.balance_at(i, A);
        if (b == 0) continue;
        const std::uint32_t c = I.customer[i];
        const std::int64_t x = conv(b, I.currency[i]);
        f.outstanding[c] = checked_add(f.outstanding[c], x);
        if (I.due_date[i] < A) {
            f.overdue[c] = checked_add(f.overdue[c], x);
            const int ext = C.insurance_max_extension_days[c];
            if (I.type[i] == ItemType::invoice && b > 0 && ext >= 0) {
                const std::int32_t d = I.due_date[i] + ext;
                if (f.declaration_deadline[c] == kNoDate || d < f.declaration_deadline[c]) f.declaration_deadline[c] = d;
            }
        }
    }
    for (std::uint32_t c = 0; c < n; ++c) {
        if (C.has_credit_limit[c]) {
            f.has_limit[c] = 1;
            f.credit_limit[c] = conv(C.credit_limit[c], C.credit_limit_currency[c]);
        }
        if (C.has_insured_amount[c]) {
            f.has_insured[c] = 1;
            f.insured[c] = conv(C.insured_amount[c], C.currency[c]);
        }
        const bool temp_valid = C.has_temporary_insured[c] &&
                                (C.temporary_insured_from[c] == kNoDate || C.temporary_insured_from[c] <= A) &&
                                (C.temporary_insured_to[c] == kNoDate || A <= C.temporary_insured_to[c]);
        if (temp_valid) {
            f.has_insured[c] = 1;
            f.insured[c] = checked_add(f.insured[c], conv(C.temporary_insured_amount[c], C.currency[c]));
        }
    }
    for (std::uint32_t a = 0; a < T.size(); ++a) {
        const std::int32_t d = T.date[a];
        if (d > A) continue;
        auto touch = [&](std::uint32_t c) {
            if (f.last_action[c] == kNoDate || d > f.last_action[c]) f.last_action[c] = d;
        };
        touch(T.customer[a]);
        for (const std::uint32_t i : T.items[a]) touch(I.customer[i]);
    }
    return f;
}

Alerts compute_alerts(const Ledger& L, Date as_of, const AlertOptions& opt) {
    const auto& all = builtin_alert_rules();
    std::vector<std::string> rules = opt.rules.empty() ? all : opt.rules;
    for (const auto& r : rules)
        if (std::find(all.begin(), all.end(), r) == all.end()) {
            std::string names;
            for (const auto& n : all) names += (names.empty() ? "" : ", ") + n;
            throw Error(Errc::invalid_argument, "unknown alert rule '" + r + "'; expected one of " + names);
        }
    if (opt.not_dunned_days < 0 || opt.declaration_days < 0)
        throw Error(Errc::invalid_argument, "alert day counts must be ≥ 0");
    auto wanted = [&](const std::string& r) { return std::find(rules.begin(), rules.end(), r) != rules.end(); };
    const CustomerTable& C = L.customers();
    const std::int32_t A = as_of.days();
    Alerts out;
    out.figures = customer_figures(L, as_of, opt.base_currency);
    const CustomerFigures& f = out.figures;
    const int scale = f.base.minor_units();
    auto money = [&](std::int64_t v) { return format_fixed(v, scale); };

    // Broken promises: the agenda's eligibility rule, one definition.
    std::vector<std::int64_t> broken(C.size(), 0);
    std::vector<std::string> broken_detail(C.size());
    if (wanted("broken_promise")) {
        AgendaOptions ao;
        ao.base_currency = opt.base_currency;
        const Agenda ag = compute_agenda(L, as_of, ao);
        for (const BrokenPromise& b : ag.broken_promises) {
            const std::uint32_t c = L.items().customer[b.item];
            ++broken[c];
            broken_detail[c] += (broken_detail[c].empty() ? "" : ", ") + std::string(L.str(L.items().item_id[b.item])) +
                                " promised " + Date::from_days(b.promise_date).to_string();
        }
    }
    const bool rating = wanted("rating_drop");
    if (rating && !opt.previous)
        out.notes.push_back("rating_drop not evaluated: it compares ratings with an earlier export (--previous DIR)");

    for (std::uint32_t c = 0; c < C.size(); ++c) {
        auto add = [&](const char* rule, std::string detail, std::int64_t items = 0, std::string prev = {}) {
            out.matches.push_back({c, rule, std::move(detail), items, std::move(prev)});
        };
        if (wanted("over_limit") && f.has_limit[c] && f.outstanding[c] > f.credit_limit[c])
            add("over_limit", "outstanding " + money(f.outstanding[c]) + " > credit_limit " + money(f.credit_limit[c]));
        if (wanted("over_insured") && f.has_insured[c] && f.outstanding[c] > f.insured[c])
            add("over_insured", "outstanding " + money(f.outstanding[c]) + " > insured " + money(f.insured[c]));
        if (broken[c]) add("broken_promise", broken_detail[c], broken[c]);
        if (wanted("overdue_not_dunned") && f.overdue[c] > 0 &&
            (f.last_action[c] == kNoDate || A - f.last_action[c] >= opt.not_dunned_days))
            add("overdue_not_dunned",
                "overdue " + money(f.overdue[c]) + " > 0 and " +
                    (f.last_action[c] == kNoDate ? std::string("no action ever")
                                                 : "no action for " + std::to_string(A - f.last_action[c]) + " days") +
                    " (≥ " + std::to_string(opt.not_dunned_days) + ")");
        if (wanted("declaration_due") && f.declaration_deadline[c] != kNoDate &&
            f.declaration_deadline[c] - A <= opt.declaration_days)
            add("declaration_due", "declaration deadline " + Date::from_days(f.declaration_deadline[c]).to_string() +
                                       ": " + std::to_string(f.declaration_deadline[c] - A) + " days ≤ " +
                                       std::to_string(opt.declaration_days));
        if (rating && opt.previous) {
            const std::uint32_t p = opt.previous->find_customer(L.str(C.entity[c]), L.str(C.customer_id[c]));
            if (p != kNoRow) {
                const std::string before(opt.previous->str(opt.previous->customers().rating[p]));
                const std::string now(L.str(C.rating[c]));
                // On the company's A–D scale the bytewise greater grade is the worse one.
                if (!before.empty() && !now.empty() && now > before)
                    add("rating_drop", "rating " + before + " → " + now, 0, before);
            }
        }
    }
    std::sort(out.matches.begin(), out.matches.end(), [&](const AlertMatch& a, const AlertMatch& b) {
        const auto ea = L.str(C.entity[a.customer]), eb = L.str(C.entity[b.customer]);
        if (ea != eb) return ea < eb;
        const auto ca = L.str(C.customer_id[a.customer]), cb = L.str(C.customer_id[b.customer]);
        if (ca != cb) return ca < cb;
        const auto ra = std::find(all.begin(), all.end(), a.rule), rb = std::find(all.begin(), all.end(), b.rule);
        return ra < rb;
    });
    return out;
}

Table alerts_table(const Ledger& L, const Alerts& al) {
    const CustomerTable& C = L.customers();
    const CustomerFigures& f = al.figures;
    const std::int32_t A = f.as_of.days();
    const int scale = f.base.minor_units();
    Table t;
    t.report = "alerts";
    t.as_of = f.as_of;
    t.base_currency = f.base.code();
    const auto entity = t.add_column("entity", CellType::text);
    const auto customer = t.add_column("customer_id", CellType::text);
    const auto alert = t.add_column("alert", CellType::text);
    const auto detail = t.add_column("detail", CellType::text);
    const auto outstanding = t.add_column("outstanding", CellType::decimal, scale);
    const auto overdue = t.add_column("overdue", CellType::decimal, scale);
    const auto limit = t.add_column("credit_limit", CellType::decimal, scale);
    const auto insured = t.add_column("insured", CellType::decimal, scale);
    const auto last = t.add_column("last_action", CellType::date);
    const auto days_without = t.add_column("days_without_action", CellType::integer);
    const auto deadline = t.add_column("declaration_deadline", CellType::date);
    const auto days_to = t.add_column("days_to_deadline", CellType::integer);
    const auto rating = t.add_column("rating", CellType::text);
    const auto prev = t.add_column("previous_rating", CellType::text);
    const auto items = t.add_column("items", CellType::integer);
    for (const AlertMatch& m : al.matches) {
        const std::uint32_t c = m.customer;
        t.push_text(entity, L.str(C.entity[c]));
        t.push_text(customer, L.str(C.customer_id[c]));
        t.push_text(alert, m.rule);
        t.push_text(detail, m.detail);
        t.push_decimal(outstanding, f.outstanding[c]);
        t.push_decimal(overdue, f.overdue[c]);
        if (f.has_limit[c]) t.push_decimal(limit, f.credit_limit[c]);
        else t.push_null(limit);
        if (f.has_insured[c]) t.push_decimal(insured, f.insured[c]);
        else t.push_null(insured);
        if (f.last_action[c] != kNoDate) {
            t.push_date(last, Date::from_days(f.last_action[c]));
            t.push_int(days_without, A - f.last_action[c]);
        } else {
            t.push_null(last);
            t.push_null(days_without);
        }
        if (f.declaration_deadline[c] != kNoDate) {
            t.push_date(deadline, Date::from_days(f.declaration_deadline[c]));
            t.push_int(days_to, f.declaration_deadline[c] - A);
        } else {
            t.push_null(deadline);
            t.push_null(days_to);
        }
        t.push_text(rating, L.str(C.rating[c]));
        if (m.previous_rating.empty()) t.push_null(prev);
        else t.push_text(prev, m.previous_rating);
        if (m.items) t.push_int(items, m.items);
        else t.push_null(items);
    }
    return t;
}

DSOCORE_END_NAMESPACE
