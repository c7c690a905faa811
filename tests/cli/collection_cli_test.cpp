// dsocore agenda / act / render / alerts on the sample portfolio and a small directory.
#include <gtest/gtest.h>

#include "run_cli.hpp"

#include <array>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sys/wait.h>

namespace fs = std::filesystem;

namespace {

using cli_test::Result;
using cli_test::run;

const std::string kSample = std::string(DSOCORE_SOURCE_DIR) + "/examples/data";

} // namespace

TEST(CollectionCli, AgendaOnTheSampleInUnderASecond) {
    const auto t0 = std::chrono::steady_clock::now();
    const Result r = run("agenda --data " + kSample + " --as-of 2026-06-30");
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    ASSERT_EQ(r.status, 0) << r.err;
    EXPECT_LT(seconds, 1.0);
    EXPECT_EQ(r.out.rfind("entity,customer_id,scenario,step,channel,mode,action_date,state,error,items,amount,old_items,item_ids\n", 0), 0u);
    // A realistic agenda: many rows, several states.
    EXPECT_GT(std::count(r.out.begin(), r.out.end(), '\n'), 50);
    EXPECT_NE(r.out.find(",late,"), std::string::npos);
    EXPECT_NE(r.out.find(",upcoming,"), std::string::npos);
    const Result j = run("agenda --data " + kSample + " --as-of 2026-06-30 --format json --horizon 0");
    ASSERT_EQ(j.status, 0) << j.err;
    EXPECT_EQ(j.out.rfind("{\"report\": \"agenda\", \"as_of\": \"2026-06-30\"", 0), 0u) << j.out.substr(0, 80);
    EXPECT_EQ(run("agenda --data " + kSample + " --as-of 2026-06-30 --horizon -1").status, 2);
}

TEST(CollectionCli, ActThenAgendaShowsTheNextStepAndRender) {
    const fs::path d = fs::temp_directory_path() / ("dsocore_coll_cli_" + std::to_string(::getpid()));
    fs::remove_all(d);
    fs::create_directories(d);
    std::ofstream(d / "customers.csv") << "customer_id,name,language,email,phone\nC1,Alpha SARL,fr,a@x.fr,+33 6 12\n";
    std::ofstream(d / "items.csv") << "item_id,customer_id,issue_date,due_date,amount\nF1,C1,2026-05-01,2026-06-01,1234.50\n";
    // r1 (due 06-01 + 5) is late.
    Result a = run("agenda --data " + d.string() + " --as-of 2026-06-30");
    ASSERT_EQ(a.status, 0) << a.err;
    EXPECT_NE(a.out.find("MAIN,C1,standard,r1,email,auto,2026-06-06,late,,1,1234.50,0,F1"), std::string::npos) << a.out;
    const Result rr = run("render --data " + d.string() + " --as-of 2026-06-30 --customer C1 --step r1");
    ASSERT_EQ(rr.status, 0) << rr.err;
    EXPECT_NE(rr.out.find("template: builtin:reminder1_email.fr.txt"), std::string::npos) << rr.out;
    EXPECT_NE(rr.out.find("1\u202F234,50\u00A0€"), std::string::npos);
    const Result act = run("act --data " + d.string() + " --as-of 2026-06-30 --customer C1 --step r1 --user alice");
    ASSERT_EQ(act.status, 0) << act.err;
    EXPECT_EQ(act.out, "recorded A0000001: MAIN:C1 standard r1 email, 1 item\n");
    // Next: r2 at 06-01 + 20 = 06-21, pushed to 06-30 + 3 = 07-03.
    a = run("agenda --data " + d.string() + " --as-of 2026-06-30");
    EXPECT_NE(a.out.find("MAIN,C1,standard,r2,sms,confirm,2026-07-03,upcoming,,1,1234.50,0,F1"), std::string::npos) << a.out;
    const Result sms = run("render --data " + d.string() + " --as-of 2026-06-30 --customer MAIN:C1 --step r2");
    ASSERT_EQ(sms.status, 0) << sms.err;
    EXPECT_NE(sms.out.find("sms: "), std::string::npos);
    EXPECT_NE(sms.out.find(" segment"), std::string::npos);
    // Mistakes: a step that is not pending, no step/channel.
    EXPECT_EQ(run("act --data " + d.string() + " --as-of 2026-06-30 --customer C1 --step fn").status, 2);
    EXPECT_EQ(run("act --data " + d.string() + " --as-of 2026-06-30 --customer C1").status, 2);
    EXPECT_EQ(run("act --data " + d.string() + " --as-of 2026-06-30 --customer NOPE --step r1").status, 1);
    // Ignore the item: nothing left to dun.
    const Result ig = run("act --data " + d.string() + " --as-of 2026-06-30 --customer C1 --ignore --items F1");
    ASSERT_EQ(ig.status, 0) << ig.err;
    a = run("agenda --data " + d.string() + " --as-of 2026-06-30");
    EXPECT_EQ(a.out, "entity,customer_id,scenario,step,channel,mode,action_date,state,error,items,amount,old_items,item_ids\n");
    fs::remove_all(d);
}

