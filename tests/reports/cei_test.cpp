// cei: hand-worked figures (reports.md, "cei").
#include <gtest/gtest.h>

#include "dsocore/core/error.hpp"
#include "dsocore/reports/cei.hpp"
#include "reports/report_fixture.hpp"

using namespace dsocore;
using dsocore::test::run_csv;

namespace {
// Base EUR. USD = 0.9 EUR from 2026-01-01, 0.8 EUR from 2026-06-15.
// C1:
//   I1 invoice 2026-03-01, due 03-31, 1000.00 EUR; allocation 04-15 400 → open 600
//   I2 invoice 2026-05-10, due 07-10,  500.00 EUR; allocation 07-02 500 (after A) → open 0
//   I3 invoice 2026-05-20, due 06-19,  200.00 USD; allocation 06-25 50 (partial) → open 150
//   C4 credit note 2026-06-01, due 06-01, -100.00 EUR, open
//   I5 invoice 2026-07-05 (after A, does not exist at A)
// C2: J1 invoice 2026-01-10, due 02-09, 300.00; allocation 05-05 300 → open 0
// C3: no items at all.
DataSources data() {
    return {
        {"customers.csv", "customer_id,name\nC1,One\nC2,Two\nC3,Three\n"},
        {"items.csv",
         "item_id,customer_id,type,issue_date,due_date,currency,amount,open_amount\n"
         "I1,C1,invoice,2026-03-01,2026-03-31,EUR,1000.00,600.00\n"
         "I2,C1,invoice,2026-05-10,2026-07-10,EUR,500.00,0\n"
         "I3,C1,invoice,2026-05-20,2026-06-19,USD,200.00,150.00\n"
         "C4,C1,credit_note,2026-06-01,2026-06-01,EUR,-100.00,-100.00\n"
         "I5,C1,invoice,2026-07-05,2026-08-04,EUR,1000.00,1000.00\n"
         "J1,C2,invoice,2026-01-10,2026-02-09,EUR,300.00,0\n"},
        {"allocations.csv",
         "item_id,date,amount\nI1,2026-04-15,400.00\nI2,2026-07-02,500.00\nI3,2026-06-25,50.00\n"
         "J1,2026-05-05,300.00\n"},
        {"fx.csv", "date,currency,rate\n2026-01-01,USD,0.9\n2026-06-15,USD,0.8\n"},
    };
}
} // namespace

TEST(Cei, MonthsInPeriod) {
    // 90 × 4800 / 146097 = 2.957 → 3; 30 → 0.986 → 1; 365 → 11.99 → 12; 10 → 0.33 → at least 1.
    EXPECT_EQ(cei_months(90), 3);
    EXPECT_EQ(cei_months(30), 1);
    EXPECT_EQ(cei_months(365), 12);
    EXPECT_EQ(cei_months(180), 6);
    EXPECT_EQ(cei_months(10), 1);
}

TEST(Cei, TotalSalesConvention) {
    const Ledger L = Ledger::load_sources(data());
    // A = 2026-06-30, P = 90, D0 = 2026-04-01.
    // C1: AR_D0 = I1 1000.00 (its 04-15 allocation is after D0).
    //     S' = I2 500 + I3 200 USD × 0.9 (issue date) = 180 + C4 -100 = 580.00.
    //     AR_A = I1 600 + I2 500 (07-02 allocation later) + I3 150 USD × 0.8 = 120 + C4 -100 = 1120.00.
    //     current_A (due ≥ A) = I2 500.00.
    //     CEI = (1000 + 580 - 1120) / (1000 + 580 - 500) × 100 = 460 / 1080 × 100 = 42.59… → 42.6
    // C2: AR_D0 300, S' 0, AR_A 0, current 0 → 300 / 300 × 100 = 100.0
    // C3: no items → denominator 0 → empty.
    EXPECT_EQ(run_csv(L, "cei", "2026-06-30"),
              "entity,customer_id,cei\n"
              "MAIN,C1,42.6\n"
              "MAIN,C2,100.0\n"
              "MAIN,C3,\n");
    EXPECT_EQ(run_csv(L, "cei", "2026-06-30", {{"cei-sales", "total"}, {"period", "90"}}),
              run_csv(L, "cei", "2026-06-30"));
}

