// C ABI — risk: limit requests and approvals, search, assign with undo, role-scoped views.
#include "capi_fixture.hpp"

#include <algorithm>
#include <cstring>
#include <vector>

namespace {
std::vector<std::string> lines_of(const std::string& text) {
    std::vector<std::string> out;
    std::istringstream in(text);
    for (std::string l; std::getline(in, l);) out.push_back(l);
    return out;
}
} // namespace

// risk.json of the sample: approval_levels credit_manager up to 50000 (EUR, the base
// currency), then admin without ceiling. A new limit of 75000.00 is above 50000: it
// needs both levels, in order (risk.md "Approval").
TEST_F(CapiTest, LimitRequestThenApprovals) {
    TempSample data;
    const std::string dir = data.str();
    dso_limit_options o = DSO_LIMIT_OPTIONS_INIT;
    o.role = "credit_manager";
    o.user = "carla";
    o.customer = "DE01:C000127"; // customers.csv: credit_limit 20000.00, currency EUR
    o.amount = "75000.00";
    o.comment = "new contract";
    o.as_of = "2026-06-30";
    dso_table* t = nullptr;
    ASSERT_EQ(dso_limit_request(ctx, dir.c_str(), &o, &t), DSO_OK) << errmsg();
    EXPECT_EQ(csv(t),
              "request_id,entity,customer_id,old_limit,new_limit,currency,state,levels,approved,next_level,next_role,"
              "applied,requested_by,approvers\n"
              "1,DE01,C000127,20000.00,75000.00,EUR,pending,credit_manager admin,0,1,credit_manager,false,carla,\n");
    dso_table_destroy(t);
    // A second request for the same customer while one is pending is refused.
    EXPECT_NE(dso_limit_request(ctx, dir.c_str(), &o, nullptr), DSO_OK);

    // A collector may not approve; a user approves at most one level.
    dso_limit_options a = DSO_LIMIT_OPTIONS_INIT;
    a.customer = "DE01:C000127";
    a.role = "collector";
    a.user = "dieter";
    EXPECT_EQ(dso_limit_approve(ctx, dir.c_str(), &a, nullptr), DSO_EPERMISSION) << errmsg();
    a.role = "credit_manager";
    a.user = "marc";
    ASSERT_EQ(dso_limit_approve(ctx, dir.c_str(), &a, &t), DSO_OK) << errmsg();
    size_t col = 0;
    ASSERT_EQ(dso_table_column_index(ctx, t, "next_role", &col), DSO_OK);
    EXPECT_EQ(cell(t, 0, col), "admin"); // level 2 of 2
    dso_table_destroy(t);
    a.role = "admin";
    EXPECT_EQ(dso_limit_approve(ctx, dir.c_str(), &a, nullptr), DSO_EPERMISSION); // marc again
    a.user = "ada";
    a.request_id = 1;
    ASSERT_EQ(dso_limit_approve(ctx, dir.c_str(), &a, &t), DSO_OK) << errmsg();
    ASSERT_EQ(dso_table_column_index(ctx, t, "state", &col), DSO_OK);
    EXPECT_EQ(cell(t, 0, col), "approved");
    ASSERT_EQ(dso_table_column_index(ctx, t, "applied", &col), DSO_OK);
    EXPECT_EQ(cell(t, 0, col), "true");
    ASSERT_EQ(dso_table_column_index(ctx, t, "approvers", &col), DSO_OK);
    EXPECT_EQ(cell(t, 0, col), "marc ada");
    dso_table_destroy(t);

    // limit_requests.csv: request, approve (level 1), approve (level 2), applied.
    const auto log = lines_of(slurp(data.dir() / "limit_requests.csv"));
    ASSERT_EQ(log.size(), 5u);
    EXPECT_NE(log[1].find("1,request,"), std::string::npos) << log[1];
    EXPECT_NE(log[2].find("1,approve,"), std::string::npos) << log[2];
    EXPECT_NE(log[2].find(",DE01,C000127,1,credit_manager,marc,"), std::string::npos) << log[2];
    EXPECT_NE(log[3].find(",DE01,C000127,2,admin,ada,"), std::string::npos) << log[3];
    EXPECT_NE(log[4].find("1,applied,"), std::string::npos) << log[4];
    // customers.csv carries the new limit.
    EXPECT_NE(slurp(data.dir() / "customers.csv").find("DE01,C000127,Elektrotechnik Kaiser AG,,CHE-371.504.595,660277545,"
                                                       ",export,CH,de,EUR,45,75000.00,"),
              std::string::npos);

    // History and requests tables.
    ASSERT_EQ(dso_limit_history(ctx, dir.c_str(), nullptr, &t), DSO_OK) << errmsg();
    EXPECT_EQ(dso_table_row_count(t), 4u);
    dso_table_destroy(t);
    dso_limit_options h = DSO_LIMIT_OPTIONS_INIT;
    h.customer = "DE01:C000128";
    ASSERT_EQ(dso_limit_history(ctx, dir.c_str(), &h, &t), DSO_OK) << errmsg();
    EXPECT_EQ(dso_table_row_count(t), 0u); // nothing for another customer
    dso_table_destroy(t);
    ASSERT_EQ(dso_limit_requests(ctx, dir.c_str(), nullptr, &t), DSO_OK) << errmsg();
    EXPECT_EQ(dso_table_row_count(t), 1u);
    dso_table_destroy(t);
}

