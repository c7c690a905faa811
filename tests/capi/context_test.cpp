// C ABI — context, status codes, buffers: NULL handles give status codes, never a crash.
#include "capi_fixture.hpp"

TEST(CapiContext, CreateDestroyAndNullDestroy) {
    dso_context* c = nullptr;
    ASSERT_EQ(dso_context_create(&c), DSO_OK);
    ASSERT_NE(c, nullptr);
    EXPECT_STREQ(dso_context_errmsg(c), "");
    EXPECT_EQ(dso_context_errcode(c), DSO_OK);
    dso_context_destroy(c);
    dso_context_destroy(nullptr);
    dso_ledger_destroy(nullptr);
    dso_table_destroy(nullptr);
}

TEST(CapiContext, CreateWithNullOut) {
    EXPECT_EQ(dso_context_create(nullptr), DSO_EINVALID_ARGUMENT);
    EXPECT_NE(std::string(dso_context_errmsg(nullptr)).find("out is NULL"), std::string::npos);
}

TEST(CapiContext, StatusCodesArePinned) {
    // The numbers are the contract (dsocore::Errc); they never change.
    EXPECT_EQ(DSO_OK, 0);
    EXPECT_EQ(DSO_EINVALID_ARGUMENT, 1);
    EXPECT_EQ(DSO_EDATA, 2);
    EXPECT_EQ(DSO_EIO, 3);
    EXPECT_EQ(DSO_EOVERFLOW, 4);
    EXPECT_EQ(DSO_ECURRENCY_MISMATCH, 5);
    EXPECT_EQ(DSO_EMISSING_RATE, 6);
    EXPECT_EQ(DSO_ENOT_FOUND, 7);
    EXPECT_EQ(DSO_EPERMISSION, 8);
    EXPECT_EQ(DSO_EINTERNAL, 99);
    EXPECT_STREQ(dso_status_name(DSO_EDATA), "DSO_EDATA");
    EXPECT_STREQ(dso_status_name(12345), "DSO_UNKNOWN");
}

TEST_F(CapiTest, NullContextGoesToThreadLocalMessage) {
    dso_ledger* l = nullptr;
    EXPECT_EQ(dso_ledger_load(nullptr, "/nowhere", &l), DSO_EINVALID_ARGUMENT);
    EXPECT_EQ(l, nullptr);
    EXPECT_EQ(std::string(dso_context_errmsg(nullptr)), "dso_ledger_load: context is NULL");
    EXPECT_EQ(dso_context_errcode(nullptr), DSO_EINVALID_ARGUMENT);
}

TEST_F(CapiTest, ErrorThenSuccessClearsTheMessage) {
    EXPECT_EQ(dso_ledger_load(ctx, nullptr, &ledger), DSO_EINVALID_ARGUMENT);
    EXPECT_EQ(std::string(dso_context_errmsg(ctx)), "dso_ledger_load: dir is NULL");
    EXPECT_EQ(dso_context_errcode(ctx), DSO_EINVALID_ARGUMENT);
    load_tiny();
    EXPECT_STREQ(dso_context_errmsg(ctx), "");
    EXPECT_EQ(dso_context_errcode(ctx), DSO_OK);
}

TEST(CapiBuffer, DisposeIsSafeOnEmptyAndNull) {
    dso_buffer b = DSO_BUFFER_INIT;
    dso_buffer_dispose(&b);
    dso_buffer_dispose(nullptr);
    EXPECT_EQ(b.ptr, nullptr);
    EXPECT_EQ(b.size, 0u);
}

TEST_F(CapiTest, BufferIsReusedAndFreed) {
    load_tiny();
    dso_buffer b = DSO_BUFFER_INIT;
    ASSERT_EQ(dso_ledger_file_text(ctx, ledger, "customers.csv", &b), DSO_OK) << dso_context_errmsg(ctx);
    ASSERT_NE(b.ptr, nullptr);
    EXPECT_EQ(b.ptr[b.size], '\0');
    // A second fill frees the first content (no leak under ASan) and replaces it.
    ASSERT_EQ(dso_ledger_file_text(ctx, ledger, "items.csv", &b), DSO_OK);
    EXPECT_NE(std::string(b.ptr, b.size).find("I4,C2"), std::string::npos) << b.ptr;
    dso_buffer_dispose(&b);
    EXPECT_EQ(b.ptr, nullptr);
}
