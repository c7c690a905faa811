// The limit approval workflow: levels, roles, customers.csv changed only on the final
// approval, the history, and a crash between the two writes of a final approval.
#include <gtest/gtest.h>

#include "dsocore/core/error.hpp"
#include "dsocore/risk/limits.hpp"
#include "dsocore/risk/store.hpp"
#include "risk/fixtures.hpp"

using namespace dsocore;
using namespace risk_test;

namespace {
Errc code_of(const std::function<void()>& f) {
    try {
        f();
    } catch (const Error& e) {
        return e.code();
    }
    return Errc::ok;
}

/// kLimitCustomers with K1's credit_limit replaced (only those bytes).
std::string customers_with_k1_limit(const std::string& limit) {
    std::string s = kLimitCustomers;
    const std::string from = "K1,key_account,45,15000.00,";
    s.replace(s.find(from), from.size(), "K1,key_account,45," + limit + ",");
    return s;
}

LimitWorkflow workflow(const fs::path& d) {
    LimitWorkflow wf(d);
    auto n = std::make_shared<int>(0);
    wf.set_clock([n] { return "2026-07-01T10:00:0" + std::to_string((*n)++ % 10) + "Z"; });
    return wf;
}
} // namespace

// risk.json levels: [≤ 50000 credit_manager, no ceiling admin]. K1 has 15000.00.
// Request 80000: 80000 > 50000, so level 1 (credit_manager) and level 2 (admin).
//   approve level 1 (dave, credit_manager) → pending, customers.csv untouched;
//   approve level 2 (erin, admin) → approved, K1's credit_limit = 80000.00, every
//   other byte of customers.csv as before.
// Request 120000 (two levels again): level 1 approved, level 2 rejected → rejected,
// the limit stays 80000.00 and customers.csv is byte for byte what it was.
TEST(LimitWorkflow, TwoLevelApprovalThenRejection) {
    const fs::path d = limit_dir("approve");
    LimitWorkflow wf = workflow(d);
    const Actor carol{Role::credit_manager, "carol"}, dave{Role::credit_manager, "dave"}, erin{Role::admin, "erin"};

    LimitRequest r = wf.request(carol, "K1", "80000", "new contract", Date::from_ymd(2026, 7, 1));
    EXPECT_EQ(r.id, 1);
    EXPECT_EQ(r.old_limit, "15000.00");
    EXPECT_EQ(r.new_limit, "80000.00");
    EXPECT_EQ(r.currency, "EUR");
    ASSERT_EQ(r.levels.size(), 2u);
    EXPECT_EQ(r.levels[0], Role::credit_manager);
    EXPECT_EQ(r.levels[1], Role::admin);

    r = wf.approve(dave, "K1", "ok for me");
    EXPECT_EQ(r.state, RequestState::pending);
    EXPECT_EQ(r.next_level(), 2);
    EXPECT_EQ(slurp(d / "customers.csv"), kLimitCustomers);

    // A credit manager may not decide the admin level.
    EXPECT_EQ(code_of([&] { wf.approve(Actor{Role::credit_manager, "frank"}, "K1", ""); }), Errc::permission);
    // Nor may the same person approve two levels (even as admin).
    EXPECT_EQ(code_of([&] { wf.approve(Actor{Role::admin, "dave"}, "K1", ""); }), Errc::permission);
    EXPECT_EQ(slurp(d / "customers.csv"), kLimitCustomers);

    r = wf.approve(erin, "MAIN:K1", "approved by the board");
    EXPECT_EQ(r.state, RequestState::approved);
    EXPECT_TRUE(r.applied);
    const std::string after_first = customers_with_k1_limit("80000.00");
    EXPECT_EQ(slurp(d / "customers.csv"), after_first);
    EXPECT_EQ(Ledger::load(d).customers().credit_limit[0], 8000000);

    r = wf.request(carol, "K1", "120000", "more", Date::from_ymd(2026, 7, 1));
    EXPECT_EQ(r.id, 2);
    EXPECT_EQ(r.old_limit, "80000.00");
    r = wf.approve(dave, "K1", "");
    EXPECT_EQ(r.next_level(), 2);
    r = wf.reject(erin, "K1", "too much");
    EXPECT_EQ(r.state, RequestState::rejected);
    EXPECT_EQ(slurp(d / "customers.csv"), after_first);

    // Nothing pending any more.
    EXPECT_EQ(code_of([&] { wf.approve(erin, "K1", ""); }), Errc::not_found);

    // The whole history, in order.
    const Table h = wf.history(Actor{Role::admin, ""}, "K1");
    EXPECT_EQ(to_csv(h),
              "request_id,event,timestamp,entity,customer_id,level,role,user,old_limit,new_limit,currency,levels,comment\n"
              "1,request,2026-07-01T10:00:00Z,MAIN,K1,,credit_manager,carol,15000.00,80000.00,EUR,credit_manager admin,new contract\n"
              "1,approve,2026-07-01T10:00:01Z,MAIN,K1,1,credit_manager,dave,,,,,ok for me\n"
              "1,approve,2026-07-01T10:00:02Z,MAIN,K1,2,admin,erin,,,,,approved by the board\n"
              "1,applied,2026-07-01T10:00:03Z,MAIN,K1,,,,,80000.00,EUR,,\n"
              "2,request,2026-07-01T10:00:04Z,MAIN,K1,,credit_manager,carol,80000.00,120000.00,EUR,credit_manager admin,more\n"
              "2,approve,2026-07-01T10:00:05Z,MAIN,K1,1,credit_manager,dave,,,,,\n"
              "2,reject,2026-07-01T10:00:06Z,MAIN,K1,2,admin,erin,,,,,too much\n");
    fs::remove_all(d);
}

