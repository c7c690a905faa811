// The data-directory loader: every error class of data-format.md with its line,
// all-or-nothing, defaults, and canonical write-back.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "dsocore/core/error.hpp"
#include "dsocore/io/csv.hpp"
#include "dsocore/ledger/ledger.hpp"

using namespace dsocore;

namespace {

const char* kCustomers =
    "entity,customer_id,name,currency,payment_terms_days,credit_limit\n"
    "FR01,C1,\"Alpha, \"\"the first\"\"\",EUR,45,10000.00\n"
    "FR01,C2,Beta,USD,,\n"
    ",C3,Gamma,,,\n";
const char* kItems =
    "entity,item_id,customer_id,type,issue_date,due_date,currency,amount,open_amount,status\n"
    "FR01,I1,C1,invoice,2026-04-10,2026-05-10,,1000.00,400.00,\n"
    "FR01,I2,C1,credit_note,2026-06-01,,,-100.00,-100.00,\n"
    "FR01,I3,C2,invoice,2026-06-15,2026-07-15,,500.00,500.00,dispute:price\n"
    ",I4,C3,invoice,2026-06-01,,,80.00,80.00,\n";
const char* kAllocations = "entity,item_id,date,amount\nFR01,I1,2026-05-20,600.00\n";
const char* kFx = "date,currency,rate\n2026-01-01,USD,0.9\n";

DataSources base() {
    return {{"customers.csv", kCustomers}, {"items.csv", kItems}, {"allocations.csv", kAllocations}, {"fx.csv", kFx}};
}

/// Loads and expects a DataError; returns its diagnostics.
std::vector<Diagnostic> errors_of(const DataSources& src) {
    try {
        (void)Ledger::load_sources(src);
    } catch (const DataError& e) {
        return e.diagnostics();
    }
    ADD_FAILURE() << "the load succeeded";
    return {};
}

bool has(const std::vector<Diagnostic>& d, const std::string& file, std::int64_t line, const std::string& col,
         const std::string& fragment) {
    for (const auto& x : d)
        if (x.file == file && x.line == line && x.column == col && x.message.find(fragment) != std::string::npos)
            return true;
    std::string all;
    for (const auto& x : d) all += x.to_string() + "\n";
    ADD_FAILURE() << "no diagnostic " << file << ":" << line << " " << col << " '" << fragment << "' in\n" << all;
    return false;
}

} // namespace

TEST(Loader, LoadsColumnsAndDefaults) {
    const Ledger L = Ledger::load_sources(base());
    const auto& C = L.customers();
    const auto& I = L.items();
    ASSERT_EQ(C.size(), 3u);
    ASSERT_EQ(I.size(), 4u);
    EXPECT_EQ(L.str(C.name[0]), "Alpha, \"the first\"");
    EXPECT_EQ(C.payment_terms_days[1], 30); // default
    EXPECT_EQ(L.str(C.entity[2]), "MAIN");  // empty entity = MAIN
    EXPECT_EQ(L.str(C.language[0]), "en");
    EXPECT_EQ(C.credit_limit[0], 1000000);
    EXPECT_EQ(C.currency[1].code(), "USD");
    EXPECT_EQ(C.currency[2].code(), "EUR"); // company base by default
    // I2: due = issue + 45 days (customer C1's terms): 2026-06-01 + 45 = 2026-07-16.
    EXPECT_EQ(Date::from_days(I.due_date[1]).to_string(), "2026-07-16");
    // I3 takes its customer's currency USD.
    EXPECT_EQ(I.currency[2].code(), "USD");
    EXPECT_EQ(I.status_category[2], StatusCategory::dispute);
    EXPECT_EQ(L.str(I.status_subtype[2]), "price");
    EXPECT_EQ(L.find_item("FR01", "I3"), 2u);
    EXPECT_EQ(L.find_item("MAIN", "I4"), 3u);
    EXPECT_EQ(L.find_customer("DE01", "C1"), kNoRow);
    // bal_D(I1): 1000 before 2026-05-20, 400 from then on.
    EXPECT_EQ(L.balance_at(0, Date::parse_or_throw("2026-05-19").days()), 100000);
    EXPECT_EQ(L.balance_at(0, Date::parse_or_throw("2026-05-20").days()), 40000);
}