TEST(CollectionCli, Alerts) {
    const Result r = run("alerts --data " + kSample + " --as-of 2026-06-30");
    ASSERT_EQ(r.status, 0) << r.err;
    EXPECT_EQ(r.out.rfind("entity,customer_id,alert,detail,outstanding,overdue,credit_limit,insured,", 0), 0u);
    EXPECT_NE(r.out.find(",over_limit,"), std::string::npos);
    EXPECT_NE(r.err.find("rating_drop not evaluated"), std::string::npos);
    EXPECT_EQ(run("alerts --data " + kSample + " --as-of 2026-06-30 --rules nope").status, 2);
    // The sample compared with itself: no rating dropped.
    const Result p = run("alerts --data " + kSample + " --as-of 2026-06-30 --rules rating_drop --previous " + kSample);
    ASSERT_EQ(p.status, 0) << p.err;
    EXPECT_EQ(std::count(p.out.begin(), p.out.end(), '\n'), 1);
    // A custom rule: every row is the rule `where`; an item field or an unknown name is a
    // usage error (exit 2).
    const Result w = run("alerts --data " + kSample + " --as-of 2026-06-30 --where \"overdue_pct >= 0\"");
    ASSERT_EQ(w.status, 0) << w.err;
    EXPECT_NE(w.out.find(",where,overdue_pct >= 0: overdue_pct "), std::string::npos);
    EXPECT_EQ(w.out.find(",over_limit,"), std::string::npos);
    EXPECT_EQ(run("alerts --data " + kSample + " --as-of 2026-06-30 --where \"balance > 0\"").status, 2);
    EXPECT_EQ(run("alerts --data " + kSample + " --as-of 2026-06-30 --where \"dsoo > 1\"").status, 2);
}

TEST(CollectionCli, AgendaAndAlertsUnderACollectorsView) {
    // As Agenda.ACollectorsViewKeepsTheRowsOfTheirPayers: C1 (alice) and C2 (bob) pay
    // for themselves, C3 (alice) is paid by P (bob); each item due 06-10 → r1 late.
    const fs::path d = fs::temp_directory_path() / ("dsocore_coll_roles_" + std::to_string(::getpid()));
    fs::remove_all(d);
    fs::create_directories(d);
    std::ofstream(d / "customers.csv") << "customer_id,name,email,payment_center,collector\n"
                                          "C1,Alpha,a@x.fr,,alice\nC2,Beta,b@x.fr,,bob\n"
                                          "C3,Gamma,c@x.fr,P,alice\nP,Center,p@x.fr,,bob\n";
    std::ofstream(d / "items.csv") << "item_id,customer_id,type,issue_date,due_date,currency,amount\n"
                                      "I1,C1,invoice,2026-05-01,2026-06-10,EUR,100.00\n"
                                      "I2,C2,invoice,2026-05-01,2026-06-10,EUR,200.00\n"
                                      "I3,C3,invoice,2026-05-01,2026-06-10,EUR,300.00\n";
    const std::string base = " --data " + d.string() + " --as-of 2026-06-30";
    auto customers = [](const std::string& csv) {
        std::vector<std::string> ids;
        std::size_t p = csv.find('\n') + 1;
        while (p < csv.size()) {
            const std::size_t a = csv.find(',', p) + 1;
            ids.push_back(csv.substr(a, csv.find(',', a) - a));
            p = csv.find('\n', p) + 1;
        }
        return ids;
    };
    const Result all = run("agenda" + base);
    ASSERT_EQ(all.status, 0) << all.err;
    EXPECT_EQ(customers(all.out), (std::vector<std::string>{"C1", "C2", "P"}));
    const Result alice = run("agenda" + base + " --role collector --user alice");
    ASSERT_EQ(alice.status, 0) << alice.err;
    EXPECT_EQ(customers(alice.out), (std::vector<std::string>{"C1"}));
    const Result bob = run("agenda" + base + " --role collector --user bob");
    ASSERT_EQ(bob.status, 0) << bob.err;
    EXPECT_EQ(customers(bob.out), (std::vector<std::string>{"C2", "P"}));
    // A credit manager sees every payer.
    EXPECT_EQ(customers(run("agenda" + base + " --role credit_manager --user carl").out),
              (std::vector<std::string>{"C1", "C2", "P"}));
    // Writing it to a file under a view is an export: admin only, nothing written.
    const Result refused = run("agenda" + base + " --role collector --user alice --output " + (d / "a.csv").string());
    EXPECT_EQ(refused.status, 1);
    EXPECT_NE(refused.err.find("collector"), std::string::npos) << refused.err;
    EXPECT_FALSE(fs::exists(d / "a.csv"));
    EXPECT_EQ(run("agenda" + base + " --user alice").status, 2); // --user without --role
    // Alerts: every customer is overdue and never dunned (overdue_not_dunned); alice
    // sees C1 and C3.
    const Result al = run("alerts" + base + " --rules overdue_not_dunned --role collector --user alice");
    ASSERT_EQ(al.status, 0) << al.err;
    EXPECT_EQ(customers(al.out), (std::vector<std::string>{"C1", "C3"}));
    fs::remove_all(d);
}
