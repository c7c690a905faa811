// Acceptance tests of the import (issue 6): real-looking exports, rejects, merge rules,
// daily open-item replacement, all-or-nothing commit, round trip through export.
#include <xlsxwriter.h>

#include <gtest/gtest.h>

#include "dsocore/core/error.hpp"
#include "dsocore/io/csv.hpp"
#include "dsocore/io/export.hpp"
#include "dsocore/io/import.hpp"
#include "dsocore/ledger/ledger.hpp"
#include "io_test_util.hpp"

using namespace dsocore;
using iotest::read;
using iotest::temp_dir;
using iotest::write;
namespace fs = std::filesystem;

namespace {

/// Rows of a canonical CSV as "field=value" lookups.
struct Csv {
    std::vector<std::string> header;
    std::vector<std::vector<std::string>> rows;
    explicit Csv(const std::string& text) {
        CsvReader r(text);
        std::vector<std::string_view> f;
        r.next(f);
        for (auto x : f) header.emplace_back(x);
        while (r.next(f)) rows.emplace_back(f.begin(), f.end());
    }
    std::string get(std::size_t row, const std::string& col) const {
        for (std::size_t c = 0; c < header.size(); ++c)
            if (header[c] == col) return rows.at(row).at(c);
        return "<no column " + col + ">";
    }
    std::size_t find(const std::string& col, const std::string& value) const {
        for (std::size_t r = 0; r < rows.size(); ++r)
            if (get(r, col) == value) return r;
        return static_cast<std::size_t>(-1);
    }
};

ImportOptions options(const fs::path& dir, const fs::path& input, const char* date = "2026-06-30") {
    ImportOptions o;
    o.data_dir = dir;
    o.input = input.string();
    o.date = Date::parse_or_throw(date);
    return o;
}

/// A French entity FR01 with two customers (codes without the ERP's zero padding).
fs::path french_dir() {
    const fs::path d = temp_dir("fr");
    write(d / "customers.csv",
          "entity,customer_id,name,currency,email,credit_limit\n"
          "FR01,123,Société Générale d'Électricité,EUR,compta@sge.fr,50000\n"
          "FR01,45,Café Zoé,EUR,,\n");
    write(d / "items.csv", "entity,item_id,customer_id,type,issue_date,due_date,amount,open_amount,comment\n");
    return d;
}

const char* kFrenchProfile = R"({
  "kind": "items", "format": "csv", "encoding": "auto", "separator": "auto",
  "decimal_separator": ",", "thousands_separator": " ",
  "date_formats": ["dd/MM/yyyy", "yyyyMMdd", "excel"],
  "columns": {
    "customer_id": {"source": "Code client", "strip_leading_zeros": true},
    "item_id":     {"source": "N° pièce"},
    "type":        {"source": "Type", "map": {"FA": "invoice", "AV": "credit_note", "RG": "payment"}},
    "amount":      {"source": "Montant"},
    "issue_date":  {"source": "Date"},
    "due_date":    {"source": "Echéance"},
    "entity":      {"value": "FR01"},
    "comment":     {"concat": ["Libellé", "Réf"], "sep": " ", "collapse_spaces": true}
  },
  "sign": "by_type",
  "mandatory": ["customer_id", "item_id", "amount", "issue_date"]
})";

} // namespace

TEST(Import, Windows1252SemicolonDecimalCommaFrenchDates) {
    const fs::path d = french_dir();
    const fs::path in = iotest::temp_dir("fr_in") / "export.csv"; // the reject file goes beside it
    // As an old ERP writes it: Windows-1252, ';', decimal commas, dd/mm/yyyy, zero-padded
    // customer codes, credit notes with positive amounts, a trailing minus, CRLF.
    write(in, iotest::encode("Code client;N° pièce;Type;Montant;Date;Echéance;Libellé;Réf\r\n"
                             "000123;FA-001;FA;1 234,56;15/03/2026;14/04/2026;Facture   énergie;R-77\r\n"
                             "000123;AV-002;AV;200,00;20/03/2026;19/04/2026;Avoir remise;\r\n"
                             "000045;FA-003;FA;99,90-;01/04/2026;01/05/2026;Café;\r\n",
                             "windows-1252"));
    const ImportResult r = import_file(ImportProfile::parse(kFrenchProfile), options(d, in));
    EXPECT_EQ(r.encoding, "windows-1252");
    EXPECT_EQ(r.separator, ';');
    EXPECT_TRUE(r.applied) << r.failure;
    EXPECT_EQ(r.summary(), "created 3, updated 0, unchanged 0, closed 0, rejected 0");
    const Csv items(read(d / "items.csv"));
    ASSERT_EQ(items.rows.size(), 3u);
    // FA-001: "1 234,56" → 1234.56; 15/03/2026 → 2026-03-15; comment "Facture énergie R-77"
    // (spaces collapsed, é decoded from byte 0xE9).
    EXPECT_EQ(items.get(0, "customer_id"), "123");
    EXPECT_EQ(items.get(0, "amount"), "1234.56");
    EXPECT_EQ(items.get(0, "issue_date"), "2026-03-15");
    EXPECT_EQ(items.get(0, "due_date"), "2026-04-14");
    EXPECT_EQ(items.get(0, "type"), "invoice");
    EXPECT_EQ(items.get(0, "comment"), "Facture énergie R-77");
    // AV-002: a credit note written positive → −200.00 under "by_type".
    EXPECT_EQ(items.get(1, "type"), "credit_note");
    EXPECT_EQ(items.get(1, "amount"), "-200.00");
    EXPECT_EQ(items.get(1, "comment"), "Avoir remise");
    // FA-003: "99,90-" reads −99.90; an invoice is positive whatever the sign → 99.90.
    EXPECT_EQ(items.get(2, "customer_id"), "45");
    EXPECT_EQ(items.get(2, "amount"), "99.90");
    EXPECT_EQ(items.get(2, "open_amount"), ""); // default left empty
    EXPECT_EQ(read(in.string() + ".rejects.csv"), "line,raw,reasons\n");
    EXPECT_NO_THROW(Ledger::load(d));
}

