// Exports under a role-scoped view are admin-only (issue 6, "Exports … admin-only when a
// role-scoped view is used"; docs/decisions.md, "Exports and roles"): through the C++ API
// (export_data, export_tables, export_report) and the CLI (dsocore export / report --output).
#include <sys/wait.h>

#include <cstdio>

#include <gtest/gtest.h>

#include "dsocore/core/error.hpp"
#include "dsocore/io/export.hpp"
#include "dsocore/reports/report.hpp"
#include "dsocore/risk/roles.hpp"
#include "io_test_util.hpp"

using namespace dsocore;
using iotest::read;
using iotest::temp_dir;
using iotest::write;
namespace fs = std::filesystem;

namespace {

/// Two customers, one per collector, one item each.
fs::path small_dir() {
    const fs::path d = temp_dir("roles");
    write(d / "customers.csv", "entity,customer_id,name,collector\nFR01,C1,Alpha,zoe\nFR01,C2,Beta,yan\n");
    write(d / "items.csv",
          "entity,item_id,customer_id,issue_date,amount\nFR01,I1,C1,2026-05-01,100.00\nFR01,I2,C2,2026-05-02,250.00\n");
    return d;
}

Errc code_of(const std::function<void()>& f) {
    try {
        f();
    } catch (const Error& e) {
        return e.code();
    }
    return Errc::ok;
}

struct CliRun {
    int status;
    std::string output;
};

CliRun cli(const std::string& args, const fs::path& log) {
    const int s = std::system((std::string(DSOCORE_CLI) + " " + args + " > " + log.string() + " 2>&1").c_str());
    return CliRun{WIFEXITED(s) ? WEXITSTATUS(s) : -1, read(log)};
}

} // namespace

TEST(ExportRoles, OnlyAdminMayExportTheDataDirectoryUnderAView) {
    const fs::path d = small_dir();
    const Ledger l = Ledger::load(d);
    for (Role role : {Role::collector, Role::credit_manager, Role::sales}) {
        const RoleView v(l, role, "zoe");
        ExportOptions o;
        o.view = &v;
        const fs::path out = d / (std::string("out_") + to_string(role));
        EXPECT_EQ(code_of([&] { export_data(l, out, o); }), Errc::permission) << to_string(role);
        EXPECT_EQ(code_of([&] { (void)export_tables(l, o); }), Errc::permission) << to_string(role);
        // Refused before anything is written: no output directory at all.
        EXPECT_FALSE(fs::exists(out)) << to_string(role);
        try {
            export_data(l, out, o);
        } catch (const Error& e) {
            const std::string m = e.what();
            EXPECT_NE(m.find(std::string("role ") + to_string(role) + " (user 'zoe')"), std::string::npos) << m;
            EXPECT_NE(m.find("admin-only"), std::string::npos) << m;
        }
    }
    // Admin: the full export, every customer (no row scoping of an export).
    const RoleView admin(l, Role::admin, "root");
    ExportOptions o;
    o.view = &admin;
    export_data(l, d / "out_admin", o);
    EXPECT_EQ(read(d / "out_admin" / "customers.csv").substr(0, 44), "entity,customer_id,name,collector,customer_k");
    EXPECT_NE(read(d / "out_admin" / "items.csv").find("FR01,I2,C2"), std::string::npos);
    // No view: no role check (the library does not authenticate people).
    export_data(l, d / "out_noview", {});
    EXPECT_TRUE(fs::exists(d / "out_noview" / "items.csv"));
}

TEST(ExportRoles, ReportExportFollowsTheSameRule) {
    const fs::path d = small_dir();
    const Ledger l = Ledger::load(d);
    ReportRequest req;
    req.name = "aging";
    req.as_of = Date::parse_or_throw("2026-06-30");
    std::vector<std::string> warnings;
    const Table t = run_report(l, req, warnings);
    const RoleView sales(l, Role::sales, "sam"), admin(l, Role::admin, "root");
    EXPECT_EQ(code_of([&] { export_report(t, d / "a.csv", "csv", &sales); }), Errc::permission);
    EXPECT_FALSE(fs::exists(d / "a.csv"));
    export_report(t, d / "a.csv", "csv", &admin);
    EXPECT_EQ(read(d / "a.csv"), to_csv(t));
    export_report(t, d / "b.json", "json");
    EXPECT_EQ(read(d / "b.json"), to_json(t));
    EXPECT_EQ(code_of([&] { export_report(t, d / "c.txt", "txt", &admin); }), Errc::invalid_argument);
}

TEST(ExportRoles, CliExportAndReportOutput) {
    const fs::path d = small_dir();
    const fs::path log = d / "log.txt";
    const std::string data = " --data " + d.string();
    // dsocore export under a non-admin role: exit 1 (refused), nothing written.
    CliRun r = cli("export" + data + " --format csv --output " + (d / "e1").string() + " --role credit_manager --user carol", log);
    EXPECT_EQ(r.status, 1) << r.output;
    EXPECT_NE(r.output.find("role credit_manager (user 'carol') may not export the data directory or a report: "
                            "exports under a role-scoped view are admin-only"),
              std::string::npos)
        << r.output;
    EXPECT_FALSE(fs::exists(d / "e1"));
    r = cli("export" + data + " --format xlsx --output " + (d / "e.xlsx").string() + " --role collector --user zoe", log);
    EXPECT_EQ(r.status, 1) << r.output;
    EXPECT_FALSE(fs::exists(d / "e.xlsx"));
    // A collector's view needs --user; an unknown role is bad usage (exit 2).
    EXPECT_EQ(cli("export" + data + " --output " + (d / "e2").string() + " --role collector", log).status, 2);
    EXPECT_EQ(cli("export" + data + " --output " + (d / "e2").string() + " --role boss --user x", log).status, 2);
    EXPECT_EQ(cli("export" + data + " --output " + (d / "e2").string() + " --user x", log).status, 2);
    // Admin, and no role at all: exported.
    r = cli("export" + data + " --format csv --output " + (d / "e3").string() + " --role admin --user root", log);
    EXPECT_EQ(r.status, 0) << r.output;
    EXPECT_EQ(read(d / "e3" / "items.csv").substr(0, 7), "entity,");
    EXPECT_EQ(cli("export" + data + " --format csv --output " + (d / "e4").string(), log).status, 0);
    // A report written to a file is an export; on stdout it is a read (the collector's
    // own rows: C1 of zoe, 100.00 not yet due at 2026-06-30 with 30-day terms).
    const std::string rep = "report aging" + data + " --as-of 2026-06-30";
    r = cli(rep + " --role sales --user sam --format csv --output " + (d / "a.csv").string(), log);
    EXPECT_EQ(r.status, 1) << r.output;
    EXPECT_FALSE(fs::exists(d / "a.csv"));
    r = cli(rep + " --role collector --user zoe", log);
    EXPECT_EQ(r.status, 0) << r.output;
    EXPECT_NE(r.output.find("C1"), std::string::npos) << r.output;
    EXPECT_EQ(r.output.find("C2"), std::string::npos) << r.output;
    r = cli(rep + " --role admin --user root --format csv --output " + (d / "a.csv").string(), log);
    EXPECT_EQ(r.status, 0) << r.output;
    EXPECT_TRUE(fs::exists(d / "a.csv"));
}
