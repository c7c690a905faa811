// Scenario evaluation, worked by hand from collection.md. A = 2026-06-30 throughout,
// horizon 14 days (A + 14 = 2026-07-14). The built-in scenario `standard`:
// pre −5 email auto, r1 +5 email auto, r2 +20 sms confirm, call +30 call manual,
// fn +45 letter confirm; min_gap_days 3, old_item_days 180, min_amount 0.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "dsocore/collection/actions.hpp"
#include "dsocore/collection/agenda.hpp"
#include "dsocore/core/error.hpp"
#include "dsocore/io/csv.hpp"

using namespace dsocore;

namespace {

const Date A = Date::from_ymd(2026, 6, 30);

const char* kCustomersHeader = "customer_id,name,email,phone,address,payment_center,scenario\n";
const char* kItemsHeader = "item_id,customer_id,type,issue_date,due_date,currency,amount,open_amount,status,promise_date\n";
const char* kActionsHeader = "action_id,customer_id,date,channel,scenario,step,item_ids\n";

Ledger load(const std::string& customers, const std::string& items, const std::string& actions = "",
            const std::string& scenarios = "", const std::string& fx = "") {
    DataSources s;
    s["customers.csv"] = kCustomersHeader + customers;
    s["items.csv"] = kItemsHeader + items;
    if (!actions.empty()) s["actions.csv"] = kActionsHeader + actions;
    if (!scenarios.empty()) s["scenarios.json"] = scenarios;
    if (!fx.empty()) s["fx.csv"] = "date,currency,rate\n" + fx;
    return Ledger::load_sources(s);
}

std::string cell(const Table& t, std::size_t row, const char* col) { return t.cell_text(t.column_index(col), row); }

const char* kFull = "C1,Alpha,a@x.fr,+33 1,1 rue A,,\n";

} // namespace

TEST(Agenda, DueDateAnchorPendingStepsAndHorizon) {
    // I1 due 06-10, overdue (dpd 20): pre (−5) is skipped for an overdue item → r1,
    //    t = 06-10 + 5 = 06-15 < A → late.
    // I2 due 07-08, not overdue → pre, t = 07-08 − 5 = 07-03 > A → upcoming.
    // I3 due 06-01, r1 done on 06-06 → r2, t = 06-01 + 20 = 06-21. The payer's last
    //    action 06-06 + 3 = 06-09 < 06-21: no push → late.
    // I4 due 07-25 → pre at 07-20 > A + 14 = 07-14: not listed.
    // I5 due 07-10 but issued 07-01, after A: does not exist yet.
    const Ledger L = load(kFull,
                          "I1,C1,invoice,2026-05-01,2026-06-10,EUR,100.00,100.00,,\n"
                          "I2,C1,invoice,2026-06-08,2026-07-08,EUR,50.00,50.00,,\n"
                          "I3,C1,invoice,2026-05-01,2026-06-01,EUR,30.00,30.00,,\n"
                          "I4,C1,invoice,2026-06-25,2026-07-25,EUR,70.00,70.00,,\n"
                          "I5,C1,invoice,2026-07-01,2026-07-10,EUR,10.00,10.00,,\n",
                          "X1,C1,2026-06-06,email,standard,r1,I3\n");
    const Table t = agenda_table(L, compute_agenda(L, A));
    ASSERT_EQ(t.rows(), 3u);
    EXPECT_EQ(cell(t, 0, "step"), "r1");
    EXPECT_EQ(cell(t, 0, "action_date"), "2026-06-15");
    EXPECT_EQ(cell(t, 0, "state"), "late");
    EXPECT_EQ(cell(t, 0, "item_ids"), "I1");
    EXPECT_EQ(cell(t, 0, "amount"), "100.00");
    EXPECT_EQ(cell(t, 1, "step"), "r2");
    EXPECT_EQ(cell(t, 1, "channel"), "sms");
    EXPECT_EQ(cell(t, 1, "mode"), "confirm");
    EXPECT_EQ(cell(t, 1, "action_date"), "2026-06-21");
    EXPECT_EQ(cell(t, 1, "item_ids"), "I3");
    EXPECT_EQ(cell(t, 2, "step"), "pre");
    EXPECT_EQ(cell(t, 2, "action_date"), "2026-07-03");
    EXPECT_EQ(cell(t, 2, "state"), "upcoming");
    EXPECT_EQ(cell(t, 2, "error"), "");
    // Columns exactly as collection.md §8.
    std::string names;
    for (const auto& c : t.columns) names += c.name + ",";
    EXPECT_EQ(names, "entity,customer_id,scenario,step,channel,mode,action_date,state,error,items,amount,old_items,item_ids,");
}

