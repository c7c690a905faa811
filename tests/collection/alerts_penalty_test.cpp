// Alerts, worked by hand. A = 2026-06-30.
#include <gtest/gtest.h>

#include "dsocore/collection/alerts.hpp"

using namespace dsocore;

namespace {
const Date A = Date::from_ymd(2026, 6, 30);

Ledger load(const std::string& customers, const std::string& items, const std::string& company = "",
            const std::string& actions = "", const std::string& fx = "") {
    DataSources s;
    s["customers.csv"] = customers;
    s["items.csv"] = "item_id,customer_id,type,issue_date,due_date,currency,amount,open_amount,status,promise_date\n" + items;
    if (!company.empty()) s["company.json"] = company;
    if (!actions.empty()) s["actions.csv"] = "action_id,customer_id,date,channel,item_ids\n" + actions;
    if (!fx.empty()) s["fx.csv"] = "date,currency,rate\n" + fx;
    return Ledger::load_sources(s);
}

std::vector<std::string> rules_of(const Ledger& L, const Alerts& a, std::string_view customer) {
    std::vector<std::string> r;
    for (const auto& m : a.matches)
        if (L.str(L.customers().customer_id[m.customer]) == customer) r.push_back(m.rule);
    return r;
}
} // namespace

// The per-invoice penalty cases moved to tests/reports/penalties_test.cpp (PenaltyRule,
// the one computation behind #LATE_PENALTIES / #RECOVERY_COSTS).

namespace {
// The ledger of the rule tests: at A, C1 outstanding = overdue = 1200.00,
// limit 1000.00; C2 outstanding = overdue = 700.00, no limit, extension 60 days; C3
// outstanding = overdue = 100.00, no limit, extension 60 days.
Ledger three_customers(const std::string& actions = "") {
    const std::string cust =
        "customer_id,credit_limit,insured_amount,insurance_max_extension_days,temporary_insured_amount,"
        "temporary_insured_from,temporary_insured_to,rating\n"
        "C1,1000.00,500.00,,800.00,2026-06-01,2026-07-31,B\n"
        "C2,,500.00,60,800.00,2026-05-01,2026-06-15,C\n"
        "C3,,,60,,,,A\n";
    const std::string items = "I1,C1,invoice,2026-05-01,2026-06-10,EUR,1200.00,1200.00,,\n"
                              "I2,C2,invoice,2026-04-01,2026-05-15,EUR,700.00,700.00,,\n"
                              "I3,C3,invoice,2026-04-01,2026-05-17,EUR,100.00,100.00,promise,2026-06-20\n";
    return load(cust, items, "", actions);
}
} // namespace

TEST(Alerts, BuiltInRulesWithTheirFigures) {
    // C1: limit 1000.00, outstanding 1200.00 → over_limit. Insured 500 + temporary 800
    //     valid 06-01..07-31 → 1300 ≥ 1200: not over_insured. Last action 06-15:
    //     30 − 15 = 15 days ≥ 15 with overdue 1200 > 0 → overdue_not_dunned.
    // C2: insured 500, temporary expired on 06-15 → insured 500 < 700 → over_insured.
    //     Last action 06-16: 14 days → not overdue_not_dunned. Extension 60 days on an
    //     overdue invoice due 05-15 → deadline 07-14, 14 days ≤ 15 → declaration_due.
    // C3: promise broken (06-20 < A) → broken_promise (1 item). Extension 60, due 05-17
    //     → deadline 07-16, 16 days > 15 → no declaration_due. Never any action, overdue → overdue_not_dunned.
    const Ledger L = three_customers("X1,C1,2026-06-15,call,I1\nX2,C2,2026-06-16,call,\n");
    const Alerts a = compute_alerts(L, A);
    EXPECT_EQ(rules_of(L, a, "C1"), (std::vector<std::string>{"over_limit", "overdue_not_dunned"}));
    EXPECT_EQ(rules_of(L, a, "C2"), (std::vector<std::string>{"over_insured", "declaration_due"}));
    EXPECT_EQ(rules_of(L, a, "C3"), (std::vector<std::string>{"broken_promise", "overdue_not_dunned"}));
    const Table t = alerts_table(L, a);
    EXPECT_EQ(t.cell_text(t.column_index("detail"), 0), "outstanding 1200.00 > credit_limit 1000.00");
    EXPECT_EQ(t.cell_text(t.column_index("insured"), 0), "1300.00");
    EXPECT_EQ(t.cell_text(t.column_index("days_without_action"), 1), "15");
    EXPECT_EQ(t.cell_text(t.column_index("declaration_deadline"), 3), "2026-07-14");
    EXPECT_EQ(t.cell_text(t.column_index("days_to_deadline"), 3), "14");
    EXPECT_EQ(t.cell_text(t.column_index("items"), 4), "1");
    // rating_drop needs an earlier export; without it, a note.
    ASSERT_EQ(a.notes.size(), 1u);
    // With one: C1 B → C (worse), C3 A → A (same).
    const Ledger before = load("customer_id,rating\nC1,A\nC2,C\nC3,A\n", "");
    const Ledger now = load("customer_id,rating\nC1,C\nC2,B\nC3,A\n", "");
    AlertOptions o;
    o.previous = &before;
    o.rules = {"rating_drop"};
    const Alerts r = compute_alerts(now, A, o);
    ASSERT_EQ(r.matches.size(), 1u);
    EXPECT_EQ(now.str(now.customers().customer_id[r.matches[0].customer]), "C1");
    EXPECT_EQ(r.matches[0].detail, "rating A → C");
    o.rules = {"nope"};
    EXPECT_THROW(compute_alerts(now, A, o), Error);
}

