// The zone map of the item table (scan.hpp: ItemZones, ZoneScan) and the scans that
// skip zones (aging, dso, payment_profile). A hand-made ledger of four zones of
// ItemZones::kRows = 4096 rows, each zone one kind of item, so that every figure can
// be worked out by hand and each zone is skipped or read for a known reason:
//   zone 0 (rows 0–4095):      C1, invoices issued 2025-01-01, due 2025-01-31, 10.00,
//                              paid in full 2025-02-10 (open 0.00)
//   zone 1 (rows 4096–8191):   C2, invoices issued 2026-05-01, due 2026-05-31, 1.00,
//                              no allocation (open 1.00)
//   zone 2 (rows 8192–12287):  C1, invoices issued 2026-06-15, due 2026-07-15, 2.00,
//                              1.00 paid 2026-06-20 (open 1.00)
//   zone 3 (rows 12288–12289): C2, invoices issued 2026-08-01 (after A), 5.00, open 5.00
// A = 2026-06-30 unless said otherwise. Last, payment_profile on a small ledger whose
// allocations file is not in item order.
#include <gtest/gtest.h>

#include <string>

#include "dsocore/core/error.hpp"
#include "dsocore/reports/payment_profile.hpp"
#include "dsocore/reports/scan.hpp"
#include "reports/report_test_util.hpp"

using namespace dsocore;
using dsocore::test::cell;
using dsocore::test::run;

namespace {

constexpr std::size_t kZone = ItemZones::kRows;

const Ledger& zoned() {
    static const Ledger L = [] {
        std::string it = "entity,item_id,customer_id,type,issue_date,due_date,currency,amount,open_amount\n";
        std::string al = "entity,item_id,date,amount\n";
        std::size_t n = 0;
        auto item = [&](const char* cust, const char* issue, const char* due, const char* amount, const char* open) {
            const std::string id = "I" + std::to_string(n++);
            it += std::string("FR01,") + id + "," + cust + ",invoice," + issue + "," + due + ",EUR," + amount + "," +
                  open + "\n";
            return id;
        };
        for (std::size_t k = 0; k < kZone; ++k)
            al += "FR01," + item("C1", "2025-01-01", "2025-01-31", "10.00", "0.00") + ",2025-02-10,10.00\n";
        for (std::size_t k = 0; k < kZone; ++k) item("C2", "2026-05-01", "2026-05-31", "1.00", "1.00");
        for (std::size_t k = 0; k < kZone; ++k)
            al += "FR01," + item("C1", "2026-06-15", "2026-07-15", "2.00", "1.00") + ",2026-06-20,1.00\n";
        for (std::size_t k = 0; k < 2; ++k) item("C2", "2026-08-01", "2026-08-31", "5.00", "5.00");
        return Ledger::load_sources({{"customers.csv", "entity,customer_id,currency\nFR01,C1,EUR\nFR01,C2,EUR\n"},
                                     {"items.csv", it},
                                     {"allocations.csv", al},
                                     {"company.json", "{\"base_currency\": \"EUR\"}"}});
    }();
    return L;
}

std::int32_t day(const char* d) { return Date::parse_or_throw(d).days(); }

} // namespace

TEST(Zones, MapOfTheHandMadeLedger) {
    const auto z = item_zones(zoned());
    ASSERT_EQ(z->size(), 4u); // 3 × 4096 + 2 rows
    EXPECT_EQ(z->rows, 3 * kZone + 2);
    EXPECT_TRUE(z->has_allocations);
    EXPECT_TRUE(z->settled_usable);
    EXPECT_EQ(z->min_issue[0], day("2025-01-01"));
    EXPECT_EQ(z->max_issue[0], day("2025-01-01"));
    EXPECT_EQ(z->max_settled[0], day("2025-02-10"));
    EXPECT_EQ(z->any_open[0], 0);
    EXPECT_EQ(z->max_settled[1], kNoDate); // no allocation in zone 1
    EXPECT_EQ(z->any_open[1], 1);
    EXPECT_EQ(z->max_settled[2], day("2026-06-20"));
    EXPECT_EQ(z->any_open[2], 1);
    EXPECT_EQ(z->min_issue[3], day("2026-08-01"));
    // Zone 0: every balance is 0 from its last allocation (2025-02-10) on, not before.
    EXPECT_TRUE(z->balance_zero_at(0, day("2025-02-10")));
    EXPECT_FALSE(z->balance_zero_at(0, day("2025-02-09")));
    EXPECT_TRUE(z->settled_by(0, day("2025-02-10")));
    EXPECT_FALSE(z->balance_zero_at(1, day("2026-06-30"))); // open items
    EXPECT_TRUE(z->settled_by(1, day("2026-06-30")));       // …with no allocation at all
    // Cached: the same map the second time.
    EXPECT_EQ(item_zones(zoned()).get(), z.get());
}

