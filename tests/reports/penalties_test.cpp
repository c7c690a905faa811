// penalties: hand-worked figures (reports.md, "penalties"); PenaltyRule, the computation
// the collection engine shares.
#include <gtest/gtest.h>

#include <algorithm>
#include <tuple>
#include <vector>

#include "dsocore/core/error.hpp"
#include "dsocore/reports/penalties.hpp"
#include "reports/report_fixture.hpp"

using namespace dsocore;
using dsocore::test::run_csv;

namespace {
const char* kHeader = "entity,customer_id,item_id,currency,balance,days_past_due,annual_rate,interest,indemnity\n";

std::string company(const std::string& penalty) {
    return "{\"name\": \"Seller\", \"base_currency\": \"EUR\", \"penalty\": " + penalty + "}";
}
const std::string kFR = R"({"rule": "FR", "reference_rates": [["2026-01-01", "2.15"], ["2026-07-01", "2.00"]]})";

// Base EUR; USD = 0.9 EUR from 2026-01-01 and 0.8 from 2026-06-15; JPY = 0.0062 EUR; GBP = 1.17 EUR.
//   P1 MAIN/C1 invoice EUR due 05-31 1000.00
//   P2 MAIN/C2 invoice USD due 06-10  500.00, allocation 06-20 200 → 300.00 at 06-30
//   P3 MAIN/C1 debit note EUR due 05-31 100.00 → not an invoice: out
//   P4 MAIN/C1 invoice EUR due 05-31 100.00, dispute:quality → out
//   P5 MAIN/C1 invoice EUR due 06-29 100.00, status promise → in (only disputes are out)
//   P6 MAIN/C1 invoice EUR due 06-30 100.00 → dpd 0: out
//   P7 DE01/C3 invoice JPY due 04-01 100000
//   P8 MAIN/C1 invoice EUR due 05-20 80.00, paid 06-20
//   P9 MAIN/C1 credit note EUR due 05-31 -50.00 → out
DataSources data(const std::string& penalty) {
    return {
        {"customers.csv", "entity,customer_id,currency\nMAIN,C1,EUR\nMAIN,C2,USD\nDE01,C3,JPY\n"},
        {"items.csv",
         "entity,item_id,customer_id,type,issue_date,due_date,amount,open_amount,status\n"
         "MAIN,P1,C1,invoice,2026-05-01,2026-05-31,1000.00,1000.00,\n"
         "MAIN,P2,C2,invoice,2026-05-11,2026-06-10,500.00,300.00,\n"
         "MAIN,P3,C1,debit_note,2026-05-01,2026-05-31,100.00,100.00,\n"
         "MAIN,P4,C1,invoice,2026-05-01,2026-05-31,100.00,100.00,dispute:quality\n"
         "MAIN,P5,C1,invoice,2026-05-30,2026-06-29,100.00,100.00,promise\n"
         "MAIN,P6,C1,invoice,2026-05-31,2026-06-30,100.00,100.00,\n"
         "DE01,P7,C3,invoice,2026-03-02,2026-04-01,100000,100000,\n"
         "MAIN,P8,C1,invoice,2026-04-20,2026-05-20,80.00,0,\n"
         "MAIN,P9,C1,credit_note,2026-05-01,2026-05-31,-50.00,-50.00,\n"},
        {"allocations.csv", "entity,item_id,date,amount\nMAIN,P2,2026-06-20,200.00\nMAIN,P8,2026-06-20,80.00\n"},
        {"fx.csv",
         "date,currency,rate\n2026-01-01,USD,0.9\n2026-06-15,USD,0.8\n2026-01-01,JPY,0.0062\n"
         "2026-01-01,GBP,1.17\n"},
        {"company.json", company(penalty)},
    };
}
} // namespace