TEST_F(CapiTest, LimitRejectAndBadArguments) {
    TempSample data;
    const std::string dir = data.str();
    dso_limit_options o = DSO_LIMIT_OPTIONS_INIT;
    o.role = "credit_manager";
    o.user = "carla";
    o.customer = "DE01:C000128"; // 10000.00 EUR
    o.amount = "12000.00";       // <= 50000: one level (credit_manager)
    o.as_of = "2026-06-30";
    ASSERT_EQ(dso_limit_request(ctx, dir.c_str(), &o, nullptr), DSO_OK) << errmsg();
    dso_limit_options r = DSO_LIMIT_OPTIONS_INIT;
    r.role = "credit_manager";
    r.user = "marc";
    r.customer = "DE01:C000128";
    dso_table* t = nullptr;
    ASSERT_EQ(dso_limit_reject(ctx, dir.c_str(), &r, &t), DSO_OK) << errmsg();
    size_t col = 0;
    ASSERT_EQ(dso_table_column_index(ctx, t, "state", &col), DSO_OK);
    EXPECT_EQ(cell(t, 0, col), "rejected");
    dso_table_destroy(t);
    EXPECT_NE(slurp(data.dir() / "customers.csv").find(",10000.00,"), std::string::npos);

    const std::string customers = slurp(data.dir() / "customers.csv");
    o.amount = "12000.005"; // more digits than EUR has
    EXPECT_NE(dso_limit_request(ctx, dir.c_str(), &o, nullptr), DSO_OK);
    o.amount = nullptr;
    EXPECT_EQ(dso_limit_request(ctx, dir.c_str(), &o, nullptr), DSO_EINVALID_ARGUMENT);
    o.amount = "1.00";
    o.role = nullptr;
    EXPECT_EQ(dso_limit_request(ctx, dir.c_str(), &o, nullptr), DSO_EINVALID_ARGUMENT);
    o.role = "sales";
    EXPECT_EQ(dso_limit_request(ctx, dir.c_str(), &o, nullptr), DSO_EPERMISSION);
    o.role = "boss";
    EXPECT_EQ(dso_limit_request(ctx, dir.c_str(), &o, nullptr), DSO_EINVALID_ARGUMENT);
    o.role = "credit_manager";
    o.version = 0;
    EXPECT_EQ(dso_limit_request(ctx, dir.c_str(), &o, nullptr), DSO_EINVALID_ARGUMENT);
    EXPECT_EQ(dso_limit_request(ctx, dir.c_str(), nullptr, nullptr), DSO_EINVALID_ARGUMENT);
    EXPECT_EQ(dso_limit_request(ctx, nullptr, &o, nullptr), DSO_EINVALID_ARGUMENT);
    r.customer = nullptr;
    EXPECT_EQ(dso_limit_approve(ctx, dir.c_str(), &r, nullptr), DSO_EINVALID_ARGUMENT);
    r.request_id = -3;
    EXPECT_EQ(dso_limit_approve(ctx, dir.c_str(), &r, nullptr), DSO_EINVALID_ARGUMENT);
    r.request_id = 42;
    EXPECT_EQ(dso_limit_approve(ctx, dir.c_str(), &r, nullptr), DSO_ENOT_FOUND);
    EXPECT_EQ(dso_limit_history(ctx, dir.c_str(), nullptr, nullptr), DSO_EINVALID_ARGUMENT);
    dso_limit_options c = DSO_LIMIT_OPTIONS_INIT;
    c.role = "collector"; // a collector's view needs the user
    EXPECT_EQ(dso_limit_history(ctx, dir.c_str(), &c, &t), DSO_EINVALID_ARGUMENT);
    EXPECT_EQ(slurp(data.dir() / "customers.csv"), customers);
}

