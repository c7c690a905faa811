// schedule: hand-worked figures (reports.md, "schedule"); periods.hpp.
#include <gtest/gtest.h>

#include "dsocore/core/error.hpp"
#include "dsocore/reports/periods.hpp"
#include "dsocore/reports/schedule.hpp"
#include "reports/report_fixture.hpp"

using namespace dsocore;
using dsocore::test::run_csv;

namespace {
Date d(const char* s) { return Date::parse_or_throw(s); }

// Base EUR; USD = 0.9 EUR from 2026-01-01, 0.8 EUR from 2026-06-15. A = 2026-06-30 (a Tuesday).
//   S1 invoice     issued 05-30 due 06-29  100.00 EUR  (dpd 1: overdue)
//   S2 invoice     issued 05-31 due 06-30  200.00 EUR  (dpd 0: first period)
//   S3 invoice     issued 06-01 due 07-31  100.00 USD, allocation 06-20 40 → bal 60 USD × 0.8 = 48.00
//   S4 debit note  issued 06-10 due 09-01   50.00 EUR
//   S5 credit note issued 06-01 due 07-15  -30.00 EUR  (bal < 0: out)
//   S6 invoice     issued 05-01 due 05-31  100.00 EUR, paid 06-25 → bal 0 at A
//   S7 invoice     issued 06-20 due 08-31   70.00 EUR, status dispute:price (no status excluded)
//   S8 payment     issued 06-05           -500.00 EUR  (bal < 0: out)
DataSources data() {
    return {
        {"customers.csv", "customer_id,name\nC1,One\n"},
        {"items.csv",
         "item_id,customer_id,type,issue_date,due_date,currency,amount,open_amount,status\n"
         "S1,C1,invoice,2026-05-30,2026-06-29,EUR,100.00,100.00,\n"
         "S2,C1,invoice,2026-05-31,2026-06-30,EUR,200.00,200.00,\n"
         "S3,C1,invoice,2026-06-01,2026-07-31,USD,100.00,60.00,\n"
         "S4,C1,debit_note,2026-06-10,2026-09-01,EUR,50.00,50.00,\n"
         "S5,C1,credit_note,2026-06-01,2026-07-15,EUR,-30.00,-30.00,\n"
         "S6,C1,invoice,2026-05-01,2026-05-31,EUR,100.00,0,\n"
         "S7,C1,invoice,2026-06-20,2026-08-31,EUR,70.00,70.00,dispute:price\n"
         "S8,C1,payment,2026-06-05,2026-06-05,EUR,-500.00,-500.00,\n"},
        {"allocations.csv", "item_id,date,amount\nS3,2026-06-20,40.00\nS6,2026-06-25,100.00\n"},
        {"fx.csv", "date,currency,rate\n2026-01-01,USD,0.9\n2026-06-15,USD,0.8\n"},
    };
}
} // namespace

TEST(Periods, MonthsStartOnTheFirstAndContainA) {
    const Periods p(d("2026-06-30"), Interval::month, 3);
    ASSERT_EQ(p.size(), 3u);
    EXPECT_EQ(p.start(0).to_string(), "2026-06-01");
    EXPECT_EQ(p.start(2).to_string(), "2026-08-01");
    EXPECT_EQ(p.end().to_string(), "2026-09-01");
    EXPECT_EQ(p.index_of(d("2026-05-31").days()), Periods::kBefore);
    EXPECT_EQ(p.index_of(d("2026-06-01").days()), 0u);
    EXPECT_EQ(p.index_of(d("2026-07-31").days()), 1u);
    EXPECT_EQ(p.index_of(d("2026-08-31").days()), 2u);
    EXPECT_EQ(p.index_of(d("2026-09-01").days()), Periods::kLater);
    // A on the 31st: the next months still start on the 1st (no month-end clamping).
    const Periods q(d("2026-01-31"), Interval::month, 3);
    EXPECT_EQ(q.start(1).to_string(), "2026-02-01");
    EXPECT_EQ(q.start(2).to_string(), "2026-03-01");
}

TEST(Periods, WeeksStartOnMonday) {
    // 2026-06-30 is a Tuesday: its week starts Monday 2026-06-29.
    const Periods p(d("2026-06-30"), Interval::week, 2);
    EXPECT_EQ(p.start(0).to_string(), "2026-06-29");
    EXPECT_EQ(p.start(1).to_string(), "2026-07-06");
    EXPECT_EQ(p.end().to_string(), "2026-07-13");
    // A Monday starts its own week; a Sunday belongs to the week begun six days before.
    EXPECT_EQ(Periods(d("2026-06-29"), Interval::week, 1).start(0).to_string(), "2026-06-29");
    EXPECT_EQ(Periods(d("2026-07-05"), Interval::week, 1).start(0).to_string(), "2026-06-29");
}