TEST(Loader, WritesCanonicalInputBackByteForByte) {
    const Ledger L = Ledger::load_sources(base());
    EXPECT_EQ(L.csv_text("customers.csv"), kCustomers);
    EXPECT_EQ(L.csv_text("items.csv"), kItems);
    EXPECT_EQ(L.csv_text("allocations.csv"), kAllocations);
    EXPECT_EQ(L.csv_text("fx.csv"), kFx);
}

TEST(Loader, SampleDataRoundTripsThroughSave) {
    namespace fs = std::filesystem;
    const fs::path src = fs::path(DSOCORE_SOURCE_DIR) / "examples" / "data";
    if (!fs::exists(src / "items.csv")) GTEST_SKIP() << "sample data not generated";
    const Ledger L = Ledger::load(src);
    const fs::path out = fs::temp_directory_path() / "dsocore_roundtrip";
    fs::remove_all(out);
    L.save(out);
    for (const char* f : {"customers.csv", "items.csv", "allocations.csv", "fx.csv", "disputes.csv", "actions.csv",
                          "scenarios.json", "company.json"}) {
        if (!fs::exists(src / f)) continue;
        EXPECT_EQ(read_file((out / f).string()), read_file((src / f).string())) << f;
    }
    fs::remove_all(out);
}

TEST(Loader, BomAndCrlfAreAccepted) {
    DataSources s = base();
    s["customers.csv"] = "\xEF\xBB\xBF" "customer_id,name\r\nC1,A\r\nC2,B\r\n";
    s["items.csv"] = "item_id,customer_id,issue_date,amount\r\nI1,C1,2026-01-01,1.00\r\n";
    s.erase("allocations.csv");
    const Ledger L = Ledger::load_sources(s);
    EXPECT_EQ(L.customers().size(), 2u);
    EXPECT_EQ(L.str(L.customers().name[1]), "B");
}

TEST(Loader, MissingRequiredFileAndColumn) {
    DataSources s = base();
    s.erase("items.csv");
    auto d = errors_of(s);
    has(d, "items.csv", 0, "", "required file is missing");
    s = base();
    s["items.csv"] = "item_id,customer_id,issue_date\nI1,C1,2026-01-01\n";
    d = errors_of(s);
    has(d, "items.csv", 1, "amount", "required column is missing");
}

TEST(Loader, UnknownAndDuplicateColumns) {
    DataSources s = base();
    s["customers.csv"] = "customer_id,nmae,custom_3,custom_13\nC1,x,y,z\n";
    auto d = errors_of(s);
    has(d, "customers.csv", 1, "nmae", "unknown column");
    has(d, "customers.csv", 1, "custom_13", "unknown column");
    s["customers.csv"] = "customer_id,name,name\nC1,x,y\n";
    d = errors_of(s);
    has(d, "customers.csv", 1, "name", "duplicate column");
}

