// Alerts: built-in rules over per-customer figures at A.
#include "dsocore/collection/alerts.hpp"

#include <algorithm>

#include "dsocore/collection/agenda.hpp"
#include "dsocore/core/error.hpp"
#include "dsocore/ledger/fx.hpp"
#include "dsocore/reports/filter.hpp"
#include "dsocore/reports/payment_profile.hpp"
#include "dsocore/reports/report.hpp"

DSOCORE_BEGIN_NAMESPACE

const std::vector<std::string>& builtin_alert_rules() {
    static const std::vector<std::string> r = {"over_limit",      "over_insured",    "broken_promise",
                                               "overdue_not_dunned", "declaration_due", "rating_drop"};
    return r;
}

AlertFigures alert_figures(const Ledger& L, Date as_of, std::optional<Currency> base) {
    const ItemTable& I = L.items();
    const ActionTable& T = L.actions();
    const std::int32_t A = as_of.days();
    AlertFigures f;
    f.as_of = as_of;
    f.base = base ? *base : L.company().base_currency;
    f.risk = risk_figures(L, f.base, as_of); // the risk report's figures, one computation
    f.last_action.assign(L.customers().size(), kNoDate);
    for (std::uint32_t a = 0; a < T.size(); ++a) {
        const std::int32_t d = T.date[a];
        if (d > A) continue;
        auto touch = [&](std::uint32_t c) {
            if (f.last_action[c] == kNoDate || d > f.last_action[c]) f.last_action[c] = d;
        };
        touch(T.customer[a]);
        for (const std::uint32_t i : T.items(a)) touch(I.customer[i]);
    }
    return f;
}

// --- custom rules (--where) -----------------------------------------------------------

const std::vector<std::string>& alert_figure_names() {
    static const std::vector<std::string> n = {
        "outstanding",     "overdue",       "overdue_pct",          "rating",           "headroom",
        "utilisation_pct", "over_limit",    "insured",              "uninsured",        "declaration_deadline",
        "days_to_deadline", "avg_days_late", "avg_days_to_pay",     "on_time_pct",      "settled",
        "profile",         "dso",           "last_action",          "days_without_action"};
    return n;
}

namespace {

/// Identifiers of an expression outside its quoted texts, in order, without repeats.
std::vector<std::string> identifiers(std::string_view e) {
    std::vector<std::string> out;
    auto ident = [](char ch, bool first) {
        return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || ch == '_' || (!first && ch >= '0' && ch <= '9');
    };
    for (std::size_t k = 0; k < e.size();) {
        const char ch = e[k];
        if (ch == '\'') { // a quoted text; '' inside is a quote
            ++k;
            while (k < e.size()) {
                if (e[k] == '\'' && k + 1 < e.size() && e[k + 1] == '\'') k += 2;
                else if (e[k] == '\'') break;
                else ++k;
            }
            ++k;
        } else if (ident(ch, true)) {
            std::size_t j = k;
            while (j < e.size() && ident(e[j], false)) ++j;
            std::string w(e.substr(k, j - k));
            if (std::find(out.begin(), out.end(), w) == out.end()) out.push_back(std::move(w));
            k = j;
        } else if (ch >= '0' && ch <= '9') {
            while (k < e.size() && (ident(e[k], false) || e[k] == '.')) ++k; // a number literal
        } else {
            ++k;
        }
    }
    return out;
}

/// The per-customer figures of a custom rule, from the reports' figure functions.
struct CustomFigures {
    const Ledger* L = nullptr;
    const AlertFigures* f = nullptr;
    int scale = 2;
    std::vector<PayerFigures> pay;  ///< payment_profile_figures, when the expression names one
    std::vector<std::uint8_t> has_dso;
    std::vector<std::int64_t> dso;  ///< the dso report's value, units of 10^-dso_scale
    int dso_scale = 1;

