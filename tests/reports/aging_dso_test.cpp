// aging and dso on hand-worked datasets (reports.md).
#include <gtest/gtest.h>

#include "dsocore/core/error.hpp"
#include "dsocore/reports/aging.hpp"
#include "dsocore/reports/dso.hpp"

using namespace dsocore;

namespace {

Table run(const Ledger& L, const std::string& name, const char* as_of, const std::string& by = "",
          std::map<std::string, std::string> opts = {}, std::optional<Currency> base = std::nullopt) {
    ReportRequest r;
    r.name = name;
    r.as_of = Date::parse_or_throw(as_of);
    r.by = by;
    r.options = std::move(opts);
    r.base_currency = base;
    return run_report(L, r);
}

std::string cell(const Table& t, std::size_t row, const std::string& col) {
    return t.cell_text(t.column_index(col), row);
}

// The countback example of reports.md: A = 2026-06-30, AR = 250,000; June sales
// 120,000, May 100,000, April 90,000 (the AR is one open invoice issued in April plus
// the two later ones fully open: 120,000 + 100,000 + 30,000 open of April's 90,000).
DataSources countback_example() {
    return {{"customers.csv", "customer_id,name\nC,Client\n"},
            {"items.csv",
             "item_id,customer_id,issue_date,due_date,amount,open_amount\n"
             "APR,C,2026-04-15,2026-05-15,90000.00,30000.00\n"
             "MAY,C,2026-05-15,2026-06-14,100000.00,100000.00\n"
             "JUN,C,2026-06-15,2026-07-15,120000.00,120000.00\n"},
            {"allocations.csv", "item_id,date,amount\nAPR,2026-06-01,60000.00\n"}};
}

} // namespace

TEST(Dso, CountbackWorkedExampleOfTheSpec) {
    const Ledger L = Ledger::load_sources(countback_example());
    const Table t = run(L, "dso", "2026-06-30", "total");
    ASSERT_EQ(t.rows(), 1u);
    EXPECT_EQ(cell(t, 0, "key"), "TOTAL");
    // 250,000 − 120,000 (June, 30 d) − 100,000 (May, 31 d) = 30,000; 30,000/90,000 × 30 = 10.
    EXPECT_EQ(cell(t, 0, "dso"), "71.0");
    // S(A−90, A] = sales issued 2026-04-01 .. 2026-06-30 = 310,000. Not due at A: JUN
    // (due 07-15) = 120,000. bpdso = 120,000/310,000 × 90 = 34.838… → 34.8;
    // add = standard − bpdso = 130,000/310,000 × 90 = 37.741… → 37.7.
    EXPECT_EQ(cell(t, 0, "bpdso"), "34.8");
    EXPECT_EQ(cell(t, 0, "add"), "37.7");
    EXPECT_EQ(cell(t, 0, "note"), "");
    // standard: 250,000 / 310,000 × 90 = 72.580… → 72.6
    EXPECT_EQ(cell(run(L, "dso", "2026-06-30", "total", {{"method", "standard"}}), 0, "dso"), "72.6");
    // average: A−90 = 2026-04-01: nothing issued yet, AR_{A−90} = 0;
    // ((0 + 250,000)/2) / 310,000 × 90 = 36.290… → 36.3
    EXPECT_EQ(cell(run(L, "dso", "2026-06-30", "total", {{"method", "average"}}), 0, "dso"), "36.3");
}

TEST(Dso, CountbackFunctionEdgeCases) {
    // A month with no sales adds its days; AR ≤ 0 gives 0; 24 periods cap.
    auto r = countback(100, {{30, 50}, {31, 0}, {30, 100}});
    // 100 − 50 = 50 after 30 d; May 0 sales: +31 d; April 50/100 × 30 = 15 → 76.
    EXPECT_EQ(ratio_units(r.num, r.den), 760);
    r = countback(0, {{30, 50}});
    EXPECT_EQ(ratio_units(r.num, r.den), 0);
    r = countback(-5, {{30, 50}});
    EXPECT_EQ(ratio_units(r.num, r.den), 0);
    std::vector<std::pair<int, std::int64_t>> empty(24, {30, 0});
    r = countback(10, empty);
    EXPECT_TRUE(r.capped);
    EXPECT_EQ(ratio_units(r.num, r.den), 7200); // 24 × 30 days
    // Exhausted exactly at a month boundary: 50 then 50 → 30 + 31 = 61, no fraction.
    r = countback(100, {{30, 50}, {31, 50}, {30, 100}});
    EXPECT_FALSE(r.capped);
    EXPECT_EQ(ratio_units(r.num, r.den), 610);
}

