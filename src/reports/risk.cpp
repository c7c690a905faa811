// risk — exposure against limits and guarantees, per key (reports.md).
#include "dsocore/reports/risk.hpp"

#include "dsocore/core/error.hpp"

DSOCORE_BEGIN_NAMESPACE

void RiskFigures::merge(const RiskFigures& o) {
    outstanding = checked_add(outstanding, o.outstanding);
    overdue = checked_add(overdue, o.overdue);
    if (o.has_limit) {
        credit_limit = checked_add(credit_limit, o.credit_limit);
        has_limit = true;
    }
    if (o.has_insured) {
        insured = checked_add(insured, o.insured);
        has_insured = true;
    }
    if (o.declaration_deadline != kNoDate &&
        (declaration_deadline == kNoDate || o.declaration_deadline < declaration_deadline))
        declaration_deadline = o.declaration_deadline;
    if (o.rating > rating) rating = o.rating;
}

std::vector<RiskFigures> risk_figures(const Ledger& L, Currency base, Date as_of,
                                      const std::vector<std::uint8_t>* item_mask) {
    const CustomerTable& C = L.customers();
    const ItemTable& I = L.items();
    const std::int32_t A = as_of.days();
    const Converter converter(L.fx(), base);
    const auto conv = converter.at(A);
    std::vector<RiskFigures> fig(C.size());
    for (std::uint32_t c = 0; c < C.size(); ++c) {
        RiskFigures& f = fig[c];
        f.rating = L.str(C.rating[c]);
        if (C.has_credit_limit[c]) {
            f.has_limit = true;
            f.credit_limit = conv(C.credit_limit[c], C.credit_limit_currency[c]);
        }
        // Each guarantee is converted on its own, then summed (as items are).
        if (C.has_insured_amount[c]) {
            f.has_insured = true;
            f.insured = conv(C.insured_amount[c], C.currency[c]);
        }
        // The temporary guarantee counts while A lies in [from, to].
        if (C.has_temporary_insured[c] && C.temporary_insured_from[c] <= A && A <= C.temporary_insured_to[c]) {
            f.has_insured = true;
            f.insured = checked_add(f.insured, conv(C.temporary_insured_amount[c], C.currency[c]));
        }
    }
    for (std::uint32_t i = 0; i < I.size(); ++i) {
        if (I.issue_date[i] > A || (item_mask && !(*item_mask)[i])) continue;
        const std::int64_t bal = L.balance_at(i, A);
        if (bal == 0) continue;
        const std::uint32_t c = I.customer[i];
        RiskFigures& f = fig[c];
        const std::int64_t v = conv(bal, I.currency[i]);
        f.outstanding = checked_add(f.outstanding, v);
        const std::int32_t due = I.due_date[i];
        if (A - due > 0) {
            f.overdue = checked_add(f.overdue, v);
            const std::int32_t ext = C.insurance_max_extension_days[c];
            if (I.type[i] == ItemType::invoice && bal > 0 && ext >= 0) {
                const std::int32_t deadline = due + ext;
                if (f.declaration_deadline == kNoDate || deadline < f.declaration_deadline)
                    f.declaration_deadline = deadline;
            }
        }
    }
    return fig;
}

Table risk_report(ReportContext& ctx) {
    const Grouping g = ctx.grouping("customer");
    const std::vector<RiskFigures> per_customer = risk_figures(ctx.ledger, ctx.base, ctx.as_of, &ctx.item_mask);
    std::vector<RiskFigures> per_group(g.size());
    for (std::uint32_t c = 0; c < per_customer.size(); ++c) {
        const std::uint32_t grp = g.group_of_customer[c];
        if (grp != kNoRow) per_group[grp].merge(per_customer[c]);
    }
    Table t = ctx.make_table();
    const int scale = ctx.base.minor_units();
    const auto keys = ctx.add_key_columns(t, g);
    const std::size_t c_out = t.add_column("outstanding", CellType::decimal, scale);
    const std::size_t c_over = t.add_column("overdue", CellType::decimal, scale);
    const std::size_t c_lim = t.add_column("credit_limit", CellType::decimal, scale);
    const std::size_t c_head = t.add_column("headroom", CellType::decimal, scale);
    const std::size_t c_util = t.add_column("utilisation_pct", CellType::decimal, 1);
    const std::size_t c_ol = t.add_column("over_limit", CellType::boolean);
    const std::size_t c_ins = t.add_column("insured", CellType::decimal, scale);
    const std::size_t c_unins = t.add_column("uninsured", CellType::decimal, scale);
    const std::size_t c_dl = t.add_column("declaration_deadline", CellType::date);
    const std::size_t c_days = t.add_column("days_to_deadline", CellType::integer);
    const std::size_t c_rating = t.add_column("rating", CellType::text);
    for (std::size_t grp = 0; grp < g.size(); ++grp) {
        const RiskFigures& f = per_group[grp];
        ctx.push_key(t, keys, g, grp);
        t.push_decimal(c_out, f.outstanding);
        t.push_decimal(c_over, f.overdue);
        if (f.has_limit) {
            t.push_decimal(c_lim, f.credit_limit);
            t.push_decimal(c_head, f.headroom());
            if (f.utilisation_defined()) {
                Int256 num, den;
                f.utilisation_ratio(num, den);
                t.push_decimal(c_util, ratio_units(num, den, 1));
            } else {
                t.push_null(c_util);
            }
            t.push_bool(c_ol, f.over_limit());
        } else {
            t.push_null(c_lim);
            t.push_null(c_head);
            t.push_null(c_util);
            t.push_null(c_ol);
        }
        t.push_decimal(c_ins, f.insured);
        t.push_decimal(c_unins, f.uninsured());
        if (f.declaration_deadline != kNoDate) {
            t.push_date(c_dl, Date::from_days(f.declaration_deadline));
            t.push_int(c_days, f.declaration_deadline - ctx.A);
        } else {
            t.push_null(c_dl);
            t.push_null(c_days);
        }
        t.push_text(c_rating, f.rating);
    }
    return t;
}

DSOCORE_END_NAMESPACE
