// qualification: hand-worked figures (reports.md, "qualification").
#include <gtest/gtest.h>

#include "dsocore/core/error.hpp"
#include "dsocore/reports/qualification.hpp"
#include "reports/report_fixture.hpp"

using namespace dsocore;
using dsocore::test::run_csv;

namespace {
// Base EUR; USD = 0.8 EUR from 2026-01-01. A = 2026-06-30. All due before A unless said.
//   Q1  invoice    100.00  dispute:price  "wrong price"   → qualified
//   Q2  invoice     50.00  dispute:price  (no comment)    → not qualified
//   Q3  invoice    150.00 USD, 50 allocated 06-10 → 100 USD × 0.8 = 80.00, promise, "pays friday" → qualified
//   Q4  invoice     30.00  (no status)    "called"        → not qualified
//   Q5  debit note  20.00  litigation     "lawyer"        → qualified
//   Q6  invoice     40.00  dispute:price  "x", due 07-15 (not overdue)  → out
//   Q7  credit note -60.00 dispute:price  "x", overdue    → out (not an invoice / debit note)
//   Q8  invoice     25.00  dispute:price  "x", fully paid 06-01         → out
//   Q9  invoice     10.00  (no status, no comment)        → not qualified
//   Q10 invoice      5.00  dispute (no subtype) "x"       → qualified
//   Q11 invoice     15.00  info:note "x", due exactly A (dpd 0) → out
//   Q12 invoice     12.00  promise "x", issued 07-01 (after A) → out
DataSources data() {
    return {
        {"customers.csv", "customer_id\nC1\nC2\n"},
        {"items.csv",
         "item_id,customer_id,type,issue_date,due_date,currency,amount,open_amount,status,comment\n"
         "Q1,C1,invoice,2026-05-01,2026-05-31,EUR,100.00,100.00,dispute:price,wrong price\n"
         "Q2,C1,invoice,2026-05-01,2026-05-31,EUR,50.00,50.00,dispute:price,\n"
         "Q3,C2,invoice,2026-05-01,2026-05-31,USD,150.00,100.00,promise,pays friday\n"
         "Q4,C2,invoice,2026-05-01,2026-05-31,EUR,30.00,30.00,,called\n"
         "Q5,C1,debit_note,2026-05-01,2026-05-31,EUR,20.00,20.00,litigation,lawyer\n"
         "Q6,C1,invoice,2026-06-15,2026-07-15,EUR,40.00,40.00,dispute:price,x\n"
         "Q7,C1,credit_note,2026-05-01,2026-05-31,EUR,-60.00,-60.00,dispute:price,x\n"
         "Q8,C1,invoice,2026-05-01,2026-05-31,EUR,25.00,0,dispute:price,x\n"
         "Q9,C2,invoice,2026-05-01,2026-05-31,EUR,10.00,10.00,,\n"
         "Q10,C2,invoice,2026-05-01,2026-05-31,EUR,5.00,5.00,dispute,x\n"
         "Q11,C2,invoice,2026-05-31,2026-06-30,EUR,15.00,15.00,info:note,x\n"
         "Q12,C2,invoice,2026-07-01,2026-05-31,EUR,12.00,12.00,promise,x\n"},
        {"allocations.csv", "item_id,date,amount\nQ3,2026-06-10,50.00\nQ8,2026-06-01,25.00\n"},
        {"fx.csv", "date,currency,rate\n2026-01-01,USD,0.8\n"},
    };
}
} // namespace

TEST(Qualification, RowsByStatus) {
    const Ledger L = Ledger::load_sources(data());
    // ("","")               Q4 30 + Q9 10:  2 items, 40.00, 0 qualified, 0.00, 0.0
    // ("dispute","")        Q10:            1, 5.00, 1, 5.00, 100.0
    // ("dispute","price")   Q1 100 + Q2 50: 2, 150.00, 1, 100.00, 66.67 → 66.7
    // ("litigation","")     Q5:             1, 20.00, 1, 20.00, 100.0
    // ("promise","")        Q3:             1, 80.00, 1, 80.00, 100.0
    // TOTAL                                 7, 295.00, 4, 205.00, 205 / 295 = 69.49 → 69.5
    EXPECT_EQ(run_csv(L, "qualification", "2026-06-30"),
              "category,subtype,items,amount,qualified_items,qualified_amount,qualification_pct\n"
              ",,2,40.00,0,0.00,0.0\n"
              "dispute,,1,5.00,1,5.00,100.0\n"
              "dispute,price,2,150.00,1,100.00,66.7\n"
              "litigation,,1,20.00,1,20.00,100.0\n"
              "promise,,1,80.00,1,80.00,100.0\n"
              "TOTAL,,7,295.00,4,205.00,69.5\n");
}

TEST(Qualification, PastAsOf) {
    const Ledger L = Ledger::load_sources(data());
    // A = 2026-06-05: Q3's 06-10 allocation is later → 150 USD × 0.8 = 120.00; Q8 paid 06-01 → out;
    // Q6, Q11 not due; Q12 not issued.
    // ("","") 40.00 · ("dispute","") 5.00 · ("dispute","price") 150.00 (100 qualified) ·
    // ("litigation","") 20.00 · ("promise","") 120.00 → TOTAL 335.00, qualified 245.00:
    // 245 / 335 = 73.13 → 73.1
    EXPECT_EQ(run_csv(L, "qualification", "2026-06-05"),
              "category,subtype,items,amount,qualified_items,qualified_amount,qualification_pct\n"
              ",,2,40.00,0,0.00,0.0\n"
              "dispute,,1,5.00,1,5.00,100.0\n"
              "dispute,price,2,150.00,1,100.00,66.7\n"
              "litigation,,1,20.00,1,20.00,100.0\n"
              "promise,,1,120.00,1,120.00,100.0\n"
              "TOTAL,,7,335.00,4,245.00,73.1\n");
}

TEST(Qualification, EmptyHasTotalOnly) {
    const Ledger L = Ledger::load_sources(data());
    // Nothing overdue on 2026-05-31 (every due date is ≥ A or the item is not issued).
    EXPECT_EQ(run_csv(L, "qualification", "2026-05-31"),
              "category,subtype,items,amount,qualified_items,qualified_amount,qualification_pct\n"
              "TOTAL,,0,0.00,0,0.00,\n");
}

TEST(Qualification, RejectsBy) {
    const Ledger L = Ledger::load_sources(data());
    EXPECT_THROW(run_csv(L, "qualification", "2026-06-30", {}, "customer"), Error);
}
