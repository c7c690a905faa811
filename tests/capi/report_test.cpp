// C ABI — dso_report: every report by name, with options, on the hand-worked portfolio.
#include "capi_fixture.hpp"

#include <set>

TEST_F(CapiTest, AgingByCustomerByHand) {
    load_tiny();
    dso_table* t = nullptr;
    ASSERT_EQ(dso_report(ctx, ledger, "aging", "2026-06-30", nullptr, &t), DSO_OK) << dso_context_errmsg(ctx);
    EXPECT_STREQ(dso_table_report(t), "aging");
    EXPECT_STREQ(dso_table_as_of(t), "2026-06-30");
    EXPECT_STREQ(dso_table_base_currency(t), "EUR");
    ASSERT_EQ(dso_table_row_count(t), 2u);
    ASSERT_EQ(dso_table_column_count(t), 9u);
    const char* expected_names[] = {"entity", "customer_id", "not_due", "1-30", "31-60",
                                    "61-90",  "91+",         "total",   "overdue"};
    for (size_t c = 0; c < 9; ++c) {
        const char* name = nullptr;
        ASSERT_EQ(dso_table_column_name(ctx, t, c, &name), DSO_OK);
        EXPECT_STREQ(name, expected_names[c]);
    }
    // Worked in capi_fixture.hpp.
    const char* row0[] = {"MAIN", "C1", "50.50", "100.00", "0.00", "0.00", "0.00", "150.50", "100.00"};
    const char* row1[] = {"MAIN", "C2", "0.00", "0.00", "-20.00", "0.00", "200.00", "180.00", "180.00"};
    for (size_t c = 0; c < 9; ++c) {
        EXPECT_EQ(cell(t, 0, c), row0[c]) << expected_names[c];
        EXPECT_EQ(cell(t, 1, c), row1[c]) << expected_names[c];
    }
    dso_table_destroy(t);
}

TEST_F(CapiTest, OptionsStructBucketsAndBy) {
    load_tiny();
    // buckets 45: C1's I1 (dpd 30) and C2's I4 (dpd 46 -> 46+) ... by total:
    //   not_due 50.50, 1-45 100.00, 46+ 200.00 - 20.00 = 180.00, total 330.50, overdue 280.00
    const dso_option o[] = {{"buckets", "45"}};
    dso_report_options opts = DSO_REPORT_OPTIONS_INIT;
    opts.by = "total";
    opts.option_count = 1;
    opts.options = o;
    dso_table* t = nullptr;
    ASSERT_EQ(dso_report(ctx, ledger, "aging", "2026-06-30", &opts, &t), DSO_OK) << dso_context_errmsg(ctx);
    ASSERT_EQ(dso_table_row_count(t), 1u);
    ASSERT_EQ(dso_table_column_count(t), 6u);
    const char* names[] = {"key", "not_due", "1-45", "46+", "total", "overdue"};
    const char* row[] = {"TOTAL", "50.50", "100.00", "180.00", "330.50", "280.00"};
    for (size_t c = 0; c < 6; ++c) {
        const char* name = nullptr;
        ASSERT_EQ(dso_table_column_name(ctx, t, c, &name), DSO_OK);
        EXPECT_STREQ(name, names[c]);
        EXPECT_EQ(cell(t, 0, c), row[c]) << names[c];
    }
    dso_table_destroy(t);
}

TEST_F(CapiTest, OptionsInitVersions) {
    dso_report_options o;
    ASSERT_EQ(dso_report_options_init(&o, DSO_REPORT_OPTIONS_VERSION), DSO_OK);
    EXPECT_EQ(o.version, 2u); // version 2 added role and user
    EXPECT_EQ(o.role, nullptr);
    EXPECT_EQ(o.user, nullptr);
    EXPECT_EQ(o.by, nullptr);
    EXPECT_EQ(o.option_count, 0u);
    EXPECT_EQ(dso_report_options_init(&o, 999), DSO_EINVALID_ARGUMENT);
    EXPECT_EQ(dso_report_options_init(nullptr, 1), DSO_EINVALID_ARGUMENT);
    load_tiny();
    o.version = 77; // a struct from a newer header than this library
    dso_table* t = nullptr;
    EXPECT_EQ(dso_report(ctx, ledger, "aging", "2026-06-30", &o, &t), DSO_EINVALID_ARGUMENT);
    EXPECT_EQ(t, nullptr);
}

