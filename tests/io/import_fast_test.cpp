// The items import checks created and updated rows directly against the old ledger and
// loads only the suspect rows (src/io/import.cpp, item_row_ok). These tests run the same
// imports through both paths — the direct one and `full_validation` (the whole resulting
// directory through Ledger::load_sources) — and require the same outcome to the byte:
// counts, every rejected line with every reason, the changes listed, the files written.
#include <gtest/gtest.h>

#include "dsocore/io/import.hpp"
#include "dsocore/ledger/ledger.hpp"
#include "io_test_util.hpp"

using namespace dsocore;
using iotest::read;
using iotest::temp_dir;
using iotest::write;
namespace fs = std::filesystem;

namespace {

struct Outcome {
    std::string summary, failure, rejects, changes;
    bool applied = false;
    std::map<std::string, std::string> files;
};

/// Writes `files` into a fresh directory, imports `input` with `profile`, returns all
/// that can be observed.
Outcome run(const std::map<std::string, std::string>& files, const std::string& profile, const std::string& input,
            bool full, bool dry_run = false) {
    const fs::path d = temp_dir(full ? "full" : "fast");
    for (const auto& [name, text] : files) write(d / name, text);
    write(d / "in.csv", input);
    ImportOptions o;
    o.data_dir = d;
    o.input = (d / "in.csv").string();
    o.rejects_path = (d / "rejects.txt").string();
    o.date = Date::parse_or_throw("2026-06-30");
    o.full_validation = full;
    o.dry_run = dry_run;
    const ImportResult r = import_file(ImportProfile::parse(profile), o);
    Outcome out;
    out.summary = r.summary();
    out.failure = r.failure;
    out.applied = r.applied;
    out.rejects = read(d / "rejects.txt");
    for (const auto& c : r.changes) out.changes += c + "\n";
    for (const auto& e : fs::directory_iterator(d))
        if (e.path().extension() == ".csv" && e.path().filename() != "in.csv") out.files[e.path().filename()] = read(e.path());
    return out;
}

void expect_same(const std::map<std::string, std::string>& files, const std::string& profile, const std::string& input) {
    for (bool dry : {false, true}) {
        const Outcome a = run(files, profile, input, false, dry), b = run(files, profile, input, true, dry);
        EXPECT_EQ(a.summary, b.summary);
        EXPECT_EQ(a.applied, b.applied);
        EXPECT_EQ(a.rejects, b.rejects);
        EXPECT_EQ(a.changes, b.changes);
        EXPECT_EQ(a.files, b.files);
        // The failure texts name the same diagnostics (the loaded file differs: all rows or the suspects).
        EXPECT_EQ(a.failure.empty(), b.failure.empty()) << a.failure << "\n---\n" << b.failure;
    }
}

const std::map<std::string, std::string> kDir = {
    {"company.json", R"({"name": "T", "base_currency": "EUR"})"},
    {"fx.csv", "date,currency,rate\n2026-01-01,USD,0.9\n2026-01-01,JPY,0.006\n"},
    {"customers.csv", "entity,customer_id,currency,payment_terms_days\nFR01,C1,,\nFR01,C2,USD,45\nFR01,C3,JPY,\n,M1,,\n"},
    {"items.csv", "entity,item_id,customer_id,type,issue_date,amount,open_amount\n"
                  "FR01,A,C1,invoice,2026-05-01,100.00,100.00\n"
                  "FR01,B,C1,invoice,2026-05-02,200.00,150.00\n"
                  "FR01,P,C2,,2026-05-03,300.00,300.00\n"
                  ",Z,M1,,2026-05-04,50.00,\n"},
    {"allocations.csv", "entity,item_id,date,amount\nFR01,B,2026-05-20,50.00\n"},
};

} // namespace

