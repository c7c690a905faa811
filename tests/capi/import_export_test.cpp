// C ABI — import (profile, dry run, counts, reject file), export and table files, snapshots.
#include "capi_fixture.hpp"

#include <algorithm>

namespace fs = std::filesystem;

namespace {
// A messy customers file as an ERP writes it: ';' separated, decimal comma, spaces as
// thousands separators, padded codes, a title line before the header.
const char* kProfile = R"({
  "kind": "customers",
  "separator": ";",
  "skip_rows": 1,
  "decimal_separator": ",",
  "thousands_separator": " ",
  "columns": {
    "entity": "Societe",
    "customer_id": {"source": "Code", "case": "upper"},
    "name": {"source": "Nom", "collapse_spaces": true},
    "country": {"source": "Pays", "case": "upper"},
    "credit_limit": "Limite"
  },
  "mandatory": ["name"]
})";
// Line 1 title, line 2 header. Against the sample's customers.csv:
//   3 DE01 C000127: credit_limit 20000.00 -> 25000.00                       updated
//   4 DE01 c000128 (upper-cased C000128): same name, country, limit          unchanged
//   5 FR01 C900001: a new customer                                             created
//   6 FR01 C900002: limit "12,3,4" is not a number                             rejected
//   7 FR01 C900003: no name (mandatory)                                        rejected
const char* kInput =
    "Export clients du 30/06/2026\n"
    "Societe;Code;Nom;Pays;Limite\n"
    "DE01;C000127;Elektrotechnik Kaiser AG;ch;25 000,00\n"
    "DE01;c000128;Multiween  SARL;FR;10 000,00\n"
    "FR01;C900001;Nouveau Client SA;fr;1 500,50\n"
    "FR01;C900002;Mauvais Montant;FR;12,3,4\n"
    "FR01;C900003;;FR;100,00\n";
} // namespace

TEST_F(CapiTest, ImportMessyFileDryRunThenForReal) {
    TempSample data;
    const fs::path input = data.root() / "clients.csv";
    const fs::path profile = data.root() / "profile.json";
    write_text(input, kInput);
    write_text(profile, kProfile);
    const std::string before = slurp(data.dir() / "customers.csv");

    dso_import_options o = DSO_IMPORT_OPTIONS_INIT;
    const std::string profile_path = profile.string();
    o.profile = profile_path.c_str();
    o.date = "2026-06-30";
    o.dry_run = 1;
    dso_import_result* r = nullptr;
    ASSERT_EQ(dso_import(ctx, data.str().c_str(), input.string().c_str(), &o, &r), DSO_OK) << errmsg();
    EXPECT_EQ(dso_import_applied(r), 1); // would apply
    EXPECT_EQ(dso_import_count(r, DSO_IMPORT_CREATED), 1u);
    EXPECT_EQ(dso_import_count(r, DSO_IMPORT_UPDATED), 1u);
    EXPECT_EQ(dso_import_count(r, DSO_IMPORT_UNCHANGED), 1u);
    EXPECT_EQ(dso_import_count(r, DSO_IMPORT_CLOSED), 0u);
    EXPECT_EQ(dso_import_count(r, DSO_IMPORT_REJECTED), 2u);
    EXPECT_EQ(dso_import_count(r, DSO_IMPORT_CHANGES), 2u); // one created, one updated
    EXPECT_STREQ(dso_import_text(r, DSO_IMPORT_SUMMARY), "created 1, updated 1, unchanged 1, closed 0, rejected 2");
    EXPECT_EQ(dso_import_text(r, DSO_IMPORT_REJECTS_FILE), input.string() + ".rejects.csv");
    EXPECT_STREQ(dso_import_text(r, DSO_IMPORT_FAILURE), "");
    EXPECT_STREQ(dso_import_text(r, DSO_IMPORT_ENCODING), "UTF-8");
    EXPECT_NE(dso_import_change(r, 0), nullptr);
    EXPECT_EQ(dso_import_change(r, 2), nullptr);
    dso_table* rejects = nullptr;
    ASSERT_EQ(dso_import_rejects(ctx, r, &rejects), DSO_OK) << errmsg();
    ASSERT_EQ(dso_table_row_count(rejects), 2u);
    EXPECT_EQ(cell(rejects, 0, 0), "6");
    EXPECT_EQ(cell(rejects, 0, 1), "FR01;C900002;Mauvais Montant;FR;12,3,4");
    EXPECT_NE(cell(rejects, 0, 2).find("credit_limit"), std::string::npos) << cell(rejects, 0, 2);
    EXPECT_EQ(cell(rejects, 1, 0), "7");
    EXPECT_NE(cell(rejects, 1, 2).find("name"), std::string::npos) << cell(rejects, 1, 2);
    dso_table_destroy(rejects);
    dso_import_result_destroy(r);
    EXPECT_EQ(slurp(data.dir() / "customers.csv"), before); // a dry run writes nothing
    // The reject file: header, then lines 6 and 7, the raw record quoted (it holds ',').
    const std::string rj = slurp(input.string() + ".rejects.csv");
    EXPECT_EQ(rj.substr(0, rj.find('\n')), "line,raw,reasons");
    EXPECT_NE(rj.find("\n6,\"FR01;C900002;Mauvais Montant;FR;12,3,4\",\"credit_limit: value '12,3,4': "),
              std::string::npos)
        << rj;
    EXPECT_NE(rj.find("\n7,\"FR01;C900003;;FR;100,00\",mandatory field name is empty\n"), std::string::npos) << rj;
    EXPECT_EQ(std::count(rj.begin(), rj.end(), '\n'), 3); // header + 2 lines

    // The same from the profile's text, for real.
    o.profile = nullptr;
    o.profile_json = kProfile;
    o.dry_run = 0;
    ASSERT_EQ(dso_import(ctx, data.str().c_str(), input.string().c_str(), &o, &r), DSO_OK) << errmsg();
    EXPECT_EQ(dso_import_applied(r), 1);
    EXPECT_EQ(dso_import_count(r, DSO_IMPORT_CREATED), 1u);
    dso_import_result_destroy(r);
    ASSERT_EQ(dso_ledger_load(ctx, data.str().c_str(), &ledger), DSO_OK) << errmsg();
    dso_buffer text = DSO_BUFFER_INIT;
    ASSERT_EQ(dso_ledger_file_text(ctx, ledger, "customers.csv", &text), DSO_OK);
    const std::string customers = take(text);
    EXPECT_NE(customers.find("DE01,C000127,Elektrotechnik Kaiser AG,"), std::string::npos);
    EXPECT_NE(customers.find(",25000.00,"), std::string::npos);
    EXPECT_NE(customers.find("FR01,C900001,Nouveau Client SA,"), std::string::npos);
    EXPECT_EQ(customers.find("C900002"), std::string::npos);
}