TEST(Zones, ZoneScanKeepsTheZonesAndSplitsThemInOrder) {
    const Ledger& L = zoned();
    const std::int32_t A = day("2026-06-30");
    // Aging's test: zone 0 all zero at A, zone 3 issued after A → zones 1 and 2.
    const ZoneScan aging(L, [A](const ItemZones& z, std::size_t k) {
        return z.min_issue[k] <= A && !z.balance_zero_at(k, A);
    });
    EXPECT_EQ(aging.kept_zones(), 2u);
    std::vector<RowRun> seen;
    aging.run([&](unsigned, const std::vector<RowRun>& runs) { seen.insert(seen.end(), runs.begin(), runs.end()); });
    // Two adjacent zones: one run of rows 4096…12287 (one worker: 2 zones are below the grain).
    ASSERT_EQ(seen.size(), 1u);
    EXPECT_EQ(seen[0].begin, kZone);
    EXPECT_EQ(seen[0].end, 3 * kZone);
    // The last, partial zone ends at the last row.
    const ZoneScan last(L, [](const ItemZones&, std::size_t k) { return k == 0 || k == 3; });
    seen.clear();
    last.run([&](unsigned, const std::vector<RowRun>& runs) { seen.insert(seen.end(), runs.begin(), runs.end()); });
    ASSERT_EQ(seen.size(), 2u);
    EXPECT_EQ(seen[0].begin, 0u);
    EXPECT_EQ(seen[0].end, kZone);
    EXPECT_EQ(seen[1].begin, 3 * kZone);
    EXPECT_EQ(seen[1].end, 3 * kZone + 2);
}

TEST(Zones, AgingSkipsSettledZonesWithTheSameFigures) {
    // A = 2026-06-30: C1 = zone 2's 4096 balances of 1.00, due 2026-07-15: 4096.00 not due;
    // C2 = zone 1's 4096 × 1.00, due 2026-05-31 (30 days past due): 4096.00 in 1-30;
    // zone 3 is issued after A.
    const Table t = run(zoned(), "aging", "2026-06-30", "customer");
    ASSERT_EQ(t.rows(), 2u);
    EXPECT_EQ(cell(t, 0, "customer_id"), "C1");
    EXPECT_EQ(cell(t, 0, "not_due"), "4096.00");
    EXPECT_EQ(cell(t, 0, "total"), "4096.00");
    EXPECT_EQ(cell(t, 1, "customer_id"), "C2");
    EXPECT_EQ(cell(t, 1, "not_due"), "0.00");
    EXPECT_EQ(cell(t, 1, "1-30"), "4096.00");
    EXPECT_EQ(cell(t, 1, "overdue"), "4096.00");
    // A = 2025-02-01, before zone 0's payments: its 4096 × 10.00, 1 day past due, count
    // (zone 0 is read), the others are issued after A.
    const Table h = run(zoned(), "aging", "2025-02-01", "customer");
    ASSERT_EQ(h.rows(), 1u);
    EXPECT_EQ(cell(h, 0, "customer_id"), "C1");
    EXPECT_EQ(cell(h, 0, "1-30"), "40960.00");
}