TEST(ImportFast, SameRejectsAndFilesAsTheFullLoader) {
    // Canonical profile: values are taken exactly, so non-canonical and invalid values
    // reach the validation as they are. Line numbers in comments.
    const std::string input =
        "entity,item_id,customer_id,type,issue_date,due_date,currency,amount,open_amount,status,status_date,comment\n"
        "FR01,N1,C1,invoice,2026-06-01,,,10.00,,,,ok\n"                  // 2 good
        "FR01,N2,C9,invoice,2026-06-01,,,10.00,,,,\n"                    // 3 no such customer
        "FR01,N3,C1,Invoice,2026-06-01,,,10.00,,,,\n"                    // 4 type not canonical → refused
        "FR01,N4,C1,invoice,2026-6-01,,,10.00,,,,\n"                     // 5 date form
        "FR01,N5,C1,invoice,2026-02-30,,,10.00,,,,\n"                    // 6 no such day
        "FR01,N6,C1,invoice,,,,10.00,,,,\n"                              // 7 issue_date required
        "FR01,N7,C1,invoice,2026-06-01,,usd,10.00,,,,\n"                 // 8 currency lower case
        "FR01,N8,C1,invoice,2026-06-01,,GBP,10.00,,,,\n"                 // 9 no GBP rate
        "FR01,N9,C1,invoice,2026-06-01,,,10.505,,,,\n"                   // 10 too precise
        "FR01,N10,C1,invoice,2026-06-01,,,10.5,,,,\n"                    // 11 valid, not canonical → 10.50
        "FR01,N11,C1,invoice,2026-06-01,,,+010.5,,,,\n"                  // 12 valid?, not canonical
        "FR01,N12,C1,credit_note,2026-06-01,,,10.00,,,,\n"               // 13 sign
        "FR01,N13,C1,invoice,2026-06-01,,,10.00,12.00,,,\n"              // 14 open > amount
        "FR01,N14,C1,invoice,2026-06-01,,,10.00,-1.00,,,\n"              // 15 open sign
        "FR01,N15,C1,invoice,2026-06-01,,,10.00,,bogus,,\n"              // 16 status
        "FR01,N16,C1,invoice,2026-06-01,,,10.00,,dispute:price,2026-13-01,\n" // 17 status_date
        "FR01,N17,C3,invoice,2026-06-01,,,1000,,,,\n"                    // 18 JPY, canonical
        "FR01,N18,C3,invoice,2026-06-01,,,1000.00,,,,\n"                 // 19 JPY too precise? (1000.00 = 1000: trailing zeros)
        "FR01,N19,C2,invoice,2025-06-01,,,10.00,,,,\n"                   // 20 USD before the first rate
        "FR01,N20,C1,invoice,9999-12-20,,,10.00,,,,\n"                   // 21 due date past 9999-12-31
        "FR01,N21,C1,invoice,2026-06-01,2026-07-01,,10.00,4.00,,,\n"     // 22 good, partly paid → allocation 6.00
        "FR01,A,C1,invoice,2026-05-01,,,100.00,40.00,,,\n"               // 23 update: paid 60 → allocation
        "FR01,B,C1,invoice,2026-05-02,,,200.00,180.00,,,\n"              // 24 open goes up: negative allocation
        ",Z,M1,,2026-05-04,,,50.00,,promise,,\n"                         // 25 update of a MAIN row
        "FR01,N22,C1,debit_note,2026-06-01,,EUR,0.00,,,,\n"              // 26 zero debit note
        "FR01,N23,C1,adjustment,2026-06-01,,,-0.00,,,,\n"                // 27 -0.00 not canonical
        "FR01,N24,C1,payment,2026-06-01,,,-20.00,-20.00,,,\"a, b\"\"c\"\n"; // 28 good, quoted comment
    expect_same(kDir, R"({"kind": "items"})", input);
    // Spot checks of that outcome (both paths agree on it): 16 lines refused, each with the
    // loader's own words; N10's 10.5 written as 10.50, N21's payment of 10.00 − 4.00.
    const Outcome o = run(kDir, R"({"kind": "items"})", input, false);
    EXPECT_EQ(o.summary, "created 10, updated 2, unchanged 0, closed 0, rejected 15");
    EXPECT_NE(o.rejects.find("3,\"FR01,N2,C9,"), std::string::npos) << o.rejects;
    EXPECT_NE(o.rejects.find("customer_id: value 'C9': no such customer in customers.csv for entity FR01"), std::string::npos);
    EXPECT_NE(o.files.at("items.csv").find("FR01,N10,C1,invoice,2026-06-01,,,10.50,,,,\n"), std::string::npos);
    EXPECT_NE(o.files.at("allocations.csv").find("FR01,N21,2026-06-30,6.00\n"), std::string::npos);
    // The same with the daily replacement: items of FR01 absent from the file are closed.
    expect_same(kDir, R"({"kind": "items", "mode": "replace_open_items"})", input);
    // And without allocations.csv (no sum rule, no generated allocations).
    auto no_alloc = kDir;
    no_alloc.erase("allocations.csv");
    expect_same(no_alloc, R"({"kind": "items"})", input);
    expect_same(no_alloc, R"({"kind": "items", "mode": "replace_open_items"})", input);
}