TEST(Penalties, FrenchRule) {
    const Ledger L = Ledger::load_sources(data(kFR));
    // A = 2026-06-30. Rate in force the day after due (all before 07-01): 2.15 + 10 = 12.15.
    // P7: 100000 JPY × 12.15 / 100 × 90 / 365 = 109350000 / 36500 = 2995.89 → 2996 JPY;
    //     indemnity 40 EUR / 0.0062 = 6451.61 → 6452 JPY (half-even at A).
    // P1: 1000.00 × 12.15% × 30 / 365 = 364500 / 36500 = 9.986 → 9.99; 40.00 EUR.
    // P5: 100.00 × 12.15% × 1 / 365 = 0.0333 → 0.03; 40.00.
    // P2: 300.00 USD × 12.15% × 20 / 365 = 72900 / 36500 = 1.997 → 2.00; 40 EUR / 0.8 = 50.00 USD.
    // Sorted by entity, customer_id, item_id: DE01 first.
    EXPECT_EQ(run_csv(L, "penalties", "2026-06-30"),
              std::string(kHeader) +
                  "DE01,C3,P7,JPY,100000,90,12.15,2996,6452\n"
                  "MAIN,C1,P1,EUR,1000.00,30,12.15,9.99,40.00\n"
                  "MAIN,C1,P5,EUR,100.00,1,12.15,0.03,40.00\n"
                  "MAIN,C2,P2,USD,300.00,20,12.15,2.00,50.00\n");
}

TEST(Penalties, PastAsOf) {
    const Ledger L = Ledger::load_sources(data(kFR));
    // A = 2026-06-15: the 06-20 allocations are later (P2 500.00, P8 80.00 still open); P5 not due.
    // P7: dpd 75: 100000 × 12.15 × 75 / 36500 = 2496.58 → 2497; 6452.
    // P1: dpd 15: 182250 / 36500 = 4.993 → 4.99.  P8: dpd 26: 80 × 12.15 × 26 / 36500 = 0.692 → 0.69.
    // P2: dpd 5: 500 × 12.15 × 5 / 36500 = 0.832 → 0.83; 40 EUR at 0.8 (from 06-15) = 50.00 USD.
    EXPECT_EQ(run_csv(L, "penalties", "2026-06-15"),
              std::string(kHeader) +
                  "DE01,C3,P7,JPY,100000,75,12.15,2497,6452\n"
                  "MAIN,C1,P1,EUR,1000.00,15,12.15,4.99,40.00\n"
                  "MAIN,C1,P8,EUR,80.00,26,12.15,0.69,40.00\n"
                  "MAIN,C2,P2,USD,500.00,5,12.15,0.83,50.00\n");
}

TEST(Penalties, Actual360RoundsHalfUp) {
    const Ledger L = Ledger::load_sources(data(
        R"({"rule": "FR", "day_count": "360", "reference_rates": [["2026-01-01", "2.15"], ["2026-07-01", "2.00"]]})"));
    // P7: 100000 × 12.15 × 90 / 36000 = 3037.5 → 3038 (half-up)
    // P1: 1000.00 × 12.15 × 30 / 36000 = 10.125 → 10.13 (half-up; half-even would give 10.12)
    // P5: 100.00 × 12.15 / 36000 = 0.03375 → 0.03
    // P2: 300.00 × 12.15 × 20 / 36000 = 2.025 → 2.03 (half-up; half-even 2.02)
    EXPECT_EQ(run_csv(L, "penalties", "2026-06-30"),
              std::string(kHeader) +
                  "DE01,C3,P7,JPY,100000,90,12.15,3038,6452\n"
                  "MAIN,C1,P1,EUR,1000.00,30,12.15,10.13,40.00\n"
                  "MAIN,C1,P5,EUR,100.00,1,12.15,0.03,40.00\n"
                  "MAIN,C2,P2,USD,300.00,20,12.15,2.03,50.00\n");
}

namespace {
// Three EUR invoices of 1000.00 for the rate-mode tests, A = 2026-07-10.
DataSources follow_data(const std::string& penalty) {
    return {
        {"customers.csv", "customer_id\nC1\n"},
        {"items.csv",
         "item_id,customer_id,issue_date,due_date,amount\n"
         "F1,C1,2026-05-21,2026-06-20,1000.00\n"
         "F2,C1,2026-05-31,2026-06-30,1000.00\n"
         "F3,C1,2026-05-01,2026-05-31,1000.00\n"},
        {"company.json", company(penalty)},
    };
}
} // namespace

TEST(Penalties, FixedRateModeKeepsTheRateOfTheDayAfterDue) {
    const Ledger L = Ledger::load_sources(follow_data(kFR));
    // F1 due 06-20, rate of 06-21 = 12.15, dpd 20: 1000 × 12.15 × 20 / 36500 = 6.657 → 6.66
    // F2 due 06-30, rate of 07-01 (the change day) = 12.00, dpd 10: 120000 / 36500 = 3.288 → 3.29
    // F3 due 05-31, 12.15, dpd 40: 486000 / 36500 = 13.315 → 13.32
    EXPECT_EQ(run_csv(L, "penalties", "2026-07-10"),
              std::string(kHeader) +
                  "MAIN,C1,F1,EUR,1000.00,20,12.15,6.66,40.00\n"
                  "MAIN,C1,F2,EUR,1000.00,10,12.00,3.29,40.00\n"
                  "MAIN,C1,F3,EUR,1000.00,40,12.15,13.32,40.00\n");
}

