// What the reports derive once per ledger (DerivedCache): the customer order of a --by
// grouping and the last allocation date of each item. Each against a straightforward
// computation on seeded random ledgers: groupings (every --by kind, random customer
// masks, keys with empty values, long keys sharing 8-byte prefixes, ties) against a
// std::map of the selected customers' keys; BalanceColumns::at against Ledger::
// balance_at on days before, between and after allocations; the cache shared by
// threads that ask at once.
#include <gtest/gtest.h>

#include <atomic>
#include <map>
#include <random>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "dsocore/ledger/derived.hpp"
#include "dsocore/reports/report.hpp"
#include "dsocore/reports/scan.hpp"

using namespace dsocore;

namespace {

std::string money(std::int64_t units) {
    std::string s;
    append_fixed(s, units, 2);
    return s;
}

Ledger random_ledger(std::uint64_t seed, int customers, int items) {
    std::mt19937_64 rng(seed);
    auto below = [&](std::uint64_t n) { return static_cast<std::int64_t>(rng() % n); };
    // Keys that share their first 8 bytes ("GROUP-LONG-…"), short ones, empty values.
    const char* const groups[] = {"", "G1", "G10", "G2", "GROUP-LONG-A", "GROUP-LONG-B", "GROUP-LONG-AA", "g1"};
    std::string c = "entity,customer_id,group_code,country,currency\n";
    std::vector<std::string> ent(static_cast<std::size_t>(customers)), id(static_cast<std::size_t>(customers));
    for (int k = 0; k < customers; ++k) {
        const auto u = static_cast<std::size_t>(k);
        ent[u] = below(2) ? "FR01" : "DE01";
        id[u] = (below(2) ? "CUSTOMER-NUMBER-" : "C") + std::to_string(below(1000)) + "-" + std::to_string(k);
        c += ent[u] + "," + id[u] + "," + groups[below(8)] + "," + (below(3) == 0 ? "" : below(2) ? "FR" : "DE") +
             ",EUR\n";
    }
    std::string it = "entity,item_id,customer_id,type,issue_date,due_date,currency,amount,open_amount\n";
    std::string al = "entity,item_id,date,amount\n";
    const Date first = Date::parse_or_throw("2025-01-01");
    for (int i = 0; i < items; ++i) {
        const auto u = static_cast<std::size_t>(below(static_cast<std::uint64_t>(customers)));
        const Date issue = first + static_cast<int>(below(500));
        const bool credit = below(10) == 0;
        const std::int64_t amount = (1 + below(100000)) * (credit ? -1 : 1);
        std::int64_t left = amount;
        Date d = issue;
        const std::string item = "I" + std::to_string(i);
        for (std::int64_t a = below(4); a > 0 && left != 0; --a) {
            d = d + static_cast<int>(below(60));
            const std::int64_t part = a == 1 && below(2) ? left : left / 2;
            if (part == 0) continue;
            al += ent[u] + "," + item + "," + d.to_string() + "," + money(part) + "\n";
            left -= part;
        }
        it += ent[u] + "," + item + "," + id[u] + (credit ? ",credit_note," : ",invoice,") + issue.to_string() + "," + (issue + 30).to_string() +
              ",EUR," + money(amount) + "," + money(left) + "\n";
    }
    return Ledger::load_sources({{"customers.csv", c},
                                 {"items.csv", it},
                                 {"allocations.csv", al},
                                 {"company.json", "{\"base_currency\": \"EUR\"}"}});
}

std::vector<std::string> key_of(const Ledger& L, std::uint32_t r, const std::string& by) {
    const CustomerTable& C = L.customers();
    if (by == "customer") return {std::string(L.str(C.entity[r])), std::string(L.str(C.customer_id[r]))};
    if (by == "total") return {"TOTAL"};
    return {std::string(L.str((*customer_text_column(C, by))[r]))};
}

/// The grouping from its definition: groups = distinct keys of the selected customers,
/// sorted bytewise.
void expect_grouping(const Ledger& L, const std::string& by, const std::vector<std::uint8_t>& mask) {
    std::map<std::vector<std::string>, std::vector<std::uint32_t>> ref;
    for (std::uint32_t r = 0; r < L.customers().size(); ++r)
        if (mask[r]) ref[key_of(L, r, by)].push_back(r);
    const Grouping g = make_grouping(L, by, mask);
    ASSERT_EQ(g.size(), ref.size()) << by;
    std::vector<std::uint32_t> expected(L.customers().size(), kNoRow);
    std::size_t grp = 0;
    for (const auto& [key, rows] : ref) {
        for (std::size_t part = 0; part < key.size(); ++part) EXPECT_EQ(g.key(grp, part), key[part]) << by << " " << grp;
        for (const std::uint32_t r : rows) expected[r] = static_cast<std::uint32_t>(grp);
        ++grp;
    }
    EXPECT_EQ(g.group_of_customer, expected) << by;
}

} // namespace