TEST(ImportFast, ChangesThatBreakExistingAllocationsStopBothPaths) {
    // B has an allocation of 50.00: turning it into a credit note or moving it to JPY makes
    // that allocation invalid, a row the import did not write: nothing is applied.
    expect_same(kDir, R"({"kind": "items"})",
                "entity,item_id,customer_id,type,issue_date,amount,open_amount\nFR01,B,C1,credit_note,2026-05-02,-200.00,-150.00\n");
    expect_same(kDir, R"({"kind": "items"})",
                "entity,item_id,customer_id,currency,issue_date,amount,open_amount\nFR01,B,C1,JPY,2026-05-02,200,150\n");
    const Outcome cn = run(kDir, R"({"kind": "items"})",
                           "entity,item_id,customer_id,type,issue_date,amount,open_amount\nFR01,B,C1,credit_note,2026-05-02,-200.00,-150.00\n",
                           false);
    EXPECT_FALSE(cn.applied);
    EXPECT_NE(cn.failure.find("allocations.csv:2"), std::string::npos) << cn.failure;
    // Moving it to USD keeps the digits: accepted by both.
    expect_same(kDir, R"({"kind": "items"})",
                "entity,item_id,customer_id,currency,issue_date,amount,open_amount\nFR01,B,C1,USD,2026-05-02,200.00,150.00\n");
    const Outcome o = run(kDir, R"({"kind": "items"})",
                          "entity,item_id,customer_id,currency,issue_date,amount,open_amount\nFR01,B,C1,USD,2026-05-02,200.00,150.00\n",
                          false);
    EXPECT_EQ(o.summary, "created 0, updated 1, unchanged 0, closed 0, rejected 0");
}

TEST(ImportFast, MessyProfileSameOnBothPaths) {
    // French profile: the read stage canonicalises numbers and dates; blank and bad lines.
    const std::string profile = R"({"kind": "items", "separator": ";", "decimal_separator": ",", "thousands_separator": " ",
        "date_formats": ["dd/MM/yyyy"], "sign": "by_type",
        "columns": {"entity": {"value": "FR01"}, "item_id": "Pièce", "customer_id": {"source": "Compte", "strip_leading_zeros": true},
                    "type": {"source": "T", "map": {"FA": "invoice", "AV": "credit_note"}}, "amount": "Montant",
                    "open_amount": "Reste", "issue_date": "Date", "currency": "Dev"}})";
    const std::string input = "Pièce;Compte;T;Montant;Reste;Date;Dev\n"
                              "F1;0001;FA;1 234,5;1 000,00;01/06/2026;\n"  // C1 EUR, partly paid
                              "F2;00C3;FA;1 234,5;;01/06/2026;\n"          // no customer 'C3'? stripped zeros keep C3
                              "F3;C3;FA;1 234;;01/06/2026;JPY\n"           // JPY whole yen
                              "F4;C3;FA;1 234,5;;01/06/2026;\n"            // JPY with a fraction
                              "F5;C2;AV;12,00;12,00;31/06/2026;\n"         // bad date
                              "F6;C2;AV;12,00;12,00;01/06/2026;\n";        // USD credit note
    expect_same(kDir, profile, input);
}