// --- Custom rules (--where) over customer fields and the reports' figures ------------


TEST(Alerts, CustomRuleOverRiskFigures) {
    const Ledger L = three_customers();
    AlertOptions o;
    // utilisation_pct (C1) = 1200.00 / 1000.00 × 100 = 120 > 100; overdue_pct = 1200 /
    // 1200 × 100 = 100 ≥ 100. C2, C3 have no limit: utilisation_pct undefined, no match.
    o.where = "utilisation_pct > 100 and overdue_pct >= 100";
    const Alerts a = compute_alerts(L, A, o);
    ASSERT_EQ(a.matches.size(), 1u); // rules empty + where: only the custom rule
    EXPECT_EQ(L.str(L.customers().customer_id[a.matches[0].customer]), "C1");
    EXPECT_EQ(a.matches[0].rule, "where");
    EXPECT_EQ(a.matches[0].figures, (std::vector<std::pair<std::string, std::string>>{
                                        {"utilisation_pct", "120.0"}, {"overdue_pct", "100.0"}}));
    EXPECT_EQ(a.matches[0].detail,
              "utilisation_pct > 100 and overdue_pct >= 100: utilisation_pct 120.0, overdue_pct 100.0");
    // The table row carries the risk figures as the built-in rules do.
    const Table t = alerts_table(L, a);
    EXPECT_EQ(t.cell_text(t.column_index("alert"), 0), "where");
    EXPECT_EQ(t.cell_text(t.column_index("outstanding"), 0), "1200.00");

    // A customers.csv field with a figure: C2 rating C; declaration deadline of C2 =
    // 05-15 + 60 = 07-14 → 14 days ≤ 14. C3: 05-17 + 60 = 07-16 → 16; rating A. C1 has
    // no extension: days_to_deadline absent, no comparison holds.
    o.where = "rating = 'C' and days_to_deadline <= 14";
    const Alerts b = compute_alerts(L, A, o);
    ASSERT_EQ(b.matches.size(), 1u);
    EXPECT_EQ(L.str(L.customers().customer_id[b.matches[0].customer]), "C2");
    EXPECT_EQ(b.matches[0].figures,
              (std::vector<std::pair<std::string, std::string>>{{"rating", "C"}, {"days_to_deadline", "14"}}));

    // Insured incl. a temporary guarantee valid at A: C1 500 + 800 = 1300.00; uninsured
    // = max(0, 1200 − 1300) = 0. C2's temporary guarantee ended 06-15: 500.00, uninsured
    // 700 − 500 = 200.00. C3 has none: insured absent, uninsured 100.00.
    o.where = "uninsured >= 100 and insured != ''";
    const Alerts c = compute_alerts(L, A, o);
    ASSERT_EQ(c.matches.size(), 1u);
    EXPECT_EQ(L.str(L.customers().customer_id[c.matches[0].customer]), "C2");
    EXPECT_EQ(c.matches[0].figures,
              (std::vector<std::pair<std::string, std::string>>{{"uninsured", "200.00"}, {"insured", "500.00"}}));

    // With a built-in rule too: both, the built-in first for a customer.
    o.rules = {"over_limit"};
    o.where = "outstanding >= 1200";
    const Alerts d = compute_alerts(L, A, o);
    ASSERT_EQ(d.matches.size(), 2u);
    EXPECT_EQ(d.matches[0].rule, "over_limit");
    EXPECT_EQ(d.matches[1].rule, "where");
    EXPECT_EQ(d.matches[1].detail, "outstanding >= 1200: outstanding 1200.00");
}

