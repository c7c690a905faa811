// Shared by the C ABI tests: a context per test and a tiny portfolio worked by hand.
#pragma once

#include <gtest/gtest.h>

#include <array>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "dsocore/dsocore.h"

// Two customers, four items, everything in EUR (the default base currency), as of
// 2026-06-30 (A). Days past due dpd = A - due_date:
//   I1 C1 due 2026-05-31 100.00  dpd 30  -> 1-30
//   I2 C1 due 2026-07-20  50.50  dpd -20 -> not_due
//   I3 C2 due 2026-03-31 200.00  dpd 91  -> 91+
//   I4 C2 due 2026-05-15 -20.00  dpd 46  -> 31-60 (a credit note)
// Aging by customer (buckets 30,60,90):
//   MAIN,C1: not_due 50.50, 1-30 100.00, 31-60 0.00, 61-90 0.00, 91+ 0.00, total 150.50, overdue 100.00
//   MAIN,C2: not_due 0.00, 1-30 0.00, 31-60 -20.00, 61-90 0.00, 91+ 200.00, total 180.00, overdue 180.00
inline const char* kCustomersCsv = "customer_id,name\nC1,Alpha\nC2,Beta\n";
inline const char* kItemsCsv =
    "item_id,customer_id,type,issue_date,due_date,amount\n"
    "I1,C1,invoice,2026-05-01,2026-05-31,100.00\n"
    "I2,C1,invoice,2026-06-20,2026-07-20,50.50\n"
    "I3,C2,invoice,2026-03-01,2026-03-31,200.00\n"
    "I4,C2,credit_note,2026-04-15,2026-05-15,-20.00\n";

/// The whole content of a file ("" when absent).
inline std::string slurp(const std::filesystem::path& p) {
    std::ifstream f(p, std::ios::binary);
    std::ostringstream s;
    s << f.rdbuf();
    return s.str();
}

inline void write_text(const std::filesystem::path& p, const std::string& text) {
    std::ofstream f(p, std::ios::binary);
    f << text;
}

/// stdout of a command line (the CLI, for byte-for-byte comparisons).
inline std::string run_stdout(const std::string& command) {
    std::string out;
    FILE* p = popen(command.c_str(), "r");
    if (!p) return out;
    std::array<char, 4096> buf{};
    std::size_t n = 0;
    while ((n = std::fread(buf.data(), 1, buf.size(), p)) > 0) out.append(buf.data(), n);
    pclose(p);
    return out;
}

/// A fresh copy of the sample data directory (operations that write use it).
class TempSample {
public:
    TempSample() {
        std::string tmpl = (std::filesystem::temp_directory_path() / "dsocore-capi-XXXXXX").string();
        if (!mkdtemp(tmpl.data())) throw std::runtime_error("mkdtemp failed");
        root_ = tmpl;
        dir_ = root_ / "data";
        std::filesystem::copy(DSOCORE_TEST_DATA, dir_, std::filesystem::copy_options::recursive);
    }
    ~TempSample() {
        std::error_code ec;
        std::filesystem::remove_all(root_, ec);
    }
    TempSample(const TempSample&) = delete;
    TempSample& operator=(const TempSample&) = delete;
    const std::filesystem::path& dir() const { return dir_; }
    const std::filesystem::path& root() const { return root_; }
    std::string str() const { return dir_.string(); }

private:
    std::filesystem::path root_, dir_;
};

class CapiTest : public ::testing::Test {
protected:
    void SetUp() override { ASSERT_EQ(dso_context_create(&ctx), DSO_OK); }
    void TearDown() override {
        dso_ledger_destroy(ledger);
        dso_context_destroy(ctx);
    }
    /// Loads the hand-worked portfolio above into `ledger`.
    void load_tiny() {
        const char* names[] = {"customers.csv", "items.csv"};
        const char* texts[] = {kCustomersCsv, kItemsCsv};
        ASSERT_EQ(dso_ledger_load_sources(ctx, 2, names, texts, &ledger), DSO_OK) << dso_context_errmsg(ctx);
    }
    std::string cell(const dso_table* t, size_t row, size_t col) {
        dso_buffer b = DSO_BUFFER_INIT;
        EXPECT_EQ(dso_table_get_string(ctx, t, row, col, &b), DSO_OK) << dso_context_errmsg(ctx);
        std::string s = b.ptr ? std::string(b.ptr, b.size) : std::string();
        dso_buffer_dispose(&b);
        return s;
    }
    std::string take(dso_buffer& b) {
        std::string s = b.ptr ? std::string(b.ptr, b.size) : std::string();
        dso_buffer_dispose(&b);
        return s;
    }
    std::string csv(const dso_table* t) {
        dso_buffer b = DSO_BUFFER_INIT;
        EXPECT_EQ(dso_table_to_csv(ctx, t, &b), DSO_OK) << dso_context_errmsg(ctx);
        return take(b);
    }
    std::string errmsg() const { return dso_context_errmsg(ctx); }
    dso_context* ctx = nullptr;
    dso_ledger* ledger = nullptr;
};
