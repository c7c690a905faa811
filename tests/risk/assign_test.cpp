// Search & assign, undo byte for byte, role views, interrupted writes.
#include <gtest/gtest.h>

#include "dsocore/core/error.hpp"
#include "dsocore/risk/assign.hpp"
#include "dsocore/risk/roles.hpp"
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

AssignRequest request(const std::string& where, const std::string& field, const std::string& value) {
    AssignRequest r;
    r.search.as_of = Date::from_ymd(2026, 6, 30);
    r.search.where = where;
    r.field = field;
    r.value = value;
    r.timestamp = "2026-07-01T09:00:00Z";
    return r;
}

std::vector<std::string> ids(const Ledger& L, const std::vector<std::uint32_t>& rows) {
    std::vector<std::string> v;
    for (auto c : rows) v.emplace_back(L.str(L.customers().customer_id[c]));
    return v;
}
} // namespace

// Figures in the search: utilisation_pct is 90 (C1, C2), undefined (C3, no limit) and
// 90.01 (C4); avg_days_late 0, 0, undefined, 15.5; grade A, B, B, D (notation_test).
TEST(Search, FiguresAndGrades) {
    const fs::path d = grid_dir("search");
    const Ledger L = Ledger::load(d);
    SearchRequest s;
    s.as_of = Date::from_ymd(2026, 6, 30);
    s.where = "utilisation_pct >= 90";
    EXPECT_EQ(ids(L, search_customers(L, s)), (std::vector<std::string>{"C1", "C2", "C4"}));
    s.where = "utilisation_pct > 90 or avg_days_late = ''";
    EXPECT_EQ(ids(L, search_customers(L, s)), (std::vector<std::string>{"C3", "C4"}));
    s.where = "grade = 'B'";
    EXPECT_EQ(ids(L, search_customers(L, s, d / "risk.json")), (std::vector<std::string>{"C2", "C3"}));
    s.where = "score >= 80";
    EXPECT_EQ(ids(L, search_customers(L, s, d / "risk.json")), (std::vector<std::string>{"C1"}));
    // An item field: customers with an open item over 9000.
    s.where = "balance > 9000";
    EXPECT_EQ(ids(L, search_customers(L, s)), (std::vector<std::string>{"C4"}));
    // A collector sees only their customers (zoe: C1, C3).
    s.where = "outstanding > 0";
    s.role = Role::collector;
    s.user = "zoe";
    EXPECT_EQ(ids(L, search_customers(L, s)), (std::vector<std::string>{"C1", "C3"}));
    // A bad field is an error pointing at the expression.
    s.where = "utilisation > 3";
    EXPECT_EQ(code_of([&] { search_customers(L, s); }), Errc::invalid_argument);
    fs::remove_all(d);
}

// Assign collector = 'zoe' where utilisation_pct >= 90: C1, C2, C4 match; C1 already has
// zoe, so 2 rows change (C2's needlessly quoted "yann" and C4's yann). Only those two
// fields change in customers.csv. Undo restores the file byte for byte.
TEST(Assign, AssignAndUndoByteForByte) {
    const fs::path d = grid_dir("assign");
    const AssignResult dry = [&] {
        AssignRequest r = request("utilisation_pct >= 90", "collector", "zoe");
        r.dry_run = true;
        return assign(d, r);
    }();
    EXPECT_EQ(dry.matched, 3u);
    EXPECT_EQ(dry.changed, 2u);
    EXPECT_EQ(dry.batch, 0);
    EXPECT_EQ(slurp(d / "customers.csv"), kGridCustomers);
    EXPECT_FALSE(fs::exists(d / "assign_journal.csv"));

    const AssignResult r = assign(d, request("utilisation_pct >= 90", "collector", "zoe"));
    EXPECT_EQ(r.matched, 3u);
    EXPECT_EQ(r.changed, 2u);
    EXPECT_EQ(r.batch, 1);
    ASSERT_EQ(r.changes.size(), 2u);
    EXPECT_EQ(r.changes[0].customer_id, "C2");
    EXPECT_EQ(r.changes[0].old_value, "yann");
    // The table the C ABI and Java return: one row a change, in the changes' order.
    const Table t = assign_changes_table(r, Date::from_ymd(2026, 6, 30));
    EXPECT_EQ(t.as_of, Date::from_ymd(2026, 6, 30));
    EXPECT_EQ(t.report, "assign_changes");
    ASSERT_EQ(t.columns.size(), 4u);
    EXPECT_EQ(t.columns[1].name, "customer_id");
    EXPECT_EQ(t.columns[2].name, "old_value");
    ASSERT_EQ(t.rows(), 2u);
    EXPECT_EQ(t.columns[1].texts[0], "C2");
    EXPECT_EQ(t.columns[2].texts[0], "yann");
    EXPECT_EQ(t.columns[3].texts[0], "zoe");
    EXPECT_EQ(t.columns[3].texts[1], "zoe");
    EXPECT_EQ(slurp(d / "customers.csv"),
              "customer_id,name,customer_type,payment_terms_days,credit_limit,collector,scenario,custom_1\n"
              "C1,\"Alpha, SA\",sme,30,10000.00,zoe,standard,\n"
              "C2,Beta,micro,30,10000.00,zoe,standard,x\n"
              "C3,Gamma,public,30,,zoe,,\n"
              "C4,Delta,other,30,10000.00,zoe,standard,\n");

    // A second assignment on a custom field, then undo twice: back to the original.
    const AssignResult r2 = assign(d, request("customer_type = 'public'", "custom_1", "watch, closely"));
    EXPECT_EQ(r2.changed, 1u);
    EXPECT_EQ(r2.batch, 2);
    EXPECT_NE(slurp(d / "customers.csv").find("C3,Gamma,public,30,,zoe,,\"watch, closely\"\n"), std::string::npos);
    const UndoResult u2 = undo_assign(d, Role::credit_manager, "carol");
    EXPECT_EQ(u2.batch, 2);
    EXPECT_EQ(u2.restored, 1u);
    const UndoResult u1 = undo_assign(d, Role::credit_manager, "carol");
    EXPECT_EQ(u1.batch, 1);
    EXPECT_EQ(u1.restored, 2u);
    EXPECT_EQ(slurp(d / "customers.csv"), kGridCustomers);
    EXPECT_EQ(code_of([&] { undo_assign(d, Role::credit_manager, "carol"); }), Errc::not_found);
    fs::remove_all(d);
}