TEST(Agenda, ActionsAfterAsOfAreIgnored) {
    // r1 for I1 recorded on 07-02 (after A): not done, and no temporization either.
    const Ledger L = load(kFull, "I1,C1,invoice,2026-05-01,2026-06-10,EUR,100.00,100.00,,\n",
                          "X1,C1,2026-07-02,email,standard,r1,I1\n");
    const Agenda ag = compute_agenda(L, A);
    ASSERT_EQ(ag.rows.size(), 1u);
    EXPECT_EQ(ag.rows[0].step, 1u); // r1
    EXPECT_EQ(Date::from_days(ag.rows[0].action_date), Date::from_ymd(2026, 6, 15));
    EXPECT_FALSE(ag.rows[0].pushed);
}

TEST(Agenda, LastActionAnchor) {
    // Scenario la: s1 +5, s2 +15, s3 +30; min_gap 0.
    // J1 due 05-01, s1 done 06-10 → s2 triggers at 06-10 + (15 − 5) = 06-20 (the due_date
    //    anchor would give 05-16). The payer's last action is J2's s2 on 06-25, + gap 0 =
    //    06-25 > 06-20 → pushed to 06-25 → late.
    // J2 due 05-01, s1 done 05-06, s2 done 06-25 → s3 at 06-25 + (30 − 15) = 07-10 →
    //    upcoming (06-25 + 0 ≤ 07-10: no push).
    const std::string scen = R"({"scenarios": [{"id": "la", "anchor": "last_action", "min_gap_days": 0,
        "steps": [{"id": "s1", "offset_days": 5, "channel": "email", "mode": "auto"},
                  {"id": "s2", "offset_days": 15, "channel": "letter", "mode": "confirm"},
                  {"id": "s3", "offset_days": 30, "channel": "call", "mode": "manual"}]}]})";
    const Ledger L = load(kFull,
                          "J1,C1,invoice,2026-04-01,2026-05-01,EUR,10.00,10.00,,\n"
                          "J2,C1,invoice,2026-04-01,2026-05-01,EUR,20.00,20.00,,\n",
                          "X1,C1,2026-06-10,email,la,s1,J1\n"
                          "X2,C1,2026-05-06,email,la,s1,J2\n"
                          "X3,C1,2026-06-25,letter,la,s2,J2\n",
                          scen);
    const Table t = agenda_table(L, compute_agenda(L, A));
    ASSERT_EQ(t.rows(), 2u);
    EXPECT_EQ(cell(t, 0, "step"), "s2");
    EXPECT_EQ(cell(t, 0, "action_date"), "2026-06-25");
    EXPECT_EQ(cell(t, 0, "item_ids"), "J1");
    const Agenda ag = compute_agenda(L, A);
    EXPECT_EQ(Date::from_days(ag.rows[0].min_trigger), Date::from_ymd(2026, 6, 20));
    EXPECT_TRUE(ag.rows[0].pushed);
    EXPECT_EQ(cell(t, 1, "step"), "s3");
    EXPECT_EQ(cell(t, 1, "action_date"), "2026-07-10");
    EXPECT_EQ(cell(t, 1, "state"), "upcoming");
}