TEST_F(CapiTest, BadRequestsGiveCodesAndMessages) {
    load_tiny();
    dso_table* t = nullptr;
    EXPECT_EQ(dso_report(ctx, ledger, "no_such_report", "2026-06-30", nullptr, &t), DSO_EINVALID_ARGUMENT);
    EXPECT_NE(std::string(dso_context_errmsg(ctx)).find("aging"), std::string::npos) << dso_context_errmsg(ctx);
    EXPECT_EQ(dso_report(ctx, ledger, "aging", "30/06/2026", nullptr, &t), DSO_EINVALID_ARGUMENT);
    EXPECT_NE(std::string(dso_context_errmsg(ctx)).find("YYYY-MM-DD"), std::string::npos);
    const dso_option bad[] = {{"bukets", "30"}};
    dso_report_options opts = DSO_REPORT_OPTIONS_INIT;
    opts.option_count = 1;
    opts.options = bad;
    EXPECT_EQ(dso_report(ctx, ledger, "aging", "2026-06-30", &opts, &t), DSO_EINVALID_ARGUMENT);
    EXPECT_NE(std::string(dso_context_errmsg(ctx)).find("bukets"), std::string::npos) << dso_context_errmsg(ctx);
    opts.options = nullptr;
    EXPECT_EQ(dso_report(ctx, ledger, "aging", "2026-06-30", &opts, &t), DSO_EINVALID_ARGUMENT);
    dso_report_options cur = DSO_REPORT_OPTIONS_INIT;
    cur.base_currency = "XYZ";
    EXPECT_EQ(dso_report(ctx, ledger, "aging", "2026-06-30", &cur, &t), DSO_EINVALID_ARGUMENT);
    EXPECT_EQ(dso_report(ctx, nullptr, "aging", "2026-06-30", nullptr, &t), DSO_EINVALID_ARGUMENT);
    EXPECT_EQ(dso_report(ctx, ledger, nullptr, "2026-06-30", nullptr, &t), DSO_EINVALID_ARGUMENT);
    EXPECT_EQ(dso_report(ctx, ledger, "aging", nullptr, nullptr, &t), DSO_EINVALID_ARGUMENT);
    EXPECT_EQ(dso_report(ctx, ledger, "aging", "2026-06-30", nullptr, nullptr), DSO_EINVALID_ARGUMENT);
    EXPECT_EQ(t, nullptr);
}

TEST_F(CapiTest, EveryRegisteredReportRunsOnTheSample) {
    // Reports added by other modules come through the same call: run each on the sample.
    ASSERT_EQ(dso_ledger_load(ctx, DSOCORE_TEST_DATA, &ledger), DSO_OK) << dso_context_errmsg(ctx);
    const size_t n = dso_report_count();
    ASSERT_GE(n, 2u);
    std::set<std::string> names;
    for (size_t i = 0; i < n; ++i) {
        const char* name = dso_report_name(i);
        ASSERT_NE(name, nullptr);
        ASSERT_NE(dso_report_summary(i), nullptr);
        names.insert(name);
        dso_table* t = nullptr;
        const int rc = dso_report(ctx, ledger, name, "2026-06-30", nullptr, &t);
        // Defaults must run; a report whose option is mandatory says so with a usage code.
        EXPECT_TRUE(rc == DSO_OK || rc == DSO_EINVALID_ARGUMENT) << name << ": " << dso_context_errmsg(ctx);
        if (rc == DSO_OK) {
            EXPECT_STREQ(dso_table_report(t), name);
        }
        dso_table_destroy(t);
    }
    EXPECT_TRUE(names.count("aging"));
    EXPECT_TRUE(names.count("dso"));
    EXPECT_EQ(dso_report_name(n), nullptr);
    EXPECT_EQ(dso_report_summary(n), nullptr);
}