// Setting a field whose column the file does not have adds the column at the end; undo
// removes it again, byte for byte.
TEST(Assign, AddedColumnIsRemovedByUndo) {
    const fs::path d = grid_dir("assign_col");
    const AssignResult r = assign(d, request("customer_id = 'C4'", "group_code", "G9"));
    EXPECT_EQ(r.changed, 1u);
    EXPECT_EQ(slurp(d / "customers.csv"),
              "customer_id,name,customer_type,payment_terms_days,credit_limit,collector,scenario,custom_1,group_code\n"
              "C1,\"Alpha, SA\",sme,30,10000.00,zoe,standard,,\n"
              "C2,Beta,micro,30,10000.00,\"yann\",standard,x,\n"
              "C3,Gamma,public,30,,zoe,,,\n"
              "C4,Delta,other,30,10000.00,yann,standard,,G9\n");
    EXPECT_EQ(Ledger::load(d).str(Ledger::load(d).customers().group_code[3]), "G9");
    undo_assign(d, std::nullopt, "");
    EXPECT_EQ(slurp(d / "customers.csv"), kGridCustomers);
    fs::remove_all(d);
}

// Undo refuses (and writes nothing) when a field it would restore was changed since.
// (A field set back to its old value by hand is simply left as it is.)
TEST(Assign, UndoRefusesAfterALaterChange) {
    const fs::path d = grid_dir("assign_conflict");
    assign(d, request("customer_id = 'C4'", "custom_1", "flag"));
    // Someone edits C4's custom_1 by hand afterwards.
    std::string text = slurp(d / "customers.csv");
    const std::string line = "C4,Delta,other,30,10000.00,yann,standard,flag\n";
    ASSERT_NE(text.find(line), std::string::npos);
    text.replace(text.find(line), line.size(), "C4,Delta,other,30,10000.00,yann,standard,manual\n");
    std::ofstream(d / "customers.csv", std::ios::binary) << text;
    EXPECT_EQ(code_of([&] { undo_assign(d, Role::admin, "a"); }), Errc::invalid_argument);
    EXPECT_EQ(slurp(d / "customers.csv"), text);
    fs::remove_all(d);
}

// A collector cannot change scenarios, collectors or groups; sales cannot change
// anything; an unknown scenario or field is refused. Nothing is written.
TEST(Assign, RoleViewRefusesAssignment) {
    const fs::path d = grid_dir("assign_roles");
    AssignRequest r = request("customer_id = 'C1'", "scenario", "standard");
    r.search.role = Role::collector;
    r.search.user = "zoe";
    try {
        assign(d, r);
        FAIL() << "a collector changed a scenario";
    } catch (const Error& e) {
        EXPECT_EQ(e.code(), Errc::permission);
        EXPECT_NE(std::string(e.what()).find("collector"), std::string::npos);
        EXPECT_NE(std::string(e.what()).find("scenario"), std::string::npos);
    }
    r.field = "collector";
    EXPECT_EQ(code_of([&] { assign(d, r); }), Errc::permission);
    r.field = "group_code";
    EXPECT_EQ(code_of([&] { assign(d, r); }), Errc::permission);
    r.search.role = Role::sales;
    r.field = "custom_1";
    EXPECT_EQ(code_of([&] { assign(d, r); }), Errc::permission);
    EXPECT_EQ(code_of([&] { assign(d, request("customer_id = 'C1'", "scenario", "nope")); }), Errc::invalid_argument);
    EXPECT_EQ(code_of([&] { assign(d, request("customer_id = 'C1'", "credit_limit", "5")); }), Errc::invalid_argument);
    EXPECT_EQ(slurp(d / "customers.csv"), kGridCustomers);
    EXPECT_FALSE(fs::exists(d / "assign_journal.csv"));

    // A collector may set a custom field, on their own customers only: zoe's where
    // matches C1 and C3 only, even though every customer has customer_id != ''.
    r.search.role = Role::collector;
    r.search.where = "customer_id != ''";
    const AssignResult ok = assign(d, r);
    EXPECT_EQ(ok.matched, 2u);
    EXPECT_EQ(ok.changed, 2u);
    fs::remove_all(d);
}