TEST_F(CapiTest, SearchEqualsTheCli) {
    if (std::string(DSOCORE_CLI).empty()) GTEST_SKIP() << "no CLI in this build";
    ASSERT_EQ(dso_ledger_load(ctx, DSOCORE_TEST_DATA, &ledger), DSO_OK) << errmsg();
    dso_search_options o = DSO_SEARCH_OPTIONS_INIT;
    o.where = "overdue > 10000 and country = 'FR'";
    dso_table* t = nullptr;
    ASSERT_EQ(dso_search(ctx, ledger, "2026-06-30", &o, &t), DSO_OK) << errmsg();
    EXPECT_GT(dso_table_row_count(t), 0u);
    EXPECT_EQ(csv(t), run_stdout(std::string(DSOCORE_CLI) + " search --data '" + DSOCORE_TEST_DATA +
                                 "' --as-of 2026-06-30 --where \"overdue > 10000 and country = 'FR'\""));
    dso_table_destroy(t);
    // A collector's view: only customers whose collector is that user.
    o.where = nullptr;
    o.role = "collector";
    o.user = "dieter";
    ASSERT_EQ(dso_search(ctx, ledger, "2026-06-30", &o, &t), DSO_OK) << errmsg();
    size_t col = 0;
    ASSERT_EQ(dso_table_column_index(ctx, t, "collector", &col), DSO_OK);
    ASSERT_GT(dso_table_row_count(t), 0u);
    for (size_t r = 0; r < dso_table_row_count(t); ++r) EXPECT_EQ(cell(t, r, col), "dieter");
    dso_table_destroy(t);
    o.user = nullptr;
    EXPECT_EQ(dso_search(ctx, ledger, "2026-06-30", &o, &t), DSO_EINVALID_ARGUMENT);
    o.role = nullptr;
    o.where = "overdue >";
    EXPECT_EQ(dso_search(ctx, ledger, "2026-06-30", &o, &t), DSO_EINVALID_ARGUMENT);
    EXPECT_EQ(dso_search(ctx, nullptr, "2026-06-30", nullptr, &t), DSO_EINVALID_ARGUMENT);
    EXPECT_EQ(t, nullptr);
}

TEST_F(CapiTest, AssignThenUndoRestoresTheBytes) {
    TempSample data;
    const std::string dir = data.str();
    const std::string before = slurp(data.dir() / "customers.csv");
    dso_assign_options o = DSO_ASSIGN_OPTIONS_INIT;
    o.where = "country = 'CH'";
    o.field = "collector";
    o.value = "zoe";
    o.dry_run = 1;
    dso_assign_result r = DSO_ASSIGN_RESULT_INIT;
    dso_table* changes = nullptr;
    ASSERT_EQ(dso_assign(ctx, dir.c_str(), "2026-06-30", &o, &r, &changes), DSO_OK) << errmsg();
    // Hand count: the Swiss customers of customers.csv (country column = CH).
    size_t swiss = 0;
    for (const auto& l : lines_of(before)) swiss += l.find(",CH,") != std::string::npos;
    EXPECT_EQ(r.matched, swiss);
    EXPECT_EQ(r.changed, dso_table_row_count(changes));
    EXPECT_EQ(r.batch, 0); // dry run: no journal
    dso_table_destroy(changes);
    EXPECT_EQ(slurp(data.dir() / "customers.csv"), before);

    o.dry_run = 0;
    ASSERT_EQ(dso_assign(ctx, dir.c_str(), "2026-06-30", &o, &r, nullptr), DSO_OK) << errmsg();
    EXPECT_EQ(r.batch, 1);
    EXPECT_GT(r.changed, 0u);
    EXPECT_NE(slurp(data.dir() / "customers.csv"), before);
    dso_assign_result u = DSO_ASSIGN_RESULT_INIT;
    ASSERT_EQ(dso_assign_undo(ctx, dir.c_str(), nullptr, nullptr, &u), DSO_OK) << errmsg();
    EXPECT_EQ(u.batch, 1);
    EXPECT_EQ(u.changed, r.changed);
    EXPECT_EQ(slurp(data.dir() / "customers.csv"), before); // byte for byte
    EXPECT_EQ(dso_assign_undo(ctx, dir.c_str(), nullptr, nullptr, &u), DSO_ENOT_FOUND); // nothing left to undo

    // A collector may not assign collectors; no where; unknown field; bad versions.
    o.role = "collector";
    o.user = "dieter";
    EXPECT_EQ(dso_assign(ctx, dir.c_str(), "2026-06-30", &o, nullptr, nullptr), DSO_EPERMISSION) << errmsg();
    o.role = nullptr;
    o.user = nullptr;
    o.field = "name";
    EXPECT_EQ(dso_assign(ctx, dir.c_str(), "2026-06-30", &o, nullptr, nullptr), DSO_EINVALID_ARGUMENT);
    o.field = "collector";
    o.where = nullptr;
    EXPECT_EQ(dso_assign(ctx, dir.c_str(), "2026-06-30", &o, nullptr, nullptr), DSO_EINVALID_ARGUMENT);
    o.where = "country = 'CH'";
    r.version = 0;
    EXPECT_EQ(dso_assign(ctx, dir.c_str(), "2026-06-30", &o, &r, nullptr), DSO_EINVALID_ARGUMENT);
    EXPECT_EQ(dso_assign(ctx, dir.c_str(), "2026-06-30", nullptr, nullptr, nullptr), DSO_EINVALID_ARGUMENT);
    EXPECT_EQ(dso_assign_undo(ctx, nullptr, nullptr, nullptr, nullptr), DSO_EINVALID_ARGUMENT);
    EXPECT_EQ(slurp(data.dir() / "customers.csv"), before);
}

