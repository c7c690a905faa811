// The hostile input catalogue of docs/robustness.md: every class of bad input, with
// the behaviour verified here: a clear error naming file, line, column and what was
// expected; the load is all-or-nothing; files on disk are never changed by a read.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <optional>
#include <fstream>
#include <sstream>

#include "dsocore/core/decimal.hpp"
#include "dsocore/core/error.hpp"
#include "dsocore/io/csv.hpp"
#include "dsocore/ledger/ledger.hpp"
#include "dsocore/reports/report.hpp"
#include "reports/report_test_util.hpp"

using namespace dsocore;

using dsocore::test::request;
namespace fs = std::filesystem;

namespace {

const char* kCustomers = "customer_id,name,group_code\nC1,Alpha,G1\nC2,Beta,G2\n";
const char* kItems =
    "item_id,customer_id,issue_date,due_date,amount,open_amount\n"
    "I1,C1,2026-04-10,2026-05-10,1000.00,1000.00\n"
    "I2,C2,2026-06-01,2026-07-01,250.00,250.00\n";

DataSources base() { return {{"customers.csv", kCustomers}, {"items.csv", kItems}}; }

std::vector<Diagnostic> errors_of(const DataSources& src, const LoadOptions& o = {}) {
    try {
        (void)Ledger::load_sources(src, o);
    } catch (const DataError& e) {
        return e.diagnostics();
    }
    ADD_FAILURE() << "the load succeeded";
    return {};
}

/// A diagnostic of `file` at `line` whose message contains `fragment` (column too if given).
::testing::AssertionResult has(const std::vector<Diagnostic>& d, const std::string& file, std::int64_t line,
                               const std::string& fragment, const std::string& column = "*") {
    for (const auto& x : d)
        if (x.file == file && x.line == line && x.message.find(fragment) != std::string::npos &&
            (column == "*" || x.column == column))
            return ::testing::AssertionSuccess();
    std::string all;
    for (const auto& x : d) all += "  " + x.to_string() + "\n";
    return ::testing::AssertionFailure() << "no diagnostic " << file << ":" << line << " [" << column << "] '"
                                         << fragment << "' in\n" << all;
}

DataSources with(const std::string& file, const std::string& text) {
    DataSources s = base();
    s[file] = text;
    return s;
}

} // namespace

// --- truncated files ----------------------------------------------------------------

TEST(Hostile, TruncatedInsideAQuotedField) {
    const auto d = errors_of(with("customers.csv", "customer_id,name\nC1,\"Alpha, cut off here"));
    EXPECT_TRUE(has(d, "customers.csv", 2, "unterminated quoted field"));
}

TEST(Hostile, TruncatedInTheMiddleOfARow) {
    const std::string items = std::string(kItems) + "I3,C1,2026-06-0";
    const auto d = errors_of(with("items.csv", items));
    EXPECT_TRUE(has(d, "items.csv", 4, "expected 6 fields as in the header, found 3"));
}

TEST(Hostile, EmptyFile) {
    EXPECT_TRUE(has(errors_of(with("items.csv", "")), "items.csv", 1, "empty file"));
}

// --- encodings and bytes ------------------------------------------------------------

TEST(Hostile, InvalidUtf8IsRejectedWithItsLine) {
    // Latin-1 "é" (0xE9) as an ERP would export it, on line 3.
    const auto d = errors_of(with("customers.csv", "customer_id,name\nC1,Alpha\nC2,Soci\xE9t\xE9\n"));
    EXPECT_TRUE(has(d, "customers.csv", 3, "invalid UTF-8 byte 0xE9"));
    // One error per bad line, also on a last line without a line end.
    const auto e = errors_of(with("customers.csv", "customer_id,name\nC1,Soci\xE9t\xE9\nC2,B\xFF"));
    EXPECT_EQ(std::count_if(e.begin(), e.end(), [](const Diagnostic& x) { return x.file == "customers.csv"; }), 2);
    EXPECT_TRUE(has(e, "customers.csv", 3, "invalid UTF-8 byte 0xFF"));
}

TEST(Hostile, OverlongAndSurrogateUtf8AreRejected) {
    EXPECT_EQ(find_invalid_text("ok \xC0\xAF"), 3u);          // overlong '/'
    EXPECT_EQ(find_invalid_text("\xED\xA0\x80"), 0u);         // UTF-16 surrogate
    EXPECT_EQ(find_invalid_text("\xF4\x90\x80\x80"), 0u);     // above U+10FFFF
    EXPECT_EQ(find_invalid_text("caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80"), std::string_view::npos);
}

TEST(Hostile, NulBytesAreRejected) {
    const std::string text = std::string("customer_id,name\nC1,Al") + '\0' + "pha\n";
    const auto d = errors_of(with("customers.csv", text));
    EXPECT_TRUE(has(d, "customers.csv", 2, "NUL byte"));
}

