// XLSX output: typed cells, number formats, frozen header, no formulas; and a
// LibreOffice round trip (xlsx → csv) that must give the csv output back.
#include <gtest/gtest.h>

#include <array>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <unistd.h>

#include "dsocore/io/xlsx.hpp"
#include "dsocore/reports/report.hpp"

using namespace dsocore;
namespace fs = std::filesystem;

namespace {

fs::path temp_dir(const std::string& name) {
    const fs::path d = fs::temp_directory_path() / (name + "_" + std::to_string(::getpid()));
    fs::remove_all(d);
    fs::create_directories(d);
    return d;
}

std::string capture(const std::string& cmd) {
    std::string out;
    FILE* p = ::popen(cmd.c_str(), "r");
    if (!p) return out;
    std::array<char, 4096> buf{};
    std::size_t n;
    while ((n = std::fread(buf.data(), 1, buf.size(), p)) > 0) out.append(buf.data(), n);
    ::pclose(p);
    return out;
}

bool have(const char* tool) { return std::system((std::string("command -v ") + tool + " >/dev/null 2>&1").c_str()) == 0; }

/// A table with every cell type, empty fields and text that looks like formulas.
Table sample_table() {
    Table t;
    t.report = "risk/test";
    t.as_of = Date::parse_or_throw("2026-06-30");
    t.base_currency = "EUR";
    const auto c_text = t.add_column("customer", CellType::text);
    const auto c_amt = t.add_column("amount", CellType::decimal, 2);
    const auto c_jpy = t.add_column("amount_jpy", CellType::decimal, 0);
    const auto c_pct = t.add_column("pct", CellType::decimal, 1);
    const auto c_int = t.add_column("count", CellType::integer);
    const auto c_date = t.add_column("due", CellType::date);
    const auto c_bool = t.add_column("over", CellType::boolean);
    // Amounts in each row's own currency (as penalties prints them): KWD 3, EUR 2, JPY 0.
    const auto c_mixed = t.add_column("balance", CellType::decimal, 3);
    struct R {
        const char* text;
        std::int64_t amt, jpy, pct, n;
        const char* date;
        int b; // -1 empty
    };
    const R rows[] = {
        {"=1+1", 123450, 1234, 938, 3, "2026-06-29", 1},
        {"+33 1 23 45", -5, -7, -5, -2, "1900-03-01", 0},
        {"-minus", 0, 0, 0, 0, "2030-12-31", -1},
        {"@at", 99999999999999, 999999999999999, 1, 1, "", 1},        // 15 digits: numbers
        {"a,b \"q\"", 1234567890123456789, 1000000000000000, 1, 1, "1899-12-31", 0}, // > 15 digits: exact text
        {"", 1, 1, 1, 1, "2026-01-01", 0},
    };
    const int mixed_digits[] = {3, 2, 0, 2, 0, 3};
    const std::int64_t mixed_units[] = {1234567, -12345, 1234, 5, -7, 0};
    std::size_t k = 0;
    for (const R& r : rows) {
        t.push_decimal_at(c_mixed, mixed_units[k], mixed_digits[k]);
        ++k;
        if (*r.text) t.push_text(c_text, r.text);
        else t.push_null(c_text);
        t.push_decimal(c_amt, r.amt);
        t.push_decimal(c_jpy, r.jpy);
        t.push_decimal(c_pct, r.pct);
        t.push_int(c_int, r.n);
        if (*r.date) t.push_date(c_date, Date::parse_or_throw(r.date));
        else t.push_null(c_date);
        if (r.b < 0) t.push_null(c_bool);
        else t.push_bool(c_bool, r.b != 0);
    }
    return t;
}

} // namespace