TEST(Penalties, FollowModeSplitsAtRateChange) {
    const Ledger L = Ledger::load_sources(follow_data(
        R"({"rule": "FR", "rate_mode": "follow", "reference_rates": [["2026-01-01", "2.15"], ["2026-07-01", "2.00"]]})"));
    // F1: 06-21…06-30 10 days at 12.15, 07-01…07-10 10 days at 12.00:
    //     1000 × (12.15 × 10 + 12.00 × 10) / 36500 = 241500 / 36500 = 6.616 → 6.62; rate shown: 12.00 (at A)
    // F2: all 10 days at 12.00 → 3.29
    // F3: 30 days at 12.15 + 10 at 12.00: 1000 × (364.5 + 120) / 36500 = 484500 / 36500 = 13.274 → 13.27
    EXPECT_EQ(run_csv(L, "penalties", "2026-07-10"),
              std::string(kHeader) +
                  "MAIN,C1,F1,EUR,1000.00,20,12.00,6.62,40.00\n"
                  "MAIN,C1,F2,EUR,1000.00,10,12.00,3.29,40.00\n"
                  "MAIN,C1,F3,EUR,1000.00,40,12.00,13.27,40.00\n");
}

TEST(Penalties, FollowModeSeveralChangesAndThreeDecimalRate) {
    const Ledger L = Ledger::load_sources(follow_data(
        R"({"rule": "EU", "rate_mode": "follow", "reference_rates": [["2026-01-01", "2.15"], ["2026-07-01", "2.00"], ["2026-07-05", "1.125"]]})"));
    // EU = reference + 8. F1 (due 06-20): 10 days at 10.15, 4 days (07-01…07-04) at 10.00,
    //   6 days (07-05…07-10) at 9.125: 1000 × (101.5 + 40 + 54.75) / 36500 = 196250 / 36500 = 5.377 → 5.38
    // F2 (due 06-30): 4 days at 10.00 + 6 at 9.125 = 94.75 → 94750 / 36500 = 2.596 → 2.60
    // F3 (due 05-31): 30 × 10.15 + 4 × 10 + 6 × 9.125 = 304.5 + 40 + 54.75 = 399.25 → 10.938 → 10.94
    // annual_rate at A: 9.125 (three decimals kept).
    EXPECT_EQ(run_csv(L, "penalties", "2026-07-10"),
              std::string(kHeader) +
                  "MAIN,C1,F1,EUR,1000.00,20,9.125,5.38,40.00\n"
                  "MAIN,C1,F2,EUR,1000.00,10,9.125,2.60,40.00\n"
                  "MAIN,C1,F3,EUR,1000.00,40,9.125,10.94,40.00\n");
}

TEST(Penalties, UkBands) {
    // UK: base rate 4.00 + 8 = 12.00. A = 2026-06-30, due 2026-04-18: dpd 73 (= 365 / 5).
    DataSources d = {
        {"customers.csv", "customer_id,currency\nCE,EUR\nCG,GBP\n"},
        {"items.csv",
         "item_id,customer_id,issue_date,due_date,amount\n"
         "U1,CG,2026-03-19,2026-04-18,999.99\n"
         "U2,CG,2026-03-19,2026-04-18,1000.00\n"
         "U3,CG,2026-03-19,2026-04-18,9999.99\n"
         "U4,CG,2026-03-19,2026-04-18,10000.00\n"
         "E1,CE,2026-03-19,2026-04-18,1170.00\n"
         "E2,CE,2026-03-19,2026-04-18,1169.99\n"},
        {"fx.csv", "date,currency,rate\n2026-01-01,GBP,1.17\n"},
        {"company.json", company(R"({"rule": "UK", "reference_rates": [["2026-01-01", "4.00"]]})")},
    };
    const Ledger L = Ledger::load_sources(d);
    // Interest = bal × 12% × 73 / 365 = bal × 0.024:
    //   999.99 → 23.99976 → 24.00; 1000.00 → 24.00; 9999.99 → 239.99976 → 240.00; 10000.00 → 240.00
    //   1170.00 EUR → 28.08; 1169.99 EUR → 28.07976 → 28.08
    // Bands on the debt in GBP: U1 999.99 → 40; U2 1000.00 → 70; U3 9999.99 → 70; U4 10000.00 → 100.
    //   E1 1170.00 EUR / 1.17 = 1000.00 GBP → 70 GBP = 70 × 1.17 = 81.90 EUR
    //   E2 1169.99 EUR / 1.17 = 999.9915 → 999.99 GBP → 40 GBP = 46.80 EUR
    EXPECT_EQ(run_csv(L, "penalties", "2026-06-30"),
              std::string(kHeader) +
                  "MAIN,CE,E1,EUR,1170.00,73,12.00,28.08,81.90\n"
                  "MAIN,CE,E2,EUR,1169.99,73,12.00,28.08,46.80\n"
                  "MAIN,CG,U1,GBP,999.99,73,12.00,24.00,40.00\n"
                  "MAIN,CG,U2,GBP,1000.00,73,12.00,24.00,70.00\n"
                  "MAIN,CG,U3,GBP,9999.99,73,12.00,240.00,70.00\n"
                  "MAIN,CG,U4,GBP,10000.00,73,12.00,240.00,100.00\n");
}

