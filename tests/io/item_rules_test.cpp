// The rules of an items.csv row in src/ledger/item_rules.hpp (check_item_row) are the
// loader's: for every row of a file full of mistakes, the problems check_item_row reports
// must be the diagnostics Ledger::load_sources gives for that line — same columns, same
// values, same words, same order. (The items import uses check_item_row for its direct
// check of changed rows; the loader still has its own copy in load.cpp until it is
// switched over to the header, and this test is what keeps the two equal.)
#include <gtest/gtest.h>

#include <limits>
#include <map>
#include <sstream>

#include "../../src/ledger/item_rules.hpp"
#include "dsocore/core/error.hpp"
#include "dsocore/io/csv.hpp"
#include "dsocore/ledger/ledger.hpp"

using namespace dsocore;

namespace {

const DataSources kBase = {
    {"company.json", R"({"name": "T", "base_currency": "EUR"})"},
    {"fx.csv", "date,currency,rate\n2026-01-01,USD,0.9\n2026-01-01,JPY,0.006\n"},
    {"customers.csv", "entity,customer_id,currency,payment_terms_days\nFR01,C1,,\nFR01,C2,USD,45\nFR01,C3,JPY,\n,M1,,\n"
                      "FR01,LATE,,3650\n"},
};

std::string shown(std::string_view col, std::string_view value, std::string_view message) {
    return std::string(col) + " | " + std::string(value) + " | " + std::string(message);
}

} // namespace

TEST(ItemRules, SameDiagnosticsAsTheLoader) {
    const std::string items =
        "entity,item_id,customer_id,type,issue_date,due_date,currency,amount,open_amount,status,status_date,promise_date\n"
        "FR01,I2,C1,invoice,2026-06-01,,,10.00,,,,\n"                     // valid
        "FR01,I3,C9,invoice,2026-06-01,,,10.00,,,,\n"                     // no such customer
        "FR01,I4,,invoice,2026-06-01,,,10.00,,,,\n"                       // customer_id required
        "XX01,I5,C1,invoice,2026-06-01,,,10.00,,,,\n"                     // entity without customers
        "FR01,I6,C1,bill,2026-06-01,,,10.00,,,,\n"                        // type
        "FR01,I7,C1,invoice,,,,10.00,,,,\n"                               // issue_date required
        "FR01,I8,C1,invoice,2026-02-30,2026-13-01,,10.00,,,,\n"           // two bad dates
        "FR01,I9,LATE,invoice,9999-01-01,,,10.00,,,,\n"                   // issue + terms after 9999
        "FR01,I10,C1,invoice,2026-06-01,,EURO,10.00,5.00,,,\n"            // currency code
        "FR01,I11,C1,invoice,2026-06-01,,,,,,,\n"                         // amount required
        "FR01,I12,C1,invoice,2026-06-01,,,1e5,,,,\n"                      // syntax
        "FR01,I13,C3,invoice,2026-06-01,,,10.5,,,,\n"                     // JPY too precise
        "FR01,I14,C1,invoice,2026-06-01,,,99999999999999999999,,,,\n"     // overflow
        "FR01,I15,C1,credit_note,2026-06-01,,,10.00,,,,\n"                // sign of a credit note
        "FR01,I16,C1,invoice,2026-06-01,,,-10.00,,,,\n"                   // sign of an invoice
        "FR01,I17,C1,invoice,2026-06-01,,,10.00,12.00,,,\n"               // open beyond amount
        "FR01,I18,C1,invoice,2026-06-01,,,10.00,-1.00,,,\n"               // open of the other sign
        "FR01,I19,C1,invoice,2026-06-01,,,10.00,x,,,\n"                   // open syntax
        "FR01,I20,C1,invoice,2026-06-01,,,10.00,,maybe:later,2026-00-01,2026-06-31\n" // status, two dates
        "FR01,I21,C1,invoice,2026-06-01,,GBP,10.00,,,,\n"                 // no GBP rate
        "FR01,I22,C2,invoice,2025-06-01,,,10.00,,,,\n"                    // USD before its first rate
        ",I23,M1,adjustment,2026-06-01,,,0,,dispute:price,2026-06-02,\n"   // valid, MAIN
        "FR01,I24,C9,payment,x,,JPY,10.5,1,bogus,y,z\n";                  // everything at once
    // What the loader says, per line (items.csv diagnostics only).
    DataSources bad = kBase;
    bad["items.csv"] = items;
    LoadOptions lo;
    lo.max_errors_per_file = std::numeric_limits<std::size_t>::max();
    std::map<std::int64_t, std::string> loader;
    try {
        (void)Ledger::load_sources(bad, lo);
        FAIL() << "the file loaded";
    } catch (const DataError& e) {
        for (const Diagnostic& d : e.diagnostics())
            if (d.file == "items.csv") loader[d.line] += shown(d.column, d.value, d.message) + "\n";
    }
    // What check_item_row says, per line, against the same customers and fx.
    DataSources good = kBase;
    good["items.csv"] = "item_id,customer_id,issue_date,amount\n";
    const Ledger L = Ledger::load_sources(good);
    std::map<std::int64_t, std::string> shared;
    CsvReader r(items);
    std::vector<std::string_view> f;
    r.next(f);
    std::int64_t line = 1;
    while (r.next(f)) {
        ++line;
        const detail::ItemRowText t{f[0], f[2], f[3], f[4], f[5], f[6], f[7], f[8], f[9], f[10], f[11]};
        const std::uint32_t cust = L.find_customer(f[0].empty() ? std::string_view("MAIN") : f[0], f[2]);
        detail::ItemRowValues v;
        std::string said;
        detail::check_item_row(
            t, cust, L.customers(), L.company().base_currency, L.fx(),
            [](std::string_view code) { return Currency::find(code); },
            [&](std::string_view col, std::string_view value, const std::string& message) {
                said += shown(col, value, message) + "\n";
            },
            v);
        if (!said.empty()) shared[line] = said;
    }
    EXPECT_EQ(shared, loader);
    // By hand: lines 2 (I2) and 23 (I23) are valid; each other line has at least one problem.
    EXPECT_EQ(loader.size(), 21u);
    EXPECT_EQ(loader.count(2), 0u);
    EXPECT_EQ(loader.count(23), 0u);
    EXPECT_EQ(loader[3], "customer_id | C9 | no such customer in customers.csv for entity FR01\n");
    // Line 24, in the loader's order: customer, issue date, amount (JPY: no decimals; the
    // open amount is not compared with a refused amount), status, the two dates.
    EXPECT_EQ(loader[24],
              "customer_id | C9 | no such customer in customers.csv for entity FR01\n"
              "issue_date | x | expected a date YYYY-MM-DD (a real calendar day between 1400 and 9999)\n"
              "amount | 10.5 | more decimals than JPY allows (0)\n"
              "status | bogus | expected category[:subtype] with category promise, dispute, litigation, ignored or info\n"
              "status_date | y | expected a date YYYY-MM-DD (a real calendar day between 1400 and 9999)\n"
              "promise_date | z | expected a date YYYY-MM-DD (a real calendar day between 1400 and 9999)\n");
}