TEST(Hostile, TenMegabyteFieldIsRefusedByTheDefaultLimit) {
    const std::string big(10 * 1024 * 1024, 'x');
    const auto d = errors_of(with("customers.csv", "customer_id,name\nC1," + big + "\n"));
    EXPECT_TRUE(has(d, "customers.csv", 2, "exceeds the limit of 1048576 bytes", "name"));
    // A caller that expects such fields raises the limit, and nothing is truncated.
    LoadOptions o;
    o.max_field_bytes = 16 * 1024 * 1024;
    const Ledger L = Ledger::load_sources(with("customers.csv", "customer_id,name\nC1," + big + "\nC2,Beta\n"), o);
    EXPECT_EQ(L.str(L.customers().name[0]).size(), big.size());
}

TEST(Hostile, MillionColumnsAreOneError) {
    std::string header = "customer_id";
    for (int i = 0; i < 1'000'000; ++i) header += ",c" + std::to_string(i);
    const auto d = errors_of(with("customers.csv", header + "\nC1\n"));
    // One error for customers.csv (items.csv then fails on its unknown customers).
    EXPECT_EQ(std::count_if(d.begin(), d.end(), [](const Diagnostic& x) { return x.file == "customers.csv"; }), 1);
    EXPECT_TRUE(has(d, "customers.csv", 1, "the header has 1000001 columns"));
    // A data row of a million fields against a sane header: one error for that row.
    std::string row = "C1";
    for (int i = 0; i < 1'000'000; ++i) row += ",";
    EXPECT_TRUE(has(errors_of(with("customers.csv", "customer_id,name\n" + row + "\n")), "customers.csv", 2,
                    "expected 2 fields as in the header, found 1000001"));
}

// --- JSON ---------------------------------------------------------------------------

TEST(Hostile, DeeplyNestedJsonIsRefusedBeforeParsing) {
    const std::string deep = std::string(100000, '[') + std::string(100000, ']');
    DataSources s = base();
    s["company.json"] = "{\"aging_buckets\": " + deep + "}";
    EXPECT_TRUE(has(errors_of(s), "company.json", 1, "nested deeper than 64 levels"));
    s = base();
    s["scenarios.json"] = "{\"scenarios\":\n" + std::string(70, '{');
    EXPECT_TRUE(has(errors_of(s), "scenarios.json", 2, "nested deeper than 64 levels"));
}

TEST(Hostile, HugeJsonNumbersAreErrorsNotWraps) {
    DataSources s = base();
    // 2^64 − 1 would read as −1 through a signed conversion.
    s["company.json"] = R"({"fiscal_year_end_month": 18446744073709551615})";
    EXPECT_TRUE(has(errors_of(s), "company.json", 0, "expected an integer month 1..12", "fiscal_year_end_month"));
    s["company.json"] = R"({"aging_buckets": [30, 1e400]})";
    EXPECT_TRUE(has(errors_of(s), "company.json", 1, "invalid JSON"));
    s.erase("company.json");
    s["scenarios.json"] = R"({"scenarios": [{"id": "s", "steps": [{"id": "a", "offset_days": 18446744073709551615,
        "channel": "email"}]}]})";
    EXPECT_TRUE(has(errors_of(s), "scenarios.json", 0, "expected an integer number of days"));
}

TEST(Hostile, WrongJsonTypesAreErrorsNotExceptions) {
    DataSources s = base();
    s["company.json"] = R"({"penalty": {"rule": 5}})";
    EXPECT_TRUE(has(errors_of(s), "company.json", 0, "expected FR, EU, DE, UK or custom", "penalty.rule"));
    s.erase("company.json");
    s["scenarios.json"] = R"({"scenarios": [{"id": "s", "name": 1, "steps": [{"id": "a", "offset_days": 1,
        "channel": ["email"], "mode": {}}]}]})";
    const auto d = errors_of(s);
    EXPECT_TRUE(has(d, "scenarios.json", 0, "expected email, sms, letter, call or task"));
    EXPECT_TRUE(has(d, "scenarios.json", 0, "expected auto, confirm or manual"));
}

// --- numbers ------------------------------------------------------------------------

TEST(Hostile, HugeAmountsAreErrors) {
    const auto d = errors_of(with("items.csv", "item_id,customer_id,issue_date,amount\n"
                                               "I1,C1,2026-01-01,99999999999999999999\n"
                                               "I2,C1,2026-01-01,92233720368547758.08\n"
                                               "I3,C1,2026-01-01,1e5\n"));
    EXPECT_TRUE(has(d, "items.csv", 2, "amount too large", "amount"));
    EXPECT_TRUE(has(d, "items.csv", 3, "amount too large", "amount"));
    EXPECT_TRUE(has(d, "items.csv", 4, "expected a decimal number", "amount"));
    EXPECT_THROW(Decimal::parse("123456789012345678901234567890123456789"), Error); // 39 digits
}