TEST(Derived, GroupingsMatchTheirDefinitionUnderAnyMask) {
    const Ledger L = random_ledger(11, 3000, 2000);
    std::mt19937_64 rng(5);
    for (const std::string by : {"customer", "group_code", "country", "total"}) {
        expect_grouping(L, by, std::vector<std::uint8_t>(L.customers().size(), 1)); // the cached order itself
        for (int round = 0; round < 4; ++round) {
            std::vector<std::uint8_t> mask(L.customers().size());
            for (auto& m : mask) m = rng() % 4 == 0 ? 0 : 1;
            expect_grouping(L, by, mask);
        }
        expect_grouping(L, by, std::vector<std::uint8_t>(L.customers().size(), 0)); // nothing selected
    }
    // One cached order per --by (and the settled days, if a scan ran): not one per call.
    EXPECT_LE(L.derived().size(), 5u);
}

TEST(Derived, FilteredReportKeepsTheSortedOrder) {
    // The same report with and without a filter: the filtered rows are the unfiltered
    // rows of the FR customers, in the same order.
    const Ledger L = random_ledger(12, 500, 3000);
    ReportRequest all;
    all.name = "aging";
    all.as_of = Date::parse_or_throw("2026-06-30");
    all.by = "group_code";
    ReportRequest fr = all;
    fr.where = "country = 'FR'";
    const Table ta = run_report(L, all), tf = run_report(L, fr);
    ASSERT_GT(tf.rows(), 0u);
    for (std::size_t r = 1; r < tf.rows(); ++r) EXPECT_LT(tf.columns[0].texts[r - 1], tf.columns[0].texts[r]);
    for (std::size_t r = 1; r < ta.rows(); ++r) EXPECT_LT(ta.columns[0].texts[r - 1], ta.columns[0].texts[r]);
}

TEST(Derived, BalanceColumnsMatchBalanceAt) {
    const Ledger L = random_ledger(13, 200, 20000);
    const auto settled = settled_days(L);
    ASSERT_TRUE(settled->usable); // the loader checked the sum rule
    const BalanceColumns b(L);
    const ItemTable& I = L.items();
    std::size_t shortcut = 0, walked = 0;
    for (const char* day : {"2024-12-31", "2025-02-10", "2025-06-30", "2025-11-15", "2026-03-01", "2027-01-01"}) {
        const std::int32_t D = Date::parse_or_throw(day).days();
        for (std::uint32_t i = 0; i < I.size(); ++i) {
            if (I.issue_date[i] > D) continue;
            ASSERT_EQ(b.at(i, D), L.balance_at(i, D)) << "item " << i << " at " << day;
            (settled->day[i] <= D ? shortcut : walked) += 1;
        }
    }
    EXPECT_GT(shortcut, 1000u); // both paths are exercised
    EXPECT_GT(walked, 1000u);
}

TEST(Derived, CacheIsSharedByConcurrentCallers) {
    Ledger L = random_ledger(14, 100, 100);
    std::atomic<int> made{0};
    std::vector<std::shared_ptr<const int>> got(8);
    std::vector<std::thread> threads;
    for (std::size_t t = 0; t < got.size(); ++t)
        threads.emplace_back([&, t] {
            got[t] = L.derived().get_as<int>("test/answer", [&] {
                ++made;
                return std::make_shared<int>(42);
            });
        });
    for (auto& t : threads) t.join();
    EXPECT_GE(made.load(), 1);
    for (const auto& p : got) {
        EXPECT_EQ(p, got[0]); // one stored entry, returned to every caller
        EXPECT_EQ(*p, 42);
    }
    // A failing computation stores nothing; the next call computes again.
    EXPECT_THROW(L.derived().get_as<int>("test/fails", []() -> std::shared_ptr<int> { throw std::runtime_error("no"); }),
                 std::runtime_error);
    EXPECT_EQ(*L.derived().get_as<int>("test/fails", [] { return std::make_shared<int>(7); }), 7);
    // A moved ledger keeps its cache.
    const Ledger moved = std::move(L);
    EXPECT_EQ(*moved.derived().get_as<int>("test/answer", [] { return std::make_shared<int>(0); }), 42);
}