TEST(Import, Utf16WithBom) {
    const fs::path d = french_dir();
    const fs::path in = d / "export_utf16.txt";
    // UTF-16LE with BOM, tab-separated, yyyyMMdd dates (a typical SAP "unconverted" export).
    write(in, "\xFF\xFE" + iotest::encode("Code client\tN° pièce\tType\tMontant\tDate\tEchéance\tLibellé\tRéf\r\n"
                                           "0000123\t9000001\tRG\t1 500,00\t20260610\t20260610\tVirement Müller\t\r\n",
                                           "UTF-16LE"));
    const ImportResult r = import_file(ImportProfile::parse(kFrenchProfile), options(d, in));
    EXPECT_EQ(r.encoding, "UTF-16LE");
    EXPECT_EQ(r.separator, '\t');
    EXPECT_EQ(r.summary(), "created 1, updated 0, unchanged 0, closed 0, rejected 0");
    const Csv items(read(d / "items.csv"));
    // A payment (RG) of 1 500,00 → −1500.00 on 2026-06-10; ü survives the conversion.
    EXPECT_EQ(items.get(0, "type"), "payment");
    EXPECT_EQ(items.get(0, "amount"), "-1500.00");
    EXPECT_EQ(items.get(0, "issue_date"), "2026-06-10");
    EXPECT_EQ(items.get(0, "comment"), "Virement Müller");
}

namespace {
void make_xlsx(const fs::path& path, bool constant_memory) {
    lxw_workbook_options wo{};
    wo.constant_memory = constant_memory ? LXW_TRUE : LXW_FALSE;
    lxw_workbook* wb = workbook_new_opt(path.c_str(), &wo);
    lxw_worksheet* decoy = workbook_add_worksheet(wb, "Summary");
    worksheet_write_string(decoy, 0, 0, "not this one", nullptr);
    lxw_worksheet* ws = workbook_add_worksheet(wb, "Open items");
    lxw_format* dfmt = workbook_add_format(wb);
    format_set_num_format(dfmt, "dd/mm/yyyy");
    const char* head[] = {"Code client", "N° pièce", "Type", "Montant", "Date", "Echéance", "Libellé", "Réf"};
    for (lxw_col_t c = 0; c < 8; ++c) worksheet_write_string(ws, 0, c, head[c], nullptr);
    // Row 2: an amount stored as the double nearest 8765.4300000000003, a date cell.
    worksheet_write_string(ws, 1, 0, "000123", nullptr);
    worksheet_write_string(ws, 1, 1, "X-1", nullptr);
    worksheet_write_string(ws, 1, 2, "FA", nullptr);
    worksheet_write_number(ws, 1, 3, 8765.4300000000003, nullptr);
    lxw_datetime dt{2026, 5, 4, 0, 0, 0.0};
    worksheet_write_datetime(ws, 1, 4, &dt, dfmt);
    worksheet_write_number(ws, 1, 5, 46176, nullptr); // plain serial: 2026-06-03 by "excel"
    // Row 3: a credit note, positive in the sheet, item number stored as a number.
    worksheet_write_string(ws, 2, 0, "000045", nullptr);
    worksheet_write_number(ws, 2, 1, 4711, nullptr);
    worksheet_write_string(ws, 2, 2, "AV", nullptr);
    worksheet_write_number(ws, 2, 3, 120.5, nullptr);
    worksheet_write_string(ws, 2, 4, "10/05/2026", nullptr);
    // Row 4: 10.505 EUR has more decimals than EUR allows → rejected by the ledger rule.
    worksheet_write_string(ws, 3, 0, "000045", nullptr);
    worksheet_write_string(ws, 3, 1, "X-3", nullptr);
    worksheet_write_string(ws, 3, 2, "FA", nullptr);
    worksheet_write_number(ws, 3, 3, 10.505, nullptr);
    worksheet_write_string(ws, 3, 4, "11/05/2026", nullptr);
    ASSERT_EQ(workbook_close(wb), LXW_NO_ERROR);
}
} // namespace

TEST(Import, XlsxFromLibxlsxwriter) {
    for (bool constant_memory : {false, true}) { // shared strings, then inline strings
        const fs::path d = french_dir();
        const fs::path in = d / "export.xlsx";
        make_xlsx(in, constant_memory);
        std::string prof = kFrenchProfile;
        prof.replace(prof.find("\"format\": \"csv\""), 15, "\"format\": \"xlsx\", \"sheet\": \"Open items\"");
        const ImportResult r = import_file(ImportProfile::parse(prof), options(d, in));
        EXPECT_EQ(r.summary(), "created 2, updated 0, unchanged 0, closed 0, rejected 1") << constant_memory;
        const Csv items(read(d / "items.csv"));
        ASSERT_EQ(items.rows.size(), 2u);
        EXPECT_EQ(items.get(0, "amount"), "8765.43");        // shortest round-trip decimal
        EXPECT_EQ(items.get(0, "issue_date"), "2026-05-04"); // date-styled cell
        // 46176 = 45658 (2025-01-01) + 365 (→ 2026-01-01) + 153 (Jan..May 31+28+31+30+31=151, +2 → June 3).
        EXPECT_EQ(items.get(0, "due_date"), "2026-06-03");
        EXPECT_EQ(items.get(1, "item_id"), "4711");
        EXPECT_EQ(items.get(1, "amount"), "-120.50");
        ASSERT_EQ(r.rejects.size(), 1u);
        EXPECT_EQ(r.rejects[0].line, 4);
        EXPECT_NE(r.rejects[0].reasons[0].find("more decimals than EUR allows"), std::string::npos) << r.rejects[0].reasons[0];
        EXPECT_NE(r.rejects[0].raw.find("10.505"), std::string::npos);
    }
}

