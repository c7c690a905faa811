// disputes on a hand-worked dataset (reports.md "disputes").
#include <gtest/gtest.h>

#include "dsocore/reports/disputes.hpp"
#include "reports/report_test_util.hpp"

using namespace dsocore;
using dsocore::test::header_text;
using dsocore::test::row_text;
using dsocore::test::run;

namespace {

// Base EUR, USD = 0.8. A = 2026-06-30, window 12m = (2025-06-30, 2026-06-30].
DataSources dataset() {
    return {
        {"customers.csv", "entity,customer_id,currency,country\nFR01,K1,EUR,FR\nDE01,K2,USD,DE\n"},
        {"items.csv",
         "entity,item_id,customer_id,issue_date,due_date,currency,amount,open_amount\n"
         "FR01,X1,K1,2026-05-01,2026-05-31,EUR,1000.00,1000.00\n"
         "DE01,X2,K2,2026-05-01,2026-05-31,USD,500.00,500.00\n"
         "FR01,X3,K1,2026-03-01,2026-03-31,EUR,2000.00,600.00\n"
         "FR01,X4,K1,2026-05-01,2026-05-31,EUR,300.00,300.00\n"},
        {"allocations.csv", "entity,item_id,date,amount\nFR01,X3,2026-04-01,1400.00\n"},
        {"disputes.csv",
         "entity,dispute_id,customer_id,type,opened_date,closed_date,item_ids\n"
         "FR01,P1,K1,price,2026-06-01,,X1\n"
         "DE01,P1b,K2,price,2026-06-01,,X2\n"
         "FR01,P2,K1,price,2026-05-01,2026-05-21,\n"
         "FR01,P3,K1,price,2025-01-01,2025-06-30,\n"
         "FR01,Q1,K1,quality,2026-04-30,,X3\n"
         "FR01,Q2,K1,quality,2026-06-10,2026-07-10,X4\n"
         "FR01,Q3,K1,quality,2026-07-01,,X4\n"
         "FR01,D1,K1,delivery,2026-01-01,2026-03-01,\n"
         // X1 again in a second open price dispute: counted once in price.
         "FR01,P4,K1,price,2026-06-20,,X1\n"},
        {"fx.csv", "date,currency,rate\n2026-01-01,USD,0.8\n"},
    };
}

} // namespace

TEST(Disputes, HandWorked) {
    const Ledger L = Ledger::load_sources(dataset());
    const Table t = run(L, "disputes", "2026-06-30");
    EXPECT_EQ(header_text(t), "type|open_count|open_amount|avg_open_age_days|closed_count|avg_resolution_days");
    ASSERT_EQ(t.rows(), 3u);
    // delivery: D1 closed 03-01 after 59 days (31 + 28); nothing open → the average age
    // is undefined (empty).
    EXPECT_EQ(row_text(t, 0), "delivery|0|0.00||1|59.0");
    // price: P1 (FR01, X1 1000.00) and P1b (DE01, X2 500 USD × 0.8 = 400.00) open since
    // 06-01 (29 days); P4 (X1 again, counted once) open 10 days; P2 closed in 20 days;
    // P3 closed on the window start (excluded). Ages (29 + 29 + 10)/3 = 22.67 → 22.7.
    EXPECT_EQ(row_text(t, 1), "price|3|1400.00|22.7|1|20.0");
    // quality: Q1 open 61 days (X3: 2000 − 1400 paid = 600.00), Q2 closes after A so it
    // is open at A (20 days, X4 300.00); Q3 opened after A does not exist.
    // Ages (61 + 20)/2 = 40.5; no closed quality dispute → empty average.
    EXPECT_EQ(row_text(t, 2), "quality|2|900.00|40.5|0|");
}

TEST(Disputes, PastAsOfDate) {
    const Ledger L = Ledger::load_sources(dataset());
    // A = 2026-05-15, window (2025-05-15, 2026-05-15]: P1/P1b not opened yet; P2 open
    // (closes 05-21) for 14 days without items; P3 closed 2025-06-30 after 180 days;
    // Q1 open 15 days, X3 = 600.00 (the 04-01 payment is applied); D1 closed, 59 days.
    const Table t = run(L, "disputes", "2026-05-15");
    ASSERT_EQ(t.rows(), 3u);
    EXPECT_EQ(row_text(t, 0), "delivery|0|0.00||1|59.0");
    EXPECT_EQ(row_text(t, 1), "price|1|0.00|14.0|1|180.0");
    EXPECT_EQ(row_text(t, 2), "quality|1|600.00|15.0|0|");
}

TEST(Disputes, WindowFilterAndEmptyResult) {
    const Ledger L = Ledger::load_sources(dataset());
    // Window 60d = (2026-05-01, 2026-06-30]: D1 (closed 03-01) drops out; P2 stays.
    Table t = run(L, "disputes", "2026-06-30", "", {{"window", "60d"}});
    ASSERT_EQ(t.rows(), 2u);
    EXPECT_EQ(row_text(t, 0), "price|3|1400.00|22.7|1|20.0");
    // Customer filter: only DE01's dispute.
    t = run(L, "disputes", "2026-06-30", "", {}, "country = 'DE'");
    ASSERT_EQ(t.rows(), 1u);
    EXPECT_EQ(row_text(t, 0), "price|1|400.00|29.0|0|");
    // Before any dispute: no rows.
    EXPECT_EQ(run(L, "disputes", "2024-01-01").rows(), 0u);
}