namespace {
DataSources custom_data(const std::string& penalty) {
    return {
        {"customers.csv", "customer_id,currency\nCE,EUR\nCG,GBP\n"},
        {"items.csv",
         "item_id,customer_id,issue_date,due_date,amount\n"
         "X1,CE,2026-05-28,2026-06-27,365.00\n"
         "X2,CG,2026-05-28,2026-06-27,100.00\n"},
        {"fx.csv", "date,currency,rate\n2026-01-01,GBP,1.17\n"},
        {"company.json", company(penalty)},
    };
}
} // namespace

TEST(Penalties, CustomRuleFeeInAnotherCurrency) {
    const Ledger L =
        Ledger::load_sources(custom_data(R"({"rule": "custom", "rate": "1.5", "fee": "40", "fee_currency": "GBP"})"));
    // A = 2026-06-30, dpd 3. X1: 365.00 × 1.5% × 3 / 365 = 0.045 → 0.05 (half-up; half-even 0.04);
    //   fee 40 GBP × 1.17 = 46.80 EUR. X2: 100.00 GBP × 1.5% × 3 / 365 = 0.0123 → 0.01; 40.00 GBP.
    // annual_rate 1.5 printed with two decimals.
    EXPECT_EQ(run_csv(L, "penalties", "2026-06-30"),
              std::string(kHeader) +
                  "MAIN,CE,X1,EUR,365.00,3,1.50,0.05,46.80\n"
                  "MAIN,CG,X2,GBP,100.00,3,1.50,0.01,40.00\n");
}

TEST(Penalties, CustomRuleFeeDefaultsToCompanyCurrency) {
    const Ledger L = Ledger::load_sources(custom_data(R"({"rule": "custom", "rate": "8", "fee": "40"})"));
    // Fee in EUR (company base): X2 gets 40 / 1.17 = 34.188 → 34.19 GBP.
    // Interest at 8%: X1 365 × 8% × 3 / 365 = 0.24; X2 100 × 8% × 3 / 365 = 0.0658 → 0.07.
    EXPECT_EQ(run_csv(L, "penalties", "2026-06-30"),
              std::string(kHeader) +
                  "MAIN,CE,X1,EUR,365.00,3,8.00,0.24,40.00\n"
                  "MAIN,CG,X2,GBP,100.00,3,8.00,0.07,34.19\n");
}

TEST(Penalties, SharedComputation) {
    const Ledger L = Ledger::load_sources(data(kFR));
    const PenaltyRule rule(L);
    ASSERT_TRUE(rule.configured());
    const Date A = Date::parse_or_throw("2026-06-30");
    const std::uint32_t p1 = L.find_item("MAIN", "P1"), p4 = L.find_item("MAIN", "P4"),
                        p3 = L.find_item("MAIN", "P3"), p6 = L.find_item("MAIN", "P6"),
                        p8 = L.find_item("MAIN", "P8");
    EXPECT_TRUE(rule.applies(p1, A));
    EXPECT_FALSE(rule.applies(p4, A)); // disputed
    EXPECT_FALSE(rule.applies(p3, A)); // debit note
    EXPECT_FALSE(rule.applies(p6, A)); // due at A
    EXPECT_FALSE(rule.applies(p8, A)); // paid
    const ItemPenalty p = rule.compute(p1, A);
    EXPECT_EQ(p.currency.code(), "EUR");
    EXPECT_EQ(p.balance, 100000);
    EXPECT_EQ(p.days_past_due, 30);
    EXPECT_EQ(p.annual_rate, Decimal::parse("12.15"));
    EXPECT_EQ(p.interest, 999);    // 9.99 as above
    EXPECT_EQ(p.indemnity, 4000);  // 40.00 EUR
    // A balance given directly: 2000.00 EUR due 2026-05-31 → 19.97 (729000 / 36500 = 19.972).
    const ItemPenalty q = rule.compute(Currency::of("EUR"), 200000, Date::parse_or_throw("2026-05-31"), A);
    EXPECT_EQ(q.interest, 1997);
    EXPECT_EQ(rule.annual_rate_on(Date::parse_or_throw("2026-07-01")), Decimal::parse("12.00"));
}