TEST_F(CapiTest, ImportBadArguments) {
    TempSample data;
    const std::string dir = data.str();
    dso_import_result* r = nullptr;
    const fs::path input = data.root() / "x.csv";
    write_text(input, kInput);
    EXPECT_EQ(dso_import(ctx, dir.c_str(), input.string().c_str(), nullptr, &r), DSO_EINVALID_ARGUMENT); // no profile
    dso_import_options o = DSO_IMPORT_OPTIONS_INIT;
    o.kind = "invoices";
    EXPECT_EQ(dso_import(ctx, dir.c_str(), input.string().c_str(), &o, &r), DSO_EINVALID_ARGUMENT);
    o.kind = "items"; // contradicts the profile's kind
    o.profile_json = kProfile;
    EXPECT_EQ(dso_import(ctx, dir.c_str(), input.string().c_str(), &o, &r), DSO_EINVALID_ARGUMENT);
    o.kind = nullptr;
    o.profile_json = R"({"kind": "customers", "sepparator": ";"})";
    EXPECT_EQ(dso_import(ctx, dir.c_str(), input.string().c_str(), &o, &r), DSO_EDATA);
    EXPECT_NE(errmsg().find("sepparator"), std::string::npos) << errmsg();
    o.profile_json = kProfile;
    o.profile = "/nonexistent/profile.json";
    EXPECT_EQ(dso_import(ctx, dir.c_str(), input.string().c_str(), &o, &r), DSO_EINVALID_ARGUMENT); // both
    o.profile = nullptr;
    o.date = "30.06.2026";
    EXPECT_EQ(dso_import(ctx, dir.c_str(), input.string().c_str(), &o, &r), DSO_EINVALID_ARGUMENT);
    o.date = nullptr;
    EXPECT_NE(dso_import(ctx, dir.c_str(), "/nonexistent/input.csv", &o, &r), DSO_OK);
    o.version = 0;
    EXPECT_EQ(dso_import(ctx, dir.c_str(), input.string().c_str(), &o, &r), DSO_EINVALID_ARGUMENT);
    EXPECT_EQ(dso_import(ctx, nullptr, input.string().c_str(), nullptr, &r), DSO_EINVALID_ARGUMENT);
    EXPECT_EQ(dso_import(ctx, dir.c_str(), nullptr, nullptr, &r), DSO_EINVALID_ARGUMENT);
    EXPECT_EQ(dso_import(ctx, dir.c_str(), input.string().c_str(), nullptr, nullptr), DSO_EINVALID_ARGUMENT);
    EXPECT_EQ(r, nullptr);
    EXPECT_EQ(dso_import_applied(nullptr), 0);
    EXPECT_EQ(dso_import_count(nullptr, DSO_IMPORT_CREATED), 0u);
    EXPECT_STREQ(dso_import_text(nullptr, DSO_IMPORT_SUMMARY), "");
    EXPECT_EQ(dso_import_change(nullptr, 0), nullptr);
    dso_table* t = nullptr;
    EXPECT_EQ(dso_import_rejects(ctx, nullptr, &t), DSO_EINVALID_ARGUMENT);
    dso_import_result_destroy(nullptr);
}

