// The risk commands end to end: report notation / limit_proposal, limit, search,
// assign and undo, role refusals and exit codes.
#include <gtest/gtest.h>

#include "run_cli.hpp"

#include <algorithm>
#include <array>
#include <cstdio>
#include <sys/wait.h>

#include "risk/fixtures.hpp"

using namespace risk_test;

namespace {

using cli_test::Result;
using cli_test::run;

} // namespace

// Same figures as tests/risk/notation_test.cpp (worked there).
TEST(RiskCli, NotationReport) {
    const fs::path d = grid_dir("cli_notation");
    const Result r = run("report notation --data " + d.string() + " --as-of 2026-06-30");
    ASSERT_EQ(r.status, 0) << r.err;
    EXPECT_EQ(r.out,
              "entity,customer_id,score,grade,points_avg_days_late,points_utilisation_pct,points_customer_type\n"
              "MAIN,C1,80.00,A,100.00,60.00,60.00\n"
              "MAIN,C2,79.99,B,100.00,60.00,59.95\n"
              "MAIN,C3,60.00,B,50.00,50.00,100.00\n"
              "MAIN,C4,30.00,D,40.00,0.00,50.00\n");
    // A collector's view: zoe's customers only (C1, C3).
    const Result z = run("report notation --data " + d.string() + " --as-of 2026-06-30 --role collector --user zoe");
    ASSERT_EQ(z.status, 0) << z.err;
    EXPECT_EQ(z.out,
              "entity,customer_id,score,grade,points_avg_days_late,points_utilisation_pct,points_customer_type\n"
              "MAIN,C1,80.00,A,100.00,60.00,60.00\n"
              "MAIN,C3,60.00,B,50.00,50.00,100.00\n");
    fs::remove_all(d);
}

TEST(RiskCli, LimitProposalReport) {
    const fs::path d = limit_dir("cli_proposal");
    const Result r = run("report limit_proposal --data " + d.string() + " --as-of 2026-06-30 --where \"customer_id = 'K4'\"");
    ASSERT_EQ(r.status, 0) << r.err;
    // K4: 36000/12 = 3000 × 30/30 × 1.5 = 4500 → half-up to 1000s → 5000 (insured 10000: no cap).
    EXPECT_EQ(r.out,
              "entity,customer_id,grade,monthly_sales,terms,avg_days_late,factor,uncapped,insured,proposed,current_limit\n"
              "MAIN,K4,A,3000.00,30,-10.0,1.5,5000.00,10000.00,5000.00,\n");
    fs::remove_all(d);
}

TEST(RiskCli, LimitWorkflow) {
    const fs::path d = limit_dir("cli_limit");
    const std::string data = " --data " + d.string();
    Result r = run("limit request" + data + " --customer K1 --amount 80000 --user carol --role credit_manager --comment hello --as-of 2026-07-01");
    ASSERT_EQ(r.status, 0) << r.err;
    EXPECT_NE(r.out.find("request 1 for MAIN:K1: 15000.00 -> 80000.00 EUR, pending (level 1 of 2"), std::string::npos) << r.out;
    // A collector may not approve: exit 1 and a clear message.
    r = run("limit approve" + data + " --customer K1 --user zoe --role collector");
    EXPECT_EQ(r.status, 1);
    EXPECT_NE(r.err.find("collector"), std::string::npos) << r.err;
    r = run("limit approve" + data + " --customer K1 --user dave --role credit_manager");
    ASSERT_EQ(r.status, 0) << r.err;
    r = run("limit approve" + data + " --request 1 --user erin --role admin");
    ASSERT_EQ(r.status, 0) << r.err;
    EXPECT_NE(r.out.find("approved, credit_limit updated"), std::string::npos) << r.out;
    EXPECT_NE(slurp(d / "customers.csv").find("K1,key_account,45,80000.00,20000.00,zoe\n"), std::string::npos);
    r = run("limit history" + data + " --customer K1");
    ASSERT_EQ(r.status, 0) << r.err;
    EXPECT_EQ(std::count(r.out.begin(), r.out.end(), '\n'), 5); // header + request, 2 approvals, applied
    // Missing role: usage error.
    r = run("limit request" + data + " --customer K2 --amount 5");
    EXPECT_EQ(r.status, 2);
    fs::remove_all(d);
}

TEST(RiskCli, SearchAssignUndo) {
    const fs::path d = grid_dir("cli_assign");
    const std::string data = " --data " + d.string() + " --as-of 2026-06-30";
    Result r = run("search" + data + " --where \"utilisation_pct >= 90\"");
    ASSERT_EQ(r.status, 0) << r.err;
    EXPECT_EQ(r.out,
              "entity,customer_id,name,customer_type,country,group_code,collector,scenario,rating,outstanding,overdue\n"
              "MAIN,C1,\"Alpha, SA\",sme,,,zoe,standard,,9000.00,0.00\n"
              "MAIN,C2,Beta,micro,,,yann,standard,,9000.00,0.00\n"
              "MAIN,C4,Delta,other,,,yann,standard,,9001.00,0.00\n");
    r = run("assign" + data + " --where \"utilisation_pct >= 90\" --set collector=zoe --dry-run");
    ASSERT_EQ(r.status, 0) << r.err;
    EXPECT_NE(r.out.find("matched 3 customers, would change 2"), std::string::npos) << r.out;
    EXPECT_EQ(slurp(d / "customers.csv"), kGridCustomers);
    r = run("assign" + data + " --where \"utilisation_pct >= 90\" --set collector=zoe");
    ASSERT_EQ(r.status, 0) << r.err;
    EXPECT_NE(r.out.find("matched 3 customers, changed 2"), std::string::npos) << r.out;
    EXPECT_NE(slurp(d / "customers.csv"), kGridCustomers);
    // A collector's assignment of a scenario is refused.
    r = run("assign" + data + " --where \"customer_id = 'C1'\" --set scenario=standard --role collector --user zoe");
    EXPECT_EQ(r.status, 1);
    EXPECT_NE(r.err.find("may not change the scenario"), std::string::npos) << r.err;
    r = run("assign undo --data " + d.string());
    ASSERT_EQ(r.status, 0) << r.err;
    EXPECT_EQ(slurp(d / "customers.csv"), kGridCustomers);
    fs::remove_all(d);
}
