// A loaded ledger read from 8 threads at once gives exactly the serial answers;
// loads run in parallel; write_file_atomic under concurrent writers and a crash.
// Built like every test, and by the tsan preset (ctest --preset tsan) under
// ThreadSanitizer.
#include <gtest/gtest.h>

#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <map>
#include <optional>
#include <fstream>
#include <sstream>
#include <thread>
#include <vector>

#include "dsocore/io/csv.hpp"
#include "dsocore/ledger/ledger.hpp"
#include "dsocore/reports/report.hpp"
#include "reports/report_test_util.hpp"

using namespace dsocore;

using dsocore::test::request;
namespace fs = std::filesystem;

namespace {

constexpr int kThreads = 8;

const Ledger& sample() {
    static const Ledger L = [] {
        LoadOptions o;
        o.templates = true;
        o.builtin_templates = fs::path(DSOCORE_SOURCE_DIR) / "src/collection/templates";
        return Ledger::load(fs::path(DSOCORE_SOURCE_DIR) / "examples/data", o);
    }();
    return L;
}

std::vector<ReportRequest> requests() {
    std::vector<ReportRequest> out;
    const Date dates[] = {Date::from_ymd(2026, 6, 30), Date::from_ymd(2026, 3, 31), Date::from_ymd(2025, 12, 31)};
    for (const Date d : dates) {
        for (const char* by : {"", "customer", "group_code", "entity", "country", "total"})
            for (const char* buckets : {"30,60,90", "15,30,45,60,120"})
                out.push_back(request("aging", d, by, {{"buckets", buckets}}));
        for (const char* cur : {"EUR", "USD", "GBP"})
            out.push_back(request("aging", d, "entity", {}, Currency::of(cur)));
        for (const char* method : {"standard", "countback", "average"})
            for (const char* period : {"30", "90", "365"})
                out.push_back(request("dso", d, "", {{"method", method}, {"period", period}}));
        out.push_back(request("dso", d, "entity", {{"calendar", "445"}}));
        out.push_back(request("dso", d, "group_code", {}, Currency::of("USD")));
    }
    return out;
}

std::string answer(const Ledger& L, const ReportRequest& r) {
    const Table t = run_report(L, r);
    return to_csv(t) + to_json(t);
}

/// Runs fn(thread_index) on kThreads threads started together.
template <class F>
void hammer(F&& fn) {
    std::atomic<int> ready{0};
    std::vector<std::thread> ts;
    for (int t = 0; t < kThreads; ++t)
        ts.emplace_back([&, t] {
            ++ready;
            while (ready.load() < kThreads) std::this_thread::yield();
            fn(t);
        });
    for (auto& th : ts) th.join();
}

std::string slurp(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

fs::path fresh_dir(const std::string& name) {
    const fs::path d = fs::temp_directory_path() / ("dsocore_conc_" + name + "_" + std::to_string(::getpid()));
    fs::remove_all(d);
    fs::create_directories(d);
    return d;
}

} // namespace

TEST(Concurrency, ReportsInParallelMatchSerial) {
    const Ledger& L = sample();
    const auto reqs = requests();
    std::vector<std::string> serial;
    for (const auto& r : reqs) serial.push_back(answer(L, r));
    std::atomic<int> mismatches{0}, runs{0};
    hammer([&](int t) {
        // Each thread walks the requests from its own starting point, twice.
        for (std::size_t k = 0; k < 2 * reqs.size(); ++k) {
            const std::size_t i = (k * 7 + static_cast<std::size_t>(t) * 5) % reqs.size();
            if (answer(L, reqs[i]) != serial[i]) ++mismatches;
            ++runs;
        }
    });
    EXPECT_EQ(mismatches.load(), 0);
    EXPECT_EQ(runs.load(), kThreads * 2 * static_cast<int>(reqs.size()));
}

TEST(Concurrency, LedgerReadApisInParallel) {
    const Ledger& L = sample();
    const auto& C = L.customers();
    const auto& I = L.items();
    const Date as_of = Date::from_ymd(2026, 6, 30);
    // Serial reference values.
    std::vector<std::string> texts;
    for (const char* f : {"customers.csv", "items.csv", "allocations.csv", "fx.csv", "disputes.csv", "actions.csv"})
        texts.push_back(L.csv_text(f));
    std::int64_t serial_sum = 0;
    const Converter conv(L.fx(), Currency::of("USD"));
    std::int64_t serial_conv = 0;
    for (std::uint32_t i = 0; i < I.size(); ++i) {
        serial_sum += L.balance_at(i, as_of.days());
        serial_conv += conv.convert(I.open_amount[i], I.currency[i], as_of.days());
    }
    std::vector<const Template*> tmpl;
    for (const char* lang : {"en", "fr", "pt-BR", "de", "zz"}) tmpl.push_back(L.templates().find("reminder1_email", lang));
    ASSERT_NE(tmpl[0], nullptr);
    std::atomic<int> bad{0};
    hammer([&](int t) {
        for (std::uint32_t r = static_cast<std::uint32_t>(t); r < C.size(); r += 3)
            if (L.find_customer(L.str(C.entity[r]), L.str(C.customer_id[r])) != r) ++bad;
        for (std::uint32_t i = static_cast<std::uint32_t>(t); i < I.size(); i += 5)
            if (L.find_item(L.str(I.entity[i]), L.str(I.item_id[i])) != i) ++bad;
        std::int64_t sum = 0, cs = 0;
        const Converter c2(L.fx(), Currency::of("USD"));
        const auto at = c2.at(as_of.days());
        for (std::uint32_t i = 0; i < I.size(); ++i) {
            sum += L.balance_at(i, as_of.days());
            cs += at(I.open_amount[i], I.currency[i]);
        }
        if (sum != serial_sum || cs != serial_conv) ++bad;
        std::size_t k = 0;
        for (const char* f : {"customers.csv", "items.csv", "allocations.csv", "fx.csv", "disputes.csv", "actions.csv"})
            if (L.csv_text(f) != texts[k++]) ++bad;
        std::size_t j = 0;
        for (const char* lang : {"en", "fr", "pt-BR", "de", "zz"})
            if (L.templates().find("reminder1_email", lang) != tmpl[j++]) ++bad;
        if (L.latest_date() != sample().latest_date()) ++bad;
    });
    EXPECT_EQ(bad.load(), 0);
}

TEST(Concurrency, LoadsInParallelAreIdentical) {
    const fs::path dir = fs::path(DSOCORE_SOURCE_DIR) / "examples/data";
    const std::string items = sample().csv_text("items.csv");
    const std::string customers = sample().csv_text("customers.csv");
    std::atomic<int> bad{0};
    hammer([&](int) {
        const Ledger L = Ledger::load(dir);
        if (L.csv_text("items.csv") != items || L.csv_text("customers.csv") != customers) ++bad;
    });
    EXPECT_EQ(bad.load(), 0);
}

TEST(Concurrency, AtomicWritesUnderConcurrentWriters) {
    // 8 writers replace one file 25 times each with their own complete version
    // (a header naming the writer and the round, then 64 KiB of its letter); a reader
    // checks every read is exactly one complete version.
    const fs::path dir = fresh_dir("writers");
    const fs::path target = dir / "items.csv";
    auto version = [](int t, int k) {
        std::string s = "writer " + std::to_string(t) + " round " + std::to_string(k) + "\n";
        s.append(65536, static_cast<char>('a' + t));
        s += "\nend\n";
        return s;
    };
    write_file_atomic(target.string(), version(0, -1));
    std::atomic<bool> done{false};
    std::atomic<int> torn{0}, reads{0};
    std::thread reader([&] {
        while (!done.load()) {
            const std::string s = slurp(target);
            ++reads;
            const auto nl = s.find('\n');
            const bool ok = nl != std::string::npos && s.size() == nl + 1 + 65536 + 5 &&
                            s.compare(s.size() - 5, 5, "\nend\n") == 0 &&
                            s.find_first_not_of(s[nl + 1], nl + 1) == s.size() - 5;
            if (!ok) ++torn;
        }
    });
    hammer([&](int t) {
        for (int k = 0; k < 25; ++k) write_file_atomic(target.string(), version(t, k));
    });
    done = true;
    reader.join();
    EXPECT_EQ(torn.load(), 0) << "of " << reads.load() << " reads";
    // The final file is one writer's last version, and no temporary file is left.
    const std::string last = slurp(target);
    bool is_last = false;
    for (int t = 0; t < kThreads; ++t) is_last |= last == version(t, 24);
    EXPECT_TRUE(is_last);
    for (const auto& e : fs::directory_iterator(dir)) EXPECT_EQ(e.path().filename(), "items.csv");
    fs::remove_all(dir);
}

TEST(Concurrency, CrashBetweenTempFileAndRenameKeepsThePreviousFile) {
    const fs::path dir = fresh_dir("crash");
    const fs::path target = dir / "customers.csv";
    const std::string before = "customer_id,name\nC1,Before\n";
    write_file_atomic(target.string(), before);
    // A child process writes a new version and dies (no unwinding, no cleanup) just
    // before the rename, as a power cut or kill -9 would.
    const pid_t pid = ::fork();
    ASSERT_GE(pid, 0);
    if (pid == 0) {
        detail::write_atomic_before_rename = [](const std::string&) { ::_exit(42); };
        write_file_atomic(target.string(), "customer_id,name\nC1,After\nC2,Half\n");
        ::_exit(0); // not reached
    }
    int status = 0;
    ASSERT_EQ(::waitpid(pid, &status, 0), pid);
    ASSERT_TRUE(WIFEXITED(status));
    ASSERT_EQ(WEXITSTATUS(status), 42) << "the crash hook was not reached";
    // The previous version is intact; the complete temporary file is left aside.
    EXPECT_EQ(slurp(target), before);
    int temps = 0;
    for (const auto& e : fs::directory_iterator(dir))
        if (e.path().filename() != "customers.csv") {
            ++temps;
            EXPECT_EQ(e.path().filename().string().rfind(".customers.csv.tmp.", 0), 0u) << e.path();
        }
    EXPECT_EQ(temps, 1);
    // The directory still loads (the stray temporary file is ignored) and the next
    // write succeeds.
    write_file_atomic((dir / "items.csv").string(), "item_id,customer_id,issue_date,amount\nI1,C1,2026-01-01,10.00\n");
    const Ledger L = Ledger::load(dir);
    EXPECT_EQ(L.customers().size(), 1u);
    EXPECT_EQ(L.str(L.customers().name[0]), "Before");
    write_file_atomic(target.string(), "customer_id,name\nC1,After\n");
    EXPECT_EQ(slurp(target), "customer_id,name\nC1,After\n");
    fs::remove_all(dir);
}

// Regression (found by the ASan suite): parse workers looked entities and long customer
// ids up in the global string pool while the merge thread interned item ids into it
// (its record table reallocating under them: a heap-use-after-free). Many small chunks,
// tens of thousands of new item ids, customers whose ids are too long for the inline
// key and two entities that alternate make workers and merge overlap; ASan/TSan runs of
// this test fail on the old code (TSan, which runs the Concurrency tests, deterministically), and every run checks the rows found their customers.
TEST(Concurrency, ParallelLoadWorkersNeverReadThePoolTheMergeGrows) {
    // Short rows (the loader reserves the pool for ~80 bytes a row, so it must grow
    // while workers parse), entities alternating row by row (a pool lookup per row in
    // the old code) and every 10th customer with an id too long for the inline key.
    auto customer_id = [](int c) { return c % 10 == 0 ? std::string(40, 'K') + std::to_string(c) : "C" + std::to_string(c); };
    std::string customers = "entity,customer_id,name,currency\n";
    for (int c = 0; c < 50; ++c)
        customers += std::string(c % 2 ? "DE01," : "FR01,") + customer_id(c) + ",Customer,EUR\n";
    std::string items = "entity,item_id,customer_id,type,issue_date,due_date,currency,amount,open_amount\n";
    const int n = 60000;
    for (int i = 0; i < n; ++i) {
        const int c = i % 50;
        items += std::string(c % 2 ? "DE01," : "FR01,") + "I" + std::to_string(i) + "," + customer_id(c) +
                 ",invoice,2026-01-01,,,1.00,1.00\n";
    }
    LoadOptions o;
    o.parse_chunk_bytes = 4096;
    const Ledger L = Ledger::load_sources(
        {{"customers.csv", customers}, {"fx.csv", "date,currency,rate\n2026-01-01,USD,0.9\n"}, {"items.csv", items}}, o);
    ASSERT_EQ(L.items().size(), static_cast<std::size_t>(n));
    for (std::size_t i = 0; i < L.items().size(); i += 997) {
        const std::uint32_t c = L.items().customer[i];
        EXPECT_EQ(L.str(L.customers().customer_id[c]), customer_id(static_cast<int>(i % 50))) << "item " << i;
        EXPECT_EQ(L.str(L.items().entity[i]), i % 2 ? "DE01" : "FR01") << "item " << i;
    }
}