TEST(Zones, DsoStandardReadsTheSalesWindow) {
    // D0 = 2026-04-01. Sales in (D0, A]: C1 4096 × 2.00 = 8192.00 (zone 2), C2 4096 × 1.00
    // = 4096.00 (zone 1). AR at A: C1 4096.00 (not due), C2 4096.00 (overdue).
    // C1: 4096 / 8192 × 90 = 45.0, bpdso 45.0, add 0.0; C2: 4096 / 4096 × 90 = 90.0, bpdso 0.0, add 90.0.
    const Table t = run(zoned(), "dso", "2026-06-30", "customer", {{"method", "standard"}, {"period", "90"}});
    ASSERT_EQ(t.rows(), 2u);
    EXPECT_EQ(cell(t, 0, "dso"), "45.0");
    EXPECT_EQ(cell(t, 0, "bpdso"), "45.0");
    EXPECT_EQ(cell(t, 0, "add"), "0.0");
    EXPECT_EQ(cell(t, 1, "dso"), "90.0");
    EXPECT_EQ(cell(t, 1, "bpdso"), "0.0");
    EXPECT_EQ(cell(t, 1, "add"), "90.0");
    // Average (A = 2026-06-30, P = 90): AR at D0 = 0 for both (zone 0 settled 2025-02-10,
    // zones 1-2 issued after D0), so DSO = (0 + AR) / (2 × S) × 90 … × 2 = AR × 90 / (2 S):
    // C1 4096 × 90 / 16384 = 22.5; C2 4096 × 90 / 8192 = 45.0.
    const Table a = run(zoned(), "dso", "2026-06-30", "customer", {{"method", "average"}, {"period", "90"}});
    ASSERT_EQ(a.rows(), 2u);
    EXPECT_EQ(cell(a, 0, "dso"), "22.5");
    EXPECT_EQ(cell(a, 1, "dso"), "45.0");
}

TEST(Zones, PaymentProfileSkipsZonesSettledBeforeTheWindow) {
    const Ledger& L = zoned();
    // Window 365 d at A = 2026-06-30: (2025-06-30, A]. Only zone 2's payments: 1.00 each on
    // 2026-06-20, due 2026-07-15 (late −25), issued 2026-06-15 (to pay 5).
    const Date A = Date::parse_or_throw("2026-06-30");
    const auto fig = payment_profile_figures(L, Currency::of("EUR"), A, Window::parse("365d"));
    const std::uint32_t c1 = L.find_customer("FR01", "C1"), c2 = L.find_customer("FR01", "C2");
    EXPECT_EQ(fig[c1].settled, 409600); // 4096 × 1.00 in cents
    EXPECT_EQ(fig[c1].count, 4096);
    EXPECT_EQ(fig[c1].weighted_late, static_cast<i128>(409600) * -25);
    EXPECT_EQ(fig[c1].weighted_to_pay, static_cast<i128>(409600) * 5);
    EXPECT_EQ(fig[c1].on_time, 409600);
    EXPECT_EQ(fig[c2].count, 0);
    // Zones read: zone 0 is settled by 2025-06-30, zone 1 has no allocation, zone 3 is
    // issued after A: only zone 2.
    const std::int32_t D = day("2025-06-30"), a = A.days();
    const ZoneScan pp(L, [a, D](const ItemZones& z, std::size_t k) { return z.min_issue[k] <= a && !z.settled_by(k, D); });
    EXPECT_EQ(pp.kept_zones(), 1u);
    // A = 2025-03-31, window (2024-03-31, A]: zone 0's payments of 10.00 on 2025-02-10,
    // due 2025-01-31 (late 10), issued 2025-01-01 (to pay 40): avg late 10.0, to pay 40.0.
    const Table h = run(L, "payment_profile", "2025-03-31", "customer", {{"window", "365d"}});
    ASSERT_EQ(h.rows(), 2u);
    EXPECT_EQ(cell(h, 0, "avg_days_late"), "10.0");
    EXPECT_EQ(cell(h, 0, "avg_days_to_pay"), "40.0");
    EXPECT_EQ(cell(h, 0, "on_time_pct"), "0.0");
    EXPECT_EQ(cell(h, 0, "settled"), "40960.00");
    EXPECT_EQ(cell(h, 0, "count"), "4096");
    EXPECT_EQ(cell(h, 1, "profile"), "unknown");
}