// A request up to the first threshold needs one level: 50000 is not above 50000.
TEST(LimitWorkflow, SingleLevelAtThreshold) {
    const fs::path d = limit_dir("single");
    LimitWorkflow wf = workflow(d);
    LimitRequest r = wf.request(Actor{Role::credit_manager, "carol"}, "K2", "50000", "", Date::from_ymd(2026, 7, 1));
    ASSERT_EQ(r.levels.size(), 1u);
    r = wf.approve(Actor{Role::credit_manager, "carol"}, "K2", "within my authority");
    EXPECT_EQ(r.state, RequestState::approved);
    // K2 had no limit: the empty field now holds 50000.00.
    std::string expected = kLimitCustomers;
    expected.replace(expected.find("K2,key_account,30,,"), 19, "K2,key_account,30,50000.00,");
    EXPECT_EQ(slurp(d / "customers.csv"), expected);
    fs::remove_all(d);
}

TEST(LimitWorkflow, RolesAndBadInput) {
    const fs::path d = limit_dir("roles");
    LimitWorkflow wf = workflow(d);
    const Date day = Date::from_ymd(2026, 7, 1);
    // Collectors and sales do not change limits.
    EXPECT_EQ(code_of([&] { wf.request(Actor{Role::collector, "zoe"}, "K1", "1000", "", day); }), Errc::permission);
    EXPECT_EQ(code_of([&] { wf.request(Actor{Role::sales, "sam"}, "K1", "1000", "", day); }), Errc::permission);
    // Too many decimals for EUR, a negative limit, an unknown customer.
    EXPECT_EQ(code_of([&] { wf.request(Actor{Role::admin, "a"}, "K1", "1000.005", "", day); }), Errc::invalid_argument);
    EXPECT_EQ(code_of([&] { wf.request(Actor{Role::admin, "a"}, "K1", "-5", "", day); }), Errc::invalid_argument);
    EXPECT_EQ(code_of([&] { wf.request(Actor{Role::admin, "a"}, "K9", "5", "", day); }), Errc::not_found);
    // The limit it already has.
    EXPECT_EQ(code_of([&] { wf.request(Actor{Role::admin, "a"}, "K1", "15000", "", day); }), Errc::invalid_argument);
    // One pending request per customer.
    wf.request(Actor{Role::admin, "a"}, "K1", "1000", "", day);
    EXPECT_EQ(code_of([&] { wf.request(Actor{Role::admin, "a"}, "K1", "2000", "", day); }), Errc::invalid_argument);
    // A collector sees only their customers' history (K1 is zoe's, not yann's).
    EXPECT_EQ(wf.history(Actor{Role::collector, "zoe"}).rows(), 1u);
    EXPECT_EQ(wf.history(Actor{Role::collector, "yann"}).rows(), 0u);
    EXPECT_EQ(slurp(d / "customers.csv"), kLimitCustomers);
    fs::remove_all(d);
}

// A crash between the decision (limit_requests.csv) and customers.csv: customers.csv is
// the previous file, intact; the next operation completes the approved change.
TEST(LimitWorkflow, InterruptedFinalApprovalIsCompleted) {
    const fs::path d = limit_dir("crash");
    LimitWorkflow wf = workflow(d);
    wf.request(Actor{Role::credit_manager, "carol"}, "K1", "40000", "", Date::from_ymd(2026, 7, 1));
    set_crash_hook([](std::string_view step) {
        if (step == "limit.after_log") throw std::runtime_error("simulated crash");
    });
    EXPECT_THROW(wf.approve(Actor{Role::credit_manager, "dave"}, "K1", ""), std::runtime_error);
    set_crash_hook(nullptr);
    EXPECT_EQ(slurp(d / "customers.csv"), kLimitCustomers); // the previous file, intact
    ASSERT_EQ(wf.requests(Actor{Role::admin, ""}).size(), 1u);
    EXPECT_EQ(wf.requests(Actor{Role::admin, ""})[0].state, RequestState::approved);
    EXPECT_FALSE(wf.requests(Actor{Role::admin, ""})[0].applied);
    EXPECT_EQ(wf.recover(), 1u);
    EXPECT_EQ(slurp(d / "customers.csv"), customers_with_k1_limit("40000.00"));
    EXPECT_TRUE(wf.requests(Actor{Role::admin, ""})[0].applied);
    EXPECT_EQ(wf.recover(), 0u);
    fs::remove_all(d);
}

// A stale temporary file left by a crash between write and rename does not disturb
// anything: the data still load as before and the next write replaces it.
TEST(LimitWorkflow, StaleTemporaryFileLeavesPreviousFilesIntact) {
    const fs::path d = limit_dir("stale");
    std::ofstream(d / ".customers.csv.tmp") << "garbage, half written";
    std::ofstream(d / ".limit_requests.csv.tmp") << "request_id,ev";
    EXPECT_EQ(Ledger::load(d).customers().size(), 4u);
    LimitWorkflow wf = workflow(d);
    wf.request(Actor{Role::credit_manager, "carol"}, "K1", "40000", "", Date::from_ymd(2026, 7, 1));
    wf.approve(Actor{Role::credit_manager, "dave"}, "K1", "");
    EXPECT_EQ(slurp(d / "customers.csv"), customers_with_k1_limit("40000.00"));
    EXPECT_FALSE(fs::exists(d / ".customers.csv.tmp"));
    EXPECT_FALSE(fs::exists(d / ".limit_requests.csv.tmp"));
    fs::remove_all(d);
}