namespace {
const std::string kLeader = R"({"scenarios": [{"id": "ld", "anchor": "leader", "min_gap_days": 0,
    "steps": [{"id": "l1", "offset_days": 5, "channel": "email", "mode": "auto"},
              {"id": "l2", "offset_days": 20, "channel": "letter", "mode": "confirm"}]}]})";
}

TEST(Agenda, LeaderAnchorTakesAllOverdueItems) {
    // Leader = oldest due eligible invoice: K1 (05-20). Its pending step l1 at
    // 05-20 + 5 = 05-25 decides; the action takes K1 and the other overdue item K2
    // (06-05), not K3 (due 07-10, not overdue).
    const Ledger L = load(kFull,
                          "K1,C1,invoice,2026-04-20,2026-05-20,EUR,10.00,10.00,,\n"
                          "K2,C1,invoice,2026-05-05,2026-06-05,EUR,20.00,20.00,,\n"
                          "K3,C1,invoice,2026-06-10,2026-07-10,EUR,40.00,40.00,,\n",
                          "", kLeader);
    const Agenda ag = compute_agenda(L, A);
    const Table t = agenda_table(L, ag);
    ASSERT_EQ(t.rows(), 1u);
    EXPECT_EQ(cell(t, 0, "step"), "l1");
    EXPECT_EQ(cell(t, 0, "action_date"), "2026-05-25");
    EXPECT_EQ(cell(t, 0, "item_ids"), "K1 K2");
    EXPECT_EQ(cell(t, 0, "amount"), "30.00");
    EXPECT_EQ(L.str(L.items().item_id[ag.rows[0].leader]), "K1");
}

TEST(Agenda, LeaderAnchorNextStepAndNextLeader) {
    // l1 done on 05-26 for K1 → the leader's pending step is l2 at 05-20 + 20 = 06-09;
    // it takes K1 and K2.
    {
        const Ledger L = load(kFull,
                              "K1,C1,invoice,2026-04-20,2026-05-20,EUR,10.00,10.00,,\n"
                              "K2,C1,invoice,2026-05-05,2026-06-05,EUR,20.00,20.00,,\n",
                              "X1,C1,2026-05-26,email,ld,l1,K1\n", kLeader);
        const Table t = agenda_table(L, compute_agenda(L, A));
        ASSERT_EQ(t.rows(), 1u);
        EXPECT_EQ(cell(t, 0, "step"), "l2");
        EXPECT_EQ(cell(t, 0, "action_date"), "2026-06-09");
        EXPECT_EQ(cell(t, 0, "item_ids"), "K1 K2");
    }
    // K1 paid: the next oldest leads from its own first undone step. K2 and K2B are
    // both due 06-05: the tie goes to the smallest item_id, K2. K2 never had l1 →
    // l1 at 06-05 + 5 = 06-10, taking K2 and K2B.
    {
        const Ledger L = load(kFull,
                              "K1,C1,invoice,2026-04-20,2026-05-20,EUR,10.00,0.00,,\n"
                              "K2B,C1,invoice,2026-05-05,2026-06-05,EUR,5.00,5.00,,\n"
                              "K2,C1,invoice,2026-05-05,2026-06-05,EUR,20.00,20.00,,\n",
                              "X1,C1,2026-05-26,email,ld,l1,K1\n", kLeader);
        const Agenda ag = compute_agenda(L, A);
        const Table t = agenda_table(L, ag);
        ASSERT_EQ(t.rows(), 1u);
        EXPECT_EQ(cell(t, 0, "step"), "l1");
        EXPECT_EQ(cell(t, 0, "action_date"), "2026-06-10");
        EXPECT_EQ(cell(t, 0, "item_ids"), "K2 K2B");
        EXPECT_EQ(L.str(L.items().item_id[ag.rows[0].leader]), "K2");
    }
}