TEST(Zones, OverflowInAReadZoneStillRaises) {
    // Zone 0 settled long ago (skipped at A), then two open items of one customer whose
    // balances sum past int64 (2 × 6e16 EUR = 1.2e19 cents > 9.22e18): an error, not a wrap.
    std::string it = "entity,item_id,customer_id,type,issue_date,due_date,currency,amount,open_amount\n";
    std::string al = "entity,item_id,date,amount\n";
    for (std::size_t k = 0; k < kZone; ++k) {
        it += "FR01,S" + std::to_string(k) + ",C1,invoice,2025-01-01,2025-01-31,EUR,1.00,0.00\n";
        al += "FR01,S" + std::to_string(k) + ",2025-02-10,1.00\n";
    }
    it += "FR01,B1,C1,invoice,2026-06-01,2026-07-01,EUR,60000000000000000.00,60000000000000000.00\n";
    it += "FR01,B2,C1,invoice,2026-06-01,2026-07-01,EUR,60000000000000000.00,60000000000000000.00\n";
    const Ledger L = Ledger::load_sources({{"customers.csv", "entity,customer_id,currency\nFR01,C1,EUR\n"},
                                          {"items.csv", it},
                                          {"allocations.csv", al},
                                          {"company.json", "{\"base_currency\": \"EUR\"}"}});
    try {
        run(L, "aging", "2026-06-30", "customer");
        FAIL() << "expected an overflow error";
    } catch (const Error& e) {
        EXPECT_EQ(e.code(), Errc::overflow) << e.what();
    }
}

TEST(Zones, PaymentProfileWithAllocationsNotInItemOrder) {
    // allocations.csv not item by item: B's payment listed between A's two (the scan
    // reads them in by-item order: A 2026-01-10, A 2026-02-10, B 2026-01-20).
    const Ledger L = Ledger::load_sources(
        {{"customers.csv", "entity,customer_id,currency\nFR01,C1,EUR\n"},
         {"items.csv", "entity,item_id,customer_id,type,issue_date,due_date,currency,amount,open_amount\n"
                       "FR01,A,C1,invoice,2026-01-01,2026-01-31,EUR,3.00,0.00\n"
                       "FR01,B,C1,invoice,2026-01-02,2026-02-01,EUR,1.00,0.00\n"},
         {"allocations.csv", "entity,item_id,date,amount\nFR01,A,2026-02-10,2.00\nFR01,B,2026-01-20,1.00\n"
                             "FR01,A,2026-01-10,1.00\n"},
         {"company.json", "{\"base_currency\": \"EUR\"}"}});
    ASSERT_EQ(L.allocations().by_item_date.size(), 3u);
    EXPECT_EQ(L.allocations().by_item_date[0], day("2026-01-10"));
    // Payment profile over (2025-12-31, 2026-02-28]: A: 1.00 late −21 (01-10 vs 01-31),
    // 2.00 late +10 (02-10); B: 1.00 late −12 (01-20 vs 02-01).
    // Σw = 4.00; Σw·late = 100×(−21) + 200×10 + 100×(−12) = −1300 cent·days → −13/4 = −3.25 → −3.2 (half-even);
    // on time = A's 1.00 + B's 1.00 = 2.00 → 50.0 %.
    const Table t = run(L, "payment_profile", "2026-02-28", "customer", {{"window", "59d"}});
    ASSERT_EQ(t.rows(), 1u);
    EXPECT_EQ(cell(t, 0, "avg_days_late"), "-3.2");
    EXPECT_EQ(cell(t, 0, "on_time_pct"), "50.0");
    EXPECT_EQ(cell(t, 0, "settled"), "4.00");
    EXPECT_EQ(cell(t, 0, "count"), "3");
}