TEST(Hostile, SumsThatOverflowAreErrorsNotWraps) {
    // Two invoices of 92,233,720,368,547,758.07 EUR (INT64_MAX cents each) load, but
    // their total does not fit 64-bit cents: the report throws Error(overflow).
    const Ledger L = Ledger::load_sources(with("items.csv", "item_id,customer_id,issue_date,due_date,amount\n"
                                                            "I1,C1,2026-01-01,2026-02-01,92233720368547758.07\n"
                                                            "I2,C1,2026-01-01,2026-02-01,92233720368547758.07\n"));
    const ReportRequest r = request("aging", Date::from_ymd(2026, 6, 30));
    try {
        (void)run_report(L, r);
        ADD_FAILURE() << "no overflow error";
    } catch (const Error& e) {
        EXPECT_EQ(e.code(), Errc::overflow) << e.what();
    }
}

TEST(Hostile, NegativeZero) {
    // "-0.00" is zero: an invoice of −0.00 is not > 0, an open_amount of −0.00 is
    // written back "0.00", and Decimal never prints "-0".
    EXPECT_TRUE(has(errors_of(with("items.csv", "item_id,customer_id,issue_date,amount\nI1,C1,2026-01-01,-0.00\n")),
                    "items.csv", 2, "amount must be > 0", "amount"));
    const Ledger L = Ledger::load_sources(
        with("items.csv", "item_id,customer_id,issue_date,amount,open_amount\nI1,C1,2026-01-01,10.00,-0.00\n"));
    EXPECT_EQ(L.csv_text("items.csv"), "item_id,customer_id,issue_date,amount,open_amount\nI1,C1,2026-01-01,10.00,0.00\n");
    EXPECT_EQ(Decimal::parse("-0").to_string(), "0");
    EXPECT_EQ(format_fixed(0, 2), "0.00");
}

// --- dates --------------------------------------------------------------------------

TEST(Hostile, ImpossibleDates) {
    const auto d = errors_of(with("items.csv", "item_id,customer_id,issue_date,amount\n"
                                               "I1,C1,0000-00-00,1\nI2,C1,2026-02-30,1\nI3,C1,2026-13-01,1\n"
                                               "I4,C1,1399-12-31,1\nI5,C1,2026-2-3,1\nI6,C1,10000-01-01,1\n"));
    for (int line = 2; line <= 7; ++line) EXPECT_TRUE(has(d, "items.csv", line, "expected a date YYYY-MM-DD", "issue_date"));
}

TEST(Hostile, EndOfRangePlusTermsIsAnErrorNotAWrap) {
    // 9999-12-31 + the default 30 days of terms is past the last supported day.
    const auto d = errors_of(with("items.csv", "item_id,customer_id,issue_date,amount\nI1,C1,9999-12-31,1\n"));
    EXPECT_TRUE(has(d, "items.csv", 2, "after 9999-12-31", "issue_date"));
    // With an explicit due date it is a valid item, and it prints back as it came.
    const Ledger L = Ledger::load_sources(
        with("items.csv", "item_id,customer_id,issue_date,due_date,amount\nI1,C1,9999-12-31,9999-12-31,1.00\n"));
    EXPECT_EQ(Date::from_days(L.items().due_date[0]).to_string(), "9999-12-31");
    EXPECT_THROW((void)Date::from_ymd(9999, 12, 31).add_months(1), Error);
    EXPECT_THROW((void)Date::from_ymd(1400, 1, 31).add_months(-1), Error);
    EXPECT_FALSE(Date::from_ymd(9999, 12, 31).try_add_days(1).has_value());
    EXPECT_FALSE(Date::from_ymd(1400, 1, 1).try_add_days(-1).has_value());
    // Out of range day numbers never print as a wrapped four-digit year.
    EXPECT_EQ((Date::from_ymd(9999, 12, 31) + 30).to_string(), "10000-01-30");
}

// --- CSV structure ------------------------------------------------------------------

TEST(Hostile, DuplicateHeaders) {
    EXPECT_TRUE(has(errors_of(with("customers.csv", "customer_id,name,name\nC1,A,B\n")), "customers.csv", 1,
                    "duplicate column", "name"));
}