TEST(Penalties, EmptyResult) {
    const Ledger L = Ledger::load_sources(data(kFR));
    // 2026-04-01: P7 due that day (dpd 0), nothing else overdue.
    EXPECT_EQ(run_csv(L, "penalties", "2026-04-01"), kHeader);
}

TEST(Penalties, Errors) {
    // No rule in company.json.
    DataSources d = data(kFR);
    d["company.json"] = "{\"name\": \"Seller\"}";
    const Ledger L = Ledger::load_sources(d);
    try {
        run_csv(L, "penalties", "2026-06-30");
        FAIL() << "expected an error";
    } catch (const Error& e) {
        EXPECT_EQ(e.code(), Errc::data);
    }
    // The reference table starts after a due date: the item is named.
    const Ledger L2 = Ledger::load_sources(data(R"({"rule": "FR", "reference_rates": [["2026-05-01", "2.15"]]})"));
    try {
        run_csv(L2, "penalties", "2026-06-30");
        FAIL() << "expected an error";
    } catch (const Error& e) {
        EXPECT_EQ(e.code(), Errc::data);
        EXPECT_NE(std::string(e.what()).find("P7"), std::string::npos) << e.what();
        EXPECT_NE(std::string(e.what()).find("2026-04-02"), std::string::npos) << e.what();
    }
    EXPECT_THROW(run_csv(L2, "penalties", "2026-06-30", {}, "customer"), Error);
}

TEST(Penalties, MixedMinorUnitsInOneColumn) {
    const Ledger L = Ledger::load_sources(data(kFR));
    const Table t = dsocore::test::run(L, "penalties", "2026-06-30");
    // The amount columns hold units at the largest minor unit (2 for EUR/USD), each row
    // printed with its own currency's digits: JPY rows without decimals.
    const std::size_t bal = t.column_index("balance");
    EXPECT_EQ(t.columns[bal].scale, 2);
    EXPECT_EQ(t.columns[bal].ints[0], 10000000); // 100000 JPY as units of 0.01: the value stays exact
    EXPECT_EQ(t.cell_text(bal, 0), "100000");
    EXPECT_EQ(t.cell_text(bal, 1), "1000.00");
    const std::string json = to_json(t);
    EXPECT_NE(json.find(R"({"entity": "DE01", "customer_id": "C3", "item_id": "P7", "currency": "JPY", )"
                        R"("balance": "100000", "days_past_due": 90, "annual_rate": "12.15", "interest": "2996", )"
                        R"("indemnity": "6452"})"),
              std::string::npos)
        << json;
}

// --- Cases moved from the collection engine's former per-item penalty function: the
// #LATE_PENALTIES / #RECOVERY_COSTS tags now use PenaltyRule, so its cases run here.
namespace {
Ledger load_collection_case(const std::string& customers, const std::string& items, const std::string& company,
                            const std::string& fx = "") {
    DataSources s;
    s["customers.csv"] = customers;
    s["items.csv"] = "item_id,customer_id,type,issue_date,due_date,currency,amount,open_amount,status,promise_date\n" + items;
    s["company.json"] = company;
    if (!fx.empty()) s["fx.csv"] = "date,currency,rate\n" + fx;
    return Ledger::load_sources(s);
}
} // namespace