TEST(Cei, MonthlySalesConvention) {
    const Ledger L = Ledger::load_sources(data());
    // n = 3 months in 90 days, S' = 580 / 3.
    // C1: (1000 + 580/3 - 1120) / (1000 + 580/3 - 500) = (3000 + 580 - 3360) / (3000 + 580 - 1500)
    //     = 220 / 2080 × 100 = 10.576… → 10.6
    // C2: (300 + 0 - 0) / (300 + 0 - 0) → 100.0
    EXPECT_EQ(run_csv(L, "cei", "2026-06-30", {{"cei-sales", "monthly"}}),
              "entity,customer_id,cei\n"
              "MAIN,C1,10.6\n"
              "MAIN,C2,100.0\n"
              "MAIN,C3,\n");
}

TEST(Cei, ByTotal) {
    const Ledger L = Ledger::load_sources(data());
    // AR_D0 1000 + 300 = 1300, S' 580, AR_A 1120, current 500:
    // (1300 + 580 - 1120) / (1300 + 580 - 500) = 760 / 1380 × 100 = 55.07… → 55.1
    EXPECT_EQ(run_csv(L, "cei", "2026-06-30", {}, "total"), "key,cei\nTOTAL,55.1\n");
}

TEST(Cei, PastAsOf) {
    const Ledger L = Ledger::load_sources(data());
    // A = 2026-05-31, D0 = 2026-03-02. C4 (06-01) and I5 do not exist yet.
    // C1: AR_D0 = I1 1000 (issued 03-01). S' = I2 500 + I3 180 = 680.
    //     AR_A = I1 600 (04-15 applied) + I2 500 + I3 200 USD × 0.9 (06-25 allocation later) = 180 → 1280.
    //     current (due ≥ 05-31) = I2 500 + I3 180 = 680.
    //     CEI = (1000 + 680 - 1280) / (1000 + 680 - 680) = 400 / 1000 → 40.0
    // C2: AR_D0 300 (05-05 allocation after D0), AR_A 0 → 300 / 300 → 100.0
    EXPECT_EQ(run_csv(L, "cei", "2026-05-31"),
              "entity,customer_id,cei\n"
              "MAIN,C1,40.0\n"
              "MAIN,C2,100.0\n"
              "MAIN,C3,\n");
}

TEST(Cei, ShortPeriodNegativeAndUndefined) {
    const Ledger L = Ledger::load_sources(data());
    // A = 2026-06-30, P = 20, D0 = 2026-06-10.
    // C1: AR_D0 = I1 600 + I2 500 + I3 200 USD × 0.9 = 180 + C4 -100 → 1180 (rate of 06-10: 0.9).
    //     S' = 0 (nothing issued in (06-10, 06-30]). AR_A 1120, current 500.
    //     CEI = (1180 - 1120) / (1180 - 500) = 60 / 680 × 100 = 8.82… → 8.8
    // C2: AR_D0 0, AR_A 0 → denominator 0 → empty.
    EXPECT_EQ(run_csv(L, "cei", "2026-06-30", {{"period", "20"}}),
              "entity,customer_id,cei\n"
              "MAIN,C1,8.8\n"
              "MAIN,C2,\n"
              "MAIN,C3,\n");
}

TEST(Cei, BadOption) {
    const Ledger L = Ledger::load_sources(data());
    EXPECT_THROW(run_csv(L, "cei", "2026-06-30", {{"cei-sales", "weekly"}}), Error);
    EXPECT_THROW(run_csv(L, "cei", "2026-06-30", {{"period", "0"}}), Error);
}

TEST(Cei, GroupsInterleavedInItemOrder) {
    // The figures of TotalSalesConvention with C2's item J1 between C1's items: each
    // group keeps its own four sums (AR_D0, S', AR_A, current_A) whatever the item order.
    // C1: (1000 + 580 - 1120) / (1000 + 580 - 500) × 100 = 42.59… → 42.6; C2: 100.0; C3 empty.
    DataSources s = data();
    s["items.csv"] = "item_id,customer_id,type,issue_date,due_date,currency,amount,open_amount\n"
                     "I3,C1,invoice,2026-05-20,2026-06-19,USD,200.00,150.00\n"
                     "J1,C2,invoice,2026-01-10,2026-02-09,EUR,300.00,0\n"
                     "I1,C1,invoice,2026-03-01,2026-03-31,EUR,1000.00,600.00\n"
                     "C4,C1,credit_note,2026-06-01,2026-06-01,EUR,-100.00,-100.00\n"
                     "I5,C1,invoice,2026-07-05,2026-08-04,EUR,1000.00,1000.00\n"
                     "I2,C1,invoice,2026-05-10,2026-07-10,EUR,500.00,0\n";
    const Ledger L = Ledger::load_sources(s);
    EXPECT_EQ(run_csv(L, "cei", "2026-06-30"), "entity,customer_id,cei\nMAIN,C1,42.6\nMAIN,C2,100.0\nMAIN,C3,\n");
}