TEST(Loader, EveryErrorOfAFileIsReportedWithItsLine) {
    DataSources s = base();
    s["items.csv"] =
        "entity,item_id,customer_id,type,issue_date,due_date,currency,amount,open_amount,status\n"
        "FR01,I1,C1,invoice,2026-04-10,2026-05-10,,1000.00,400.00,\n"   // 2 ok
        "FR01,I1,C1,invoice,2026-04-11,,,10.00,,\n"                      // 3 duplicate id
        "FR01,I5,C9,invoice,2026-04-11,,,10.00,,\n"                      // 4 unknown customer
        "FR01,I6,C1,bill,2026-04-11,,,10.00,,\n"                         // 5 bad type
        "FR01,I7,C1,invoice,2026-02-30,,,10.00,,\n"                      // 6 impossible date
        "FR01,I8,C1,invoice,2026-04-11,,EUR,10.505,,\n"                  // 7 too many decimals
        "FR01,I9,C1,invoice,2026-04-11,,ABC,10.00,,\n"                   // 8 bad currency
        "FR01,I10,C1,credit_note,2026-04-11,,,10.00,,\n"                 // 9 credit note > 0
        "FR01,I11,C1,invoice,2026-04-11,,,10.00,12.00,\n"                // 10 open > amount
        "FR01,I12,C1,invoice,2026-04-11,,,1e3,,\n"                       // 11 exponent
        "FR01,I13,C1,invoice,2026-04-11,,,10.00,,maybe\n"                // 12 bad status
        "FR01,I14,C1,invoice,2026-04-11,,,10.00\n"                       // 13 field count
        "FR01,I15,C2,invoice,2025-06-01,,,10.00,,\n"                     // 14 no USD rate yet
        "FR01,I16,C1,invoice,2026-04-11,,,-5.00,,\n"                     // 15 invoice < 0
        "FR01,I17,C1,invoice,2026-04-11,,,10.00,-1.00,\n";               // 16 open sign
    s.erase("allocations.csv");
    const auto d = errors_of(s);
    has(d, "items.csv", 3, "item_id", "duplicate item (first on line 2)");
    has(d, "items.csv", 4, "customer_id", "no such customer");
    has(d, "items.csv", 5, "type", "expected invoice, credit_note");
    has(d, "items.csv", 6, "issue_date", "expected a date YYYY-MM-DD");
    has(d, "items.csv", 7, "amount", "more decimals than EUR allows (2)");
    has(d, "items.csv", 8, "currency", "ISO 4217");
    has(d, "items.csv", 9, "amount", "must be < 0");
    has(d, "items.csv", 10, "open_amount", "sign of amount");
    has(d, "items.csv", 11, "amount", "expected a decimal number");
    has(d, "items.csv", 12, "status", "category");
    has(d, "items.csv", 13, "", "expected 10 fields as in the header, found 8");
    has(d, "items.csv", 14, "currency", "no rate for USD on or before the issue date 2025-06-01");
    has(d, "items.csv", 15, "amount", "must be > 0");
    has(d, "items.csv", 16, "open_amount", "sign of amount");
    // The message of the exception names file:line.
    try {
        (void)Ledger::load_sources(s);
    } catch (const DataError& e) {
        EXPECT_NE(std::string(e.what()).find("items.csv:7: column amount: value '10.505'"), std::string::npos) << e.what();
    }
}

TEST(Loader, JpyAndKwdMinorUnits) {
    DataSources s;
    s["customers.csv"] = "customer_id,currency\nJ,JPY\nK,KWD\n";
    s["fx.csv"] = "date,currency,rate\n2026-01-01,JPY,0.0062\n2026-01-01,KWD,2.9876543211\n";
    s["items.csv"] =
        "item_id,customer_id,issue_date,amount\n"
        "1,J,2026-02-01,10.00\n"  // JPY 10.00 is 10
        "2,J,2026-02-01,10.5\n"   // rejected
        "3,K,2026-02-01,1.234\n"  // KWD 3 decimals fine
        "4,K,2026-02-01,1.2345\n";
    const auto d = errors_of(s);
    EXPECT_EQ(d.size(), 2u);
    has(d, "items.csv", 3, "amount", "more decimals than JPY allows (0)");
    has(d, "items.csv", 5, "amount", "more decimals than KWD allows (3)");
}

TEST(Loader, AllocationSumsAreChecked) {
    DataSources s = base();
    s["allocations.csv"] = "entity,item_id,date,amount\nFR01,I1,2026-05-20,500.00\nFR01,I9,2026-05-20,1.00\n";
    const auto d = errors_of(s);
    has(d, "allocations.csv", 3, "item_id", "no such item");
    // I1: amount 1000.00 − open 400.00 = 600.00, allocations 500.00.
    has(d, "items.csv", 2, "open_amount", "allocations.csv sums to 500.00 for this item but amount − open_amount = 600.00");
    // An item without allocation rows must be fully open: I3 is (500/500), I2 too.
    s["allocations.csv"] = "entity,item_id,date,amount\nFR01,I1,2026-05-20,600.00\nFR01,I1,2026-05-21,-1.00\n";
    const auto d2 = errors_of(s);
    has(d2, "allocations.csv", 3, "amount", "carries the sign");
}

