// C ABI — collection: the day's agenda and the alerts, as table handles.
#include "capi_fixture.hpp"

#include <set>

TEST_F(CapiTest, AgendaAndAlertsOnTheSample) {
    ASSERT_EQ(dso_ledger_load(ctx, DSOCORE_TEST_DATA, &ledger), DSO_OK) << dso_context_errmsg(ctx);
    dso_table* agenda = nullptr;
    ASSERT_EQ(dso_agenda(ctx, ledger, "2026-06-30", nullptr, &agenda), DSO_OK) << dso_context_errmsg(ctx);
    EXPECT_STREQ(dso_table_report(agenda), "agenda");
    EXPECT_GT(dso_table_row_count(agenda), 0u); // the sample has overdue payers to dun
    // A longer horizon can only add rows (rows with action_date <= A + H).
    dso_agenda_options o = DSO_AGENDA_OPTIONS_INIT;
    o.horizon_days = 60;
    dso_table* longer = nullptr;
    ASSERT_EQ(dso_agenda(ctx, ledger, "2026-06-30", &o, &longer), DSO_OK) << dso_context_errmsg(ctx);
    EXPECT_GE(dso_table_row_count(longer), dso_table_row_count(agenda));
    dso_table_destroy(longer);
    dso_table_destroy(agenda);

    dso_table* alerts = nullptr;
    ASSERT_EQ(dso_alerts(ctx, ledger, "2026-06-30", nullptr, &alerts), DSO_OK) << dso_context_errmsg(ctx);
    EXPECT_STREQ(dso_table_report(alerts), "alerts");
    dso_table_destroy(alerts);
}

TEST_F(CapiTest, CollectionArgumentChecks) {
    load_tiny();
    dso_table* t = nullptr;
    EXPECT_EQ(dso_agenda(ctx, nullptr, "2026-06-30", nullptr, &t), DSO_EINVALID_ARGUMENT);
    EXPECT_EQ(dso_agenda(ctx, ledger, "2026-13-01", nullptr, &t), DSO_EINVALID_ARGUMENT);
    EXPECT_EQ(dso_agenda(ctx, ledger, "2026-06-30", nullptr, nullptr), DSO_EINVALID_ARGUMENT);
    dso_agenda_options o = DSO_AGENDA_OPTIONS_INIT;
    o.horizon_days = -1;
    EXPECT_EQ(dso_agenda(ctx, ledger, "2026-06-30", &o, &t), DSO_EINVALID_ARGUMENT);
    o.horizon_days = 14;
    o.version = 0;
    EXPECT_EQ(dso_agenda(ctx, ledger, "2026-06-30", &o, &t), DSO_EINVALID_ARGUMENT);
    dso_alerts_options a = DSO_ALERTS_OPTIONS_INIT;
    a.base_currency = "EURO";
    EXPECT_EQ(dso_alerts(ctx, ledger, "2026-06-30", &a, &t), DSO_EINVALID_ARGUMENT);
    EXPECT_EQ(dso_alerts(nullptr, ledger, "2026-06-30", nullptr, &t), DSO_EINVALID_ARGUMENT);
    EXPECT_EQ(t, nullptr);
}

// dso_agenda_options / dso_alerts_options version 2: role and user. The scoped tables
// equal the CLI's with --role/--user; a version-1 caller (shorter struct) still works.
TEST_F(CapiTest, AgendaAndAlertsUnderACollectorsView) {
    if (std::string(DSOCORE_CLI).empty()) GTEST_SKIP() << "no CLI in this build";
    ASSERT_EQ(dso_ledger_load(ctx, DSOCORE_TEST_DATA, &ledger), DSO_OK) << errmsg();
    dso_agenda_options o = DSO_AGENDA_OPTIONS_INIT;
    o.role = "collector";
    o.user = "dieter";
    dso_table* scoped = nullptr;
    dso_table* all = nullptr;
    ASSERT_EQ(dso_agenda(ctx, ledger, "2026-06-30", &o, &scoped), DSO_OK) << errmsg();
    ASSERT_EQ(dso_agenda(ctx, ledger, "2026-06-30", nullptr, &all), DSO_OK) << errmsg();
    EXPECT_GT(dso_table_row_count(scoped), 0u);
    EXPECT_LT(dso_table_row_count(scoped), dso_table_row_count(all));
    EXPECT_EQ(csv(scoped), run_stdout(std::string(DSOCORE_CLI) + " agenda --data '" + DSOCORE_TEST_DATA +
                                      "' --as-of 2026-06-30 --role collector --user dieter"));
    dso_table_destroy(scoped);
    dso_table_destroy(all);
    o.role = nullptr; // a user without a role
    EXPECT_EQ(dso_agenda(ctx, ledger, "2026-06-30", &o, &scoped), DSO_EINVALID_ARGUMENT);
    o.version = 1; // a version-1 caller: role and user are not read
    ASSERT_EQ(dso_agenda(ctx, ledger, "2026-06-30", &o, &scoped), DSO_OK) << errmsg();
    dso_table_destroy(scoped);

    dso_alerts_options a = DSO_ALERTS_OPTIONS_INIT;
    a.role = "collector";
    a.user = "dieter";
    ASSERT_EQ(dso_alerts(ctx, ledger, "2026-06-30", &a, &scoped), DSO_OK) << errmsg();
    EXPECT_EQ(csv(scoped), run_stdout(std::string(DSOCORE_CLI) + " alerts --data '" + DSOCORE_TEST_DATA +
                                      "' --as-of 2026-06-30 --role collector --user dieter"));
    dso_table_destroy(scoped);
    a.role = "boss";
    EXPECT_EQ(dso_alerts(ctx, ledger, "2026-06-30", &a, &scoped), DSO_EINVALID_ARGUMENT);
}