TEST(Agenda, TemporizationPushesTheDate) {
    // I1 due 06-10 → r1 at 06-15. An out-of-scenario call on 06-28 (no scenario, no
    // step) moves no item (still r1) but counts: 06-28 + 3 = 07-01 > 06-15 → pushed to
    // 07-01, upcoming.
    const Ledger L = load(kFull, "I1,C1,invoice,2026-05-01,2026-06-10,EUR,100.00,100.00,,\n",
                          "X1,C1,2026-06-28,call,,,I1\n");
    const Agenda ag = compute_agenda(L, A);
    const Table t = agenda_table(L, ag);
    ASSERT_EQ(t.rows(), 1u);
    EXPECT_EQ(cell(t, 0, "step"), "r1");
    EXPECT_EQ(cell(t, 0, "action_date"), "2026-07-01");
    EXPECT_EQ(cell(t, 0, "state"), "upcoming");
    EXPECT_TRUE(ag.rows[0].pushed);
    EXPECT_EQ(Date::from_days(ag.rows[0].min_trigger), Date::from_ymd(2026, 6, 15));
    const AgendaExplanation e = explain(L, ag, 0);
    EXPECT_TRUE(e.pushed);
    ASSERT_EQ(e.items.size(), 1u);
    EXPECT_EQ(e.items[0].trigger, Date::from_ymd(2026, 6, 15));
    EXPECT_EQ(e.last_action_id, "X1");
    EXPECT_NE(e.text.find("pushed to 2026-07-01"), std::string::npos) << e.text;
}

TEST(Agenda, ExclusionsDisputeLitigationIgnoredHeldPromise) {
    // Only I1 (no status) and I6 (promise without a date: it does not hold) are dunned;
    // credit note and payment never are; a promise dated ≥ A holds the item.
    const Ledger L = load(kFull,
                          "I1,C1,invoice,2026-05-01,2026-06-10,EUR,100.00,100.00,,\n"
                          "I2,C1,invoice,2026-05-01,2026-06-10,EUR,200.00,200.00,dispute:price,\n"
                          "I3,C1,invoice,2026-05-01,2026-06-10,EUR,300.00,300.00,litigation,\n"
                          "I4,C1,invoice,2026-05-01,2026-06-10,EUR,400.00,400.00,ignored,\n"
                          "I5,C1,invoice,2026-05-01,2026-06-10,EUR,500.00,500.00,promise,2026-06-30\n"
                          "I6,C1,invoice,2026-05-01,2026-06-10,EUR,600.00,600.00,promise,\n"
                          "N1,C1,credit_note,2026-05-01,2026-06-10,EUR,-50.00,-50.00,,\n"
                          "P1,C1,payment,2026-05-01,2026-06-10,EUR,-10.00,-10.00,,\n");
    const Agenda ag = compute_agenda(L, A);
    const Table t = agenda_table(L, ag);
    ASSERT_EQ(t.rows(), 1u);
    EXPECT_EQ(cell(t, 0, "item_ids"), "I1 I6");
    EXPECT_EQ(cell(t, 0, "amount"), "700.00");
    EXPECT_TRUE(ag.broken_promises.empty());
}

TEST(Agenda, BrokenPromiseComesBackWithAnAlert) {
    // Promise to pay on 06-20 < A, still open: eligible again (r1 at 06-15 → late) and
    // listed as a broken promise.
    const Ledger L = load(kFull, "I1,C1,invoice,2026-05-01,2026-06-10,EUR,100.00,100.00,promise,2026-06-20\n");
    const Agenda ag = compute_agenda(L, A);
    ASSERT_EQ(ag.rows.size(), 1u);
    EXPECT_EQ(agenda_table(L, ag).cell_text(3, 0), "r1");
    ASSERT_EQ(ag.broken_promises.size(), 1u);
    EXPECT_EQ(Date::from_days(ag.broken_promises[0].promise_date), Date::from_ymd(2026, 6, 20));
}