TEST(Import, XlsFixture) {
    const fs::path d = french_dir();
    write(d / "customers.csv", read(d / "customers.csv") + "FR01,C001,Client C001,EUR,,\nFR01,C002,Client C002,EUR,,\n");
    const fs::path fixture = fs::path(DSOCORE_SOURCE_DIR) / "tests/io/data/items.xls";
    // Sheet 2 "Export" after a title line; the first sheet is a decoy.
    const std::string prof = R"({
      "kind": "items", "format": "xls", "sheet": "Export", "skip_rows": 1,
      "decimal_separator": ",", "date_formats": ["dd/MM/yyyy", "yyyyMMdd", "excel"],
      "columns": {
        "customer_id": {"source": "Code client", "strip_leading_zeros": true},
        "item_id": "N° pièce",
        "type": {"source": "Type", "map": {"FA": "invoice", "AV": "credit_note"}},
        "amount": "Montant", "issue_date": "Date", "due_date": "Echéance",
        "entity": {"value": "FR01"}},
      "sign": "by_type"})";
    ImportOptions o = options(d, fixture);
    o.rejects_path = (d / "xls.rejects.csv").string();
    const ImportResult r = import_file(ImportProfile::parse(prof), o);
    EXPECT_EQ(r.summary(), "created 3, updated 0, unchanged 0, closed 0, rejected 0") << r.failure;
    const Csv items(read(d / "items.csv"));
    ASSERT_EQ(items.rows.size(), 3u);
    // make_xls.py: ("00C001", "F100", "FA", 8765.4300000000003, 2026-05-04 date cell, 2026-06-03 date cell)
    EXPECT_EQ(items.get(0, "customer_id"), "C001");
    EXPECT_EQ(items.get(0, "amount"), "8765.43");
    EXPECT_EQ(items.get(0, "issue_date"), "2026-05-04");
    EXPECT_EQ(items.get(0, "due_date"), "2026-06-03");
    // ("00C002", "A200", "AV", 120.5, 2026-05-10, "20260609"): credit note → −120.50; text yyyyMMdd.
    EXPECT_EQ(items.get(1, "amount"), "-120.50");
    EXPECT_EQ(items.get(1, "due_date"), "2026-06-09");
    // ("00C001", 300, "FA", 1000, "31/12/2025", 46053): 46053 = 45658 + 365 + 30 → 2026-01-31.
    EXPECT_EQ(items.get(2, "item_id"), "300");
    EXPECT_EQ(items.get(2, "amount"), "1000.00");
    EXPECT_EQ(items.get(2, "issue_date"), "2025-12-31");
    EXPECT_EQ(items.get(2, "due_date"), "2026-01-31");
}

namespace {
/// 1,000 data lines (lines 2..1001); lines 101, 501 and 901 are bad.
std::string thousand_lines() {
    std::string s = "Code client;N° pièce;Type;Montant;Date;Echéance;Libellé;Réf\n";
    for (int i = 1; i <= 1000; ++i) {
        const int line = i + 1;
        std::string cust = "000123", amount = std::to_string(i) + ",00", date = "15/03/2026";
        if (line == 101) date = "31/06/2026";   // impossible day
        if (line == 501) amount = "12,3,4";     // two decimal separators
        if (line == 901) cust = "000999";       // no such customer (found by the ledger loader)
        s += cust + ";F" + std::to_string(i) + ";FA;" + amount + ";" + date + ";;;\n";
    }
    return s;
}
} // namespace

TEST(Import, ThreeBadLinesAmongAThousand) {
    const fs::path d = french_dir();
    const fs::path in = d / "big.csv";
    write(in, thousand_lines());
    const ImportResult r = import_file(ImportProfile::parse(kFrenchProfile), options(d, in));
    EXPECT_TRUE(r.applied);
    EXPECT_EQ(r.summary(), "created 997, updated 0, unchanged 0, closed 0, rejected 3");
    EXPECT_EQ(Csv(read(d / "items.csv")).rows.size(), 997u);
    const Csv rej(read(in.string() + ".rejects.csv"));
    ASSERT_EQ(rej.rows.size(), 3u);
    EXPECT_EQ(rej.header, (std::vector<std::string>{"line", "raw", "reasons"}));
    EXPECT_EQ(rej.get(0, "line"), "101");
    EXPECT_EQ(rej.get(0, "raw"), "000123;F100;FA;100,00;31/06/2026;;;");
    EXPECT_EQ(rej.get(0, "reasons"), "issue_date: value '31/06/2026': not a valid date in the format(s) dd/MM/yyyy, yyyyMMdd, excel");
    EXPECT_EQ(rej.get(1, "line"), "501");
    EXPECT_NE(rej.get(1, "reasons").find("amount: value '12,3,4': not a number"), std::string::npos) << rej.get(1, "reasons");
    EXPECT_EQ(rej.get(2, "line"), "901");
    EXPECT_EQ(rej.get(2, "reasons"), "customer_id: value '999': no such customer in customers.csv for entity FR01");
}