    FieldValue value(const std::string& name, std::uint32_t c) const {
        const RiskFigures& r = f->risk[c];
        const std::int32_t A = f->as_of.days();
        if (name == "outstanding") return FieldValue::of_units(r.outstanding, scale);
        if (name == "overdue") return FieldValue::of_units(r.overdue, scale);
        if (name == "overdue_pct")
            return r.outstanding > 0 ? FieldValue::of_ratio(i128(r.overdue) * 100, r.outstanding) : FieldValue::none();
        if (name == "rating") return FieldValue::of_text(r.rating);
        if (name == "headroom") return r.has_limit ? FieldValue::of_units(r.headroom(), scale) : FieldValue::none();
        if (name == "utilisation_pct")
            return r.utilisation_defined() ? FieldValue::of_ratio(i128(r.outstanding) * 100, r.credit_limit)
                                           : FieldValue::none();
        if (name == "over_limit") return r.has_limit ? FieldValue::of_bool(r.over_limit()) : FieldValue::none();
        if (name == "insured") return r.has_insured ? FieldValue::of_units(r.insured, scale) : FieldValue::none();
        if (name == "uninsured") return FieldValue::of_units(r.uninsured(), scale);
        if (name == "declaration_deadline") return FieldValue::of_date(r.declaration_deadline);
        if (name == "days_to_deadline")
            return r.declaration_deadline == kNoDate ? FieldValue::none()
                                                     : FieldValue::of_units(r.declaration_deadline - A, 0);
        if (name == "last_action") return FieldValue::of_date(f->last_action[c]);
        if (name == "days_without_action")
            return f->last_action[c] == kNoDate ? FieldValue::none() : FieldValue::of_units(A - f->last_action[c], 0);
        if (name == "dso")
            return c < has_dso.size() && has_dso[c] ? FieldValue::of_units(dso[c], dso_scale) : FieldValue::none();
        if (c >= pay.size()) return FieldValue::none();
        const PayerFigures& p = pay[c];
        if (name == "settled") return FieldValue::of_units(p.settled, scale);
        if (name == "profile") return FieldValue::of_text(payer_profile(p, L->company().payer_profiles));
        if (!p.defined()) return FieldValue::none();
        if (name == "avg_days_late") return FieldValue::of_ratio(p.weighted_late, p.settled);
        if (name == "avg_days_to_pay") return FieldValue::of_ratio(p.weighted_to_pay, p.settled);
        if (name == "on_time_pct") return FieldValue::of_ratio(i128(p.on_time) * 100, p.settled);
        return FieldValue::none();
    }

    /// The value as the reports print it: amounts at B's minor unit, percentages and
    /// day averages at 1 decimal (half-even), day counts whole, dates ISO; "" undefined.
    std::string text(const std::string& name, std::uint32_t c) const {
        const FieldValue v = value(name, c);
        if (!v.present) return {};
        if (name == "profile" || name == "rating") return std::string(v.text);
        if (name == "over_limit") return v.flag ? "true" : "false";
        if (name == "declaration_deadline" || name == "last_action") return Date::from_days(v.day).to_string();
        int s = 1;
        if (name == "days_to_deadline" || name == "days_without_action") s = 0;
        else if (name == "dso") s = dso_scale;
        else if (name != "overdue_pct" && name != "utilisation_pct" && name != "avg_days_late" &&
                 name != "avg_days_to_pay" && name != "on_time_pct")
            s = scale;
        return format_fixed(ratio_units(Int256(v.num), Int256(v.den), s), s);
    }
};

FieldType figure_type(const std::string& name) {
    if (name == "profile" || name == "rating") return FieldType::text;
    if (name == "over_limit") return FieldType::boolean;
    if (name == "declaration_deadline" || name == "last_action") return FieldType::date;
    return FieldType::number;
}

/// The custom rule `where`: the expression over customer fields and figures, one match
/// per customer row it holds for, carrying the figures it names.
void custom_rule(const Ledger& L, const AlertOptions& opt, const AlertFigures& f, std::vector<AlertMatch>& out) {
    const auto& names = alert_figure_names();
    std::vector<std::string> named; // figures the expression names, in order
    for (const std::string& w : identifiers(opt.where))
        if (std::find(names.begin(), names.end(), w) != names.end()) named.push_back(w);
    auto names_one = [&](std::initializer_list<const char*> l) {
        for (const char* n : l)
            if (std::find(named.begin(), named.end(), n) != named.end()) return true;
        return false;
    };
    CustomFigures cf;
    cf.L = &L;
    cf.f = &f;
    cf.scale = f.base.minor_units();
    if (names_one({"avg_days_late", "avg_days_to_pay", "on_time_pct", "settled", "profile"}))
        cf.pay = payment_profile_figures(L, f.base, f.as_of, Window::parse(opt.window));
    if (names_one({"dso"})) {
        // The dso report's figure (its defaults: countback, calendar months), per customer.
        ReportRequest rq;
        rq.name = "dso";
        rq.as_of = f.as_of;
        rq.base_currency = f.base;
        const Table t = run_report(L, rq);
        const std::size_t ce = t.column_index("entity"), cc = t.column_index("customer_id"),
                          cd = t.column_index("dso");
        cf.dso_scale = t.columns[cd].scale;
        cf.has_dso.assign(L.customers().size(), 0);
        cf.dso.assign(L.customers().size(), 0);
        for (std::size_t r = 0; r < t.rows(); ++r) {
            const std::uint32_t c = L.find_customer(t.columns[ce].texts[r], t.columns[cc].texts[r]);
            if (c == kNoRow || t.columns[cd].nulls[r]) continue;
            cf.has_dso[c] = 1;
            cf.dso[c] = t.columns[cd].ints[r];
        }
    }
    FieldResolver fields = customer_fields(L);
    const CustomFigures* pcf = &cf;
    for (const std::string& n : names) {
        const std::string name = n;
        fields.add(n, {figure_type(n), FieldScope::customer,
                       [pcf, name](const FilterRow& row) { return pcf->value(name, row.customer); },
                       "alert figure " + n});
    }
    const Filter filter = Filter::compile(opt.where, fields);
    if (filter.empty())
        throw Error(Errc::invalid_argument, "alerts --where: expected an expression, e.g. \"overdue_pct > 50 and dso > 60\"");
    if (filter.uses_item_fields())
        throw Error(Errc::invalid_argument, "alerts --where: an alert rule is evaluated per customer; item fields are not available");
    const CustomerTable& C = L.customers();
    for (std::uint32_t c = 0; c < C.size(); ++c) {
        if (!filter.matches(FilterRow{c, kNoRow})) continue;
        AlertMatch m;
        m.customer = c;
        m.rule = "where";
        m.detail = opt.where;
        for (const std::string& n : named) {
            m.figures.emplace_back(n, cf.text(n, c));
            m.detail += (n == named.front() ? ": " : ", ") + n + " " + (m.figures.back().second.empty() ? "(none)" : m.figures.back().second);
        }
        out.push_back(std::move(m));
    }
}

} // namespace