TEST(Dso, NoSalesGivesEmptyRatiosAndANote) {
    DataSources s = {{"customers.csv", "customer_id\nC\nD\n"},
                     {"items.csv", "item_id,customer_id,issue_date,due_date,amount\nOLD,C,2024-01-10,2024-02-09,100.00\n"}};
    const Ledger L = Ledger::load_sources(s);
    const Table t = run(L, "dso", "2026-06-30", "", {{"method", "standard"}});
    ASSERT_EQ(t.rows(), 2u); // every customer is listed, D without any item
    EXPECT_EQ(cell(t, 0, "customer_id"), "C");
    EXPECT_TRUE(t.is_null(t.column_index("dso"), 0));
    EXPECT_TRUE(t.is_null(t.column_index("bpdso"), 0));
    EXPECT_TRUE(t.is_null(t.column_index("add"), 0));
    EXPECT_EQ(cell(t, 0, "note"), "no_sales");
    // countback stays defined: 24 months without sales, AR 100 > 0 → capped, sum of
    // the days of July 2024 .. June 2026 windows: period 0 = 2026-06-01..30 (30 d)
    // and 23 full months back to 2024-07: total = days from 2024-07-01 to 2026-06-30
    // = 730 days.
    const Table c = run(L, "dso", "2026-06-30");
    EXPECT_EQ(cell(c, 0, "dso"), "730.0");
    EXPECT_EQ(cell(c, 0, "note"), "capped; no_sales");
    EXPECT_EQ(cell(c, 1, "dso"), "0.0"); // D: AR 0
    EXPECT_EQ(cell(c, 1, "note"), "no_sales");
}

TEST(Dso, Calendar445Countback) {
    // A = 2026-06-30 (Tue) is in fiscal period 7: 2026-06-29 .. 07-26, so period 0 is
    // 06-29 .. 06-30 (2 days); period 1 = 05-25 .. 06-28 (35 days); period 2 =
    // 04-27 .. 05-24 (28 days). Sales: 100 on 06-30, 200 on 06-01, 400 on 05-01.
    // AR = 500 open: 500 − 100 = 400 (2 d), − 200 = 200 (35 d), 200/400 × 28 = 14
    // → 2 + 35 + 14 = 51.0. With calendar months it would be: June sales 300
    // (30 d), 500 − 300 = 200, May 400: 200/400 × 31 = 15.5 → 45.5.
    DataSources s = {{"customers.csv", "customer_id\nC\n"},
                     {"items.csv",
                      "item_id,customer_id,issue_date,due_date,amount,open_amount\n"
                      "A,C,2026-05-01,2026-05-31,400.00,200.00\n"
                      "B,C,2026-06-01,2026-07-01,200.00,200.00\n"
                      "D,C,2026-06-30,2026-07-30,100.00,100.00\n"}};
    const Ledger L = Ledger::load_sources(s);
    EXPECT_EQ(cell(run(L, "dso", "2026-06-30", "", {{"calendar", "445"}}), 0, "dso"), "51.0");
    EXPECT_EQ(cell(run(L, "dso", "2026-06-30"), 0, "dso"), "45.5");
}