TEST(Import, StrictModeImportsNothing) {
    const fs::path d = french_dir();
    const std::string before = read(d / "items.csv");
    const fs::path in = d / "big.csv";
    write(in, thousand_lines());
    std::string prof = kFrenchProfile;
    prof.insert(prof.rfind('}'), ", \"strict\": true");
    const ImportResult r = import_file(ImportProfile::parse(prof), options(d, in));
    EXPECT_FALSE(r.applied);
    EXPECT_EQ(r.rejected, 3u);
    EXPECT_EQ(read(d / "items.csv"), before);
    EXPECT_EQ(Csv(read(in.string() + ".rejects.csv")).rows.size(), 3u); // every bad line, also in strict mode
}

TEST(Import, ReimportDoesNotBlankAField) {
    const fs::path d = french_dir();
    const fs::path in = d / "customers_export.csv";
    // The second export lost the e-mail and credit limit columns' values.
    write(in, "Compte;Nom;Mail;Plafond\n0123;Société Générale d'Électricité;;\n0045;Café Zoé;zoe@cafe.fr;\n0077;Nouveau;new@x.fr;1000\n");
    const char* prof = R"({"kind": "customers", "separator": ";", "columns": {
        "entity": {"value": "FR01"}, "customer_id": {"source": "Compte", "strip_leading_zeros": true},
        "name": "Nom", "email": "Mail", "credit_limit": "Plafond"}})";
    const ImportResult r = import_file(ImportProfile::parse(prof), options(d, in));
    // 123: nothing but empty values → unchanged; 45: e-mail added → updated; 77: created.
    EXPECT_EQ(r.summary(), "created 1, updated 1, unchanged 1, closed 0, rejected 0");
    const Csv c(read(d / "customers.csv"));
    EXPECT_EQ(c.get(0, "email"), "compta@sge.fr");
    EXPECT_EQ(c.get(0, "credit_limit"), "50000.00");
    EXPECT_EQ(c.get(1, "email"), "zoe@cafe.fr");
    EXPECT_EQ(c.get(2, "credit_limit"), "1000.00");
    // With empty_overwrites the same file blanks them.
    std::string p2 = prof;
    p2.insert(p2.rfind('}'), ", \"empty_overwrites\": true");
    const ImportResult r2 = import_file(ImportProfile::parse(p2), options(d, in));
    EXPECT_EQ(r2.summary(), "created 0, updated 1, unchanged 2, closed 0, rejected 0");
    EXPECT_EQ(Csv(read(d / "customers.csv")).get(0, "email"), "");
}

TEST(Import, BlockedFieldsKeepTheirValueOnExistingRows) {
    const fs::path d = french_dir();
    const fs::path in = d / "c.csv";
    write(in, "id,name,limit\n123,SGE renamed,1\n88,New one,500\n");
    const char* prof = R"({"kind": "customers", "blocked": ["credit_limit", "name"], "columns": {
        "entity": {"value": "FR01"}, "customer_id": "id", "name": "name", "credit_limit": "limit"}})";
    const ImportResult r = import_file(ImportProfile::parse(prof), options(d, in));
    EXPECT_EQ(r.summary(), "created 1, updated 0, unchanged 1, closed 0, rejected 0");
    const Csv c(read(d / "customers.csv"));
    EXPECT_EQ(c.get(0, "name"), "Société Générale d'Électricité");
    EXPECT_EQ(c.get(0, "credit_limit"), "50000.00");
    EXPECT_EQ(c.get(2, "name"), "New one"); // a new row takes blocked fields from the file
    EXPECT_EQ(c.get(2, "credit_limit"), "500.00");
}

TEST(Import, UniqueKeyMatchesAcrossCustomerIdsAndRefusesDuplicates) {
    const fs::path d = temp_dir("uk");
    write(d / "customers.csv", "entity,customer_id,name,legal_id,phone\nFR01,C1,Alpha,552100554,\n");
    write(d / "items.csv", "item_id,customer_id,issue_date,amount\n");
    const fs::path in = d / "c.csv";
    // Line 2: same SIREN under the new ERP's code → updates C1 (keeps its id).
    // Line 3: the same SIREN again → duplicate key. Line 4: a new customer.
    write(in, "code,name,siren,tel\nNEW-1,Alpha SA,552100554,0102030405\nNEW-2,Alpha bis,552100554,\nNEW-3,Gamma,732829320,\n");
    const char* prof = R"({"kind": "customers", "unique_key": ["legal_id"], "columns": {
        "entity": {"value": "FR01"}, "customer_id": "code", "name": "name", "legal_id": "siren", "phone": "tel"}})";
    const ImportResult r = import_file(ImportProfile::parse(prof), options(d, in));
    EXPECT_EQ(r.summary(), "created 1, updated 1, unchanged 0, closed 0, rejected 1");
    ASSERT_EQ(r.rejects.size(), 1u);
    EXPECT_EQ(r.rejects[0].line, 3);
    EXPECT_EQ(r.rejects[0].reasons[0].substr(0, 13), "duplicate key");
    const Csv c(read(d / "customers.csv"));
    ASSERT_EQ(c.rows.size(), 2u);
    EXPECT_EQ(c.get(0, "customer_id"), "C1");
    EXPECT_EQ(c.get(0, "name"), "Alpha SA");
    EXPECT_EQ(c.get(0, "phone"), "0102030405");
    EXPECT_EQ(c.get(1, "customer_id"), "NEW-3");
}

