// Exports under a role-scoped view are admin-only (issue 6; docs/decisions.md, "Exports and
// roles"): dso_export (opts->role/user, dso_export_options version 2) and
// dso_table_write_as. A refused export returns DSO_EPERMISSION naming the role and user,
// and writes nothing.
#include "capi_fixture.hpp"

#include <cstring>

namespace fs = std::filesystem;

namespace {
bool has(const std::string& s, const char* part) { return s.find(part) != std::string::npos; }
} // namespace

TEST_F(CapiTest, ExportUnderAViewIsAdminOnly) {
    TempSample data;
    ASSERT_EQ(dso_ledger_load(ctx, DSOCORE_TEST_DATA, &ledger), DSO_OK) << errmsg();
    dso_export_options o = DSO_EXPORT_OPTIONS_INIT;
    EXPECT_EQ(o.version, 2u);
    o.canonical = 1;

    // admin: written, the same canonical files as without a view (an admin export is never row-scoped).
    o.role = "admin";
    o.user = "ada";
    const fs::path admin = data.root() / "admin";
    ASSERT_EQ(dso_export(ctx, ledger, admin.string().c_str(), &o), DSO_OK) << errmsg();
    EXPECT_EQ(slurp(admin / "customers.csv"), slurp(data.dir() / "customers.csv"));

    // collector: refused, naming role and user, nothing written (not even the directory).
    o.role = "collector";
    o.user = "dieter";
    const fs::path refused = data.root() / "refused";
    EXPECT_EQ(dso_export(ctx, ledger, refused.string().c_str(), &o), DSO_EPERMISSION);
    EXPECT_TRUE(has(errmsg(), "collector")) << errmsg();
    EXPECT_TRUE(has(errmsg(), "dieter")) << errmsg();
    EXPECT_TRUE(has(errmsg(), "admin-only")) << errmsg();
    EXPECT_FALSE(fs::exists(refused));
    // credit_manager and sales too, in XLSX as in CSV.
    o.format = "xlsx";
    const fs::path book = data.root() / "refused.xlsx";
    for (const char* role : {"credit_manager", "sales"}) {
        o.role = role;
        EXPECT_EQ(dso_export(ctx, ledger, book.string().c_str(), &o), DSO_EPERMISSION) << role;
        EXPECT_FALSE(fs::exists(book)) << role;
    }
    // A user without a role is bad usage; an unknown role too.
    o.role = nullptr;
    EXPECT_EQ(dso_export(ctx, ledger, book.string().c_str(), &o), DSO_EINVALID_ARGUMENT);
    o.role = "boss";
    EXPECT_EQ(dso_export(ctx, ledger, book.string().c_str(), &o), DSO_EINVALID_ARGUMENT);
    EXPECT_FALSE(fs::exists(book));
}

// A caller built against version 1 of dso_export_options passes the shorter struct: the
// library reads none of the version-2 fields (here garbage past the struct), so no view.
TEST_F(CapiTest, ExportOptionsVersion1StillWorks) {
    TempSample data;
    ASSERT_EQ(dso_ledger_load(ctx, DSOCORE_TEST_DATA, &ledger), DSO_OK) << errmsg();
    struct v1_options {
        unsigned int version;
        const char* format;
        int canonical;
        const char* as_of;
    };
    struct {
        v1_options o;
        const char* garbage[2];
    } buf{};
    buf.o.version = 1;
    buf.o.canonical = 1;
    buf.garbage[0] = "collector"; // where a v2 caller's role would lie
    buf.garbage[1] = "dieter";
    const fs::path out = data.root() / "v1";
    ASSERT_EQ(dso_export(ctx, ledger, out.string().c_str(), reinterpret_cast<const dso_export_options*>(&buf.o)),
              DSO_OK)
        << errmsg();
    EXPECT_EQ(slurp(out / "items.csv"), slurp(data.dir() / "items.csv"));
}

TEST_F(CapiTest, TableWriteUnderAViewIsAdminOnly) {
    TempSample data;
    ASSERT_EQ(dso_ledger_load(ctx, DSOCORE_TEST_DATA, &ledger), DSO_OK) << errmsg();
    dso_table* t = nullptr;
    ASSERT_EQ(dso_report(ctx, ledger, "aging", "2026-06-30", nullptr, &t), DSO_OK) << errmsg();
    const fs::path file = data.root() / "aging.csv";
    // admin: the same bytes as dso_table_to_csv.
    ASSERT_EQ(dso_table_write_as(ctx, t, "csv", file.string().c_str(), "admin", "ada"), DSO_OK) << errmsg();
    EXPECT_EQ(slurp(file), csv(t));
    // collector: refused before anything is written.
    const fs::path refused = data.root() / "refused.xlsx";
    EXPECT_EQ(dso_table_write_as(ctx, t, "xlsx", refused.string().c_str(), "collector", "dieter"), DSO_EPERMISSION);
    EXPECT_TRUE(has(errmsg(), "collector")) << errmsg();
    EXPECT_TRUE(has(errmsg(), "dieter")) << errmsg();
    EXPECT_FALSE(fs::exists(refused));
    EXPECT_EQ(dso_table_write_as(ctx, t, "csv", refused.string().c_str(), "sales", nullptr), DSO_EPERMISSION);
    EXPECT_FALSE(fs::exists(refused));
    // No role: no view, as dso_table_write; a user alone is bad usage.
    const fs::path plain = data.root() / "plain.csv";
    ASSERT_EQ(dso_table_write_as(ctx, t, "csv", plain.string().c_str(), nullptr, nullptr), DSO_OK) << errmsg();
    EXPECT_EQ(slurp(plain), csv(t));
    EXPECT_EQ(dso_table_write_as(ctx, t, "csv", refused.string().c_str(), nullptr, "dieter"), DSO_EINVALID_ARGUMENT);
    EXPECT_EQ(dso_table_write_as(ctx, t, "csv", refused.string().c_str(), "boss", nullptr), DSO_EINVALID_ARGUMENT);
    EXPECT_FALSE(fs::exists(refused));
    dso_table_destroy(t);
}

TEST_F(CapiTest, RoleAllowsKnowsExportData) {
    int allowed = -1;
    ASSERT_EQ(dso_role_allows(ctx, "admin", "export_data", &allowed), DSO_OK) << errmsg();
    EXPECT_EQ(allowed, 1);
    for (const char* role : {"collector", "credit_manager", "sales"}) {
        ASSERT_EQ(dso_role_allows(ctx, role, "export_data", &allowed), DSO_OK) << errmsg();
        EXPECT_EQ(allowed, 0) << role;
    }
}
