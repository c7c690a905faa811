// The credit notation and the credit-limit tool, and their reports.
#include "dsocore/risk/notation.hpp"

#include <algorithm>

#include "dsocore/core/error.hpp"
#include "dsocore/io/csv.hpp"

DSOCORE_BEGIN_NAMESPACE

namespace {
Decimal band_points(const std::vector<Band>& bands, const ExactFigure& v) {
    for (const auto& b : bands)
        if (!b.max || v.at_most(*b.max)) return b.points;
    return Decimal(0); // no band covers the value
}

/// customer row of each group of a per-customer grouping.
std::vector<std::uint32_t> customer_of_group(const Grouping& g) {
    std::vector<std::uint32_t> out(g.size(), kNoRow);
    for (std::uint32_t c = 0; c < g.group_of_customer.size(); ++c)
        if (g.group_of_customer[c] != kNoRow) out[g.group_of_customer[c]] = c;
    return out;
}

Grouping customer_grouping(const ReportContext& ctx) {
    Grouping g = ctx.grouping("customer");
    if (g.by != "customer")
        throw Error(Errc::invalid_argument, "report " + ctx.request.name + " is per customer: --by customer only");
    return g;
}

std::int64_t to_int64(const Int256& v, const char* what) {
    if (v > std::numeric_limits<std::int64_t>::max() || v < std::numeric_limits<std::int64_t>::min())
        throw Error(Errc::overflow, std::string(what) + " does not fit 64 bits");
    return static_cast<std::int64_t>(v);
}
} // namespace

Decimal criterion_points(const RiskConfig& cfg, const Criterion& cr, const CustomerFigures& fig, std::uint32_t c) {
    const Ledger& L = fig.ledger();
    const CustomerTable& C = L.customers();
    switch (cr.kind) {
    case CriterionKind::figure: {
        const ExactFigure v = fig.figure(cr.field, c);
        return v.defined ? band_points(cr.bands, v) : cfg.missing_points;
    }
    case CriterionKind::number_field: {
        std::int64_t x = 0;
        if (cr.field == "payment_terms_days") x = C.payment_terms_days[c];
        else if (cr.field == "insurance_max_extension_days") {
            if (C.insurance_max_extension_days[c] < 0) return cfg.missing_points;
            x = C.insurance_max_extension_days[c];
        } else {
            throw Error(Errc::internal, "unknown numeric field " + cr.field);
        }
        return band_points(cr.bands, ExactFigure::of(x, 1));
    }
    case CriterionKind::text_as_number: {
        const LedgerColumn<StrId>* col = customer_text_column(C, cr.field);
        const std::string_view text = (col && !col->empty()) ? L.str((*col)[c]) : std::string_view();
        const auto d = Decimal::try_parse(text);
        if (!d) return cfg.missing_points;
        return band_points(cr.bands, ExactFigure::of(Int256(d->significand()), Int256(pow10_128(d->scale()))));
    }
    case CriterionKind::text_field: {
        const LedgerColumn<StrId>* col = customer_text_column(C, cr.field);
        const std::string_view text = (col && !col->empty()) ? L.str((*col)[c]) : std::string_view();
        for (const auto& [value, pts] : cr.values)
            if (value == text) return pts;
        return cr.default_points ? *cr.default_points : Decimal(0);
    }
    }
    return Decimal(0);
}

Notation rate_customer(const RiskConfig& cfg, const CustomerFigures& fig, std::uint32_t c) {
    Notation n;
    n.points.reserve(cfg.criteria.size());
    for (const auto& cr : cfg.criteria) {
        n.points.push_back(criterion_points(cfg, cr, fig, c));
        n.score += cr.weight * n.points.back();
    }
    n.grade = cfg.grade_of(n.score);
    return n;
}

std::vector<Notation> rate_customers(const RiskConfig& cfg, const CustomerFigures& fig) {
    std::vector<Notation> out;
    const std::size_t n = fig.risk().size();
    out.reserve(n);
    for (std::uint32_t c = 0; c < n; ++c) out.push_back(rate_customer(cfg, fig, c));
    return out;
}

std::vector<LimitProposal> propose_limits(const RiskConfig& cfg, const CustomerFigures& fig,
                                          const std::vector<Notation>& notation,
                                          const std::vector<std::int64_t>& window_sales) {
    cfg.require_limit_tool();
    const LimitToolConfig& tool = *cfg.limit_tool;
    const Ledger& L = fig.ledger();
    const CustomerTable& C = L.customers();
    const int minor = fig.base().minor_units();
    // round_to in minor units of the base currency (a whole number of them).
    const Int256 step_scaled = Int256(tool.round_to.significand()) * Int256(pow10_i64(minor));
    const Int256 step_div = Int256(pow10_128(tool.round_to.scale()));
    if (step_scaled % step_div != 0)
        throw Error(Errc::data, "risk.json: limit_tool.round_to " + tool.round_to.to_string() + " is finer than the " +
                                    std::string(fig.base().code()) + " minor unit");
    const Int256 step = step_scaled / step_div;

    std::vector<LimitProposal> out(C.size());
    for (std::uint32_t c = 0; c < C.size(); ++c) {
        LimitProposal& p = out[c];
        const RiskFigures& r = fig.risk()[c];
        p.grade = notation[c].grade;
        p.sales = window_sales[c];
        p.months = tool.sales_window_months;
        p.terms = C.payment_terms_days[c];
        p.payer = fig.payer()[c];
        p.late_known = p.payer.defined();
        if (r.has_insured) p.insured = r.insured;
        if (r.has_limit) p.current_limit = r.credit_limit;
        if (!p.grade) continue;
        p.factor = tool.factor_of(p.grade->grade);
        if (!p.factor) throw Error(Errc::data, "risk.json: limit_tool.factor has no factor for grade '" + p.grade->grade + "'");
        // Exact: sales/months × (terms + max(0, WL/W)) / 30 × f
        //      = sales × (terms·W + max(0, WL)) × f.sig / (months × W × 30 × 10^f.scale)
        const Int256 W = p.late_known ? Int256(p.payer.settled) : Int256(1);
        const Int256 WL = p.late_known ? Int256(p.payer.weighted_late) : Int256(0);
        const Int256 days = Int256(p.terms) * W + (WL > 0 ? WL : Int256(0));
        const Int256 num = Int256(p.sales) * days * Int256(p.factor->significand());
        const Int256 den = Int256(p.months) * W * 30 * Int256(pow10_128(p.factor->scale()));
        // A limit is never negative: no sales (or more credit notes than sales) gives 0.
        const Int256 k = num > 0 ? round_div(num, den * step, Rounding::half_up) : Int256(0);
        p.uncapped = to_int64(k * step, "proposed limit");
        p.proposed = p.uncapped;
        if (tool.cap_to_insured && p.insured && *p.insured < *p.proposed) p.proposed = std::max<std::int64_t>(0, *p.insured);
    }
    return out;
}

