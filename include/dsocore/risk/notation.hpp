// dsocore — the credit notation (scoring grid) and the credit-limit tool (risk.md).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "dsocore/reports/report.hpp"
#include "dsocore/risk/config.hpp"
#include "dsocore/risk/figures.hpp"

DSOCORE_BEGIN_NAMESPACE

/// The notation of one customer: exact score, grade, and the points of each criterion
/// (in the order of the grid). `grade` is nullptr when the score is below every entry.
struct Notation {
    Decimal score;
    const GradeRule* grade = nullptr;
    std::vector<Decimal> points;
};

/// Points of one criterion for one customer: the first band with value ≤ max (a band
/// without max catches the rest), the values map then `default` for text; a figure
/// that cannot be computed (or a text field read as a number that is not one) gets
/// missing_points; a value no band or map entry covers (and no default) gets 0.
Decimal criterion_points(const RiskConfig& cfg, const Criterion& c, const CustomerFigures& fig, std::uint32_t customer);

/// score = Σ weight × points (exact), grade = cfg.grade_of(score).
Notation rate_customer(const RiskConfig& cfg, const CustomerFigures& fig, std::uint32_t customer);
/// Every customer row.
std::vector<Notation> rate_customers(const RiskConfig& cfg, const CustomerFigures& fig);

/// The inputs and result of the limit formula for one customer, exact where it matters:
///   proposed = monthly_sales × (terms + max(0, avg_days_late)) / 30 × factor(grade),
/// rounded half-up to a multiple of round_to, then capped at insured when the tool says
/// cap_to_insured and the customer has insurance. Amounts in minor units of the base.
struct LimitProposal {
    const GradeRule* grade = nullptr;
    std::int64_t sales = 0;         ///< S(A − window, A]
    int months = 12;                ///< monthly_sales = sales / months (exact)
    int terms = 30;
    bool late_known = false;        ///< avg_days_late from payments in the 6m window
    PayerFigures payer;             ///< its exact sums (avg = weighted_late / settled)
    std::optional<Decimal> factor;  ///< none when the customer has no grade
    std::optional<std::int64_t> uncapped; ///< rounded to round_to, ≥ 0 (none without grade)
    std::optional<std::int64_t> insured;  ///< none without insurance
    std::optional<std::int64_t> proposed;
    std::optional<std::int64_t> current_limit; ///< conv(credit_limit, A)
};

/// The proposals of every customer row (the grid and the limit tool must be configured).
std::vector<LimitProposal> propose_limits(const RiskConfig& cfg, const CustomerFigures& fig,
                                          const std::vector<Notation>& notation,
                                          const std::vector<std::int64_t>& window_sales);

/// `dsocore report notation`: entity, customer_id, score, grade, points_<field>…
/// (score and points with 2 decimals, half-even). Option --risk FILE (default
/// <data>/risk.json).
Table notation_report(ReportContext& ctx);
/// `dsocore report limit_proposal`: entity, customer_id, grade, monthly_sales, terms,
/// avg_days_late, factor, uncapped, insured, proposed, current_limit.
Table limit_proposal_report(ReportContext& ctx);

/// risk.json for a report: option --risk FILE, else <ledger directory>/risk.json.
RiskConfig risk_config_for(const ReportContext& ctx);

DSOCORE_END_NAMESPACE
