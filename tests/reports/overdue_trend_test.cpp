// overdue_trend: hand-worked figures (reports.md, "overdue_trend").
#include <algorithm>

#include <gtest/gtest.h>

#include "dsocore/core/error.hpp"
#include "dsocore/reports/overdue_trend.hpp"
#include "reports/report_fixture.hpp"

using namespace dsocore;
using dsocore::test::run_csv;

namespace {
// Base EUR; USD = 0.9 EUR from 2026-01-01, 0.8 EUR from 2026-06-15.
//   T1 invoice 2026-04-01 due 05-01 1000.00 EUR; allocations 05-15 300, 07-10 700 (after A)
//   T2 invoice 2026-05-10 due 05-31 100.00 USD, open
//   T3 credit note 2026-04-20 due 04-20 -50.00 EUR, open
//   T4 invoice 2026-06-20 due 07-20 200.00 EUR, open
//   T5 invoice 2026-07-01 (after A) 999.00
DataSources data() {
    return {
        {"customers.csv", "customer_id,name\nC1,One\nC2,Two\n"},
        {"items.csv",
         "item_id,customer_id,type,issue_date,due_date,currency,amount,open_amount\n"
         "T1,C1,invoice,2026-04-01,2026-05-01,EUR,1000.00,0\n"
         "T2,C1,invoice,2026-05-10,2026-05-31,USD,100.00,100.00\n"
         "T3,C2,credit_note,2026-04-20,2026-04-20,EUR,-50.00,-50.00\n"
         "T4,C2,invoice,2026-06-20,2026-07-20,EUR,200.00,200.00\n"
         "T5,C1,invoice,2026-07-01,2026-07-31,EUR,999.00,999.00\n"},
        {"allocations.csv", "item_id,date,amount\nT1,2026-05-15,300.00\nT1,2026-07-10,700.00\n"},
        {"fx.csv", "date,currency,rate\n2026-01-01,USD,0.9\n2026-06-15,USD,0.8\n"},
    };
}
} // namespace

TEST(OverdueTrend, Points) {
    // 12 points at A = 2026-06-30: 2025-07-31 … 2026-05-31, then A.
    const auto p = overdue_trend_points(Date::parse_or_throw("2026-06-30"), 12);
    ASSERT_EQ(p.size(), 12u);
    EXPECT_EQ(p.front().to_string(), "2025-07-31");
    EXPECT_EQ(p[10].to_string(), "2026-05-31");
    EXPECT_EQ(p[11].to_string(), "2026-06-30");
    // Mid-month A: the previous month end then A; February's end in a leap year.
    const auto q = overdue_trend_points(Date::parse_or_throw("2024-03-15"), 3);
    EXPECT_EQ(q[0].to_string(), "2024-01-31");
    EXPECT_EQ(q[1].to_string(), "2024-02-29");
    EXPECT_EQ(q[2].to_string(), "2024-03-15");
}

TEST(OverdueTrend, ThreePoints) {
    const Ledger L = Ledger::load_sources(data());
    // 2026-04-30: T1 1000 (due 05-01, not < D) + T3 -50 (due 04-20 < D, overdue); T2/T4 not issued.
    //   outstanding 950.00, overdue -50.00, pct -50/950 = -5.26… → -5.3
    // 2026-05-31: T1 700 (05-15 applied, overdue) + T2 100 USD × 0.9 = 90 (due 05-31, not < D)
    //   + T3 -50 (overdue): outstanding 740.00, overdue 650.00, pct 87.83… → 87.8
    // 2026-06-30: T1 700 (07-10 allocation later) + T2 100 × 0.8 = 80 + T3 -50 (all overdue)
    //   + T4 200 (not due): outstanding 930.00, overdue 730.00, pct 78.49… → 78.5
    EXPECT_EQ(run_csv(L, "overdue_trend", "2026-06-30", {{"points", "3"}}),
              "date,outstanding,overdue,overdue_pct\n"
              "2026-04-30,950.00,-50.00,-5.3\n"
              "2026-05-31,740.00,650.00,87.8\n"
              "2026-06-30,930.00,730.00,78.5\n");
}

TEST(OverdueTrend, DefaultTwelvePointsAndEmptyMonths) {
    const Ledger L = Ledger::load_sources(data());
    const std::string csv = run_csv(L, "overdue_trend", "2026-06-30");
    // 12 rows + header; the months before 2026-04 have nothing: 0.00, 0.00, empty pct.
    EXPECT_EQ(std::count(csv.begin(), csv.end(), '\n'), 13);
    EXPECT_EQ(csv.substr(0, csv.find('\n', csv.find('\n') + 1) + 1),
              "date,outstanding,overdue,overdue_pct\n2025-07-31,0.00,0.00,\n");
    EXPECT_NE(csv.find("2026-05-31,740.00,650.00,87.8\n2026-06-30,930.00,730.00,78.5\n"), std::string::npos);
}

TEST(OverdueTrend, PastAsOfMidMonth) {
    const Ledger L = Ledger::load_sources(data());
    // A = 2026-05-20, 2 points: 2026-04-30 (as above) and A.
    // 2026-05-20: T1 700 (05-15 applied, due 05-01 < D) + T2 100 USD × 0.9 = 90 (due 05-31)
    //   + T3 -50: outstanding 740.00, overdue 650.00, pct 87.8
    EXPECT_EQ(run_csv(L, "overdue_trend", "2026-05-20", {{"points", "2"}}),
              "date,outstanding,overdue,overdue_pct\n"
              "2026-04-30,950.00,-50.00,-5.3\n"
              "2026-05-20,740.00,650.00,87.8\n");
}

TEST(OverdueTrend, EmptyAndNegativeOutstanding) {
    const Ledger L = Ledger::load_sources(data());
    // Before any item: zeros, pct empty.
    EXPECT_EQ(run_csv(L, "overdue_trend", "2026-03-31", {{"points", "1"}}),
              "date,outstanding,overdue,overdue_pct\n2026-03-31,0.00,0.00,\n");
    // C2 alone at 2026-04-30 (filter by a one-customer dataset): only T3 -50 → outstanding ≤ 0 → empty pct.
    DataSources d = data();
    d["customers.csv"] = "customer_id\nC2\n";
    d["items.csv"] = "item_id,customer_id,type,issue_date,due_date,amount\n"
                     "T3,C2,credit_note,2026-04-20,2026-04-20,-50.00\n";
    d.erase("allocations.csv");
    const Ledger L2 = Ledger::load_sources(d);
    EXPECT_EQ(run_csv(L2, "overdue_trend", "2026-04-30", {{"points", "1"}}),
              "date,outstanding,overdue,overdue_pct\n2026-04-30,-50.00,-50.00,\n");
}

TEST(OverdueTrend, RejectsBy) {
    const Ledger L = Ledger::load_sources(data());
    EXPECT_THROW(run_csv(L, "overdue_trend", "2026-06-30", {}, "customer"), Error);
    EXPECT_THROW(run_csv(L, "overdue_trend", "2026-06-30", {{"points", "0"}}), Error);
}