Alerts compute_alerts(const Ledger& L, Date as_of, const AlertOptions& opt) {
    const auto& all = builtin_alert_rules();
    std::vector<std::string> rules = opt.rules.empty() && opt.where.empty() ? all : opt.rules;
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
    out.figures = alert_figures(L, as_of, opt.base_currency);
    const AlertFigures& f = out.figures;
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
            out.matches.push_back({c, rule, std::move(detail), items, std::move(prev), {}});
        };
        const RiskFigures& r = f.risk[c];
        if (wanted("over_limit") && r.over_limit())
            add("over_limit", "outstanding " + money(r.outstanding) + " > credit_limit " + money(r.credit_limit));
        if (wanted("over_insured") && r.has_insured && r.outstanding > r.insured)
            add("over_insured", "outstanding " + money(r.outstanding) + " > insured " + money(r.insured));
        if (broken[c]) add("broken_promise", broken_detail[c], broken[c]);
        if (wanted("overdue_not_dunned") && r.overdue > 0 &&
            (f.last_action[c] == kNoDate || A - f.last_action[c] >= opt.not_dunned_days))
            add("overdue_not_dunned",
                "overdue " + money(r.overdue) + " > 0 and " +
                    (f.last_action[c] == kNoDate ? std::string("no action ever")
                                                 : "no action for " + std::to_string(A - f.last_action[c]) + " days") +
                    " (≥ " + std::to_string(opt.not_dunned_days) + ")");
        if (wanted("declaration_due") && r.declaration_deadline != kNoDate &&
            r.declaration_deadline - A <= opt.declaration_days)
            add("declaration_due", "declaration deadline " + Date::from_days(r.declaration_deadline).to_string() +
                                       ": " + std::to_string(r.declaration_deadline - A) + " days ≤ " +
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
    if (!opt.where.empty()) custom_rule(L, opt, f, out.matches);
    if (!opt.customer_scope.empty()) {
        if (opt.customer_scope.size() != C.size())
            throw Error(Errc::internal, "customer_scope does not match the customer table");
        std::erase_if(out.matches, [&](const AlertMatch& m) { return !opt.customer_scope[m.customer]; });
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
    const AlertFigures& f = al.figures;
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
        const RiskFigures& r = f.risk[c];
        t.push_decimal(outstanding, r.outstanding);
        t.push_decimal(overdue, r.overdue);
        if (r.has_limit) t.push_decimal(limit, r.credit_limit);
        else t.push_null(limit);
        if (r.has_insured) t.push_decimal(insured, r.insured);
        else t.push_null(insured);
        if (f.last_action[c] != kNoDate) {
            t.push_date(last, Date::from_days(f.last_action[c]));
            t.push_int(days_without, A - f.last_action[c]);
        } else {
            t.push_null(last);
            t.push_null(days_without);
        }
        if (r.declaration_deadline != kNoDate) {
            t.push_date(deadline, Date::from_days(r.declaration_deadline));
            t.push_int(days_to, r.declaration_deadline - A);
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