TEST(Loader, FxRules) {
    DataSources s = base();
    s["fx.csv"] = "date,currency,rate\n2026-01-01,USD,0.9\n2026-01-01,USD,0.91\n2026-02-01,USD,0\n"
                  "2026-03-01,USD,0.12345678901\n2026-04-01,ABC,1\n";
    const auto d = errors_of(s);
    has(d, "fx.csv", 3, "date", "duplicate rate for USD");
    has(d, "fx.csv", 4, "rate", "positive");
    has(d, "fx.csv", 5, "rate", "at most 10 decimals");
    has(d, "fx.csv", 6, "currency", "ISO 4217");
    // No fx.csv at all while USD items exist.
    s = base();
    s.erase("fx.csv");
    const auto d2 = errors_of(s);
    has(d2, "items.csv", 4, "currency", "no rate for USD");
}

TEST(Loader, CustomerChecks) {
    DataSources s = base();
    s["customers.csv"] =
        "entity,customer_id,country,language,payment_terms_days,payment_center,scenario,credit_limit\n"
        "FR01,C1,FR,fr,30,,,\n"
        "FR01,C1,FR,fr,30,,,\n"         // 3 duplicate
        "FR01,C2,FRA,fr,30,,,\n"        // 4 bad country
        "FR01,C3,FR,fr_FR,30,,,\n"      // 5 bad language tag
        "FR01,C4,FR,fr,thirty,,,\n"     // 6 bad terms
        "FR01,C5,FR,fr,30,C99,,\n"      // 7 unknown payment center
        "FR01,C6,FR,fr,30,,gentle,\n"   // 8 unknown scenario
        "FR01,C7,FR,pt-BR,30,C1,,-5\n"; // 9 negative limit (payment center ok)
    s["items.csv"] = "item_id,customer_id,issue_date,amount\n";
    s.erase("allocations.csv");
    const auto d = errors_of(s);
    has(d, "customers.csv", 3, "customer_id", "duplicate customer (first on line 2)");
    has(d, "customers.csv", 4, "country", "ISO 3166-1");
    has(d, "customers.csv", 5, "language", "BCP 47");
    has(d, "customers.csv", 6, "payment_terms_days", "whole number");
    has(d, "customers.csv", 7, "payment_center", "no customer with this id in entity FR01");
    has(d, "customers.csv", 8, "scenario", "unknown scenario; expected one of standard");
    has(d, "customers.csv", 9, "credit_limit", "cannot be negative");
}

TEST(Loader, QuotedFieldsSpanLinesAndLineNumbersFollow) {
    DataSources s = base();
    s["customers.csv"] = "customer_id,address\nC1,\"1 rue X\nParis\"\nC2,\"unterminated\n";
    s["items.csv"] = "item_id,customer_id,issue_date,amount\n";
    s.erase("allocations.csv");
    const auto d = errors_of(s);
    has(d, "customers.csv", 4, "", "unterminated quoted field");
}