TEST(Import, DebitCreditColumns) {
    const fs::path d = french_dir();
    const fs::path in = d / "gl.csv";
    write(in, "doc;cust;debit;credit;date\nD1;123;1 000,00;;01/06/2026\nD2;123;;250,00;02/06/2026\nD3;123;100,00;40,00;03/06/2026\n");
    const char* prof = R"({"kind": "items", "sign": "debit_credit", "debit": "debit", "credit": "credit",
        "decimal_separator": ",", "thousands_separator": " ", "date_formats": ["dd/MM/yyyy"],
        "columns": {"entity": {"value": "FR01"}, "item_id": "doc", "customer_id": "cust", "issue_date": "date",
                    "type": {"source": "doc", "map": {"D1": "invoice", "D2": "payment", "D3": "invoice"}}}})";
    const ImportResult r = import_file(ImportProfile::parse(prof), options(d, in));
    EXPECT_EQ(r.summary(), "created 3, updated 0, unchanged 0, closed 0, rejected 0") << r.failure;
    const Csv items(read(d / "items.csv"));
    EXPECT_EQ(items.get(0, "amount"), "1000.00"); // 1000 − 0
    EXPECT_EQ(items.get(1, "amount"), "-250.00"); // 0 − 250
    EXPECT_EQ(items.get(2, "amount"), "60.00");   // 100 − 40
}

namespace {
/// FR01 and DE01 items with allocations (the sum rule is in force).
fs::path daily_dir() {
    const fs::path d = temp_dir("daily");
    write(d / "customers.csv", "entity,customer_id\nFR01,C1\nDE01,K1\n");
    write(d / "items.csv",
          "entity,item_id,customer_id,issue_date,amount,open_amount\n"
          "FR01,A,C1,2026-05-01,100.00,100.00\n"
          "FR01,B,C1,2026-05-02,200.00,150.00\n"
          "FR01,C,C1,2026-05-03,300.00,300.00\n"
          "FR01,E,C1,2026-05-04,400.00,0.00\n"
          "FR01,G,C1,2026-05-05,500.00,500.00\n"
          "DE01,X,K1,2026-05-01,700.00,700.00\n");
    write(d / "allocations.csv", "entity,item_id,date,amount\nFR01,B,2026-05-20,50.00\nFR01,E,2026-05-25,400.00\n");
    return d;
}
const char* kDailyProfile = R"({"kind": "items", "mode": "replace_open_items", "columns": {
    "entity": {"value": "FR01"}, "item_id": "Doc", "customer_id": "Client", "issue_date": "Date",
    "amount": "Montant", "open_amount": "Reste"}})";
} // namespace

TEST(Import, DailyOpenItemsReplacement) {
    const fs::path d = daily_dir();
    const fs::path in = d / "open_items_2026-06-30.csv";
    // Today's full list of FR01's open items: A partly paid (100 → 60), C unchanged,
    // D new; B is gone (paid: closed), G's line is bad (never closed because of that);
    // E was already settled; DE01 is another entity (untouched).
    write(in,
          "Doc,Client,Date,Montant,Reste\n"
          "A,C1,2026-05-01,100.00,60.00\n"
          "C,C1,2026-05-03,300.00,300.00\n"
          "D,C1,2026-06-29,80.00,80.00\n"
          "G,C1,2026-13-05,500.00,500.00\n");
    const ImportResult r = import_file(ImportProfile::parse(kDailyProfile), options(d, in, "2026-06-30"));
    EXPECT_EQ(r.summary(), "created 1, updated 1, unchanged 1, closed 1, rejected 1");
    const Csv items(read(d / "items.csv"));
    EXPECT_EQ(items.get(items.find("item_id", "A"), "open_amount"), "60.00");
    EXPECT_EQ(items.get(items.find("item_id", "B"), "open_amount"), "0.00");
    EXPECT_EQ(items.get(items.find("item_id", "G"), "open_amount"), "500.00");
    EXPECT_EQ(items.get(items.find("item_id", "X"), "open_amount"), "700.00");
    EXPECT_EQ(items.get(items.find("item_id", "D"), "amount"), "80.00");
    // Allocations keep the sum rule: B's closed balance 150.00 and A's 40.00 paid today.
    const Csv alloc(read(d / "allocations.csv"));
    ASSERT_EQ(alloc.rows.size(), 4u);
    EXPECT_EQ(alloc.rows[2], (std::vector<std::string>{"FR01", "B", "2026-06-30", "150.00"}));
    EXPECT_EQ(alloc.rows[3], (std::vector<std::string>{"FR01", "A", "2026-06-30", "40.00"}));
    EXPECT_NO_THROW(Ledger::load(d));
    // The same file again changes nothing.
    const ImportResult again = import_file(ImportProfile::parse(kDailyProfile), options(d, in, "2026-07-01"));
    EXPECT_EQ(again.summary(), "created 0, updated 0, unchanged 3, closed 0, rejected 1");
}

TEST(Import, DryRunChangesNothing) {
    const fs::path d = daily_dir();
    const std::string items = read(d / "items.csv"), alloc = read(d / "allocations.csv");
    const fs::path in = d / "o.csv";
    write(in, "Doc,Client,Date,Montant,Reste\nA,C1,2026-05-01,100.00,60.00\n");
    ImportOptions o = options(d, in);
    o.dry_run = true;
    const ImportResult r = import_file(ImportProfile::parse(kDailyProfile), o);
    EXPECT_EQ(r.summary(), "created 0, updated 1, unchanged 0, closed 3, rejected 0");
    EXPECT_TRUE(r.files_written.empty());
    EXPECT_EQ(read(d / "items.csv"), items);
    EXPECT_EQ(read(d / "allocations.csv"), alloc);
    bool saw = false;
    for (const auto& c : r.changes) saw = saw || c == "update items.csv FR01/A: open_amount '100.00' → '60.00'";
    EXPECT_TRUE(saw);
}