TEST_F(CapiTest, ExportRoundTripAndTableFiles) {
    TempSample data;
    ASSERT_EQ(dso_ledger_load(ctx, DSOCORE_TEST_DATA, &ledger), DSO_OK) << errmsg();
    // Canonical CSV export, loaded again: the same canonical files.
    dso_export_options o = DSO_EXPORT_OPTIONS_INIT;
    o.canonical = 1;
    const fs::path out = data.root() / "export";
    ASSERT_EQ(dso_export(ctx, ledger, out.string().c_str(), &o), DSO_OK) << errmsg();
    dso_ledger* again = nullptr;
    ASSERT_EQ(dso_ledger_load(ctx, out.string().c_str(), &again), DSO_OK) << errmsg();
    for (const char* f : {"customers.csv", "items.csv", "allocations.csv", "actions.csv"}) {
        dso_buffer a = DSO_BUFFER_INIT, b = DSO_BUFFER_INIT;
        ASSERT_EQ(dso_ledger_file_text(ctx, ledger, f, &a), DSO_OK) << errmsg();
        ASSERT_EQ(dso_ledger_file_text(ctx, again, f, &b), DSO_OK) << errmsg();
        EXPECT_EQ(take(a), take(b)) << f;
    }
    dso_ledger_destroy(again);
    // The enriched export has the *_key and *_base columns.
    const fs::path rich = data.root() / "rich";
    o.canonical = 0;
    o.as_of = "2026-06-30";
    ASSERT_EQ(dso_export(ctx, ledger, rich.string().c_str(), &o), DSO_OK) << errmsg();
    const std::string items = slurp(rich / "items.csv");
    EXPECT_NE(items.substr(0, items.find('\n')).find("customer_key"), std::string::npos);
    // XLSX: one workbook (a zip: "PK").
    o.format = "xlsx";
    const fs::path book = data.root() / "data.xlsx";
    ASSERT_EQ(dso_export(ctx, ledger, book.string().c_str(), &o), DSO_OK) << errmsg();
    EXPECT_EQ(slurp(book).substr(0, 2), "PK");
    o.format = "ods";
    EXPECT_EQ(dso_export(ctx, ledger, book.string().c_str(), &o), DSO_EINVALID_ARGUMENT);
    o.format = nullptr;
    o.as_of = "June";
    EXPECT_EQ(dso_export(ctx, ledger, book.string().c_str(), &o), DSO_EINVALID_ARGUMENT);
    EXPECT_EQ(dso_export(ctx, nullptr, book.string().c_str(), nullptr), DSO_EINVALID_ARGUMENT);
    EXPECT_EQ(dso_export(ctx, ledger, nullptr, nullptr), DSO_EINVALID_ARGUMENT);

    // Any report table to a file: CSV identical to dso_table_to_csv, XLSX a workbook.
    dso_table* t = nullptr;
    ASSERT_EQ(dso_report(ctx, ledger, "aging", "2026-06-30", nullptr, &t), DSO_OK) << errmsg();
    const fs::path csv_file = data.root() / "aging.csv";
    ASSERT_EQ(dso_table_write(ctx, t, "csv", csv_file.string().c_str()), DSO_OK) << errmsg();
    EXPECT_EQ(slurp(csv_file), csv(t));
    const fs::path json_file = data.root() / "aging.json";
    ASSERT_EQ(dso_table_write(ctx, t, "json", json_file.string().c_str()), DSO_OK) << errmsg();
    EXPECT_EQ(slurp(json_file).substr(0, 1), "{");
    const fs::path xlsx_file = data.root() / "aging.xlsx";
    ASSERT_EQ(dso_table_write(ctx, t, "xlsx", xlsx_file.string().c_str()), DSO_OK) << errmsg();
    EXPECT_EQ(slurp(xlsx_file).substr(0, 2), "PK");
    EXPECT_EQ(dso_table_write(ctx, t, "pdf", xlsx_file.string().c_str()), DSO_EINVALID_ARGUMENT);
    EXPECT_EQ(dso_table_write(ctx, t, "csv", "/nonexistent/dir/aging.csv"), DSO_EIO);
    EXPECT_EQ(dso_table_write(ctx, nullptr, "csv", csv_file.string().c_str()), DSO_EINVALID_ARGUMENT);
    EXPECT_EQ(dso_table_write(ctx, t, nullptr, csv_file.string().c_str()), DSO_EINVALID_ARGUMENT);
    dso_table_destroy(t);
}