TEST(Penalties, CollectionCasesFrenchRuleFixedAndFollow) {
    const Date A = Date::from_ymd(2026, 6, 30);
    // 1000.00 EUR due 05-31, dpd 30. Reference on 06-01 (day after due) = 2.15 → 12.15 %.
    // 1000 × 12.15 / 100 × 30 / 365 = 3645 / 365 = 9.9863… → 9.99; indemnity 40.00 EUR.
    const std::string items = "I1,C1,invoice,2026-05-01,2026-05-31,EUR,1000.00,1000.00,,\n"
                              "I2,C1,invoice,2026-05-01,2026-05-31,EUR,1000.00,1000.00,dispute,\n"
                              "D1,C1,debit_note,2026-05-01,2026-05-31,EUR,1000.00,1000.00,,\n";
    const Ledger L = load_collection_case(
        "customer_id\nC1\n", items,
        R"({"penalty": {"rule": "FR", "reference_rates": [["2026-01-01", "2.15"], ["2026-06-15", "3.00"]]}})");
    const PenaltyRule rule(L);
    ASSERT_TRUE(rule.applies(0, A));
    const ItemPenalty p = rule.compute(0, A);
    EXPECT_EQ(p.days_past_due, 30);
    EXPECT_EQ(p.annual_rate, Decimal::parse("12.15"));
    EXPECT_EQ(p.interest, 999);
    EXPECT_EQ(p.indemnity, 4000);
    EXPECT_FALSE(rule.applies(1, A)); // dispute
    EXPECT_FALSE(rule.applies(2, A)); // debit notes are not in the rule
    // follow: 06-01..06-14 = 14 days at 12.15, 06-15..06-30 = 16 days at 13.00:
    // 1000 × (12.15 × 14 + 13 × 16) / 100 / 365 = 1000 × 378.1 / 36500 = 10.3589… → 10.36.
    const Ledger F = load_collection_case("customer_id\nC1\n", items,
                                          R"({"penalty": {"rule": "FR", "rate_mode": "follow",
                              "reference_rates": [["2026-01-01", "2.15"], ["2026-06-15", "3.00"]]}})");
    EXPECT_EQ(PenaltyRule(F).compute(0, A).interest, 1036);
    // No rule in company.json: not configured (the tags then print zero).
    const Ledger N = load_collection_case("customer_id\nC1\n", items, R"({"name": "Seller"})");
    EXPECT_FALSE(PenaltyRule(N).configured());
}

TEST(Penalties, CollectionCasesUkBandsAndCustomFeeConverted) {
    const Date A = Date::from_ymd(2026, 6, 30);
    // UK: GBP 5000.00 due 06-20, dpd 10, base 4.00 + 8 = 12 %: 5000 × 12 / 100 × 10 / 365 =
    // 6000 / 365 = 16.438… → 16.44; debt < 10,000 GBP → 70 GBP.
    const Ledger U = load_collection_case("customer_id,currency\nC1,GBP\n",
                                          "I1,C1,invoice,2026-05-01,2026-06-20,GBP,5000.00,5000.00,,\n",
                                          R"({"penalty": {"rule": "UK", "reference_rates": [["2026-01-01", "4.00"]]}})",
                                          "2026-01-01,GBP,1.15\n");
    const ItemPenalty u = PenaltyRule(U).compute(0, A);
    EXPECT_EQ(u.interest, 1644);
    EXPECT_EQ(u.indemnity, 7000);
    // custom 12 %, fee 40 EUR on a USD invoice: 40 EUR at A = 40 × 1 / 0.8 = 50.00 USD.
    // Interest: 800.00 × 12 / 100 × 30 / 365 = 2880 / 365 = 7.890… → 7.89.
    const Ledger C = load_collection_case(
        "customer_id,currency\nC1,USD\n", "I1,C1,invoice,2026-05-01,2026-05-31,USD,800.00,800.00,,\n",
        R"({"penalty": {"rule": "custom", "rate": "12", "fee": "40", "fee_currency": "EUR"}})", "2026-01-01,USD,0.8\n");
    const ItemPenalty c = PenaltyRule(C).compute(0, A);
    EXPECT_EQ(c.interest, 789);
    EXPECT_EQ(c.indemnity, 5000);
}

TEST(Penalties, ItemPenaltyForCollectionTags) {
    const Ledger L = Ledger::load_sources(data(kFR));
    const Date A = Date::parse_or_throw("2026-06-30");
    // Same figures as the report row of P2: 300.00 USD, 2.00 interest, 50.00 indemnity.
    const ItemPenalty p = item_penalty(L, L.find_item("MAIN", "P2"), A);
    EXPECT_TRUE(p.applies);
    EXPECT_EQ(p.currency.code(), "USD");
    EXPECT_EQ(p.interest, 200);
    EXPECT_EQ(p.indemnity, 5000);
    // Disputed: not claimable, zero figures.
    const ItemPenalty q = item_penalty(L, L.find_item("MAIN", "P4"), A);
    EXPECT_FALSE(q.applies);
    EXPECT_EQ(q.interest, 0);
    EXPECT_EQ(q.indemnity, 0);
    // No rule in company.json: nothing claimable, no error (a letter still renders).
    DataSources d = data(kFR);
    d["company.json"] = "{\"name\": \"Seller\"}";
    const Ledger N = Ledger::load_sources(d);
    EXPECT_FALSE(item_penalty(N, N.find_item("MAIN", "P1"), A).applies);
}

