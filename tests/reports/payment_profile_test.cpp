// payment_profile on a hand-worked dataset (reports.md "payment_profile").
#include <gtest/gtest.h>

#include "dsocore/reports/payment_profile.hpp"
#include "reports/report_test_util.hpp"

using namespace dsocore;
using dsocore::test::cell;
using dsocore::test::header_text;
using dsocore::test::row_text;
using dsocore::test::run;

namespace {

// Base EUR. USD = 0.9 EUR from 2026-01-01, 0.8 from 2026-04-01.
// C1 (FR01, legal L1): I1 paid 10 days late, I2 partly paid on its due date, a credit
//   note (never counts), a debit note paid after A, I5 paid exactly on the window start.
// C2 (FR01): paid exactly 15 days late. C3 (DE01, USD, legal L1): two partial payments.
// C4 (FR01, legal L4): nothing paid. C5 (FR01): 15.04 days late on average.
DataSources dataset(const std::string& company = "") {
    DataSources s = {
        {"customers.csv",
         "entity,customer_id,legal_id,currency,country\n"
         "FR01,C1,L1,EUR,FR\n"
         "FR01,C2,,EUR,FR\n"
         "DE01,C3,L1,USD,DE\n"
         "FR01,C4,L4,EUR,FR\n"
         "FR01,C5,,EUR,BE\n"},
        {"items.csv",
         "entity,item_id,customer_id,type,issue_date,due_date,currency,amount,open_amount\n"
         "FR01,I1,C1,invoice,2026-01-10,2026-02-09,EUR,1000.00,0.00\n"
         "FR01,I2,C1,invoice,2026-03-01,2026-03-31,EUR,3000.00,1000.00\n"
         "FR01,I3,C1,credit_note,2026-03-05,2026-03-05,EUR,-500.00,0.00\n"
         "FR01,I4,C1,debit_note,2026-04-01,2026-05-01,EUR,200.00,0.00\n"
         "FR01,I5,C1,invoice,2025-11-01,2025-12-01,EUR,400.00,0.00\n"
         "FR01,I6,C2,invoice,2026-04-01,2026-04-16,EUR,100.00,0.00\n"
         "DE01,I7,C3,invoice,2026-02-01,2026-03-03,USD,1000.00,0.00\n"
         "FR01,I8,C5,invoice,2026-04-01,2026-05-01,EUR,2500.00,0.00\n"
         "FR01,I9,C4,invoice,2026-06-01,2026-07-01,EUR,700.00,700.00\n"},
        {"allocations.csv",
         "entity,item_id,date,amount\n"
         "FR01,I1,2026-02-19,1000.00\n"
         "FR01,I2,2026-03-31,2000.00\n"
         "FR01,I3,2026-03-10,-500.00\n"
         "FR01,I4,2026-07-05,200.00\n"
         "FR01,I5,2025-12-31,400.00\n"
         "FR01,I6,2026-05-01,100.00\n"
         "DE01,I7,2026-03-13,600.00\n"
         "DE01,I7,2026-04-02,400.00\n"
         "FR01,I8,2026-05-16,2400.00\n"
         "FR01,I8,2026-05-17,100.00\n"},
        {"fx.csv", "date,currency,rate\n2026-01-01,USD,0.9\n2026-04-01,USD,0.8\n"},
    };
    if (!company.empty()) s["company.json"] = company;
    return s;
}

} // namespace