TEST_F(CapiTest, SnapshotOpensThroughLoad) {
    TempSample data;
    ASSERT_EQ(dso_ledger_load(ctx, DSOCORE_TEST_DATA, &ledger), DSO_OK) << errmsg();
    const fs::path snap = data.root() / "sample.dsoc";
    ASSERT_EQ(dso_ledger_save_snapshot(ctx, ledger, snap.string().c_str()), DSO_OK) << errmsg();
    EXPECT_EQ(dso_is_snapshot(snap.string().c_str()), 1);
    EXPECT_EQ(dso_is_snapshot(DSOCORE_TEST_DATA), 0);
    EXPECT_EQ(dso_is_snapshot((data.dir() / "items.csv").string().c_str()), 0);
    EXPECT_EQ(dso_is_snapshot(nullptr), 0);
    dso_ledger* opened = nullptr;
    ASSERT_EQ(dso_ledger_load(ctx, snap.string().c_str(), &opened), DSO_OK) << errmsg();
    EXPECT_EQ(dso_ledger_item_count(opened), dso_ledger_item_count(ledger));
    dso_table *a = nullptr, *b = nullptr;
    ASSERT_EQ(dso_report(ctx, ledger, "aging", "2026-06-30", nullptr, &a), DSO_OK);
    ASSERT_EQ(dso_report(ctx, opened, "aging", "2026-06-30", nullptr, &b), DSO_OK) << errmsg();
    EXPECT_EQ(csv(a), csv(b));
    dso_table_destroy(a);
    dso_table_destroy(b);
    dso_ledger_destroy(opened);
    // With templates, from the snapshot: render works.
    dso_load_options lo = DSO_LOAD_OPTIONS_INIT;
    lo.templates = 1;
    ASSERT_EQ(dso_ledger_load_opts(ctx, snap.string().c_str(), &lo, &opened), DSO_OK) << errmsg();
    dso_message* m = nullptr;
    EXPECT_EQ(dso_render(ctx, opened, "2026-06-30", "DE01:C000276", "r2", nullptr, &m), DSO_OK) << errmsg();
    dso_message_destroy(m);
    dso_ledger_destroy(opened);
    // A corrupt snapshot is a data error naming the file, never a crash.
    std::string bytes = slurp(snap);
    bytes[bytes.size() / 2] = static_cast<char>(bytes[bytes.size() / 2] ^ 0x5A);
    write_text(snap, bytes);
    EXPECT_EQ(dso_ledger_load(ctx, snap.string().c_str(), &opened), DSO_EDATA);
    EXPECT_NE(errmsg().find("sample.dsoc"), std::string::npos) << errmsg();
    EXPECT_EQ(opened, nullptr);
    EXPECT_EQ(dso_ledger_save_snapshot(ctx, nullptr, snap.string().c_str()), DSO_EINVALID_ARGUMENT);
    EXPECT_EQ(dso_ledger_save_snapshot(ctx, ledger, nullptr), DSO_EINVALID_ARGUMENT);
}