TEST(Xlsx, CellsFormatsAndFrozenHeader) {
    if (!have("unzip")) GTEST_SKIP() << "unzip not installed";
    const fs::path d = temp_dir("dsocore_xlsx");
    const fs::path f = d / "t.xlsx";
    write_xlsx(sample_table(), f.string());
    ASSERT_TRUE(fs::exists(f));
    EXPECT_FALSE(fs::exists(f.string() + ".tmp-dsocore"));
    const std::string sheet = capture("unzip -p " + f.string() + " xl/worksheets/sheet1.xml");
    const std::string styles = capture("unzip -p " + f.string() + " xl/styles.xml");
    const std::string workbook = capture("unzip -p " + f.string() + " xl/workbook.xml");
    // Frozen under the header row.
    EXPECT_NE(sheet.find("ySplit=\"1\""), std::string::npos);
    EXPECT_NE(sheet.find("state=\"frozen\""), std::string::npos);
    // Never a formula.
    EXPECT_EQ(sheet.find("<f>"), std::string::npos);
    // One number format per number of decimals, a date format.
    for (const char* nf : {"formatCode=\"0.00\"", "formatCode=\"0\"", "formatCode=\"0.0\"", "formatCode=\"0.000\"",
                           "formatCode=\"yyyy-mm-dd\""})
        EXPECT_NE(styles.find(nf), std::string::npos) << nf;
    // Real numbers: 1234.50 EUR is the number 1234.5; booleans are boolean cells.
    EXPECT_NE(sheet.find("<v>1234.5</v>"), std::string::npos);
    EXPECT_NE(sheet.find("<v>999999999999999</v>"), std::string::npos); // 15 digits still a number
    EXPECT_NE(sheet.find("t=\"b\""), std::string::npos);
    // 2026-06-29 is serial 46202 (days since 1899-12-30).
    EXPECT_NE(sheet.find("<v>46202</v>"), std::string::npos);
    // The sheet is named after the report, '/' replaced.
    EXPECT_NE(workbook.find("name=\"risk_test\""), std::string::npos);
    fs::remove_all(d);
}

TEST(Xlsx, RejectsWhatASheetCannotHoldAndLeavesNothing) {
    const fs::path d = temp_dir("dsocore_xlsx_bad");
    Table t;
    t.report = "x";
    const auto c = t.add_column("text", CellType::text);
    t.push_text(c, std::string(40000, 'a'));
    EXPECT_THROW(write_xlsx(t, (d / "t.xlsx").string()), Error);
    EXPECT_FALSE(fs::exists(d / "t.xlsx"));
    // An unwritable place: Error(io), nothing left.
    try {
        write_xlsx(sample_table(), (d / "no" / "such" / "dir.xlsx").string());
        FAIL() << "no error";
    } catch (const Error& e) {
        EXPECT_EQ(e.code(), Errc::io);
    }
    fs::remove_all(d);
}

TEST(Xlsx, LibreOfficeRoundTripGivesTheCsvBack) {
    if (!have("libreoffice")) GTEST_SKIP() << "libreoffice not installed (scripts/setup installs libreoffice-calc-nogui)";
    const fs::path d = temp_dir("dsocore_xlsx_lo");
    // Two workbooks, one LibreOffice start: the hand-made table with every cell type and
    // formula-like text, and the risk report of the sample data (what `dsocore report
    // risk --format xlsx` writes; --format csv prints to_csv of the same table).
    const Table t = sample_table();
    write_xlsx(t, (d / "t.xlsx").string());
    ReportRequest req;
    req.name = "risk";
    req.as_of = Date::parse_or_throw("2026-06-30");
    const Ledger L = Ledger::load(std::string(DSOCORE_SOURCE_DIR) + "/examples/data");
    const Table risk = run_report(L, req);
    ASSERT_GT(risk.rows(), 100u);
    write_xlsx(risk, (d / "risk.xlsx").string());
    // "Save cell contents as shown" (token 9) so that numbers keep their decimals.
    const std::string cmd = "cd " + d.string() + " && HOME=" + d.string() + " libreoffice -env:UserInstallation=file://" +
                            d.string() + "/profile --headless --convert-to " +
                            "'csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,true' --outdir " + d.string() +
                            " t.xlsx risk.xlsx >/dev/null 2>&1";
    ASSERT_EQ(std::system(cmd.c_str()), 0);
    auto read_back = [&](const char* name) {
        std::ifstream in(d / name);
        std::stringstream ss;
        ss << in.rdbuf();
        std::string lo = ss.str();
        // LibreOffice prints booleans as TRUE/FALSE where dsocore's csv writes true/false.
        for (const auto& [from, to] : {std::pair<std::string, std::string>{",TRUE,", ",true,"}, {",FALSE,", ",false,"},
                                       {",TRUE\n", ",true\n"}, {",FALSE\n", ",false\n"}})
            for (std::size_t p; (p = lo.find(from)) != std::string::npos;) lo.replace(p, from.size(), to);
        return lo;
    };
    // to_csv prefixes text cells starting with = + - @ with a quote against formula
    // injection (docs/robustness.md); the workbook holds the text itself (a string
    // cell, never a formula), so LibreOffice's CSV has no quote. Such cells start a line here.
    auto unquoted = [](std::string csv) {
        for (std::size_t p; (p = csv.find("\n'")) != std::string::npos;) csv.erase(p + 1, 1);
        return csv;
    };
    EXPECT_EQ(read_back("t.csv"), unquoted(to_csv(t)));
    EXPECT_EQ(read_back("risk.csv"), unquoted(to_csv(risk)));
    fs::remove_all(d);
}