TEST(ImportFast, AmountFormsAtTheEdgesSameOnBothPaths) {
    // canonical_fixed reads -?(0|[1-9][0-9]*)(.dd)? of up to 18 digits in one pass and
    // leaves longer texts to parse_fixed: both paths must agree on each of these (EUR, 2
    // digits; JPY, 0 digits; 2^63 − 1 = 9223372036854775807 units is the largest).
    const std::string input =
        "entity,item_id,customer_id,type,issue_date,amount,open_amount\n"
        "FR01,E1,C1,credit_note,2026-06-01,-0.50,\n"                 // canonical, negative below 1
        "FR01,E2,C1,invoice,2026-06-01,00.50,\n"                     // leading zero: rewritten 0.50
        "FR01,E3,C1,invoice,2026-06-01,922337203685477.58,\n"         // 17 digits, fast
        "FR01,E4,C1,invoice,2026-06-01,92233720368547758.07,\n"       // 19 digits: the largest, via parse_fixed
        "FR01,E5,C1,invoice,2026-06-01,92233720368547758.08,\n"       // one unit too many: refused
        "FR01,E6,C1,invoice,2026-06-01,1234567890123456.78,1.00\n"    // 18 digits, fast
        "FR01,E7,C3,invoice,2026-06-01,1000,\n"                       // JPY canonical
        "FR01,E8,C3,invoice,2026-06-01,1000.5,\n"                     // JPY too precise
        "FR01,E9,C1,invoice,2026-06-01,1.5.0,\n"                      // two points
        "FR01,E10,C1,invoice,2026-06-01,-,\n"                         // a sign alone
        "FR01,E11,C1,invoice,2026-06-01,0.00,\n"                      // zero invoice: refused (> 0)
        "FR01,E12,C1,payment,2026-06-01,-12.3,-12.30\n";              // rewritten -12.30
    expect_same(kDir, R"({"kind": "items"})", input);
    const Outcome o = run(kDir, R"({"kind": "items"})", input, false);
    // Refused by hand: E5 (overflow), E8 (JPY has no decimals), E9, E10 (syntax), E11 (an
    // invoice must be > 0): 5 lines; E1–E4, E6, E7, E12 created.
    EXPECT_EQ(o.summary, "created 7, updated 0, unchanged 0, closed 0, rejected 5");
    EXPECT_NE(o.files.at("items.csv").find("FR01,E2,C1,invoice,2026-06-01,0.50,"), std::string::npos) << o.files.at("items.csv");
    EXPECT_NE(o.files.at("items.csv").find("FR01,E4,C1,invoice,2026-06-01,92233720368547758.07,"), std::string::npos);
    EXPECT_NE(o.files.at("items.csv").find("FR01,E12,C1,payment,2026-06-01,-12.30,-12.30"), std::string::npos);
}

TEST(ImportFast, LargeFileWrittenInPiecesSameOnBothPaths) {
    // The direct path writes items.csv from its cells in 4 MiB pieces; 6,000 rows whose
    // comments (992 bytes once quoted: 900 characters, every 10th a quote, doubled, and
    // commas) make ~6 MB, so quoted fields fall across piece boundaries. The full
    // path writes Ledger::csv_text: both files must be equal byte for byte.
    std::string comment;
    for (int k = 0; k < 900; ++k) comment += k % 10 == 0 ? '"' : k % 7 == 0 ? ',' : static_cast<char>('a' + k % 26);
    std::string quoted = "\"";
    for (char ch : comment) quoted += ch == '"' ? std::string("\"\"") : std::string(1, ch);
    quoted += "\"";
    std::string input = "entity,item_id,customer_id,issue_date,amount,comment\n";
    for (int i = 0; i < 6000; ++i) input += "FR01,L" + std::to_string(i) + ",C1,2026-06-01,1.00," + quoted + "\n";
    expect_same(kDir, R"({"kind": "items"})", input);
    const Outcome o = run(kDir, R"({"kind": "items"})", input, false);
    EXPECT_EQ(o.summary, "created 6000, updated 0, unchanged 0, closed 0, rejected 0");
    EXPECT_GT(o.files.at("items.csv").size(), std::size_t{5} << 20);
    EXPECT_NE(o.files.at("items.csv").find("FR01,L5999,C1,,2026-06-01,1.00,," + quoted + "\n"), std::string::npos);
}