TEST(Loader, DisputesActionsAndJson) {
    DataSources s = base();
    s["disputes.csv"] = "entity,dispute_id,customer_id,type,opened_date,closed_date,resolver,item_ids,comment\n"
                        "FR01,D1,C2,price,2026-06-16,,bob,I3,\n"
                        "FR01,D2,C2,price,2026-06-16,2026-06-01,bob,I3 I99,\n";
    s["actions.csv"] = "entity,action_id,customer_id,date,channel,scenario,step,item_ids,user,outcome,comment\n"
                       "FR01,A1,C1,2026-05-15,email,standard,r1,I1,alice,sent,\n"
                       "FR01,A2,C1,2026-05-16,fax,standard,r2,I1,alice,sent,\n";
    s["scenarios.json"] = R"({"scenarios": [{"id": "s", "steps": [{"id": "a", "offset_days": 1, "channel": "pigeon"}]}], "default": "x"})";
    s["company.json"] = "{\"base_currency\": \"EUR\",\n \"aging_buckets\": [30, 20]\n}";
    const auto d = errors_of(s);
    has(d, "disputes.csv", 3, "closed_date", "before opened_date");
    has(d, "disputes.csv", 3, "item_ids", "no such item");
    has(d, "actions.csv", 3, "channel", "expected email, sms");
    has(d, "scenarios.json", 0, "scenarios[0].steps[0].channel", "expected email");
    has(d, "scenarios.json", 0, "default", "no scenario has this id");
    has(d, "company.json", 0, "aging_buckets", "ascending");
    s["company.json"] = "{\"name\": \"x\",\n \"base_currency\": }";
    has(errors_of(s), "company.json", 2, "", "invalid JSON");
}

TEST(Loader, ErrorCountIsBounded) {
    DataSources s = base();
    std::string items = "item_id,customer_id,issue_date,amount\n";
    for (int i = 0; i < 500; ++i) items += "X" + std::to_string(i) + ",NOPE,2026-01-01,1.00\n";
    s["items.csv"] = items;
    s.erase("allocations.csv");
    try {
        (void)Ledger::load_sources(s);
        FAIL();
    } catch (const DataError& e) {
        EXPECT_EQ(e.diagnostics().size(), 100u);
        EXPECT_TRUE(e.truncated());
    }
}

TEST(Loader, TemplatesWithUnknownTagsFailWithFileAndLine) {
    DataSources s = base();
    s["templates/reminder1.fr.txt"] = "Subject: Relance #CUSTOMER_ID\n\nBonjour,\nmontant #AMOUNT_DUE\n";
    LoadOptions o;
    o.templates = true;
    o.builtin_templates = "/nonexistent";
    try {
        (void)Ledger::load_sources(s, o);
        FAIL();
    } catch (const DataError& e) {
        ASSERT_EQ(e.diagnostics().size(), 1u);
        EXPECT_EQ(e.diagnostics()[0].file, "templates/reminder1.fr.txt");
        EXPECT_EQ(e.diagnostics()[0].line, 4);
        EXPECT_EQ(e.diagnostics()[0].value, "#AMOUNT_DUE");
    }
    s["templates/reminder1.fr.txt"] = "Subject: Relance #CUSTOMER_ID\n\nBonjour, #TOTAL_DUE à payer; réf #1.\n";
    const Ledger L = Ledger::load_sources(s, o);
    const Template* t = L.templates().find("reminder1", "fr-CA");
    ASSERT_NE(t, nullptr);
    EXPECT_EQ(t->subject, "Relance #CUSTOMER_ID");
    EXPECT_EQ(t->body, "Bonjour, #TOTAL_DUE à payer; réf #1.\n");
    EXPECT_EQ(L.templates().find("reminder1", "de"), nullptr); // chain de → en: none
}

TEST(Loader, BuiltinTemplatesAllLoad) {
    DataSources s = base();
    LoadOptions o;
    o.templates = true;
    o.builtin_templates = std::string(DSOCORE_SOURCE_DIR) + "/src/collection/templates";
    const Ledger L = Ledger::load_sources(s, o);
    EXPECT_EQ(L.templates().list.size(), 180u);
    ASSERT_NE(L.templates().find("reminder1_email", "pt-BR"), nullptr);
    EXPECT_EQ(L.templates().find("reminder1_email", "pt-BR")->language, "pt-BR");
    EXPECT_EQ(L.templates().find("reminder1_email", "fr-CH")->language, "fr");
    EXPECT_EQ(L.templates().find("reminder1_email", "xx")->language, "en");
}