TEST(Penalties, RowOrderEntityCustomerItem) {
    // The same customer_id C1 in two entities, item rows out of order: rows sorted by
    // entity, then customer_id, then item_id (bytewise), not by item_id alone or by row.
    //   expected: DE01/C1/A1, DE01/C1/Z2, MAIN/C1/B1, MAIN/C1/Z1, MAIN/C2/A9.
    const DataSources s = {
        {"customers.csv", "entity,customer_id,currency\nMAIN,C2,EUR\nDE01,C1,EUR\nMAIN,C1,EUR\n"},
        {"items.csv", "entity,item_id,customer_id,type,issue_date,due_date,amount,open_amount\n"
                      "MAIN,A9,C2,invoice,2026-05-01,2026-05-31,100.00,100.00\n"
                      "MAIN,Z1,C1,invoice,2026-05-01,2026-05-31,100.00,100.00\n"
                      "DE01,Z2,C1,invoice,2026-05-01,2026-05-31,100.00,100.00\n"
                      "MAIN,B1,C1,invoice,2026-05-01,2026-05-31,100.00,100.00\n"
                      "DE01,A1,C1,invoice,2026-05-01,2026-05-31,100.00,100.00\n"},
        {"company.json", company(kFR)}};
    const Ledger L = Ledger::load_sources(s);
    const Table t = dsocore::test::run(L, "penalties", "2026-06-30");
    std::vector<std::string> got;
    for (std::size_t r = 0; r < t.rows(); ++r)
        got.push_back(t.cell_text(0, r) + "/" + t.cell_text(1, r) + "/" + t.cell_text(2, r));
    EXPECT_EQ(got, (std::vector<std::string>{"DE01/C1/A1", "DE01/C1/Z2", "MAIN/C1/B1", "MAIN/C1/Z1", "MAIN/C2/A9"}));
}

TEST(Penalties, RowOrderOnSampleDataMatchesTheStringSort) {
    // Reference: every invoice PenaltyRule::applies to, sorted by the tuple of strings
    // (entity, customer_id, item_id) as the report sorted them before ranking customers.
    const Ledger L = Ledger::load(std::string(DSOCORE_SOURCE_DIR) + "/examples/data");
    const Date A = Date::from_ymd(2026, 6, 30);
    const ItemTable& I = L.items();
    const CustomerTable& C = L.customers();
    const PenaltyRule rule(L);
    using Key = std::tuple<std::string, std::string, std::string>;
    std::vector<Key> want;
    for (std::uint32_t i = 0; i < I.size(); ++i)
        if (rule.applies(i, A))
            want.emplace_back(L.str(I.entity[i]), L.str(C.customer_id[I.customer[i]]), L.str(I.item_id[i]));
    std::sort(want.begin(), want.end());
    ASSERT_GT(want.size(), 100u);
    const Table t = dsocore::test::run(L, "penalties", "2026-06-30");
    std::vector<Key> got;
    for (std::size_t r = 0; r < t.rows(); ++r) got.emplace_back(t.cell_text(0, r), t.cell_text(1, r), t.cell_text(2, r));
    EXPECT_EQ(got, want);
}