TEST(Import, InjectedCommitFailureLeavesTheDirectoryUntouched) {
    const fs::path d = daily_dir();
    const std::string items = read(d / "items.csv"), alloc = read(d / "allocations.csv");
    const fs::path in = d / "o.csv";
    write(in, "Doc,Client,Date,Montant,Reste\nA,C1,2026-05-01,100.00,60.00\n");
    ImportOptions o = options(d, in);
    o.fail_after_renames = 1; // items.csv renamed into place, then the failure
    EXPECT_THROW(import_file(ImportProfile::parse(kDailyProfile), o), Error);
    EXPECT_EQ(read(d / "items.csv"), items);
    EXPECT_EQ(read(d / "allocations.csv"), alloc);
    EXPECT_FALSE(fs::exists(d / kImportStagingDir));
}

TEST(Import, CrashAfterTheCommitPointIsRolledForward) {
    const fs::path d = daily_dir();
    // A crash left a complete staging area with its manifest: both files are applied.
    fs::create_directories(d / kImportStagingDir);
    write(d / kImportStagingDir / "items.csv", "entity,item_id,customer_id,issue_date,amount\nFR01,Z,C1,2026-05-01,1.00\n");
    write(d / kImportStagingDir / "allocations.csv", "entity,item_id,date,amount\n");
    write(d / kImportStagingDir / "MANIFEST", "items.csv\nallocations.csv\n");
    recover_interrupted_import(d);
    EXPECT_EQ(read(d / "allocations.csv"), "entity,item_id,date,amount\n");
    EXPECT_NE(read(d / "items.csv").find("FR01,Z,C1"), std::string::npos);
    EXPECT_FALSE(fs::exists(d / kImportStagingDir));
    // Without a manifest the staging area is discarded.
    const std::string before = read(d / "items.csv");
    fs::create_directories(d / kImportStagingDir);
    write(d / kImportStagingDir / "items.csv", "garbage\n");
    recover_interrupted_import(d);
    EXPECT_EQ(read(d / "items.csv"), before);
    EXPECT_FALSE(fs::exists(d / kImportStagingDir));
}

TEST(Import, MissingSourceColumnIsAnErrorNamingIt) {
    const fs::path d = french_dir();
    const fs::path in = d / "x.csv";
    write(in, "Code;Montant\n1;2\n");
    try {
        import_file(ImportProfile::parse(kFrenchProfile), options(d, in));
        FAIL();
    } catch (const DataError& e) {
        bool named = false;
        for (const auto& dg : e.diagnostics())
            named = named || (dg.column == "columns.customer_id.source" && dg.value == "Code client" &&
                              dg.message.find("the header has: Code, Montant") != std::string::npos);
        EXPECT_TRUE(named) << e.what();
    }
}

TEST(RoundTrip, ExportImportExportIsByteIdentical) {
    const fs::path d1 = temp_dir("rt1");
    write(d1 / "company.json", R"({"name": "Demo", "base_currency": "EUR"})");
    write(d1 / "fx.csv", "date,currency,rate\n2026-01-01,USD,0.9\n2026-06-01,USD,0.92\n");
    write(d1 / "customers.csv",
          "entity,customer_id,name,legal_id,payment_center,country,language,currency,payment_terms_days,credit_limit,email,custom_1\n"
          ",0042,\"Dupont, Fils & Cie\",552100554,,FR,fr,,,1000.50,a@b.fr;c@d.fr,VIP\n"
          "FR01,C2,\"Quote \"\"Q\"\" Ltd\",,,GB,en,USD,45,,,\n"
          "FR01,C3,Payer,,C2,US,,USD,,,,\n");
    write(d1 / "items.csv",
          "entity,item_id,customer_id,type,issue_date,due_date,currency,amount,open_amount,status,comment\n"
          ",I1,0042,invoice,2026-05-01,,,1200.00,200.00,dispute:price,\"two\nlines\"\n"
          "FR01,I2,C2,credit_note,2026-05-02,2026-06-01,USD,-50.25,-50.25,,\n"
          "FR01,I3,C3,,2026-06-10,,,99.99,,promise,\n");
    write(d1 / "allocations.csv", "entity,item_id,date,amount\n,I1,2026-05-20,1000.00\n");
    write(d1 / "disputes.csv", "entity,dispute_id,customer_id,type,opened_date,closed_date,resolver,item_ids,comment\n,D1,0042,price,2026-05-21,,jo,I1,x\n");
    write(d1 / "actions.csv", "entity,action_id,customer_id,date,channel,scenario,step,item_ids,user,outcome,comment\nFR01,A1,C2,2026-06-05,email,standard,r1,I2,ann,sent,\n");
    const Ledger l1 = Ledger::load(d1);
    const fs::path e1 = temp_dir("rt_e1"), e2 = temp_dir("rt_e2"), d2 = temp_dir("rt2");
    export_data(l1, e1, {});
    // Enriched columns: I2 −50.25 USD at 0.9 (issue 2026-05-02) = −45.225 → −45.22 (half-even).
    const Csv ei(read(e1 / "items.csv"));
    EXPECT_EQ(ei.get(1, "amount_base"), "-45.22");
    EXPECT_EQ(ei.get(1, "item_key"), "FR01:I2");
    EXPECT_EQ(ei.get(0, "customer_key"), "MAIN:0042");
    write(d2 / "company.json", read(d1 / "company.json"));
    for (auto kind : {ImportKind::fx, ImportKind::customers, ImportKind::items, ImportKind::allocations,
                      ImportKind::disputes, ImportKind::actions}) {
        const std::string f = std::string(to_string(kind)) + ".csv";
        const ImportResult r = import_file(ImportProfile::canonical(kind), options(d2, e1 / f));
        EXPECT_TRUE(r.applied) << f << ": " << r.failure;
        EXPECT_EQ(r.rejected, 0u) << f << ": " << (r.rejects.empty() ? "" : r.rejects[0].reasons[0]);
    }
    export_data(Ledger::load(d2), e2, {});
    for (const char* f : {"customers.csv", "items.csv", "allocations.csv", "fx.csv", "disputes.csv", "actions.csv"}) {
        EXPECT_EQ(read(e1 / f), read(e2 / f)) << f;
        EXPECT_EQ(read(d1 / f), read(d2 / f)) << f; // the data directory itself was canonical
    }
}