TEST_F(CapiTest, RoleScopedReportsAndPermissions) {
    if (std::string(DSOCORE_CLI).empty()) GTEST_SKIP() << "no CLI in this build";
    ASSERT_EQ(dso_ledger_load(ctx, DSOCORE_TEST_DATA, &ledger), DSO_OK) << errmsg();
    dso_report_options o = DSO_REPORT_OPTIONS_INIT;
    o.role = "collector";
    o.user = "dieter";
    dso_table* scoped = nullptr;
    dso_table* all = nullptr;
    ASSERT_EQ(dso_report(ctx, ledger, "aging", "2026-06-30", &o, &scoped), DSO_OK) << errmsg();
    ASSERT_EQ(dso_report(ctx, ledger, "aging", "2026-06-30", nullptr, &all), DSO_OK) << errmsg();
    EXPECT_LT(dso_table_row_count(scoped), dso_table_row_count(all));
    EXPECT_EQ(csv(scoped), run_stdout(std::string(DSOCORE_CLI) + " report aging --data '" + DSOCORE_TEST_DATA +
                                      "' --as-of 2026-06-30 --role collector --user dieter"));
    dso_table_destroy(scoped);
    dso_table_destroy(all);
    o.role = "boss";
    EXPECT_EQ(dso_report(ctx, ledger, "aging", "2026-06-30", &o, &scoped), DSO_EINVALID_ARGUMENT);
    o.role = nullptr; // a user without a role
    EXPECT_EQ(dso_report(ctx, ledger, "aging", "2026-06-30", &o, &scoped), DSO_EINVALID_ARGUMENT);

    // risk.md "Roles": admin and credit_manager may do everything, sales only read, a
    // collector reads and sets custom fields.
    int allowed = -1;
    EXPECT_EQ(dso_role_allows(ctx, "collector", "approve_limit", &allowed), DSO_OK);
    EXPECT_EQ(allowed, 0);
    EXPECT_EQ(dso_role_allows(ctx, "collector", "assign_custom", &allowed), DSO_OK);
    EXPECT_EQ(allowed, 1);
    EXPECT_EQ(dso_role_allows(ctx, "sales", "read", &allowed), DSO_OK);
    EXPECT_EQ(allowed, 1);
    EXPECT_EQ(dso_role_allows(ctx, "sales", "request_limit", &allowed), DSO_OK);
    EXPECT_EQ(allowed, 0);
    EXPECT_EQ(dso_role_allows(ctx, "credit_manager", "approve_limit", &allowed), DSO_OK);
    EXPECT_EQ(allowed, 1);
    EXPECT_EQ(dso_role_allows(ctx, "sales", "fly", &allowed), DSO_EINVALID_ARGUMENT);
    EXPECT_NE(errmsg().find("approve_limit"), std::string::npos) << errmsg(); // the allowed names
    EXPECT_EQ(dso_role_allows(ctx, "boss", "read", &allowed), DSO_EINVALID_ARGUMENT);
    EXPECT_EQ(dso_role_allows(ctx, "sales", "read", nullptr), DSO_EINVALID_ARGUMENT);
}

// A caller built against version 1 of dso_report_options passes the shorter struct:
// the library reads only its fields, and dso_report_options_init(…, 1) writes only them.
TEST_F(CapiTest, ReportOptionsVersion1StillWorks) {
    load_tiny();
    struct v1_options {
        unsigned int version;
        const char* base_currency;
        const char* by;
        const char* where;
        size_t option_count;
        const dso_option* options;
    };
    struct {
        v1_options o;
        unsigned char canary[2 * sizeof(void*)];
    } buf;
    std::memset(buf.canary, 0xAB, sizeof buf.canary);
    ASSERT_EQ(dso_report_options_init(reinterpret_cast<dso_report_options*>(&buf.o), 1), DSO_OK);
    for (unsigned char b : buf.canary) EXPECT_EQ(b, 0xAB); // nothing written past the v1 struct
    EXPECT_EQ(buf.o.version, 1u);
    buf.o.by = "total";
    dso_table* t = nullptr;
    ASSERT_EQ(dso_report(ctx, ledger, "aging", "2026-06-30", reinterpret_cast<const dso_report_options*>(&buf.o), &t),
              DSO_OK)
        << errmsg();
    EXPECT_EQ(dso_table_row_count(t), 1u); // by total
    dso_table_destroy(t);
}
