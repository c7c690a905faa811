// `dsocore report` for payment_profile, cash_forecast, risk, disputes: formats, --where,
// and the exit status 2 with a message saying what is allowed.
#include <gtest/gtest.h>

#include "run_cli.hpp"

#include <algorithm>
#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sys/wait.h>
#include <unistd.h>

namespace fs = std::filesystem;

namespace {

using cli_test::Result;
using cli_test::run;

// C1 (FR01, EUR): 1000 paid 10 days late and 2000 paid on the due date.
// C3 (DE01, USD 0.8): 500 USD = 400.00 EUR paid 20 days late.
fs::path data_dir() {
    const fs::path d = fs::temp_directory_path() / ("dsocore_rcli_" + std::to_string(::getpid()));
    fs::remove_all(d);
    fs::create_directories(d);
    const std::pair<const char*, const char*> files[] = {
        {"customers.csv", "entity,customer_id,currency,country\nFR01,C1,EUR,FR\nDE01,C3,USD,DE\n"},
        {"items.csv",
         "entity,item_id,customer_id,issue_date,due_date,currency,amount,open_amount\n"
         "FR01,I1,C1,2026-01-10,2026-02-09,EUR,1000.00,0.00\n"
         "FR01,I2,C1,2026-03-01,2026-03-31,EUR,3000.00,1000.00\n"
         "DE01,I3,C3,2026-03-01,2026-03-31,USD,500.00,0.00\n"},
        {"allocations.csv",
         "entity,item_id,date,amount\nFR01,I1,2026-02-19,1000.00\nFR01,I2,2026-03-31,2000.00\n"
         "DE01,I3,2026-04-20,500.00\n"},
        {"fx.csv", "date,currency,rate\n2026-01-01,USD,0.8\n"},
    };
    for (const auto& [f, text] : files) std::ofstream(d / f) << text;
    return d;
}

} // namespace

TEST(ReportCli, PaymentProfileCsvJsonXlsx) {
    const fs::path d = data_dir();
    const std::string base = "report payment_profile --data " + d.string() + " --as-of 2026-06-30";
    Result r = run(base + " --format csv");
    ASSERT_EQ(r.status, 0) << r.err;
    // C3: 400.00 late 20, to_pay 50. C1: (1000×10 + 2000×0)/3000 = 3.33 → 3.3; to_pay
    // (1000×40 + 2000×30)/3000 = 33.3; on time 2000/3000 = 66.7 %.
    EXPECT_EQ(r.out,
              "entity,customer_id,avg_days_late,avg_days_to_pay,on_time_pct,settled,count,profile\n"
              "DE01,C3,20.0,50.0,0.0,400.00,1,late\n"
              "FR01,C1,3.3,33.3,66.7,3000.00,2,slightly_late\n");
    r = run(base + " --by total --format json");
    ASSERT_EQ(r.status, 0) << r.err;
    // Total: Σw 3400; (10000 + 8000)/3400 = 5.29 → 5.3; (40000 + 60000 + 20000)/3400 =
    // 35.29 → 35.3; 2000/3400 = 58.8 %.
    EXPECT_EQ(r.out,
              "{\"report\": \"payment_profile\", \"as_of\": \"2026-06-30\", \"base_currency\": \"EUR\", \"rows\": [\n"
              "  {\"key\": \"TOTAL\", \"avg_days_late\": \"5.3\", \"avg_days_to_pay\": \"35.3\", "
              "\"on_time_pct\": \"58.8\", \"settled\": \"3400.00\", \"count\": 3, \"profile\": \"slightly_late\"}\n]}\n");
    const fs::path x = d / "pp.xlsx";
    r = run(base + " --format xlsx --output " + x.string());
    ASSERT_EQ(r.status, 0) << r.err;
    std::ifstream f(x, std::ios::binary);
    char magic[2] = {};
    f.read(magic, 2);
    EXPECT_EQ(std::string(magic, 2), "PK"); // a zip container
    // xlsx needs a file.
    r = run(base + " --format xlsx");
    EXPECT_EQ(r.status, 2);
    EXPECT_NE(r.err.find("needs --output"), std::string::npos) << r.err;
    fs::remove_all(d);
}

TEST(ReportCli, WhereSelects) {
    const fs::path d = data_dir();
    const Result r = run("report risk --data " + d.string() + " --as-of 2026-06-30 --where \"country in ('DE', 'BE')\"");
    ASSERT_EQ(r.status, 0) << r.err;
    EXPECT_EQ(r.out.substr(r.out.find('\n') + 1, 8), "DE01,C3,");
    EXPECT_EQ(std::count(r.out.begin(), r.out.end(), '\n'), 2);
    fs::remove_all(d);
}

TEST(ReportCli, BadUsageExitsTwoSayingWhatIsAllowed) {
    const fs::path d = data_dir();
    const std::string base = " --data " + d.string() + " --as-of 2026-06-30";
    Result r = run("report risk" + base + " --where \"country = 'FR' and\"");
    EXPECT_EQ(r.status, 2);
    EXPECT_NE(r.err.find("column 19: expected a condition"), std::string::npos) << r.err;
    r = run("report risk" + base + " --where \"colour = 'red'\"");
    EXPECT_EQ(r.status, 2);
    EXPECT_NE(r.err.find("column 1: unknown field 'colour'; expected one of: entity, customer_id"), std::string::npos)
        << r.err;
    r = run("report payment_profile" + base + " --by colour");
    EXPECT_EQ(r.status, 2);
    EXPECT_NE(r.err.find("unknown --by 'colour'; expected one of customer, entity, group_code, legal_id"),
              std::string::npos)
        << r.err;
    r = run("report cash_forecast" + base + " --by customer");
    EXPECT_EQ(r.status, 2);
    EXPECT_NE(r.err.find("has no --by"), std::string::npos) << r.err;
    r = run("report cash_forcast" + base);
    EXPECT_EQ(r.status, 2);
    EXPECT_NE(r.err.find("payment_profile, cash_forecast, risk, disputes"), std::string::npos) << r.err;
    r = run("report disputes" + base + " --window 3x");
    EXPECT_EQ(r.status, 2);
    EXPECT_NE(r.err.find("--window"), std::string::npos) << r.err;
    r = run("report risk" + base + " --bucket 30");
    EXPECT_EQ(r.status, 2);
    EXPECT_NE(r.err.find("has no option --bucket"), std::string::npos) << r.err;
    fs::remove_all(d);
}