TEST(Export, XlsxWorkbookReadsBack) {
    const fs::path d = daily_dir();
    const fs::path x = d / "export.xlsx";
    ExportOptions o;
    o.format = "xlsx";
    export_data(Ledger::load(d), x, o);
    // Reading the exported items sheet back with the canonical mapping gives the same rows.
    const fs::path d2 = temp_dir("xlsx_back");
    write(d2 / "customers.csv", read(d / "customers.csv"));
    ImportProfile p = ImportProfile::canonical(ImportKind::items);
    p.format = InputFormat::xlsx;
    p.sheet = "items";
    ImportOptions io = options(d2, x);
    io.rejects_path = (d2 / "r.csv").string();
    const ImportResult r = import_file(p, io);
    EXPECT_EQ(r.summary(), "created 6, updated 0, unchanged 0, closed 0, rejected 0") << r.failure;
    EXPECT_EQ(read(d2 / "items.csv"), read(d / "items.csv"));
}

TEST(Cli, ImportExitCodes) {
    const fs::path d = french_dir();
    const fs::path prof = d / "p.json", in = d / "big.csv";
    write(prof, kFrenchProfile);
    write(in, thousand_lines());
    const std::string cli = DSOCORE_CLI;
    auto run = [&](const std::string& args) {
        const int s = std::system((cli + " " + args + " > " + (d / "out.txt").string() + " 2>&1").c_str());
        return WEXITSTATUS(s);
    };
    const std::string base = "import --profile " + prof.string() + " --input " + in.string() + " --data " + d.string();
    EXPECT_EQ(run(base + " --kind items --dry-run"), 0);
    EXPECT_NE(read(d / "out.txt").find("created 997, updated 0, unchanged 0, closed 0, rejected 3"), std::string::npos);
    EXPECT_EQ(run(base + " --kind customers"), 2); // the profile is for items
    std::string strict = kFrenchProfile;
    strict.insert(strict.rfind('}'), ", \"strict\": true");
    write(prof, strict);
    EXPECT_EQ(run(base), 1);
    write(prof, "{\"kind\": \"items\", \"sepparator\": \";\"}");
    EXPECT_EQ(run(base), 1);
    EXPECT_NE(read(d / "out.txt").find("sepparator"), std::string::npos);
    EXPECT_EQ(run("export --data " + d.string() + " --format xlsx --output " + (d / "o.xlsx").string()), 0);
}

TEST(Import, AllocationsThatBreakTheSumRuleAreRejected) {
    const fs::path d = temp_dir("alloc");
    write(d / "customers.csv", "customer_id\nC1\n");
    write(d / "items.csv", "item_id,customer_id,issue_date,amount,open_amount\nA,C1,2026-05-01,100.00,60.00\nB,C1,2026-05-02,50.00,50.00\n");
    write(d / "allocations.csv", "item_id,date,amount\nA,2026-05-10,40.00\n");
    const fs::path in = d / "payments.csv";
    // Line 2 repeats A's allocation (40 = 100 − 60: unchanged). Line 3 would make B's
    // allocations 20.00 while amount − open_amount = 50 − 50 = 0: the ledger's sum rule
    // refuses it on B's line of items.csv, and the import maps that back to line 3.
    write(in, "item_id,date,amount\nA,2026-05-10,40\nB,2026-06-01,20.00\n");
    const ImportResult r = import_file(ImportProfile::canonical(ImportKind::allocations), options(d, in));
    EXPECT_TRUE(r.applied) << r.failure;
    EXPECT_EQ(r.summary(), "created 0, updated 0, unchanged 1, closed 0, rejected 1");
    ASSERT_EQ(r.rejects.size(), 1u);
    EXPECT_EQ(r.rejects[0].line, 3);
    EXPECT_NE(r.rejects[0].reasons[0].find("allocations.csv sums to 20.00 for this item but amount − open_amount = 0.00"),
              std::string::npos)
        << r.rejects[0].reasons[0];
    EXPECT_EQ(read(d / "allocations.csv"), "item_id,date,amount\nA,2026-05-10,40.00\n");
}