TEST(PaymentProfile, PerCustomerHandWorked) {
    const Ledger L = Ledger::load_sources(dataset());
    // A = 2026-06-30, window 6m = (2025-12-31, 2026-06-30].
    const Table t = run(L, "payment_profile", "2026-06-30");
    EXPECT_EQ(header_text(t), "entity|customer_id|avg_days_late|avg_days_to_pay|on_time_pct|settled|count|profile");
    ASSERT_EQ(t.rows(), 5u);
    // Rows sorted by (entity, customer_id): DE01/C3 first.
    // C3: 600 USD on 03-13 at 0.9 = 540.00 (late 10, to_pay 40); 400 USD on 04-02 at
    // 0.8 = 320.00 (late 30, to_pay 60). Σw = 860.00; Σw·late = 5400 + 9600 = 15000 →
    // 15000/860 = 17.44 → 17.4; to_pay (21600 + 19200)/860 = 47.44 → 47.4; on time 0.
    EXPECT_EQ(row_text(t, 0), "DE01|C3|17.4|47.4|0.0|860.00|2|late");
    // C1: I1 1000 (late 10, to_pay 40), I2 2000 (late 0, to_pay 30). The credit note
    // does not count, I4's allocation is after A, I5's is on the window start (excluded).
    // Σw = 3000; late 10000/3000 = 3.33 → 3.3; to_pay 100000/3000 = 33.33 → 33.3;
    // on time 2000/3000 = 66.67 → 66.7 %; profile slightly_late (0 < 3.33 ≤ 15).
    EXPECT_EQ(row_text(t, 1), "FR01|C1|3.3|33.3|66.7|3000.00|2|slightly_late");
    // C2: 100 paid 15 days late, 30 days after issue: exactly 15 → slightly_late.
    EXPECT_EQ(row_text(t, 2), "FR01|C2|15.0|30.0|0.0|100.00|1|slightly_late");
    // C4: nothing settled → averages empty, settled 0.00, count 0, unknown.
    EXPECT_EQ(row_text(t, 3), "FR01|C4||||0.00|0|unknown");
    // C5: 2400 late 15 (to_pay 45) + 100 late 16 (to_pay 46): 37600/2500 = 15.04 →
    // printed 15.0 but the exact average is above 15 → late. to_pay 112600/2500 = 45.04.
    EXPECT_EQ(row_text(t, 4), "FR01|C5|15.0|45.0|0.0|2500.00|2|late");
}

TEST(PaymentProfile, ConsolidatedByLegalIdAcrossEntitiesAndCurrencies) {
    const Ledger L = Ledger::load_sources(dataset());
    const Table t = run(L, "payment_profile", "2026-06-30", "legal_id");
    EXPECT_EQ(header_text(t), "legal_id|avg_days_late|avg_days_to_pay|on_time_pct|settled|count|profile");
    ASSERT_EQ(t.rows(), 3u);
    // "" = C2 + C5: Σw 2600; late (1500 + 37600)/2600 = 15.04 → 15.0 (late);
    // to_pay (3000 + 112600)/2600 = 44.46 → 44.5.
    EXPECT_EQ(row_text(t, 0), "|15.0|44.5|0.0|2600.00|3|late");
    // L1 = C1 (FR01, EUR) + C3 (DE01, USD): Σw 3860; late 25000/3860 = 6.477 → 6.5;
    // to_pay 140800/3860 = 36.477 → 36.5; on time 2000/3860 = 51.81 → 51.8.
    EXPECT_EQ(row_text(t, 1), "L1|6.5|36.5|51.8|3860.00|4|slightly_late");
    EXPECT_EQ(row_text(t, 2), "L4||||0.00|0|unknown");
}

TEST(PaymentProfile, PastAsOfDate) {
    const Ledger L = Ledger::load_sources(dataset());
    // A = 2026-03-31, window (2025-09-30, 2026-03-31]: allocations after A are not
    // applied, items issued after A (I4, I6, I8, I9) do not exist.
    const Table t = run(L, "payment_profile", "2026-03-31");
    ASSERT_EQ(t.rows(), 5u);
    // C3: only 03-13: 540.00, late 10, to_pay 40.
    EXPECT_EQ(row_text(t, 0), "DE01|C3|10.0|40.0|0.0|540.00|1|slightly_late");
    // C1: I5 400 (2025-12-31: late 30, to_pay 60) now inside; I1 1000; I2 2000.
    // Σw 3400; late (12000 + 10000 + 0)/3400 = 6.47 → 6.5; to_pay (24000 + 40000 +
    // 60000)/3400 = 36.47 → 36.5; on time 2000/3400 = 58.82 → 58.8.
    EXPECT_EQ(row_text(t, 1), "FR01|C1|6.5|36.5|58.8|3400.00|3|slightly_late");
    EXPECT_EQ(row_text(t, 2), "FR01|C2||||0.00|0|unknown");
    EXPECT_EQ(row_text(t, 4), "FR01|C5||||0.00|0|unknown");
}

