// risk on a hand-worked dataset (reports.md "risk").
#include <gtest/gtest.h>

#include "dsocore/reports/risk.hpp"
#include "reports/report_test_util.hpp"

using namespace dsocore;
using dsocore::test::cell;
using dsocore::test::header_text;
using dsocore::test::row_text;
using dsocore::test::run;

namespace {

// Base EUR; USD = 0.8, GBP = 1.2 from 2026-01-01. A = 2026-06-30.
// R1 FR01 (L1, EUR): limit 10000, insured 6000, extension 60 days, rating B.
// R2 DE01 (L1, USD): limit 5000 GBP, insured 1000 USD + a temporary 500 USD valid
//    2026-06-01..2026-07-31, extension 90 days, rating C.
// R3 FR01 (L2): no limit, no insurance, rating A.  R5 DE01 (L2): limit 2000 EUR, no items.
// R4 FR01 (L3): limit 0, a temporary guarantee that expired on 2026-05-31.
DataSources dataset() {
    return {
        {"customers.csv",
         "entity,customer_id,legal_id,currency,credit_limit,credit_limit_currency,rating,insured_amount,"
         "insurance_max_extension_days,temporary_insured_amount,temporary_insured_from,temporary_insured_to\n"
         "FR01,R1,L1,EUR,10000.00,,B,6000.00,60,,,\n"
         "DE01,R2,L1,USD,5000.00,GBP,C,1000.00,90,500.00,2026-06-01,2026-07-31\n"
         "FR01,R3,L2,EUR,,,A,,,,,\n"
         "FR01,R4,L3,EUR,0.00,,,,,1000.00,2026-01-01,2026-05-31\n"
         "DE01,R5,L2,EUR,2000.00,,,,,,,\n"},
        {"items.csv",
         "entity,item_id,customer_id,type,issue_date,due_date,currency,amount,open_amount\n"
         "FR01,A1,R1,invoice,2026-04-01,2026-05-01,EUR,5000.00,2000.00\n"
         "FR01,A2,R1,invoice,2026-06-01,2026-07-01,EUR,4000.00,4000.00\n"
         "FR01,A3,R1,credit_note,2026-05-15,2026-05-15,EUR,-1000.00,-1000.00\n"
         "FR01,A4,R1,invoice,2026-07-05,2026-08-04,EUR,9999.00,9999.00\n"
         "DE01,B1,R2,invoice,2026-03-01,2026-03-31,USD,10000.00,10000.00\n"
         "DE01,B2,R2,invoice,2026-06-10,2026-07-10,USD,2500.00,2500.00\n"
         "FR01,C1,R3,invoice,2026-01-10,2026-02-09,EUR,300.00,300.00\n"
         "FR01,D1,R4,invoice,2026-06-30,2026-07-30,EUR,100.00,100.00\n"},
        {"allocations.csv", "entity,item_id,date,amount\nFR01,A1,2026-05-10,3000.00\n"},
        {"fx.csv", "date,currency,rate\n2026-01-01,USD,0.8\n2026-01-01,GBP,1.2\n"},
    };
}

} // namespace

TEST(Risk, PerCustomerHandWorked) {
    const Ledger L = Ledger::load_sources(dataset());
    const Table t = run(L, "risk", "2026-06-30");
    EXPECT_EQ(header_text(t),
              "entity|customer_id|outstanding|overdue|credit_limit|headroom|utilisation_pct|over_limit|insured|"
              "uninsured|declaration_deadline|days_to_deadline|rating");
    ASSERT_EQ(t.rows(), 5u);
    // R2 (DE01): B1 10000 USD × 0.8 = 8000.00 overdue (due 03-31), B2 2500 × 0.8 =
    // 2000.00 not due → 10000.00. Limit 5000 GBP × 1.2 = 6000.00, headroom −4000.00,
    // 10000/6000 = 166.67 → 166.7 %, over limit. Insured 1000 USD → 800.00 + temporary
    // 500 USD (valid at A) → 400.00 = 1200.00; uninsured 8800.00. Deadline 03-31 + 90 =
    // 2026-06-29, −1 day.
    EXPECT_EQ(row_text(t, 0), "DE01|R2|10000.00|8000.00|6000.00|-4000.00|166.7|true|1200.00|8800.00|2026-06-29|-1|C");
    // R5: no item, limit 2000: 0 % used.
    EXPECT_EQ(row_text(t, 1), "DE01|R5|0.00|0.00|2000.00|2000.00|0.0|false|0.00|0.00|||");
    // R1: A1 2000 left after a partial payment (overdue 60 days), A2 4000 not due, the
    // credit note A3 −1000 overdue (due 05-15), A4 issued after A does not exist.
    // outstanding 5000.00, overdue 2000 − 1000 = 1000.00, headroom 5000.00, 50.0 %,
    // insured 6000.00, uninsured max(0, 5000 − 6000) = 0.00; deadline from A1 only
    // (invoices with bal > 0): 05-01 + 60 = 2026-06-30, 0 days.
    EXPECT_EQ(row_text(t, 2), "FR01|R1|5000.00|1000.00|10000.00|5000.00|50.0|false|6000.00|0.00|2026-06-30|0|B");
    // R3: no limit → limit, headroom, utilisation, over_limit empty; no extension days
    // → no deadline.
    EXPECT_EQ(row_text(t, 3), "FR01|R3|300.00|300.00|||||0.00|300.00|||A");
    // R4: limit 0 → utilisation undefined (empty), over_limit 100 > 0; the temporary
    // guarantee ended 05-31 → insured 0.00.
    EXPECT_EQ(row_text(t, 4), "FR01|R4|100.00|0.00|0.00|-100.00||true|0.00|100.00|||");
}