TEST(Import, EveryLineRejectedAppliesNothing) {
    const fs::path d = french_dir();
    const std::string before = read(d / "items.csv");
    const fs::path in = d / "bad.csv";
    write(in, "Code client;N° pièce;Type;Montant;Date;Echéance;Libellé;Réf\n000123;F1;FA;abc;15/03/2026;;;\n");
    const ImportResult r = import_file(ImportProfile::parse(kFrenchProfile), options(d, in));
    EXPECT_FALSE(r.applied);
    EXPECT_EQ(r.rejected, 1u);
    EXPECT_EQ(read(d / "items.csv"), before);
}

TEST(Import, SkipRowsQuoteAndDeclaredEncoding) {
    const fs::path d = french_dir();
    const fs::path in = d / "dos.txt";
    // An MS-DOS code page (IBM850) export with two title lines, '|' separators and no
    // quoting (a '"' is an ordinary character there).
    write(in, iotest::encode("EXTRACTION DU 30/06/2026\nSociété: SGE\nCode client|N° pièce|Type|Montant|Date|Echéance|Libellé|Réf\n"
                             "000123|F-9|FA|10,00|01/06/2026||Pièce \"urgente\"|\n",
                             "IBM850"));
    std::string prof = kFrenchProfile;
    prof.replace(prof.find("\"encoding\": \"auto\", \"separator\": \"auto\""), 39,
                 "\"encoding\": \"IBM850\", \"separator\": \"|\", \"quote\": \"\", \"skip_rows\": 2");
    const ImportResult r = import_file(ImportProfile::parse(prof), options(d, in));
    EXPECT_EQ(r.summary(), "created 1, updated 0, unchanged 0, closed 0, rejected 0") << r.failure;
    const Csv items(read(d / "items.csv"));
    EXPECT_EQ(items.get(0, "comment"), "Pièce \"urgente\"");
    EXPECT_EQ(items.get(0, "amount"), "10.00");
}

TEST(Import, LeadingBomsAllDropped) {
    // A CSV saved by two tools that each prepended a BOM starts EF BB BF EF BB BF: both
    // are dropped before the header, so "Code client" is found and the file imports
    // exactly like the same file without BOM (or with one). The same for UTF-16 with a
    // BOM followed by a second U+FEFF (FF FE FF FE …).
    const std::string body = "Code client;N° pièce;Type;Montant;Date;Echéance;Libellé;Réf\n"
                             "000123;FA-001;FA;1 234,56;15/03/2026;14/04/2026;Facture;R-77\n";
    const std::string bom = "\xEF\xBB\xBF";
    std::string expected_items;
    for (const std::string& bytes : {body, bom + body, bom + bom + body, bom + bom + bom + body,
                                     "\xFF\xFE" + iotest::encode("\xEF\xBB\xBF" + body, "UTF-16LE")}) {
        const fs::path d = french_dir();
        const fs::path in = iotest::temp_dir("bom_in") / "in.csv"; // the reject file goes beside it
        write(in, bytes);
        const ImportResult r = import_file(ImportProfile::parse(kFrenchProfile), options(d, in));
        EXPECT_TRUE(r.applied) << r.failure;
        EXPECT_EQ(r.summary(), "created 1, updated 0, unchanged 0, closed 0, rejected 0");
        EXPECT_EQ(read(in.string() + ".rejects.csv"), "line,raw,reasons\n");
        // FA-001: customer 123, 1 234,56 → 1234.56, 15/03/2026 → 2026-03-15.
        const Csv items(read(d / "items.csv"));
        ASSERT_EQ(items.rows.size(), 1u);
        EXPECT_EQ(items.get(0, "customer_id"), "123");
        EXPECT_EQ(items.get(0, "item_id"), "FA-001");
        EXPECT_EQ(items.get(0, "amount"), "1234.56");
        EXPECT_EQ(items.get(0, "issue_date"), "2026-03-15");
        if (expected_items.empty()) expected_items = read(d / "items.csv");
        EXPECT_EQ(read(d / "items.csv"), expected_items);
    }
}

TEST(Import, DuplicateKeysAmongTenThousandRows) {
    // Duplicates are found from a radix sort of 32-bit key hashes (≥ 4,096 rows), then an
    // exact check of the rows whose hash occurs twice, in file order. Rows I0…I9999 on
    // lines 2…10001 (Ik on line k + 2), then I17 (first on line 19), I9999 (first on line
    // 10001) and I17 again (still first on line 19) on lines 10002–10004.
    const fs::path d = temp_dir("dups");
    write(d / "customers.csv", "entity,customer_id\nFR01,C1\n");
    std::string in = "entity,item_id,customer_id,issue_date,amount\n";
    for (int i = 0; i < 10000; ++i) in += "FR01,I" + std::to_string(i) + ",C1,2026-01-01,1.00\n";
    in += "FR01,I17,C1,2026-01-01,2.00\nFR01,I9999,C1,2026-01-01,3.00\nFR01,I17,C1,2026-01-01,4.00\n";
    write(d / "in.csv", in);
    const ImportResult r = import_file(ImportProfile::parse(R"({"kind": "items"})"), options(d, d / "in.csv"));
    EXPECT_TRUE(r.applied) << r.failure;
    EXPECT_EQ(r.summary(), "created 10000, updated 0, unchanged 0, closed 0, rejected 3");
    EXPECT_EQ(read(d / "in.csv.rejects.csv"),
              "line,raw,reasons\n"
              "10002,\"FR01,I17,C1,2026-01-01,2.00\",duplicate key FR01/I17 (first on line 19)\n"
              "10003,\"FR01,I9999,C1,2026-01-01,3.00\",duplicate key FR01/I9999 (first on line 10001)\n"
              "10004,\"FR01,I17,C1,2026-01-01,4.00\",duplicate key FR01/I17 (first on line 19)\n");
}