TEST(PaymentProfile, WindowInDaysAndCompanyThresholds) {
    // Custom thresholds: good ≤ 5, fair ≤ 16, then bad.
    const Ledger L = Ledger::load_sources(
        dataset(R"({"payer_profiles": [["good", "5"], ["fair", 16], ["bad", null]]})"));
    // Window 100d: (2026-03-22, 2026-06-30]: C1 keeps only I2 (03-31): late 0 → good.
    const Table t = run(L, "payment_profile", "2026-06-30", "", {{"window", "100d"}});
    EXPECT_EQ(row_text(t, 1), "FR01|C1|0.0|30.0|100.0|2000.00|1|good");
    // C3 keeps 04-02 only: 320.00 late 30 → bad.
    EXPECT_EQ(row_text(t, 0), "DE01|C3|30.0|60.0|0.0|320.00|1|bad");
    // C5 15.04 ≤ 16 → fair.
    EXPECT_EQ(cell(t, 4, "profile"), "fair");
}

TEST(PaymentProfile, FilterAndEmptyResult) {
    const Ledger L = Ledger::load_sources(dataset());
    // A customer filter: only DE01.
    Table t = run(L, "payment_profile", "2026-06-30", "", {}, "entity = 'DE01'");
    ASSERT_EQ(t.rows(), 1u);
    EXPECT_EQ(cell(t, 0, "customer_id"), "C3");
    // An item filter: only the allocations of I1 count (C1 is the only customer with
    // a matching item): 1000 late 10 → 10.0.
    t = run(L, "payment_profile", "2026-06-30", "total", {}, "item_id = 'I1'");
    ASSERT_EQ(t.rows(), 1u);
    EXPECT_EQ(row_text(t, 0), "TOTAL|10.0|40.0|0.0|1000.00|1|slightly_late");
    // Nothing matches: a header and no rows.
    t = run(L, "payment_profile", "2026-06-30", "", {}, "country = 'ZZ'");
    EXPECT_EQ(t.rows(), 0u);
    EXPECT_EQ(to_csv(t), "entity,customer_id,avg_days_late,avg_days_to_pay,on_time_pct,settled,count,profile\n");
}

TEST(PaymentProfile, ExactFiguresForOtherEngines) {
    const Ledger L = Ledger::load_sources(dataset());
    const auto fig = payment_profile_figures(L, Currency::of("EUR"), Date::parse_or_throw("2026-06-30"),
                                             Window::parse("6m"));
    ASSERT_EQ(fig.size(), 5u);
    const PayerFigures& c5 = fig[4]; // customers in file order: C1 C2 C3 C4 C5
    EXPECT_EQ(c5.settled, 250000);                  // 2500.00 in cents
    EXPECT_TRUE(c5.weighted_late == 3760000);       // 37600.00 × days, in cents
    EXPECT_GT(c5.compare_avg_days_late(Decimal(15)), 0);  // 15.04 > 15
    EXPECT_EQ(c5.compare_avg_days_late(Decimal::parse("15.04")), 0);
    EXPECT_LT(c5.compare_avg_days_late(Decimal::parse("15.05")), 0);
    EXPECT_EQ(c5.avg_days_late_units(0, Rounding::half_up), 15);
    EXPECT_FALSE(fig[3].defined());
    EXPECT_EQ(payer_profile(fig[3], L.company().payer_profiles), "unknown");
    // Σw ≤ 0 (not reachable with valid data, but the rule holds): unknown.
    PayerFigures neg;
    neg.settled = -100;
    neg.count = 1;
    EXPECT_EQ(payer_profile(neg, CompanySettings::default_payer_profiles()), "unknown");
}

TEST(PaymentProfile, WithoutAllocationsEveryProfileIsUnknown) {
    DataSources s = dataset();
    s.erase("allocations.csv");
    const Ledger L = Ledger::load_sources(s);
    ReportRequest r;
    r.name = "payment_profile";
    r.as_of = Date::parse_or_throw("2026-06-30");
    std::vector<std::string> warnings;
    const Table t = run_report(L, r, warnings);
    for (std::size_t k = 0; k < t.rows(); ++k) EXPECT_EQ(cell(t, k, "profile"), "unknown");
    ASSERT_EQ(warnings.size(), 1u);
    EXPECT_NE(warnings[0].find("allocations.csv"), std::string::npos);
}
