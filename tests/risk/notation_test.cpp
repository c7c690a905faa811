// Credit notation and the credit-limit tool, worked by hand (see fixtures.hpp).
#include <gtest/gtest.h>

#include "dsocore/core/error.hpp"
#include "dsocore/reports/report.hpp"
#include "dsocore/risk/config.hpp"
#include "dsocore/risk/notation.hpp"
#include "risk/fixtures.hpp"

using namespace dsocore;
using namespace risk_test;

namespace {
Table run(const fs::path& dir, const std::string& report, const std::string& where = "") {
    const Ledger L = Ledger::load(dir);
    ReportRequest req;
    req.name = report;
    req.as_of = Date::from_ymd(2026, 6, 30);
    req.where = where;
    return run_report(L, req);
}
} // namespace

// Grid: avg_days_late ×0.5 (≤0:100, ≤15:70, ≤45:40, else 0), utilisation_pct ×0.3
// (≤50:100, ≤90:60, else 0), customer_type ×0.2 (public 100, sme 60, micro 59.95,
// default 50), missing 50. Scale A ≥ 80, B ≥ 60, C ≥ 40, D ≥ 0.
//  C1: adl 0 → 100; utilisation 9000/10000 = 90 % exactly → band ≤ 90 → 60; sme 60.
//      score = 50 + 18 + 12 = 80.00 = min_score of A → A.
//  C2: the same but micro 59.95: 50 + 18 + 11.99 = 79.99, just below → B.
//  C3: no payment (adl unknown) → 50; no limit (utilisation undefined) → 50; public
//      100: 25 + 15 + 20 = 60.00 = min_score of B → B.
//  C4: adl (1000×15 + 1000×16) / 2000 = 15.5 → ≤ 45 → 40; utilisation 9001/10000 =
//      90.01 % → 0; `other` → default 50: 20 + 0 + 10 = 30.00 → D.
TEST(Notation, GradeBoundaryExactly) {
    const fs::path d = grid_dir("notation");
    const Table t = run(d, "notation");
    EXPECT_EQ(to_csv(t),
              "entity,customer_id,score,grade,points_avg_days_late,points_utilisation_pct,points_customer_type\n"
              "MAIN,C1,80.00,A,100.00,60.00,60.00\n"
              "MAIN,C2,79.99,B,100.00,60.00,59.95\n"
              "MAIN,C3,60.00,B,50.00,50.00,100.00\n"
              "MAIN,C4,30.00,D,40.00,0.00,50.00\n");
    fs::remove_all(d);
}

TEST(Notation, ExactScoreAndExplanation) {
    const fs::path d = grid_dir("notation_api");
    const Ledger L = Ledger::load(d);
    const RiskConfig cfg = RiskConfig::load(d);
    const CustomerFigures fig(L, Date::from_ymd(2026, 6, 30), Currency::of("EUR"));
    // C2's score is exactly 79.99 (not a rounded 80).
    const Notation n2 = rate_customer(cfg, fig, 1);
    EXPECT_EQ(n2.score, Decimal::parse("79.99"));
    ASSERT_NE(n2.grade, nullptr);
    EXPECT_EQ(n2.grade->grade, "B");
    // C4's avg_days_late is exactly 31/2.
    const ExactFigure adl = fig.figure("avg_days_late", 3);
    ASSERT_TRUE(adl.defined);
    EXPECT_EQ(adl.num * 2, adl.den * 31);
    EXPECT_TRUE(adl.at_most(Decimal::parse("15.5")));
    EXPECT_FALSE(adl.at_most(Decimal::parse("15.49")));
    // seniority_days of C1 = 2026-06-30 − 2026-04-01 = 90.
    const ExactFigure sen = fig.figure("seniority_days", 0);
    EXPECT_EQ(sen.num, 90 * sen.den);
    fs::remove_all(d);
}

TEST(Notation, WhereSelectsCustomers) {
    const fs::path d = grid_dir("notation_where");
    const Table t = run(d, "notation", "customer_type = 'public'");
    EXPECT_EQ(to_csv(t),
              "entity,customer_id,score,grade,points_avg_days_late,points_utilisation_pct,points_customer_type\n"
              "MAIN,C3,60.00,B,50.00,50.00,100.00\n");
    fs::remove_all(d);
}