TEST(Aging, BucketsCreditNotesAndTotals) {
    // A = 2026-06-30. dpd: N1 due 07-10 → −10 not_due; O1 due 06-20 → 10; O2 due
    // 05-01 → 60 (31-60, 60 is the bucket's upper bound); O3 due 03-31 → 91 (91+);
    // CN due 06-30 → 0 → not_due (negative); P payment (due = issue 2026-06-01 + 30
    // = 07-01) not due, −50. Settled item S (open 0) is not listed.
    DataSources s = {{"customers.csv", "customer_id,group_code\nC,G1\nD,G1\nE,\n"},
                     {"items.csv",
                      "item_id,customer_id,type,issue_date,due_date,amount,open_amount\n"
                      "N1,C,invoice,2026-06-10,2026-07-10,100.00,100.00\n"
                      "O1,C,invoice,2026-05-21,2026-06-20,200.00,150.00\n"
                      "O2,C,invoice,2026-04-01,2026-05-01,300.00,300.00\n"
                      "O3,D,invoice,2026-03-01,2026-03-31,400.00,400.00\n"
                      "CN,D,credit_note,2026-06-30,2026-06-30,-25.00,-25.00\n"
                      "P,E,payment,2026-06-01,,-50.00,-50.00\n"
                      "S,E,invoice,2026-01-01,2026-01-31,10.00,0.00\n"}};
    const Ledger L = Ledger::load_sources(s);
    Table t = run(L, "aging", "2026-06-30");
    ASSERT_EQ(t.rows(), 3u);
    std::vector<std::string> names;
    for (const auto& c : t.columns) names.push_back(c.name);
    EXPECT_EQ(names, (std::vector<std::string>{"entity", "customer_id", "not_due", "1-30", "31-60", "61-90", "91+",
                                               "total", "overdue"}));
    EXPECT_EQ(to_csv(t),
              "entity,customer_id,not_due,1-30,31-60,61-90,91+,total,overdue\n"
              "MAIN,C,100.00,150.00,300.00,0.00,0.00,550.00,450.00\n"
              "MAIN,D,-25.00,0.00,0.00,0.00,400.00,375.00,400.00\n"
              "MAIN,E,-50.00,0.00,0.00,0.00,0.00,-50.00,0.00\n");
    // By group_code: E has an empty key (sorts first); C and D form G1.
    t = run(L, "aging", "2026-06-30", "group_code", {{"buckets", "15,90"}});
    EXPECT_EQ(to_csv(t),
              "group_code,not_due,1-15,16-90,91+,total,overdue\n"
              ",-50.00,0.00,0.00,0.00,-50.00,0.00\n"
              "G1,75.00,150.00,300.00,400.00,925.00,850.00\n");
    EXPECT_THROW(run(L, "aging", "2026-06-30", "", {{"buckets", "60,30"}}), Error);
    EXPECT_THROW(run(L, "aging", "2026-06-30", "colour"), Error);
    EXPECT_THROW(run(L, "aging", "2026-06-30", "", {{"bukets", "30"}}), Error);
}

TEST(Aging, MultiCurrencyConvertsEachItemHalfEvenAtA) {
    // USD rates: 0.9 from 2026-01-01, 0.91 from 2026-06-15. At A = 2026-06-30 the rate
    // is 0.91: 100.05 USD × 0.91 = 91.0455 → 91.05 (the dropped 0.0055 is above half a
    // cent); 10.50 USD × 0.91 = 9.555 exactly, a tie: half-even goes to the even cent 9.56.
    // JPY 1235 at 0.0062 = 7.657 → 7.66. EUR 1.00. Total = 91.05 + 9.56 + 7.66 + 1 = 109.27.
    DataSources s = {{"customers.csv", "customer_id,currency\nU,USD\nJ,JPY\nE,EUR\n"},
                     {"fx.csv", "date,currency,rate\n2026-01-01,USD,0.9\n2026-06-15,USD,0.91\n2026-01-01,JPY,0.0062\n"},
                     {"items.csv",
                      "item_id,customer_id,issue_date,due_date,amount\n"
                      "U1,U,2026-06-01,2026-07-01,100.05\n"
                      "U2,U,2026-06-01,2026-07-01,10.50\n"
                      "J1,J,2026-06-01,2026-07-01,1235\n"
                      "E1,E,2026-06-01,2026-07-01,1.00\n"}};
    const Ledger L = Ledger::load_sources(s);
    Table t = run(L, "aging", "2026-06-30", "total");
    EXPECT_EQ(cell(t, 0, "total"), "109.27");
    // At 2026-06-14 the USD rate is 0.9: 90.045 → 90.04 (tie, 4 even); 9.45; total
    // 90.04 + 9.45 + 7.66 + 1.00 = 108.15.
    t = run(L, "aging", "2026-06-14", "total");
    EXPECT_EQ(cell(t, 0, "total"), "108.15");
    // Base USD: cross rate x × rate(cur)/rate(USD) rounded once, at A (USD 0.91):
    // EUR 1.00 / 0.91 = 1.0989… → 1.10; JPY 1235 × 0.0062 / 0.91 = 8.4142… → 8.41;
    // USD 100.05 + 10.50 = 110.55. Total 120.06.
    t = run(L, "aging", "2026-06-30", "total", {}, Currency::of("USD"));
    EXPECT_EQ(t.base_currency, "USD");
    EXPECT_EQ(cell(t, 0, "total"), "120.06");
    // Base GBP: no GBP rate → missing_rate error naming the currency and the date.
    try {
        (void)run(L, "aging", "2026-06-30", "total", {}, Currency::of("GBP"));
        FAIL();
    } catch (const Error& e) {
        EXPECT_EQ(e.code(), Errc::missing_rate);
        EXPECT_NE(std::string(e.what()).find("GBP on or before 2026-06-30"), std::string::npos);
    }
}

