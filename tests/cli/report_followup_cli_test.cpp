// CLI smoke tests for cei, overdue_trend, schedule, cash_receipts, qualification and
// penalties: `dsocore report NAME --data DIR --as-of A --format csv`.
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include <gtest/gtest.h>

namespace fs = std::filesystem;

namespace {
// One customer, EUR only. A = 2026-06-30.
//   I1 invoice issued 05-01 due 05-31 1000.00; allocation 06-10 400 → 600.00 open; promise, commented
//   I2 invoice issued 06-10 due 07-10  500.00 open
// company.json: FR rule, reference 2.15 from 2026-01-01.
class ReportCliFollowup : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        dir_ = fs::temp_directory_path() / ("dsocore_followup_cli_" + std::to_string(::getpid()));
        fs::create_directories(dir_);
        write("customers.csv", "customer_id,name\nC1,One\n");
        write("items.csv",
              "item_id,customer_id,type,issue_date,due_date,amount,open_amount,status,comment\n"
              "I1,C1,invoice,2026-05-01,2026-05-31,1000.00,600.00,promise,call back\n"
              "I2,C1,invoice,2026-06-10,2026-07-10,500.00,500.00,,\n");
        write("allocations.csv", "item_id,date,amount\nI1,2026-06-10,400.00\n");
        write("company.json",
              R"({"name": "Seller", "penalty": {"rule": "FR", "reference_rates": [["2026-01-01", "2.15"]]}})");
    }
    static void TearDownTestSuite() { fs::remove_all(dir_); }
    static void write(const std::string& name, const std::string& text) {
        std::ofstream(dir_ / name, std::ios::binary) << text;
    }
    /// Runs `dsocore report ARGS`, returns stdout; `status` gets the exit status.
    static std::string report(const std::string& args, int& status) {
        const fs::path out = dir_ / "out.txt", err = dir_ / "err.txt";
        const std::string cmd = std::string("\"") + DSOCORE_CLI + "\" report " + args + " --data \"" +
                                dir_.string() + "\" --as-of 2026-06-30 >\"" + out.string() + "\" 2>\"" +
                                err.string() + "\"";
        const int rc = std::system(cmd.c_str());
        status = WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
        std::ifstream f(out, std::ios::binary);
        std::stringstream ss;
        ss << f.rdbuf();
        return ss.str();
    }
    static std::string csv(const std::string& args) {
        int status = 0;
        std::string s = report(args + " --format csv", status);
        EXPECT_EQ(status, 0) << args;
        return s;
    }
    static fs::path dir_;
};
fs::path ReportCliFollowup::dir_;
} // namespace

TEST_F(ReportCliFollowup, Cei) {
    // D0 = 2026-04-01: AR_D0 0, S' 1500, AR_A 1100, current (I2) 500: 400 / 1000 → 40.0
    EXPECT_EQ(csv("cei"), "entity,customer_id,cei\nMAIN,C1,40.0\n");
}

TEST_F(ReportCliFollowup, OverdueTrend) {
    // 05-31: I1 1000 not yet overdue (due 05-31); A: 600 overdue + 500 → 600 / 1100 = 54.5
    EXPECT_EQ(csv("overdue_trend --points 2"),
              "date,outstanding,overdue,overdue_pct\n2026-05-31,1000.00,0.00,0.0\n2026-06-30,1100.00,600.00,54.5\n");
}

TEST_F(ReportCliFollowup, Schedule) {
    EXPECT_EQ(csv("schedule --horizon 2"),
              "period_start,amount,items\noverdue,600.00,1\n2026-06-01,0.00,0\n2026-07-01,500.00,1\nlater,0.00,0\n");
}

TEST_F(ReportCliFollowup, CashReceipts) {
    // 400.00 paid 06-10, 10 days after the 05-31 due date.
    EXPECT_EQ(csv("cash_receipts"),
              "month,amount,on_time,late,avg_days_late,after_action\n2026-06,400.00,0.00,400.00,10.0,0.00\n");
}

TEST_F(ReportCliFollowup, Qualification) {
    EXPECT_EQ(csv("qualification"),
              "category,subtype,items,amount,qualified_items,qualified_amount,qualification_pct\n"
              "promise,,1,600.00,1,600.00,100.0\nTOTAL,,1,600.00,1,600.00,100.0\n");
}

TEST_F(ReportCliFollowup, Penalties) {
    // 600.00 × 12.15% × 30 / 365 = 218700 / 36500 = 5.99; 40.00 EUR.
    EXPECT_EQ(csv("penalties"),
              "entity,customer_id,item_id,currency,balance,days_past_due,annual_rate,interest,indemnity\n"
              "MAIN,C1,I1,EUR,600.00,30,12.15,5.99,40.00\n");
}

TEST_F(ReportCliFollowup, UnknownOptionIsUsageError) {
    int status = 0;
    report("schedule --window 6m", status);
    EXPECT_EQ(status, 2);
    report("penalties --by customer", status);
    EXPECT_EQ(status, 2);
}