TEST(Agenda, PaymentCenterDunnedForTwoAccounts) {
    // P pays for M1 and M2 (payment_center = P). M1: 100.00 EUR due 06-10 → r1 at 06-15;
    // M2: 200.00 USD due 06-12 → r1 at 06-17. One row under P (its own contact: M1 and
    // M2 have none, yet no error): date min = 06-15; amount 100.00 + 200.00 × 0.9243
    // = 100.00 + 184.86 = 284.86 EUR.
    const Ledger L = load("P,Payer,p@x.fr,,,,\nM1,Account 1,,,,P,\nM2,Account 2,,,,P,\n",
                          "I1,M1,invoice,2026-05-01,2026-06-10,EUR,100.00,100.00,,\n"
                          "I2,M2,invoice,2026-05-01,2026-06-12,USD,200.00,200.00,,\n",
                          "", "", "2026-01-01,USD,0.9243\n");
    const Table t = agenda_table(L, compute_agenda(L, A));
    ASSERT_EQ(t.rows(), 1u);
    EXPECT_EQ(cell(t, 0, "customer_id"), "P");
    EXPECT_EQ(cell(t, 0, "action_date"), "2026-06-15");
    EXPECT_EQ(cell(t, 0, "state"), "late");
    EXPECT_EQ(cell(t, 0, "items"), "2");
    EXPECT_EQ(cell(t, 0, "amount"), "284.86");
    EXPECT_EQ(cell(t, 0, "item_ids"), "I1 I2");
}

TEST(Agenda, AutoEmailWithoutEmailIsAnError) {
    // r1 is email/auto. C2 has a phone only → error no_email; C3 has no contact at all →
    // no_contact. C4 (no phone) is at the manual call step: a manual step needs no check.
    // The r1 trigger 06-15; the call trigger for I4 (due 05-25) = 05-25 + 30 = 06-24, with
    // r1 and r2 done.
    const Ledger L = load("C2,B,,+33 2,,,\nC3,C,,,,,\nC4,D,d@x.fr,,addr,,\n",
                          "I2,C2,invoice,2026-05-01,2026-06-10,EUR,10.00,10.00,,\n"
                          "I3,C3,invoice,2026-05-01,2026-06-10,EUR,10.00,10.00,,\n"
                          "I4,C4,invoice,2026-04-01,2026-05-25,EUR,10.00,10.00,,\n",
                          "X1,C4,2026-05-30,email,standard,r1,I4\nX2,C4,2026-06-14,sms,standard,r2,I4\n");
    const Table t = agenda_table(L, compute_agenda(L, A));
    ASSERT_EQ(t.rows(), 3u);
    // Sorted by date: C2 and C3 on 06-15, C4 on 06-24.
    EXPECT_EQ(cell(t, 0, "customer_id"), "C2");
    EXPECT_EQ(cell(t, 0, "state"), "error");
    EXPECT_EQ(cell(t, 0, "error"), "no_email");
    EXPECT_EQ(cell(t, 1, "customer_id"), "C3");
    EXPECT_EQ(cell(t, 1, "error"), "no_contact");
    EXPECT_EQ(cell(t, 2, "customer_id"), "C4");
    EXPECT_EQ(cell(t, 2, "step"), "call");
    EXPECT_EQ(cell(t, 2, "action_date"), "2026-06-24");
    EXPECT_EQ(cell(t, 2, "state"), "late");
    EXPECT_EQ(cell(t, 2, "error"), "");
}

TEST(Agenda, OldItemNeverReminded) {
    // Due 2025-12-12 = A − 200 days (2026-06-30 is day 181 of 2026; 181 − 200 = −19 →
    // day 346 of 2025 = 12 December). Never reminded: pre is skipped (overdue), so r1 at
    // 2025-12-17 → late; dpd 200 > 180 → old_items = 1.
    ASSERT_EQ(A - Date::from_ymd(2025, 12, 12), 200);
    const Ledger L = load(kFull, "I1,C1,invoice,2025-11-01,2025-12-12,EUR,100.00,100.00,,\n");
    const Table t = agenda_table(L, compute_agenda(L, A));
    ASSERT_EQ(t.rows(), 1u);
    EXPECT_EQ(cell(t, 0, "step"), "r1");
    EXPECT_EQ(cell(t, 0, "action_date"), "2025-12-17");
    EXPECT_EQ(cell(t, 0, "state"), "late");
    EXPECT_EQ(cell(t, 0, "old_items"), "1");
}