// Limit tool (fixtures.hpp, limit_dir): sales window 12m = (2025-06-30, 2026-06-30],
// payment window 6m = (2025-12-31, 2026-06-30].
//  K1: S = 40000 + 25000 + 25000 − 1000 + 9000 = 98000 (INV0 issued on 2025-06-30 is
//      outside) → monthly 98000/12 = 8166.666… (printed 8166.67); avg_days_late =
//      (25000×10 + 25000×20) / 50000 = 15; terms 45; grade A, factor 1.5:
//      98000/12 × (45 + 15)/30 × 1.5 = 24500 exactly → half-up to a multiple of 1000
//      → 25000 (half-even would give 24000); capped at insured 20000 → 20000.00.
//  K2: S = 12000 → 1000.00; no payments → avg_days_late 0; 1000 × 30/30 × 1.5 = 1500
//      → 2000; no insurance → no cap; no limit → current_limit empty.
//  K3: grade D (type small → 0 points < 50), factor 0 → 0.00; monthly 5000/12 = 416.67.
//  K4: S = 36000 → 3000.00; avg_days_late −10 (paid early) → max(0, −10) = 0;
//      3000 × 30/30 × 1.5 = 4500 → half-up 5000 (a tie); insured 10000 → no cap.
TEST(LimitProposal, WorkedByHand) {
    const fs::path d = limit_dir("proposal");
    const Table t = run(d, "limit_proposal");
    EXPECT_EQ(to_csv(t),
              "entity,customer_id,grade,monthly_sales,terms,avg_days_late,factor,uncapped,insured,proposed,current_limit\n"
              "MAIN,K1,A,8166.67,45,15.0,1.5,25000.00,20000.00,20000.00,15000.00\n"
              "MAIN,K2,A,1000.00,30,0.0,1.5,2000.00,,2000.00,\n"
              "MAIN,K3,D,416.67,30,0.0,0.0,0.00,,0.00,\n"
              "MAIN,K4,A,3000.00,30,-10.0,1.5,5000.00,10000.00,5000.00,\n");
    fs::remove_all(d);
}

// Without cap_to_insured, K1 keeps its uncapped 25000.
TEST(LimitProposal, NoCapWhenNotRequired) {
    std::string risk = kLimitRisk;
    risk.replace(risk.find("\"cap_to_insured\": true"), 22, "\"cap_to_insured\": false");
    const fs::path d = make_dir("proposal_nocap", {{"customers.csv", kLimitCustomers},
                                                   {"items.csv", kLimitItems},
                                                   {"allocations.csv", kLimitAllocations},
                                                   {"risk.json", risk}});
    const Table t = run(d, "limit_proposal", "customer_id = 'K1'");
    EXPECT_EQ(to_csv(t),
              "entity,customer_id,grade,monthly_sales,terms,avg_days_late,factor,uncapped,insured,proposed,current_limit\n"
              "MAIN,K1,A,8166.67,45,15.0,1.5,25000.00,20000.00,25000.00,15000.00\n");
    fs::remove_all(d);
}

TEST(RiskJson, ErrorsNameTheKey) {
    auto message = [](const std::string& json) {
        try {
            RiskConfig::parse(json);
        } catch (const Error& e) {
            return std::string(e.what());
        }
        return std::string("no error");
    };
    // A JSON float is binary: decimals are strings.
    EXPECT_NE(message(R"({"scale": [{"grade": "A", "min_score": 80.5}]})").find("scale[0].min_score"), std::string::npos);
    // Unknown field.
    EXPECT_NE(message(R"({"criteria": [{"field": "dsoo", "weight": "1", "bands": [{"points": "1"}]}]})")
                  .find("criteria[0].field"),
              std::string::npos);
    // Unknown key (a typo must not be ignored).
    EXPECT_NE(message(R"({"missing_point": "50"})").find("missing_point"), std::string::npos);
    // A number too large for a double is bad JSON for nlohmann (out_of_range.406): a data
    // error, not an escaping library exception (found by fuzzing the import profiles).
    EXPECT_NE(message(R"({"missing_points": 1e99999})").find("invalid JSON"), std::string::npos);
    // A band after a catch-all band can never match.
    EXPECT_NE(message(R"({"criteria": [{"field": "dso", "weight": "1", "bands": [{"points": "1"}, {"max": "3", "points": "2"}]}]})")
                  .find("criteria[0].bands[1]"),
              std::string::npos);
    // A level role that cannot approve.
    EXPECT_NE(message(R"({"approval_levels": [{"up_to": null, "role": "sales"}]})").find("approval_levels[0].role"),
              std::string::npos);
    // Every grade needs a factor.
    EXPECT_NE(message(R"({"scale": [{"grade": "A", "min_score": "0"}], "limit_tool": {"factor": {}}})").find("grade 'A'"),
              std::string::npos);
}