TEST(Hostile, LineEndsLfCrlfCrLoadTheSameAndCountLinesTheSame) {
    auto make = [](const std::string& eol) {
        return "item_id,customer_id,issue_date,amount" + eol + "I1,C1,2026-01-01,10.00" + eol + "I2,C1,2026-01-01,\"5" +
               eol + "\"" + eol + "I3,C1,2026-02-30,1.00" + eol;
    };
    for (const std::string eol : {"\n", "\r\n", "\r"}) {
        SCOPED_TRACE(eol == "\n" ? "LF" : eol == "\r\n" ? "CRLF" : "CR");
        const auto d = errors_of(with("items.csv", make(eol)));
        // The quoted amount spans lines 3-4; the bad date is on physical line 5.
        EXPECT_TRUE(has(d, "items.csv", 3, "expected a decimal number", "amount"));
        EXPECT_TRUE(has(d, "items.csv", 5, "expected a date", "issue_date"));
        const Ledger L = Ledger::load_sources(
            with("items.csv", "item_id,customer_id,issue_date,amount" + eol + "I1,C1,2026-01-01,10.00" + eol));
        EXPECT_EQ(L.csv_text("items.csv"), "item_id,customer_id,issue_date,amount\nI1,C1,2026-01-01,10.00\n");
    }
}

// --- exports ------------------------------------------------------------------------

TEST(Hostile, FormulaInjectionIsNeutralisedInReportCsv) {
    // A group code an attacker typed into the ERP: opened in a spreadsheet, the CSV
    // report must show it as text, never run it.
    const std::string cust = "customer_id,group_code\nC1,=cmd|' /C calc'!A0\nC2,@SUM(A1)\nC3,+1\nC4,-2\nC5,\t=1\nC6,plain\n";
    const std::string items = "item_id,customer_id,issue_date,amount\nI1,C1,2026-01-01,1.00\nI2,C2,2026-01-01,1.00\n"
                              "I3,C3,2026-01-01,1.00\nI4,C4,2026-01-01,1.00\nI5,C5,2026-01-01,1.00\nI6,C6,2026-01-01,1.00\n";
    const Ledger L = Ledger::load_sources({{"customers.csv", cust}, {"items.csv", items}});
    const ReportRequest r = request("aging", Date::from_ymd(2026, 6, 30), "group_code");
    const Table t = run_report(L, r);
    const std::string csv = to_csv(t);
    EXPECT_NE(csv.find("\n'=cmd|' /C calc'!A0,"), std::string::npos) << csv;
    EXPECT_NE(csv.find("\n'@SUM(A1),"), std::string::npos) << csv;
    EXPECT_NE(csv.find("\n'+1,"), std::string::npos) << csv;
    EXPECT_NE(csv.find("\n'-2,"), std::string::npos) << csv;
    EXPECT_NE(csv.find("\n'\t=1,"), std::string::npos) << csv;
    EXPECT_NE(csv.find("\nplain,"), std::string::npos) << csv;
    // Negative amounts (decimal cells) are numbers, not text: never prefixed.
    Table n;
    n.add_column("amount", CellType::decimal, 2);
    n.push_decimal(0, -150);
    EXPECT_EQ(to_csv(n), "amount\n-1.50\n");
    // JSON keeps the value as is (no spreadsheet evaluates it), and so does the
    // canonical data directory (byte-for-byte round trip).
    EXPECT_NE(to_json(t).find("\"=cmd|' /C calc'!A0\""), std::string::npos);
    EXPECT_EQ(L.csv_text("customers.csv"), cust);
}

// --- templates ----------------------------------------------------------------------

TEST(Hostile, PathTraversalInTemplateNames) {
    LoadOptions o;
    o.templates = true;
    o.builtin_templates = "/nonexistent/dsocore-no-builtin";
    for (const char* name : {"templates/../../etc/passwd.en.txt", "templates/a/b.en.txt", "templates/..\\x.en.txt"}) {
        DataSources s = base();
        s[name] = "hello";
        const auto d = errors_of(s, o);
        EXPECT_TRUE(has(d, name, 0, "template")) << name;
    }
    DataSources s = base();
    s["scenarios.json"] = R"({"scenarios": [{"id": "s", "steps": [{"id": "a", "offset_days": 1, "channel": "email",
        "template": "../../../etc/passwd"}]}]})";
    EXPECT_TRUE(has(errors_of(s), "scenarios.json", 0, "expected a template name of letters", "scenarios[0].steps[0].template"));
}

// --- nothing lost -------------------------------------------------------------------

TEST(Hostile, AFailedLoadChangesNothingOnDisk) {
    const fs::path dir = fs::temp_directory_path() / "dsocore_hostile_nothing_lost";
    fs::remove_all(dir);
    fs::create_directories(dir);
    const std::string bad_items = std::string(kItems) + "I3,C9,2026-02-30,,x,\n";
    write_file_atomic((dir / "customers.csv").string(), kCustomers);
    write_file_atomic((dir / "items.csv").string(), bad_items);
    EXPECT_THROW((void)Ledger::load(dir), DataError);
    std::ifstream in(dir / "items.csv", std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    EXPECT_EQ(ss.str(), bad_items);
    fs::remove_all(dir);
}