namespace {
// 140,000 invoices: more than one worker's grain (kParallelGrain / 4 = 32,768 for this
// report), so it runs on every worker of the machine (2 here: rows [0, 70,000) and
// [70,000, 140,000)). Customers K000..K299 in two entities,
// item ids of 4 to 14 bytes sharing long prefixes ("INV-2026-…"), 40 due dates, one
// item in 7 partly paid, the currencies EUR and USD. `bad` rows get a due date before
// the first reference rate (no rate in force: an error naming the item).
DataSources big(const std::vector<std::size_t>& bad = {}) {
    std::string customers = "entity,customer_id,currency\n", items =
        "entity,item_id,customer_id,type,issue_date,due_date,amount,open_amount\n";
    for (int c = 0; c < 300; ++c) {
        const std::string id = "K" + std::string(c < 10 ? "00" : c < 100 ? "0" : "") + std::to_string(c);
        customers += std::string(c % 2 ? "DE01," : "MAIN,") + id + (c % 3 ? ",EUR\n" : ",USD\n");
    }
    for (std::size_t i = 0; i < 140000; ++i) {
        const std::size_t c = (i * 7919) % 300;
        const std::string cust = "K" + std::string(c < 10 ? "00" : c < 100 ? "0" : "") + std::to_string(c);
        const std::string id = i % 3 == 0 ? "I" + std::to_string(i) : "INV-2026-" + std::to_string(i);
        const bool is_bad = std::find(bad.begin(), bad.end(), i) != bad.end();
        const int day = 1 + static_cast<int>(i % 28);
        const std::string due = is_bad ? "2025-12-15" : "2026-0" + std::to_string(3 + i % 3) + "-" +
                                                          (day < 10 ? "0" : "") + std::to_string(day);
        const std::string amount = std::to_string(100 + i % 900) + "." + std::to_string(10 + i % 90);
        const std::string open = i % 7 == 0 ? std::to_string(50 + i % 50) + ".00" : amount;
        items += std::string(c % 2 ? "DE01," : "MAIN,") + id + "," + cust + ",invoice,2025-11-01," + due + "," +
                 amount + "," + open + "\n";
    }
    return {{"customers.csv", customers},
            {"items.csv", items},
            {"fx.csv", "date,currency,rate\n2025-01-01,USD,0.9\n2026-06-15,USD,0.8\n"},
            {"company.json", company(kFR)}};
}
} // namespace

TEST(Penalties, ParallelReportEqualsItemByItem) {
    const Ledger L = Ledger::load_sources(big());
    const Date A = Date::from_ymd(2026, 6, 30);
    const ItemTable& I = L.items();
    const CustomerTable& C = L.customers();
    // Reference: item_penalty on each claimable item, sorted by the tuple of strings.
    using Row = std::tuple<std::string, std::string, std::string, std::string>;
    std::vector<Row> want;
    for (std::uint32_t i = 0; i < I.size(); ++i) {
        const ItemPenalty p = item_penalty(L, i, A);
        if (!p.applies) continue;
        want.emplace_back(L.str(I.entity[i]), L.str(C.customer_id[I.customer[i]]), L.str(I.item_id[i]),
                          std::to_string(p.balance) + "|" + std::to_string(p.days_past_due) + "|" +
                              p.annual_rate.to_string() + "|" + std::to_string(p.interest) + "|" +
                              std::to_string(p.indemnity));
    }
    std::sort(want.begin(), want.end());
    ASSERT_EQ(want.size(), 140000u); // every invoice is overdue at A and open
    const Table t = dsocore::test::run(L, "penalties", "2026-06-30");
    ASSERT_EQ(t.rows(), want.size());
    const auto units = [&](std::size_t col, std::size_t r) {
        // Amount cells are at the column's scale; EUR and USD both have 2 digits.
        return std::to_string(t.columns[col].ints[r]);
    };
    for (std::size_t r = 0; r < t.rows(); ++r) {
        const Row got{t.cell_text(0, r), t.cell_text(1, r), t.cell_text(2, r),
                      units(4, r) + "|" + t.cell_text(5, r) + "|" + t.cell_text(6, r) + "|" + units(7, r) + "|" +
                          units(8, r)};
        ASSERT_EQ(got, want[r]) << "row " << r;
    }
}

TEST(Penalties, ParallelReportNamesTheFirstFaultyItemInRowOrder) {
    // Two faulty items: the error names the one of the earlier row, whichever worker
    // meets it (row 10 is in the first worker's range, rows 80,000 and 139,000 in the
    // last one's on a 2-core machine).
    for (const auto& [bad, first] : std::vector<std::pair<std::vector<std::size_t>, std::string>>{
             {{10, 139000}, "MAIN:INV-2026-10:"}, {{80000, 139000}, "MAIN:INV-2026-80000:"}}) {
        const Ledger L = Ledger::load_sources(big(bad));
        try {
            run_csv(L, "penalties", "2026-06-30");
            FAIL() << "expected an error";
        } catch (const Error& e) {
            EXPECT_EQ(e.code(), Errc::data);
            EXPECT_NE(std::string(e.what()).find("penalty of item " + first), std::string::npos) << e.what();
            EXPECT_NE(std::string(e.what()).find("2025-12-16"), std::string::npos) << e.what();
        }
    }
}
