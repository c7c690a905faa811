// The dsocore command line: outputs, exit codes 0/1/2, messages on stderr.
#include <gtest/gtest.h>

#include "run_cli.hpp"

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sys/wait.h>

namespace fs = std::filesystem;

namespace {

using cli_test::Result;
using cli_test::run;

const std::string kData = std::string(DSOCORE_SOURCE_DIR) + "/examples/data";

fs::path write_dir(const std::string& name, const std::vector<std::pair<std::string, std::string>>& files) {
    const fs::path d = fs::temp_directory_path() / name;
    fs::remove_all(d);
    fs::create_directories(d);
    for (const auto& [f, text] : files) std::ofstream(d / f) << text;
    return d;
}

} // namespace

TEST(Cli, DemoPrintsTheSummary) {
    const Result r = run("demo --data " + kData);
    ASSERT_EQ(r.status, 0) << r.err;
    EXPECT_NE(r.out.find("Aging balance (EUR)"), std::string::npos);
    EXPECT_NE(r.out.find("countback"), std::string::npos);
    EXPECT_NE(r.out.find("Ten most overdue customers"), std::string::npos);
}

TEST(Cli, ValidateSampleData) {
    const Result r = run("validate --data " + kData);
    EXPECT_EQ(r.status, 0) << r.err;
    EXPECT_EQ(r.out.rfind("ok: ", 0), 0u) << r.out;
}

TEST(Cli, ReportAgingCsvHasTheSpecColumns) {
    const Result r = run("report aging --data " + kData + " --as-of 2026-06-30 --format csv");
    ASSERT_EQ(r.status, 0) << r.err;
    EXPECT_EQ(r.out.substr(0, r.out.find('\n')), "entity,customer_id,not_due,1-30,31-60,61-90,91+,total,overdue");
}

TEST(Cli, ReportDsoJsonAndOutputFile) {
    const fs::path out = fs::temp_directory_path() / "dsocore_cli_dso.json";
    const Result r = run("report dso --data " + kData + " --as-of 2026-06-30 --by total --method standard --format json --output " + out.string());
    ASSERT_EQ(r.status, 0) << r.err;
    std::ifstream f(out);
    const std::string text((std::istreambuf_iterator<char>(f)), {});
    EXPECT_EQ(text.rfind("{\"report\": \"dso\", \"as_of\": \"2026-06-30\", \"base_currency\": \"EUR\", \"rows\": [", 0), 0u) << text;
    fs::remove(out);
}

TEST(Cli, BadInputExitsOneWithFileLineColumn) {
    const fs::path d = write_dir("dsocore_cli_bad", {{"customers.csv", "customer_id\nC\n"},
                                                      {"items.csv", "item_id,customer_id,issue_date,amount\nI,C,2026-13-01,1.00\n"}});
    const Result r = run("report aging --data " + d.string() + " --as-of 2026-06-30");
    EXPECT_EQ(r.status, 1);
    EXPECT_NE(r.err.find("items.csv:2: column issue_date: value '2026-13-01'"), std::string::npos) << r.err;
    fs::remove_all(d);
}

TEST(Cli, BadUsageExitsTwo) {
    EXPECT_EQ(run("report aging --data " + kData).status, 2);                              // no --as-of
    EXPECT_EQ(run("report aging --data " + kData + " --as-of 2026-02-30").status, 2);      // bad date
    Result r = run("report agin --data " + kData + " --as-of 2026-06-30");
    EXPECT_EQ(r.status, 2);
    EXPECT_NE(r.err.find("expected one of aging, dso"), std::string::npos) << r.err;
    r = run("report aging --data " + kData + " --as-of 2026-06-30 --by colour");
    EXPECT_EQ(r.status, 2);
    EXPECT_NE(r.err.find("expected one of customer, entity"), std::string::npos) << r.err;
    r = run("report dso --data " + kData + " --as-of 2026-06-30 --method magic");
    EXPECT_EQ(r.status, 2);
    EXPECT_NE(r.err.find("expected one of standard, countback, average"), std::string::npos) << r.err;
    EXPECT_EQ(run("report aging --data " + kData + " --as-of 2026-06-30 --format pdf").status, 2);
    EXPECT_EQ(run("frobnicate").status, 2);
    EXPECT_EQ(run("").status, 2);
}

TEST(Cli, MissingDirectoryExitsOne) {
    EXPECT_EQ(run("validate --data /nonexistent/dir").status, 1);
}