TEST(Risk, ConsolidatedByLegalIdAcrossEntitiesAndCurrencies) {
    const Ledger L = Ledger::load_sources(dataset());
    const Table t = run(L, "risk", "2026-06-30", "legal_id");
    ASSERT_EQ(t.rows(), 3u);
    // L1 = R1 + R2: outstanding 15000.00, overdue 9000.00, limit 16000.00, headroom
    // 1000.00, 15000/16000 = 93.75 → 93.8 (half-even), insured 7200.00, uninsured
    // 7800.00, deadline min(06-30, 06-29) = 06-29, rating max(B, C) = C.
    EXPECT_EQ(row_text(t, 0), "L1|15000.00|9000.00|16000.00|1000.00|93.8|false|7200.00|7800.00|2026-06-29|-1|C");
    // L2 = R3 (no limit) + R5 (2000): the limit sums the members that have one.
    // 300/2000 = 15.0 %. Rating: the greatest of "A" and "" is A.
    EXPECT_EQ(row_text(t, 1), "L2|300.00|300.00|2000.00|1700.00|15.0|false|0.00|300.00|||A");
    EXPECT_EQ(row_text(t, 2), "L3|100.00|0.00|0.00|-100.00||true|0.00|100.00|||");
    // Total in another base currency: GBP. Cross rates x × rate(cur) / rate(GBP):
    // EUR items 5000 + 300 + 100 = 5400 EUR / 1.2 = 4500.00 GBP; USD 12500 × 0.8/1.2 =
    // 8333.333… → 8333.33 (B1 10000 → 6666.67, B2 2500 → 1666.67: converted one by one
    // = 8333.34). Total 4500 + 8333.34: item by item: A1 1666.67, A2 3333.33, A3 −833.33,
    // C1 250.00, D1 83.33, B1 6666.67, B2 1666.67 → 12833.34.
    const Table g = run(L, "risk", "2026-06-30", "total", {}, "", Currency::of("GBP"));
    EXPECT_EQ(cell(g, 0, "outstanding"), "12833.34");
}

TEST(Risk, PastAsOfDate) {
    const Ledger L = Ledger::load_sources(dataset());
    // A = 2026-05-05: A1's payment of 05-10 is not applied (5000.00 open, overdue since
    // 05-01), A2 and A3 do not exist yet. Deadline 06-30 − 05-05 = 56 days.
    const Table t = run(L, "risk", "2026-05-05", "", {}, "customer_id = 'R1'");
    ASSERT_EQ(t.rows(), 1u);
    EXPECT_EQ(row_text(t, 0), "FR01|R1|5000.00|5000.00|10000.00|5000.00|50.0|false|6000.00|0.00|2026-06-30|56|B");
    // R2 at 2026-05-05: the temporary guarantee (from 06-01) does not count yet: 800.00.
    const Table t2 = run(L, "risk", "2026-05-05", "", {}, "customer_id = 'R2'");
    EXPECT_EQ(cell(t2, 0, "insured"), "800.00");
}

TEST(Risk, FiguresForOtherEngines) {
    const Ledger L = Ledger::load_sources(dataset());
    const auto fig = risk_figures(L, Currency::of("EUR"), Date::parse_or_throw("2026-06-30"));
    ASSERT_EQ(fig.size(), 5u);
    const RiskFigures& r2 = fig[1];
    EXPECT_EQ(r2.outstanding, 1000000);
    EXPECT_TRUE(r2.over_limit());
    EXPECT_TRUE(r2.utilisation_defined());
    Int256 num, den;
    r2.utilisation_ratio(num, den);
    EXPECT_TRUE(num * 3 == den * 500); // 10000/6000 × 100 = 500/3 exactly
    EXPECT_FALSE(fig[2].has_limit);
    EXPECT_FALSE(fig[3].utilisation_defined()); // limit 0
    EXPECT_FALSE(fig[3].has_insured);
    // An empty selection: no rows.
    EXPECT_EQ(run(L, "risk", "2026-06-30", "", {}, "rating = 'Z'").rows(), 0u);
}
