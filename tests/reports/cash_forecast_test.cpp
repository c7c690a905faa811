// cash_forecast on a hand-worked dataset (reports.md "cash_forecast").
#include <gtest/gtest.h>

#include "dsocore/reports/cash_forecast.hpp"
#include "reports/report_test_util.hpp"

using namespace dsocore;
using dsocore::test::cell;
using dsocore::test::header_text;
using dsocore::test::row_text;
using dsocore::test::run;

namespace {

// A = 2026-06-30 (a Tuesday), window 6m = (2025-12-31, 2026-06-30]. Base EUR, USD 0.8.
// Payer delays (payment_profile over the window):
//   K1: H1 paid 10 days late → avg 10.
//   K4: H4a 100 paid 2 days late, H4b 100 paid 3 days late → 2.5 → 3 (half away from
//       zero; half-even would give 2).
//   K5: H5 750 paid 153 days early → −153.
//   K2, K3: no payments → 0.
// Dispute resolution in the window: price D1 30 days, D2 15 days → 22.5 → 23;
// quality only closed 2025-11-01, outside the window → none.
DataSources dataset() {
    return {
        {"customers.csv",
         "entity,customer_id,currency\n"
         "FR01,K1,EUR\nFR01,K2,EUR\nDE01,K3,USD\nFR01,K4,EUR\nFR01,K5,EUR\n"},
        {"items.csv",
         "entity,item_id,customer_id,type,issue_date,due_date,currency,amount,open_amount,status,promise_date\n"
         // history
         "FR01,H1,K1,invoice,2026-03-01,2026-03-31,EUR,100.00,0.00,,\n"
         "FR01,H4a,K4,invoice,2026-03-01,2026-03-31,EUR,100.00,0.00,,\n"
         "FR01,H4b,K4,invoice,2026-03-01,2026-03-31,EUR,100.00,0.00,,\n"
         // open items
         "FR01,O1,K1,invoice,2026-06-05,2026-07-05,EUR,1000.00,1000.00,,\n"
         "FR01,O2,K1,invoice,2026-05-02,2026-06-01,EUR,500.00,500.00,,\n"
         "FR01,O3,K2,invoice,2026-06-20,2026-08-20,EUR,300.00,300.00,promise,2026-07-10\n"
         "FR01,O4,K2,invoice,2026-06-10,2026-09-10,EUR,600.00,600.00,promise,2026-06-15\n"
         "FR01,O5,K4,invoice,2026-06-29,2026-07-29,EUR,200.00,200.00,,\n"
         "FR01,O6,K2,invoice,2026-06-01,2026-07-01,EUR,400.00,400.00,dispute:price,\n"
         "FR01,O7,K2,invoice,2026-06-01,2026-07-01,EUR,700.00,700.00,dispute:quality,\n"
         "FR01,O8,K2,invoice,2026-06-01,2026-07-01,EUR,900.00,900.00,litigation,\n"
         "FR01,O9,K2,invoice,2026-06-01,2026-07-01,EUR,90.00,90.00,ignored:lost,\n"
         "FR01,O10,K2,credit_note,2026-06-01,2026-07-01,EUR,-100.00,-100.00,,\n"
         "DE01,O11,K3,invoice,2026-06-01,2028-01-15,USD,1000.00,1000.00,,\n"
         "FR01,O12,K5,invoice,2026-04-01,2026-10-01,EUR,1000.00,250.00,,\n"
         "FR01,O13,K2,invoice,2026-07-02,2026-07-20,EUR,5000.00,5000.00,,\n"
         "FR01,O14,K2,debit_note,2026-06-20,2026-07-20,EUR,50.00,50.00,,\n"
         "FR01,O15,K2,payment,2026-06-20,2026-06-20,EUR,-80.00,-80.00,,\n"},
        {"allocations.csv",
         "entity,item_id,date,amount\n"
         "FR01,H1,2026-04-10,100.00\n"
         "FR01,H4a,2026-04-02,100.00\n"
         "FR01,H4b,2026-04-03,100.00\n"
         "FR01,O12,2026-05-01,750.00\n"},
        {"disputes.csv",
         "entity,dispute_id,customer_id,type,opened_date,closed_date,item_ids\n"
         "FR01,D1,K2,price,2026-02-01,2026-03-03,\n"
         "FR01,D2,K2,price,2026-03-01,2026-03-16,\n"
         "FR01,D3,K2,quality,2025-10-01,2025-11-01,\n"
         "FR01,D4,K2,price,2026-06-01,,O6\n"},
        {"fx.csv", "date,currency,rate\n2026-01-01,USD,0.8\n"},
    };
}

} // namespace