TEST(Agenda, MinAmount) {
    // min_amount 100: C1's group of 99.99 gets no action; C2's 60.00 + 40.00 = 100.00 is
    // not below it and stays.
    const std::string scen = R"({"scenarios": [{"id": "m", "min_amount": "100",
        "steps": [{"id": "r1", "offset_days": 5, "channel": "letter", "mode": "confirm"}]}]})";
    const Ledger L = load("C1,A,,,addr,,\nC2,B,,,addr,,\n",
                          "I1,C1,invoice,2026-05-01,2026-06-10,EUR,99.99,99.99,,\n"
                          "I2,C2,invoice,2026-05-01,2026-06-10,EUR,60.00,60.00,,\n"
                          "I3,C2,invoice,2026-05-01,2026-06-11,EUR,40.00,40.00,,\n",
                          "", scen);
    const Table t = agenda_table(L, compute_agenda(L, A));
    ASSERT_EQ(t.rows(), 1u);
    EXPECT_EQ(cell(t, 0, "customer_id"), "C2");
    EXPECT_EQ(cell(t, 0, "amount"), "100.00");
}

TEST(Agenda, SortOrder) {
    // Same date 06-15 for both: entity DE01 before FR01 although FR01's id is smaller.
    const std::string cust = "entity,customer_id,email\nFR01,A1,a@x\nDE01,Z9,z@x\n";
    DataSources s;
    s["customers.csv"] = cust;
    s["items.csv"] = "entity,item_id,customer_id,issue_date,due_date,amount\n"
                     "FR01,I1,A1,2026-05-01,2026-06-10,10.00\nDE01,I1,Z9,2026-05-01,2026-06-10,10.00\n";
    const Ledger L = Ledger::load_sources(s);
    const Table t = agenda_table(L, compute_agenda(L, A));
    ASSERT_EQ(t.rows(), 2u);
    EXPECT_EQ(cell(t, 0, "entity"), "DE01");
    EXPECT_EQ(cell(t, 1, "entity"), "FR01");
}

// --- recording actions ----------------------------------------------------------------

namespace {
struct TempDir {
    std::filesystem::path path;
    TempDir() {
        path = std::filesystem::temp_directory_path() /
               ("dsocore_act_" + std::to_string(::getpid()) + "_" +
                std::to_string(reinterpret_cast<std::uintptr_t>(this)));
        std::filesystem::create_directories(path);
    }
    ~TempDir() { std::filesystem::remove_all(path); }
    void write(const std::string& name, const std::string& text) const {
        std::ofstream(path / name, std::ios::binary) << text;
    }
};
} // namespace

TEST(Actions, AgendaAfterRecordingAnAction) {
    // I1 due 06-01 (dpd 29): r1 at 06-06, late. Record r1 on A: r1 done → r2,
    // t = 06-01 + 20 = 06-21, pushed by the new action to 06-30 + 3 = 07-03 → upcoming.
    TempDir d;
    d.write("customers.csv", kCustomersHeader + std::string(kFull));
    d.write("items.csv", kItemsHeader + std::string("I1,C1,invoice,2026-05-01,2026-06-01,EUR,100.00,100.00,,\n"));
    {
        const Ledger L = Ledger::load(d.path);
        const Table t = agenda_table(L, compute_agenda(L, A));
        ASSERT_EQ(t.rows(), 1u);
        EXPECT_EQ(cell(t, 0, "step"), "r1");
        EXPECT_EQ(cell(t, 0, "action_date"), "2026-06-06");
        ActionRequest req;
        req.date = A;
        req.customer_id = "C1";
        req.step = "r1";
        req.user = "alice";
        const RecordedAction a = record_action(L, req);
        EXPECT_EQ(a.action_id, "A0000001");
        EXPECT_EQ(a.scenario, "standard");
        EXPECT_EQ(a.channel, Channel::email);
    }
    EXPECT_EQ(read_file((d.path / "actions.csv").string()),
              "entity,action_id,customer_id,date,channel,scenario,step,item_ids,user,outcome,comment\n"
              "MAIN,A0000001,C1,2026-06-30,email,standard,r1,I1,alice,,\n");
    const Ledger L = Ledger::load(d.path);
    const Agenda ag = compute_agenda(L, A);
    const Table t = agenda_table(L, ag);
    ASSERT_EQ(t.rows(), 1u);
    EXPECT_EQ(cell(t, 0, "step"), "r2");
    EXPECT_EQ(cell(t, 0, "action_date"), "2026-07-03");
    EXPECT_EQ(cell(t, 0, "state"), "upcoming");
    EXPECT_TRUE(ag.rows[0].pushed);
}