TEST(Aging, PastAsOfRebuildsBalancesFromAllocations) {
    // I1 1000 issued 03-01 due 03-31, paid 600 on 05-20 and 400 on 07-05 (after A).
    // I2 issued 07-01 (after A): does not exist at A. At A = 2026-06-30: bal(I1) =
    // 1000 − 600 = 400, dpd 91 → 91+. At 2026-05-19: 1000, dpd 49 → 31-60.
    DataSources s = {{"customers.csv", "customer_id\nC\n"},
                     {"items.csv",
                      "item_id,customer_id,issue_date,due_date,amount,open_amount\n"
                      "I1,C,2026-03-01,2026-03-31,1000.00,0.00\n"
                      "I2,C,2026-07-01,2026-07-31,500.00,500.00\n"},
                     {"allocations.csv", "item_id,date,amount\nI1,2026-05-20,600.00\nI1,2026-07-05,400.00\n"}};
    const Ledger L = Ledger::load_sources(s);
    Table t = run(L, "aging", "2026-06-30");
    EXPECT_EQ(to_csv(t), "entity,customer_id,not_due,1-30,31-60,61-90,91+,total,overdue\n"
                         "MAIN,C,0.00,0.00,0.00,0.00,400.00,400.00,400.00\n");
    t = run(L, "aging", "2026-05-19");
    EXPECT_EQ(cell(t, 0, "31-60"), "1000.00");
    // Before anything is issued: no row at all.
    EXPECT_EQ(run(L, "aging", "2026-01-01").rows(), 0u);
    // DSO standard at A: AR 400, sales (2026-04-01, 06-30] = 0 → empty; at 07-31 with
    // period 90: sales (05-02, 07-31] = I2 500, AR = 0 + 500 = 500 → 90.0.
    t = run(L, "dso", "2026-07-31", "", {{"method", "standard"}});
    EXPECT_EQ(cell(t, 0, "dso"), "90.0");
}

TEST(Aging, ByEveryListedFieldIncludingCustomFields) {
    DataSources s = {{"customers.csv", "entity,customer_id,custom_3,country,collector\nFR01,C,north,FR,alice\nDE01,C,,DE,bob\n"},
                     {"items.csv", "entity,item_id,customer_id,issue_date,due_date,amount\n"
                                   "FR01,I,C,2026-06-01,2026-07-01,10.00\nDE01,I,C,2026-06-01,2026-06-10,20.00\n"}};
    const Ledger L = Ledger::load_sources(s);
    EXPECT_EQ(to_csv(run(L, "aging", "2026-06-30", "custom_3", {{"buckets", "30"}})),
              "custom_3,not_due,1-30,31+,total,overdue\n,0.00,20.00,0.00,20.00,20.00\nnorth,10.00,0.00,0.00,10.00,0.00\n");
    EXPECT_EQ(to_csv(run(L, "aging", "2026-06-30", "entity", {{"buckets", "30"}})),
              "entity,not_due,1-30,31+,total,overdue\nDE01,0.00,20.00,0.00,20.00,20.00\nFR01,10.00,0.00,0.00,10.00,0.00\n");
    for (const auto& f : groupable_fields()) EXPECT_NO_THROW(run(L, "aging", "2026-06-30", std::string(f))) << f;
    // JSON form.
    EXPECT_EQ(to_json(run(L, "aging", "2026-06-30", "total", {{"buckets", "30"}})),
              "{\"report\": \"aging\", \"as_of\": \"2026-06-30\", \"base_currency\": \"EUR\", \"rows\": [\n"
              "  {\"key\": \"TOTAL\", \"not_due\": \"10.00\", \"1-30\": \"20.00\", \"31+\": \"0.00\", \"total\": \"30.00\", "
              "\"overdue\": \"20.00\"}\n]}\n");
}