TEST(CashForecast, MonthlyHandWorked) {
    const Ledger L = Ledger::load_sources(dataset());
    const Table t = run(L, "cash_forecast", "2026-06-30");
    EXPECT_EQ(header_text(t), "period_start|amount|items|promised");
    ASSERT_EQ(t.rows(), 14u); // 12 months + later + unforecast
    // Expected dates (never before A):
    //   O1 07-05 + 10 = 07-15 (July); O2 06-01 + 10 = 06-11 < A → A (June);
    //   O3 promise 07-10 ≥ A (July, promised); O4 promise 06-15 < A → due 09-10 + 0 (Sept);
    //   O5 07-29 + 3 = 08-01 (August); O6 07-01 + 0 + 23 = 07-24 (July);
    //   O7 dispute:quality, no closed quality dispute → unforecast;
    //   O8 litigation, O9 ignored: excluded; O10 credit note, O15 payment: excluded;
    //   O11 2028-01-15 → later, 1000 USD × 0.8 = 800.00; O12 bal 250 (750 paid),
    //   10-01 − 153 = 05-01 < A → A (June); O13 issued after A: does not exist;
    //   O14 debit note 07-20 + 0 (July).
    EXPECT_EQ(row_text(t, 0), "2026-06-01|750.00|2|0.00");     // O2 500 + O12 250
    EXPECT_EQ(row_text(t, 1), "2026-07-01|1750.00|4|300.00");  // O1 1000 + O3 300 + O6 400 + O14 50
    EXPECT_EQ(row_text(t, 2), "2026-08-01|200.00|1|0.00");     // O5
    EXPECT_EQ(row_text(t, 3), "2026-09-01|600.00|1|0.00");     // O4
    EXPECT_EQ(row_text(t, 4), "2026-10-01|0.00|0|0.00");       // listed even when empty
    EXPECT_EQ(row_text(t, 11), "2027-05-01|0.00|0|0.00");
    EXPECT_EQ(row_text(t, 12), "later|800.00|1|0.00");
    EXPECT_EQ(row_text(t, 13), "unforecast|700.00|1|0.00");
}

TEST(CashForecast, WeeklyFromTheMondayOfA) {
    const Ledger L = Ledger::load_sources(dataset());
    const Table t = run(L, "cash_forecast", "2026-06-30", "", {{"interval", "week"}, {"horizon", "4"}});
    ASSERT_EQ(t.rows(), 6u);
    // Weeks start Monday 2026-06-29 (A is a Tuesday): [06-29], [07-06], [07-13], [07-20].
    EXPECT_EQ(row_text(t, 0), "2026-06-29|750.00|2|0.00");    // O2, O12 (at A)
    EXPECT_EQ(row_text(t, 1), "2026-07-06|300.00|1|300.00");  // O3 promised 07-10
    EXPECT_EQ(row_text(t, 2), "2026-07-13|1000.00|1|0.00");   // O1 07-15
    EXPECT_EQ(row_text(t, 3), "2026-07-20|450.00|2|0.00");    // O14 07-20, O6 07-24
    EXPECT_EQ(row_text(t, 4), "later|1600.00|3|0.00");        // O5 08-01, O4 09-10, O11
    EXPECT_EQ(row_text(t, 5), "unforecast|700.00|1|0.00");
}

TEST(CashForecast, PastAsOfDate) {
    const Ledger L = Ledger::load_sources(dataset());
    // A = 2026-04-30: O12's 750 paid on 05-01 is not applied (balance 1000) and K5 has
    // no payment in the window → 0 days: due 10-01 → the October row.
    const Table t = run(L, "cash_forecast", "2026-04-30");
    ASSERT_EQ(t.rows(), 14u);
    EXPECT_EQ(cell(t, 0, "period_start"), "2026-04-01");
    EXPECT_EQ(row_text(t, 6), "2026-10-01|1000.00|1|0.00");
    // Nothing else is open at A (other open items are issued in May or later): total = O12.
    std::int64_t items = 0;
    for (std::size_t r = 0; r < t.rows(); ++r) items += std::stoll(cell(t, r, "items"));
    EXPECT_EQ(items, 1);
}

TEST(CashForecast, FilterOptionsAndEmptyResult) {
    const Ledger L = Ledger::load_sources(dataset());
    // Only the K2 items in dispute: O6 (July) and O7 (unforecast).
    Table t = run(L, "cash_forecast", "2026-06-30", "", {}, "status_category = 'dispute'");
    EXPECT_EQ(row_text(t, 1), "2026-07-01|400.00|1|0.00");
    EXPECT_EQ(row_text(t, 13), "unforecast|700.00|1|0.00");
    // Nothing selected: every period is listed, all zero.
    t = run(L, "cash_forecast", "2026-06-30", "", {{"horizon", "2"}}, "customer_id = 'nobody'");
    ASSERT_EQ(t.rows(), 4u);
    EXPECT_EQ(row_text(t, 0), "2026-06-01|0.00|0|0.00");
    EXPECT_EQ(row_text(t, 3), "unforecast|0.00|0|0.00");
    EXPECT_THROW(run(L, "cash_forecast", "2026-06-30", "", {{"interval", "day"}}), Error);
    EXPECT_THROW(run(L, "cash_forecast", "2026-06-30", "", {{"horizon", "0"}}), Error);
    EXPECT_THROW(run(L, "cash_forecast", "2026-06-30", "customer"), Error); // no --by
}

TEST(CashForecast, DisputeResolutionByType) {
    const Ledger L = Ledger::load_sources(dataset());
    const auto r = dispute_resolution_by_type(L, Date::parse_or_throw("2026-06-30"), Window::parse("6m"));
    ASSERT_EQ(r.size(), 1u); // price only (quality closed before the window, D4 open)
    EXPECT_EQ(L.str(r[0].type), "price");
    EXPECT_EQ(r[0].total_days, 45);
    EXPECT_EQ(r[0].count, 2);
}
