// Resource limits of LoadOptions: each one enforced with a clear error, and each
// default documented (docs/robustness.md).
#include <gtest/gtest.h>

#include <filesystem>

#include "dsocore/core/error.hpp"
#include "dsocore/io/csv.hpp"
#include "dsocore/ledger/ledger.hpp"

using namespace dsocore;
namespace fs = std::filesystem;

namespace {
DataSources base() {
    return {{"customers.csv", "customer_id,name\nC1,A\nC2,B\nC3,C\nC4,D\n"},
            {"items.csv", "item_id,customer_id,issue_date,amount\nI1,C1,2026-01-01,1.00\n"}};
}
std::vector<Diagnostic> errors_of(const DataSources& s, const LoadOptions& o) {
    try {
        (void)Ledger::load_sources(s, o);
    } catch (const DataError& e) {
        return e.diagnostics();
    }
    ADD_FAILURE() << "the load succeeded";
    return {};
}
bool mentions(const std::vector<Diagnostic>& d, const std::string& file, const std::string& fragment) {
    for (const auto& x : d)
        if (x.file == file && x.message.find(fragment) != std::string::npos) return true;
    for (const auto& x : d) ADD_FAILURE() << x.to_string();
    return false;
}
} // namespace

TEST(Limits, DefaultsAreTheDocumentedOnes) {
    const LoadOptions o;
    EXPECT_EQ(o.max_errors_per_file, 100u);
    EXPECT_EQ(o.max_file_bytes, 1073741824u);  // 1 GiB
    EXPECT_EQ(o.max_field_bytes, 1048576u);    // 1 MiB
    EXPECT_EQ(o.max_rows_per_file, 10000000u); // 10 million
    EXPECT_EQ(o.max_json_depth, 64u);
}

TEST(Limits, RowCount) {
    LoadOptions o;
    o.max_rows_per_file = 3;
    const auto d = errors_of(base(), o);
    EXPECT_TRUE(mentions(d, "customers.csv", "more than 3 data rows"));
    o.max_rows_per_file = 4;
    EXPECT_NO_THROW((void)Ledger::load_sources(base(), o));
}

TEST(Limits, FieldSize) {
    LoadOptions o;
    o.max_field_bytes = 3;
    DataSources s = base();
    s["customers.csv"] = "customer_id,name\nC1,Abcd\n";
    const auto d = errors_of(s, o);
    ASSERT_FALSE(d.empty());
    EXPECT_EQ(d[0].line, 2);
    EXPECT_EQ(d[0].column, "name");
    EXPECT_TRUE(mentions(d, "customers.csv", "field of 4 bytes exceeds the limit of 3 bytes"));
}

TEST(Limits, ErrorCount) {
    LoadOptions o;
    o.max_errors_per_file = 2;
    DataSources s = base();
    s["items.csv"] = "item_id,customer_id,issue_date,amount\nI1,C1,x,1\nI2,C1,x,1\nI3,C1,x,1\nI4,C1,x,1\n";
    try {
        (void)Ledger::load_sources(s, o);
        FAIL() << "loaded";
    } catch (const DataError& e) {
        EXPECT_EQ(e.diagnostics().size(), 2u);
        EXPECT_TRUE(e.truncated());
    }
}

TEST(Limits, FileSizeInMemoryAndOnDisk) {
    LoadOptions o;
    o.max_file_bytes = 20;
    EXPECT_TRUE(mentions(errors_of(base(), o), "customers.csv", "exceeds the limit of 20 bytes"));
    const fs::path dir = fs::temp_directory_path() / "dsocore_limits_file_size";
    fs::remove_all(dir);
    fs::create_directories(dir);
    for (const auto& [name, text] : base()) write_file_atomic((dir / name).string(), text);
    try {
        (void)Ledger::load(dir, o);
        FAIL() << "loaded";
    } catch (const DataError& e) {
        // Refused before reading: both files named, with their sizes.
        ASSERT_EQ(e.diagnostics().size(), 2u);
        EXPECT_NE(e.diagnostics()[0].message.find("bytes exceeds the limit of 20 bytes"), std::string::npos);
    }
    fs::remove_all(dir);
}

TEST(Limits, JsonDepth) {
    LoadOptions o;
    o.max_json_depth = 2;
    DataSources s = base();
    s["company.json"] = R"({"payer_profiles": [["a", null]]})"; // depth 3
    EXPECT_TRUE(mentions(errors_of(s, o), "company.json", "nested deeper than 2 levels"));
    o.max_json_depth = 3;
    EXPECT_NO_THROW((void)Ledger::load_sources(s, o));
}
