// C ABI — ledger load / validate / export: same validation and messages as the C++ core.
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "capi_fixture.hpp"

namespace fs = std::filesystem;

TEST_F(CapiTest, LoadSourcesCountsRows) {
    load_tiny();
    EXPECT_EQ(dso_ledger_customer_count(ledger), 2u);
    EXPECT_EQ(dso_ledger_item_count(ledger), 4u);
    EXPECT_EQ(dso_ledger_customer_count(nullptr), 0u);
    EXPECT_EQ(dso_ledger_item_count(nullptr), 0u);
}

TEST_F(CapiTest, LoadSampleDirectory) {
    ASSERT_EQ(dso_ledger_load(ctx, DSOCORE_TEST_DATA, &ledger), DSO_OK) << dso_context_errmsg(ctx);
    EXPECT_GE(dso_ledger_customer_count(ledger), 200u); // the sample has >= 200 accounts
    EXPECT_GT(dso_ledger_item_count(ledger), 5000u);    // and ~6000 items
}

TEST_F(CapiTest, MissingDirectoryIsAnError) {
    EXPECT_NE(dso_ledger_load(ctx, "/nonexistent/dsocore", &ledger), DSO_OK);
    EXPECT_EQ(ledger, nullptr);
    EXPECT_NE(std::string(dso_context_errmsg(ctx)).find("not a data directory"), std::string::npos) << dso_context_errmsg(ctx);
}

TEST_F(CapiTest, BadDataNamesFileLineColumn) {
    // Line 3 (header = 1) has a date that is not YYYY-MM-DD.
    const char* names[] = {"customers.csv", "items.csv"};
    const char* texts[] = {kCustomersCsv, "item_id,customer_id,issue_date,amount\nI1,C1,2026-05-01,10.00\n"
                                          "I2,C1,01/05/2026,10.00\n"};
    EXPECT_EQ(dso_ledger_load_sources(ctx, 2, names, texts, &ledger), DSO_EDATA);
    EXPECT_EQ(ledger, nullptr);
    const std::string msg = dso_context_errmsg(ctx);
    EXPECT_NE(msg.find("items.csv:3"), std::string::npos) << msg;
    EXPECT_NE(msg.find("issue_date"), std::string::npos) << msg;
}

TEST_F(CapiTest, LoadSourcesArgumentChecks) {
    const char* names[] = {"customers.csv", nullptr};
    const char* texts[] = {kCustomersCsv, kItemsCsv};
    EXPECT_EQ(dso_ledger_load_sources(ctx, 2, names, texts, &ledger), DSO_EINVALID_ARGUMENT);
    EXPECT_EQ(dso_ledger_load_sources(ctx, 2, nullptr, texts, &ledger), DSO_EINVALID_ARGUMENT);
    EXPECT_EQ(dso_ledger_load_sources(ctx, 0, nullptr, nullptr, nullptr), DSO_EINVALID_ARGUMENT);
    const char* twice[] = {"customers.csv", "customers.csv"};
    EXPECT_EQ(dso_ledger_load_sources(ctx, 2, twice, texts, &ledger), DSO_EINVALID_ARGUMENT);
    EXPECT_NE(std::string(dso_context_errmsg(ctx)).find("given twice"), std::string::npos);
}

TEST_F(CapiTest, ValidateSampleAndMissing) {
    EXPECT_EQ(dso_ledger_validate(ctx, DSOCORE_TEST_DATA), DSO_OK) << dso_context_errmsg(ctx);
    EXPECT_NE(dso_ledger_validate(ctx, "/nonexistent/dsocore"), DSO_OK);
    EXPECT_EQ(dso_ledger_validate(ctx, nullptr), DSO_EINVALID_ARGUMENT);
}

TEST_F(CapiTest, ExportWritesTheDirectoryBack) {
    load_tiny();
    const fs::path dir = fs::temp_directory_path() / ("dsocore_capi_export_" + std::to_string(::getpid()));
    fs::remove_all(dir);
    ASSERT_EQ(dso_ledger_export(ctx, ledger, dir.c_str()), DSO_OK) << dso_context_errmsg(ctx);
    // The exported directory loads again and holds the same rows.
    dso_ledger* again = nullptr;
    ASSERT_EQ(dso_ledger_load(ctx, dir.c_str(), &again), DSO_OK) << dso_context_errmsg(ctx);
    EXPECT_EQ(dso_ledger_item_count(again), 4u);
    dso_buffer a = DSO_BUFFER_INIT, b = DSO_BUFFER_INIT;
    ASSERT_EQ(dso_ledger_file_text(ctx, ledger, "items.csv", &a), DSO_OK);
    ASSERT_EQ(dso_ledger_file_text(ctx, again, "items.csv", &b), DSO_OK);
    EXPECT_EQ(std::string(a.ptr, a.size), std::string(b.ptr, b.size));
    dso_buffer_dispose(&a);
    dso_buffer_dispose(&b);
    dso_ledger_destroy(again);
    fs::remove_all(dir);
    EXPECT_EQ(dso_ledger_export(ctx, nullptr, dir.c_str()), DSO_EINVALID_ARGUMENT);
    EXPECT_EQ(dso_ledger_export(ctx, ledger, nullptr), DSO_EINVALID_ARGUMENT);
}

TEST_F(CapiTest, FileTextUnknownFile) {
    load_tiny();
    dso_buffer b = DSO_BUFFER_INIT;
    EXPECT_NE(dso_ledger_file_text(ctx, ledger, "nope.csv", &b), DSO_OK);
    EXPECT_EQ(b.ptr, nullptr);
    EXPECT_EQ(dso_ledger_file_text(ctx, ledger, "items.csv", nullptr), DSO_EINVALID_ARGUMENT);
}