TEST(Actions, OutOfScenarioAppendsAndKeepsTheStep) {
    // An out-of-scenario call appended to an existing history: fresh id after A0000041,
    // the step stays r1 but temporization moves it to 06-30 + 3 = 07-03.
    TempDir d;
    d.write("customers.csv", kCustomersHeader + std::string(kFull));
    d.write("items.csv", kItemsHeader + std::string("I1,C1,invoice,2026-05-01,2026-06-10,EUR,100.00,100.00,,\n"));
    d.write("actions.csv", std::string(kActionsHeader) + "A0000041,C1,2026-01-05,task,,,\n");
    {
        const Ledger L = Ledger::load(d.path);
        ActionRequest req;
        req.date = A;
        req.customer_id = "C1";
        req.channel = Channel::call;
        req.item_ids = {"I1"};
        req.comment = "will pay, \"soon\"";
        EXPECT_EQ(record_action(L, req).action_id, "A0000042");
    }
    // The file lacked a comment column: it is added (old rows get an empty field); no
    // entity column is needed for MAIN, and empty user/outcome add nothing.
    EXPECT_EQ(read_file((d.path / "actions.csv").string()),
              "action_id,customer_id,date,channel,scenario,step,item_ids,comment\n"
              "A0000041,C1,2026-01-05,task,,,,\n"
              "A0000042,C1,2026-06-30,call,,,I1,\"will pay, \"\"soon\"\"\"\n");
    const Ledger L = Ledger::load(d.path);
    const Table t = agenda_table(L, compute_agenda(L, A));
    ASSERT_EQ(t.rows(), 1u);
    EXPECT_EQ(cell(t, 0, "step"), "r1");
    EXPECT_EQ(cell(t, 0, "action_date"), "2026-07-03");
}

TEST(Actions, RejectsAStepThatIsNotPendingAndForeignItems) {
    const Ledger L = load(kFull + std::string("C2,B,b@x,,,,\n"),
                          "I1,C1,invoice,2026-05-01,2026-06-10,EUR,100.00,100.00,,\n"
                          "I2,C2,invoice,2026-05-01,2026-06-10,EUR,100.00,100.00,,\n");
    ActionRequest req;
    req.date = A;
    req.customer_id = "C1";
    req.step = "fn";
    try {
        prepare_action(L, req);
        FAIL();
    } catch (const Error& e) {
        EXPECT_NE(std::string(e.what()).find("pending: r1 (standard)"), std::string::npos) << e.what();
    }
    req.step = "r1";
    req.item_ids = {"I2"};
    EXPECT_THROW(prepare_action(L, req), Error);
    req.step.clear();
    EXPECT_THROW(prepare_action(L, req), Error);
    req.customer_id = "NOPE";
    EXPECT_THROW(prepare_action(L, req), Error);
}