// Levels: every level whose threshold is below the new limit, plus the first whose
// up_to ≥ it. With [50000 credit_manager, null admin]: 30000 → [1]; 50000 (not below
// 50000) → [1]; 50000.01 → [1, 2].
TEST(RiskJson, ApprovalLevelsForAmount) {
    const RiskConfig cfg = RiskConfig::parse(kGridRisk);
    EXPECT_EQ(cfg.levels_for(Decimal::parse("30000")), (std::vector<std::size_t>{0}));
    EXPECT_EQ(cfg.levels_for(Decimal::parse("50000")), (std::vector<std::size_t>{0}));
    EXPECT_EQ(cfg.levels_for(Decimal::parse("50000.01")), (std::vector<std::size_t>{0, 1}));
}

// Other criterion kinds on the grid data (fixtures.hpp), C4's custom_1 set to "7.5":
//   seniority_days = A − first issue: C1 2026-04-01 → 90, C2 90, C3 2026-06-01 → 29, C4 90
//     bands ≤ 30 → 10, else 20.
//   dso (countback): each customer's AR equals its June sales (C1 9000 = I1, C3 500 =
//     I5, C4 9001 = I6), so DSO = the 30 days of June exactly → band ≤ 30 → 5.
//   overdue_pct: nothing is overdue at A (I5 is due 2026-07-01) → 0 → band ≤ 0 → 3.
//   custom_1 read as a number: "" and "x" are not numbers → missing_points 7; "7.5"
//     → band ≤ 5 misses → catch-all 2.
//   C1 = 20 + 5 + 3 + 7 = 35, C2 = 35, C3 = 10 + 5 + 3 + 7 = 25, C4 = 20 + 5 + 3 + 2 = 30.
TEST(Notation, FigureAndExternalScoreCriteria) {
    std::string customers = kGridCustomers;
    customers.replace(customers.find("yann,standard,\n"), 15, "yann,standard,7.5\n");
    const char* risk = R"({
      "scale": [{"grade": "X", "min_score": "0"}],
      "criteria": [
        {"field": "seniority_days", "weight": "1", "bands": [{"max": "30", "points": "10"}, {"points": "20"}]},
        {"field": "dso", "weight": "1", "bands": [{"max": "30", "points": "5"}, {"points": "0"}]},
        {"field": "overdue_pct", "weight": "1", "bands": [{"max": "0", "points": "3"}, {"points": "0"}]},
        {"field": "custom_1", "weight": "1", "bands": [{"max": "5", "points": "1"}, {"points": "2"}]}
      ],
      "missing_points": "7"
    })";
    const fs::path d = make_dir("notation_kinds", {{"customers.csv", customers},
                                                   {"items.csv", kGridItems},
                                                   {"allocations.csv", kGridAllocations},
                                                   {"risk.json", risk}});
    const Table t = run(d, "notation");
    EXPECT_EQ(to_csv(t),
              "entity,customer_id,score,grade,points_seniority_days,points_dso,points_overdue_pct,points_custom_1\n"
              "MAIN,C1,35.00,X,20.00,5.00,3.00,7.00\n"
              "MAIN,C2,35.00,X,20.00,5.00,3.00,7.00\n"
              "MAIN,C3,25.00,X,10.00,5.00,3.00,7.00\n"
              "MAIN,C4,30.00,X,20.00,5.00,3.00,2.00\n");
    fs::remove_all(d);
}