RiskConfig risk_config_for(const ReportContext& ctx) {
    const std::string path = ctx.option("risk", "");
    if (!path.empty()) return RiskConfig::parse(read_file(path), path);
    if (ctx.ledger.directory().empty())
        throw Error(Errc::invalid_argument, "report " + ctx.request.name + " needs risk.json: give --risk FILE");
    return RiskConfig::load(ctx.ledger.directory());
}

Table notation_report(ReportContext& ctx) {
    const RiskConfig cfg = risk_config_for(ctx);
    cfg.require_grid();
    const Grouping g = customer_grouping(ctx);
    const CustomerFigures fig(ctx.ledger, ctx.as_of, ctx.base, &ctx.item_mask);
    Table t = ctx.make_table();
    const auto keys = ctx.add_key_columns(t, g);
    const std::size_t c_score = t.add_column("score", CellType::decimal, 2);
    const std::size_t c_grade = t.add_column("grade", CellType::text);
    std::vector<std::size_t> c_pts;
    for (const auto& cr : cfg.criteria) c_pts.push_back(t.add_column("points_" + cr.field, CellType::decimal, 2));
    const auto rows = customer_of_group(g);
    for (std::size_t grp = 0; grp < g.size(); ++grp) {
        const Notation n = rate_customer(cfg, fig, rows[grp]);
        ctx.push_key(t, keys, g, grp);
        t.push_decimal(c_score, n.score.to_int64_units(2, Rounding::half_even));
        t.push_text(c_grade, n.grade ? std::string_view(n.grade->grade) : std::string_view());
        for (std::size_t k = 0; k < c_pts.size(); ++k) t.push_decimal(c_pts[k], n.points[k].to_int64_units(2, Rounding::half_even));
    }
    return t;
}

Table limit_proposal_report(ReportContext& ctx) {
    const RiskConfig cfg = risk_config_for(ctx);
    cfg.require_limit_tool();
    const Grouping g = customer_grouping(ctx);
    const CustomerFigures fig(ctx.ledger, ctx.as_of, ctx.base, &ctx.item_mask);
    const int months = cfg.limit_tool->sales_window_months;
    const std::vector<std::int64_t> sales =
        customer_sales(ctx.ledger, ctx.base, ctx.as_of.add_months(-months), ctx.as_of, &ctx.item_mask);
    const auto notation = rate_customers(cfg, fig);
    const auto props = propose_limits(cfg, fig, notation, sales);

    int fscale = 1;
    for (const auto& [grade, f] : cfg.limit_tool->factor) fscale = std::max(fscale, f.scale());
    const int scale = ctx.base.minor_units();
    Table t = ctx.make_table();
    const auto keys = ctx.add_key_columns(t, g);
    const std::size_t c_grade = t.add_column("grade", CellType::text);
    const std::size_t c_ms = t.add_column("monthly_sales", CellType::decimal, scale);
    const std::size_t c_terms = t.add_column("terms", CellType::integer);
    const std::size_t c_adl = t.add_column("avg_days_late", CellType::decimal, 1);
    const std::size_t c_f = t.add_column("factor", CellType::decimal, fscale);
    const std::size_t c_unc = t.add_column("uncapped", CellType::decimal, scale);
    const std::size_t c_ins = t.add_column("insured", CellType::decimal, scale);
    const std::size_t c_prop = t.add_column("proposed", CellType::decimal, scale);
    const std::size_t c_cur = t.add_column("current_limit", CellType::decimal, scale);
    auto opt = [&](std::size_t col, const std::optional<std::int64_t>& v) {
        if (v) t.push_decimal(col, *v);
        else t.push_null(col);
    };
    const auto rows = customer_of_group(g);
    for (std::size_t grp = 0; grp < g.size(); ++grp) {
        const LimitProposal& p = props[rows[grp]];
        ctx.push_key(t, keys, g, grp);
        t.push_text(c_grade, p.grade ? std::string_view(p.grade->grade) : std::string_view());
        t.push_decimal(c_ms, ratio_units(Int256(p.sales), Int256(p.months), 0));
        t.push_int(c_terms, p.terms);
        t.push_decimal(c_adl, p.late_known ? p.payer.avg_days_late_units(1, Rounding::half_even) : 0);
        if (p.factor) t.push_decimal(c_f, p.factor->to_int64_units(fscale, Rounding::half_even));
        else t.push_null(c_f);
        opt(c_unc, p.uncapped);
        opt(c_ins, p.insured);
        opt(c_prop, p.proposed);
        opt(c_cur, p.current_limit);
    }
    return t;
}

DSOCORE_END_NAMESPACE
