// cash_receipts: hand-worked figures (reports.md, "cash_receipts").
#include <gtest/gtest.h>

#include "dsocore/core/error.hpp"
#include "dsocore/reports/cash_receipts.hpp"
#include "reports/report_fixture.hpp"

using namespace dsocore;
using dsocore::test::run;
using dsocore::test::run_csv;

namespace {
// Base EUR; USD = 0.9 EUR from 2026-01-01, 0.8 EUR from 2026-06-15.
//   R1 invoice     issued 03-01 due 03-31 1000.00 EUR; allocations 03-31 100 (on the due date),
//                  04-10 300 (10 days late), 06-05 200 (66 days late), 07-05 400 (after A)
//   R2 invoice     issued 04-01 due 05-01  500.00 USD; allocations 04-20 200 USD (11 days early,
//                  × 0.9 = 180.00), 06-20 100 USD (50 days late, × 0.8 = 80.00); open 200
//   R3 credit note issued 04-05 -100.00, consumed 04-10 (not an invoice: out)
//   R4 debit note  issued 05-01 due 05-31 50.00, paid 05-31 (on time, 0 days)
//   R5 invoice of C2 issued 07-01 (after A), paid 07-02
// actions: A1 2026-06-01 on R1 (before its 06-05 allocation → after_action);
//          A2 2026-06-20 on R2 (same day as the allocation: not strictly before).
DataSources data() {
    return {
        {"customers.csv", "customer_id,name\nC1,One\nC2,Two\n"},
        {"items.csv",
         "item_id,customer_id,type,issue_date,due_date,currency,amount,open_amount\n"
         "R1,C1,invoice,2026-03-01,2026-03-31,EUR,1000.00,0\n"
         "R2,C1,invoice,2026-04-01,2026-05-01,USD,500.00,200.00\n"
         "R3,C1,credit_note,2026-04-05,2026-04-05,EUR,-100.00,0\n"
         "R4,C1,debit_note,2026-05-01,2026-05-31,EUR,50.00,0\n"
         "R5,C2,invoice,2026-07-01,2026-07-31,EUR,10.00,0\n"},
        {"allocations.csv",
         "item_id,date,amount\n"
         "R1,2026-03-31,100.00\nR1,2026-04-10,300.00\nR1,2026-06-05,200.00\nR1,2026-07-05,400.00\n"
         "R2,2026-04-20,200.00\nR2,2026-06-20,100.00\n"
         "R3,2026-04-10,-100.00\n"
         "R4,2026-05-31,50.00\n"
         "R5,2026-07-02,10.00\n"},
        {"fx.csv", "date,currency,rate\n2026-01-01,USD,0.9\n2026-06-15,USD,0.8\n"},
        {"actions.csv",
         "action_id,customer_id,date,channel,item_ids\n"
         "A1,C1,2026-06-01,email,R1\n"
         "A2,C1,2026-06-20,call,R2\n"},
    };
}
} // namespace

TEST(CashReceipts, ThreeMonthWindow) {
    const Ledger L = Ledger::load_sources(data());
    // Window (2026-03-31, 2026-06-30]: the 03-31 allocation is on the open bound, out.
    // 2026-04: R1 300 (late 10) + R2 180.00 (late -11): amount 480.00, on_time 180.00, late 300.00,
    //   avg = (300 × 10 + 180 × -11) / 480 = 1020 / 480 = 2.125 → 2.1, after_action 0.00
    // 2026-05: R4 50 on its due date: 50.00, 50.00, 0.00, 0.0, 0.00
    // 2026-06: R1 200 (late 66, after A1) + R2 80.00 (late 50, A2 same day):
    //   280.00, 0.00, 280.00, avg (200 × 66 + 80 × 50) / 280 = 17200 / 280 = 61.43 → 61.4, after 200.00
    EXPECT_EQ(run_csv(L, "cash_receipts", "2026-06-30", {{"window", "3m"}}),
              "month,amount,on_time,late,avg_days_late,after_action\n"
              "2026-04,480.00,180.00,300.00,2.1,0.00\n"
              "2026-05,50.00,50.00,0.00,0.0,0.00\n"
              "2026-06,280.00,0.00,280.00,61.4,200.00\n");
}

TEST(CashReceipts, DefaultTwelveMonths) {
    const Ledger L = Ledger::load_sources(data());
    // Window (2025-06-30, 2026-06-30] adds 2026-03: R1 100 paid on its due date → on time, 0 days.
    EXPECT_EQ(run_csv(L, "cash_receipts", "2026-06-30"),
              "month,amount,on_time,late,avg_days_late,after_action\n"
              "2026-03,100.00,100.00,0.00,0.0,0.00\n"
              "2026-04,480.00,180.00,300.00,2.1,0.00\n"
              "2026-05,50.00,50.00,0.00,0.0,0.00\n"
              "2026-06,280.00,0.00,280.00,61.4,200.00\n");
}

TEST(CashReceipts, PastAsOfAndDayWindow) {
    const Ledger L = Ledger::load_sources(data());
    // A = 2026-05-31, window 31 days: (2026-04-30, 2026-05-31] → only R4's 05-31 allocation.
    EXPECT_EQ(run_csv(L, "cash_receipts", "2026-05-31", {{"window", "31d"}}),
              "month,amount,on_time,late,avg_days_late,after_action\n"
              "2026-05,50.00,50.00,0.00,0.0,0.00\n");
    // A = 2026-07-03: R5 (issued 07-01) now exists; its 07-02 payment is on time (due 07-31),
    // 29 days early; R1's 07-05 allocation is still later. Window 3d = (06-30, 07-03].
    // 2026-07: 10.00, 10.00, 0.00, -29.0, 0.00
    EXPECT_EQ(run_csv(L, "cash_receipts", "2026-07-03", {{"window", "3"}}),
              "month,amount,on_time,late,avg_days_late,after_action\n"
              "2026-07,10.00,10.00,0.00,-29.0,0.00\n");
}

TEST(CashReceipts, Empty) {
    const Ledger L = Ledger::load_sources(data());
    EXPECT_EQ(run_csv(L, "cash_receipts", "2026-03-15", {{"window", "1m"}}),
              "month,amount,on_time,late,avg_days_late,after_action\n");
    // Without allocations.csv there are no receipts: empty, with a warning.
    DataSources d = data();
    d.erase("allocations.csv");
    d["items.csv"] = "item_id,customer_id,issue_date,due_date,amount\nX1,C1,2026-06-01,2026-07-01,10.00\n";
    d.erase("actions.csv");
    const Ledger L2 = Ledger::load_sources(d);
    ReportRequest r;
    r.name = "cash_receipts";
    r.as_of = Date::parse_or_throw("2026-06-30");
    std::vector<std::string> warnings;
    const Table t = run_report(L2, r, warnings);
    EXPECT_EQ(t.rows(), 0u);
    EXPECT_EQ(warnings.size(), 1u);
}

TEST(CashReceipts, BadOptions) {
    const Ledger L = Ledger::load_sources(data());
    EXPECT_THROW(run_csv(L, "cash_receipts", "2026-06-30", {{"window", "3w"}}), Error);
    EXPECT_THROW(run_csv(L, "cash_receipts", "2026-06-30", {}, "customer"), Error);
}