TEST(Schedule, MonthlyHorizon3) {
    const Ledger L = Ledger::load_sources(data());
    // overdue: S1 100.00 · 2026-06-01: S2 200.00 (due A) · 2026-07-01: S3 48.00
    // 2026-08-01: S7 70.00 (disputed, still listed) · later (≥ 09-01): S4 50.00
    EXPECT_EQ(run_csv(L, "schedule", "2026-06-30", {{"horizon", "3"}}),
              "period_start,amount,items\n"
              "overdue,100.00,1\n"
              "2026-06-01,200.00,1\n"
              "2026-07-01,48.00,1\n"
              "2026-08-01,70.00,1\n"
              "later,50.00,1\n");
}

TEST(Schedule, DefaultTwelveMonths) {
    const Ledger L = Ledger::load_sources(data());
    // 12 months 2026-06 … 2027-05, empty ones listed; S4 (09-01) falls in 2026-09-01.
    EXPECT_EQ(run_csv(L, "schedule", "2026-06-30"),
              "period_start,amount,items\n"
              "overdue,100.00,1\n"
              "2026-06-01,200.00,1\n"
              "2026-07-01,48.00,1\n"
              "2026-08-01,70.00,1\n"
              "2026-09-01,50.00,1\n"
              "2026-10-01,0.00,0\n"
              "2026-11-01,0.00,0\n"
              "2026-12-01,0.00,0\n"
              "2027-01-01,0.00,0\n"
              "2027-02-01,0.00,0\n"
              "2027-03-01,0.00,0\n"
              "2027-04-01,0.00,0\n"
              "2027-05-01,0.00,0\n"
              "later,0.00,0\n");
}

TEST(Schedule, Weekly) {
    const Ledger L = Ledger::load_sources(data());
    // Weeks 2026-06-29 and 2026-07-06 (end 07-13): S2 (06-30) in the first, none in the
    // second; later = S3 48 + S7 70 + S4 50 = 168.00, 3 items.
    EXPECT_EQ(run_csv(L, "schedule", "2026-06-30", {{"interval", "week"}, {"horizon", "2"}}),
              "period_start,amount,items\n"
              "overdue,100.00,1\n"
              "2026-06-29,200.00,1\n"
              "2026-07-06,0.00,0\n"
              "later,168.00,3\n");
}

TEST(Schedule, PastAsOf) {
    const Ledger L = Ledger::load_sources(data());
    // A = 2026-06-15, one month (2026-06-01 … 06-30), USD at 0.8 (from 06-15).
    // S6: bal 100 (paid 06-25, later), due 05-31 → overdue 100.00.
    // 2026-06-01: S1 (06-29) 100 + S2 (06-30) 200 = 300.00, 2 items.
    // later: S3 100 USD (06-20 allocation later) × 0.8 = 80 + S4 50 = 130.00, 2 items.
    // S7 issued 06-20: does not exist yet.
    EXPECT_EQ(run_csv(L, "schedule", "2026-06-15", {{"horizon", "1"}}),
              "period_start,amount,items\n"
              "overdue,100.00,1\n"
              "2026-06-01,300.00,2\n"
              "later,130.00,2\n");
}

TEST(Schedule, Empty) {
    const Ledger L = Ledger::load_sources(data());
    // Before any item: every row listed, zero.
    EXPECT_EQ(run_csv(L, "schedule", "2026-01-15", {{"horizon", "2"}}),
              "period_start,amount,items\n"
              "overdue,0.00,0\n"
              "2026-01-01,0.00,0\n"
              "2026-02-01,0.00,0\n"
              "later,0.00,0\n");
}

TEST(Schedule, BadOptions) {
    const Ledger L = Ledger::load_sources(data());
    EXPECT_THROW(run_csv(L, "schedule", "2026-06-30", {{"interval", "day"}}), Error);
    EXPECT_THROW(run_csv(L, "schedule", "2026-06-30", {{"horizon", "0"}}), Error);
    EXPECT_THROW(run_csv(L, "schedule", "2026-06-30", {{"window", "6m"}}), Error);
    EXPECT_THROW(run_csv(L, "schedule", "2026-06-30", {}, "customer"), Error);
}