TEST(RoleView, RowsAndOperations) {
    const fs::path d = grid_dir("roleview");
    const Ledger L = Ledger::load(d);
    const RoleView zoe(L, Role::collector, "zoe");
    EXPECT_EQ(zoe.customer_mask(), (std::vector<std::uint8_t>{1, 0, 1, 0}));
    EXPECT_EQ(code_of([&] { zoe.require(Operation::assign_custom, 1); }), Errc::permission); // C2 is yann's
    EXPECT_EQ(code_of([&] { zoe.require(Operation::approve_limit); }), Errc::permission);
    const RoleView nobody(L, Role::collector, "ghost");
    EXPECT_EQ(nobody.customer_mask(), (std::vector<std::uint8_t>{0, 0, 0, 0}));
    const RoleView sales(L, Role::sales, "sam");
    EXPECT_EQ(sales.customer_mask(), (std::vector<std::uint8_t>{1, 1, 1, 1}));
    // The scope a request takes: a collector's mask; empty (every customer) otherwise.
    EXPECT_EQ(zoe.scope(), (std::vector<std::uint8_t>{1, 0, 1, 0}));
    EXPECT_EQ(nobody.scope(), (std::vector<std::uint8_t>{0, 0, 0, 0}));
    EXPECT_TRUE(sales.scope().empty());
    EXPECT_TRUE(RoleView(L, Role::admin, "").scope().empty());
    EXPECT_EQ(code_of([&] { sales.require(Operation::assign_custom); }), Errc::permission);
    EXPECT_EQ(code_of([&] { sales.require(Operation::read); }), Errc::ok);
    EXPECT_EQ(code_of([&] { RoleView(L, Role::collector, ""); }), Errc::invalid_argument);
    fs::remove_all(d);
}

// A crash after the journal and before customers.csv: customers.csv is intact; undo
// recognises the journaled batch as never applied and writes nothing.
TEST(Assign, InterruptedAssignmentLeavesCustomersIntact) {
    const fs::path d = grid_dir("assign_crash");
    set_crash_hook([](std::string_view step) {
        if (step == "assign.after_journal") throw std::runtime_error("simulated crash");
    });
    EXPECT_THROW(assign(d, request("customer_id = 'C2'", "collector", "zoe")), std::runtime_error);
    set_crash_hook(nullptr);
    EXPECT_EQ(slurp(d / "customers.csv"), kGridCustomers);
    const UndoResult u = undo_assign(d, Role::admin, "a");
    EXPECT_EQ(u.batch, 1);
    EXPECT_EQ(u.restored, 0u);
    EXPECT_EQ(slurp(d / "customers.csv"), kGridCustomers);
    // A stale temporary file from a crash between write and rename changes nothing.
    std::ofstream(d / ".customers.csv.tmp") << "C1,broken";
    const AssignResult r = assign(d, request("customer_id = 'C2'", "collector", "zoe"));
    EXPECT_EQ(r.changed, 1u);
    EXPECT_EQ(r.batch, 2);
    EXPECT_FALSE(fs::exists(d / ".customers.csv.tmp"));
    EXPECT_EQ(Ledger::load(d).customers().size(), 4u);
    fs::remove_all(d);
}

// The raw editor keeps every other byte: CRLF line ends, a BOM, quotes.
TEST(CustomersFile, EditsOnlyTheField) {
    const std::string text = "\xEF\xBB\xBF" "entity,customer_id,collector\r\nFR01,\"A1\",x\r\n,B2,\"y\"\r\n";
    CustomersFile f(text);
    EXPECT_EQ(f.rows(), 2u);
    EXPECT_EQ(f.find("MAIN", "B2"), 1u);
    EXPECT_EQ(f.find("FR01", "A1"), 0u);
    f.set_value(1, f.column("collector"), "a,b");
    EXPECT_EQ(f.render(), "\xEF\xBB\xBF" "entity,customer_id,collector\r\nFR01,\"A1\",x\r\n,B2,\"a,b\"\r\n");
    CustomersFile g(text);
    const std::size_t c = g.add_column("custom_2");
    g.set_value(0, c, "v");
    EXPECT_EQ(g.render(), "\xEF\xBB\xBF" "entity,customer_id,collector,custom_2\r\nFR01,\"A1\",x,v\r\n,B2,\"y\",\r\n");
    CustomersFile h(g.render());
    h.remove_last_column();
    EXPECT_EQ(h.render(), text);
}