TEST(Actions, MarkItemsIgnored) {
    // I1 marked ignored: written back through the canonical writer; the agenda drops it.
    TempDir d;
    d.write("customers.csv", kCustomersHeader + std::string(kFull));
    d.write("items.csv", "item_id,customer_id,issue_date,due_date,amount\n"
                         "I1,C1,2026-05-01,2026-06-10,100.00\nI2,C1,2026-05-01,2026-06-10,50.00\n");
    {
        Ledger L = Ledger::load(d.path);
        EXPECT_EQ(mark_items_ignored(L, "MAIN", {"I1"}, A), 1u);
        EXPECT_THROW(mark_items_ignored(L, "MAIN", {"NOPE"}, A), Error);
    }
    EXPECT_EQ(read_file((d.path / "items.csv").string()),
              "item_id,customer_id,issue_date,due_date,amount,status,status_date\n"
              "I1,C1,2026-05-01,2026-06-10,100.00,ignored,2026-06-30\n"
              "I2,C1,2026-05-01,2026-06-10,50.00,,\n");
    const Ledger L = Ledger::load(d.path);
    const Table t = agenda_table(L, compute_agenda(L, A));
    ASSERT_EQ(t.rows(), 1u);
    EXPECT_EQ(cell(t, 0, "item_ids"), "I2");
}

TEST(Actions, NextActionId) {
    EXPECT_EQ(next_action_id(""), "A0000001");
    EXPECT_EQ(next_action_id("action_id,date\nA0000009,2026-01-01\nA0000041,2026-01-02\nA0000007,2026-01-03\n"),
              "A0000042");
    EXPECT_EQ(next_action_id("action_id\nACT-99\n"), "ACT-100");
}

TEST(Agenda, ACollectorsViewKeepsTheRowsOfTheirPayers) {
    // risk.md "Roles": a collector sees the customers assigned to them. The agenda is
    // per payer: C1 (alice) and C2 (bob) are their own payers; C3 (alice) is paid by the
    // payment center P (bob), so its item is in P's row, which is bob's.
    // Every item is due 06-10 (dpd 20): r1 at 06-15, late, one row per payer: C1, C2, P.
    DataSources s;
    s["customers.csv"] = "customer_id,name,email,payment_center,collector\n"
                         "C1,Alpha,a@x.fr,,alice\n"
                         "C2,Beta,b@x.fr,,bob\n"
                         "C3,Gamma,c@x.fr,P,alice\n"
                         "P,Center,p@x.fr,,bob\n";
    s["items.csv"] = "item_id,customer_id,type,issue_date,due_date,currency,amount\n"
                     "I1,C1,invoice,2026-05-01,2026-06-10,EUR,100.00\n"
                     "I2,C2,invoice,2026-05-01,2026-06-10,EUR,200.00\n"
                     "I3,C3,invoice,2026-05-01,2026-06-10,EUR,300.00\n";
    const Ledger L = Ledger::load_sources(s);
    const Table all = agenda_table(L, compute_agenda(L, A));
    ASSERT_EQ(all.rows(), 3u);

    auto scoped = [&](const char* user) {
        AgendaOptions o;
        o.customer_scope.assign(L.customers().size(), 0);
        for (std::uint32_t c = 0; c < L.customers().size(); ++c)
            o.customer_scope[c] = L.str(L.customers().collector[c]) == user ? 1 : 0;
        return agenda_table(L, compute_agenda(L, A, o));
    };
    const Table alice = scoped("alice");
    ASSERT_EQ(alice.rows(), 1u); // C1 only: C3's item is dunned through P
    EXPECT_EQ(cell(alice, 0, "customer_id"), "C1");
    EXPECT_EQ(cell(alice, 0, "amount"), "100.00");
    const Table bob = scoped("bob");
    ASSERT_EQ(bob.rows(), 2u);
    EXPECT_EQ(cell(bob, 0, "customer_id"), "C2");
    EXPECT_EQ(cell(bob, 1, "customer_id"), "P");
    EXPECT_EQ(cell(bob, 1, "item_ids"), "I3");
    EXPECT_EQ(cell(bob, 1, "amount"), "300.00");

    AgendaOptions bad;
    bad.customer_scope.assign(2, 1); // not the customer table's size
    EXPECT_THROW((void)compute_agenda(L, A, bad), Error);
}