TEST(Alerts, CustomRuleOverDsoAndPaymentProfile) {
    const Ledger L = three_customers();
    AlertOptions o;
    // dso (countback, calendar months): C1 AR 1200.00; June has no sales → 30 days,
    // May's sales 1200.00 ≤ remaining 1200.00 → + 31 → 61.0. C2: June 30 + May 31 +
    // April (sales 700.00 = AR) 30 → 91.0; C3 likewise 91.0.
    o.where = "dso > 60 and dso < 91";
    const Alerts a = compute_alerts(L, A, o);
    ASSERT_EQ(a.matches.size(), 1u);
    EXPECT_EQ(L.str(L.customers().customer_id[a.matches[0].customer]), "C1");
    EXPECT_EQ(a.matches[0].figures, (std::vector<std::pair<std::string, std::string>>{{"dso", "61.0"}}));

    // Payment behaviour over (2025-12-30, 2026-06-30] (window 6m):
    //   P1: 100.00 due 05-01 paid 05-11 (late 10), 300.00 due 05-01 paid 05-01 (late 0):
    //       avg_days_late = (100 × 10 + 300 × 0) / 400 = 2.5; on_time_pct = 300 / 400 = 75.0;
    //       avg_days_to_pay = (100 × 40 + 300 × 30) / 400 = 32.5.
    //   P2: 200.00 due 05-01 paid 05-31: avg_days_late 30, on_time_pct 0.
    //   P3: nothing settled: the averages are undefined (absent).
    DataSources s;
    s["customers.csv"] = "customer_id\nP1\nP2\nP3\n";
    s["items.csv"] = "item_id,customer_id,type,issue_date,due_date,currency,amount,open_amount\n"
                     "J1,P1,invoice,2026-04-01,2026-05-01,EUR,100.00,0.00\n"
                     "J2,P1,invoice,2026-04-01,2026-05-01,EUR,300.00,0.00\n"
                     "J3,P2,invoice,2026-04-01,2026-05-01,EUR,200.00,0.00\n"
                     "J4,P3,invoice,2026-06-01,2026-07-01,EUR,50.00,50.00\n";
    s["allocations.csv"] = "item_id,date,amount\nJ1,2026-05-11,100.00\nJ2,2026-05-01,300.00\nJ3,2026-05-31,200.00\n";
    const Ledger P = Ledger::load_sources(s);
    o.where = "avg_days_late > 2 and on_time_pct >= 75 and avg_days_to_pay = 32.5";
    const Alerts b = compute_alerts(P, A, o);
    ASSERT_EQ(b.matches.size(), 1u);
    EXPECT_EQ(P.str(P.customers().customer_id[b.matches[0].customer]), "P1");
    EXPECT_EQ(b.matches[0].figures, (std::vector<std::pair<std::string, std::string>>{
                                        {"avg_days_late", "2.5"}, {"on_time_pct", "75.0"}, {"avg_days_to_pay", "32.5"}}));
    // Absent figures: `= ''` selects them, and the match shows them empty.
    o.where = "avg_days_late = ''";
    const Alerts c = compute_alerts(P, A, o);
    ASSERT_EQ(c.matches.size(), 1u);
    EXPECT_EQ(P.str(P.customers().customer_id[c.matches[0].customer]), "P3");
    EXPECT_EQ(c.matches[0].detail, "avg_days_late = '': avg_days_late (none)");
    // A quoted text naming a figure is not a figure named by the expression.
    o.where = "customer_id != 'dso'";
    EXPECT_TRUE(compute_alerts(P, A, o).matches[0].figures.empty());
}

TEST(Alerts, CustomRuleErrors) {
    const Ledger L = three_customers();
    AlertOptions o;
    o.where = "balance > 0"; // an item field: an alert rule is per customer
    EXPECT_THROW(compute_alerts(L, A, o), Error);
    o.where = "dsoo > 60"; // unknown field
    try {
        compute_alerts(L, A, o);
        FAIL() << "expected an error";
    } catch (const Error& e) {
        EXPECT_EQ(e.code(), Errc::invalid_argument);
        EXPECT_NE(std::string(e.what()).find("dsoo"), std::string::npos) << e.what();
    }
    o.where = "outstanding > 'x'"; // type error
    EXPECT_THROW(compute_alerts(L, A, o), Error);
    o.where = "   "; // blank: no rule rather than a rule that matches everyone
    EXPECT_THROW(compute_alerts(L, A, o), Error);
}

TEST(Alerts, ACollectorsViewKeepsTheAlertsOfTheirCustomers) {
    // The three customers of BuiltInRulesWithTheirFigures: C1 over_limit +
    // overdue_not_dunned, C2 over_insured + declaration_due, C3 broken_promise +
    // overdue_not_dunned. A view that sees C2 only (a collector's mask) keeps C2's two.
    const Ledger L = three_customers("X1,C1,2026-06-15,call,I1\nX2,C2,2026-06-16,call,\n");
    AlertOptions o;
    o.customer_scope.assign(L.customers().size(), 0);
    for (std::uint32_t c = 0; c < L.customers().size(); ++c)
        o.customer_scope[c] = L.str(L.customers().customer_id[c]) == "C2" ? 1 : 0;
    const Alerts a = compute_alerts(L, A, o);
    ASSERT_EQ(a.matches.size(), 2u);
    EXPECT_EQ(rules_of(L, a, "C2"), (std::vector<std::string>{"over_insured", "declaration_due"}));
}
