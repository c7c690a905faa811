// Snapshots (save_snapshot / open_snapshot / Ledger::load of a .dsoc), the string pool
// and the flat item lists of disputes and actions.
#include <gtest/gtest.h>

#include <cstring>
#include <filesystem>
#include <fstream>
#include <string>

#include "dsocore/core/error.hpp"
#include "dsocore/io/csv.hpp"
#include "dsocore/ledger/ledger.hpp"
#include "dsocore/reports/parallel.hpp"
#include "dsocore/reports/report.hpp"

using namespace dsocore;
namespace fs = std::filesystem;

namespace {

fs::path tmp(const std::string& name) {
    // One directory per process, removed when the test binary exits.
    static const struct Dir {
        fs::path path = fs::temp_directory_path() / ("dsocore_snapshot_test_" + std::to_string(::getpid()));
        ~Dir() {
            std::error_code ec;
            fs::remove_all(path, ec);
        }
    } dir;
    fs::create_directories(dir.path);
    return dir.path / name;
}

const std::string kSample = std::string(DSOCORE_SOURCE_DIR) + "/examples/data";

std::string error_of(const fs::path& p) {
    try {
        (void)Ledger::load(p);
    } catch (const Error& e) {
        EXPECT_EQ(e.code(), Errc::data);
        return e.what();
    }
    ADD_FAILURE() << "expected the snapshot to be rejected";
    return "";
}

std::string bytes(const fs::path& p) { return read_file(p.string()); }
void write(const fs::path& p, const std::string& s) { std::ofstream(p, std::ios::binary) << s; }

} // namespace

TEST(Snapshot, RoundTripGivesTheSameLedger) {
    const Ledger a = Ledger::load(kSample);
    const fs::path f = tmp("sample.dsoc");
    a.save_snapshot(f);
    ASSERT_TRUE(Ledger::is_snapshot(f));
    const Ledger b = Ledger::load(f); // load() detects the snapshot
    EXPECT_EQ(b.items().size(), a.items().size());
    EXPECT_EQ(b.allocations().size(), a.allocations().size());
    EXPECT_EQ(b.strings().size(), a.strings().size());
    // Every file written back byte for byte as from the CSV load.
    for (const char* file : {"customers.csv", "items.csv", "allocations.csv", "disputes.csv", "actions.csv", "fx.csv"})
        EXPECT_EQ(b.csv_text(file), a.csv_text(file)) << file;
    // Indexes work: the first item is found by its key.
    const std::uint32_t i0 = 0;
    EXPECT_EQ(b.find_item(b.str(b.items().entity[i0]), b.str(b.items().item_id[i0])), i0);
    EXPECT_EQ(b.find_customer(a.str(a.customers().entity[5]), a.str(a.customers().customer_id[5])), 5u);
    // Reports give the same bytes.
    ReportRequest r;
    r.name = "aging";
    r.as_of = Date::parse("2026-06-30").value();
    EXPECT_EQ(to_csv(run_report(b, r)), to_csv(run_report(a, r)));
    r.name = "dso";
    EXPECT_EQ(to_csv(run_report(b, r)), to_csv(run_report(a, r)));
    EXPECT_EQ(b.company().base_currency, a.company().base_currency);
    EXPECT_EQ(b.scenarios().list.size(), a.scenarios().list.size());
}

// A snapshot is a function of the ledger alone: every byte is defined (no implicit
// padding copied from memory), so the same directory loaded twice, and a re-opened
// snapshot written again, give the same bytes. The heap is dirtied between the writes
// so that uninitialised padding would show.
TEST(Snapshot, SameLedgerGivesTheSameBytes) {
    const fs::path f1 = tmp("twice_1.dsoc"), f2 = tmp("twice_2.dsoc"), f3 = tmp("twice_3.dsoc");
    Ledger::load(kSample).save_snapshot(f1);
    {
        std::vector<std::string> junk;
        for (int k = 0; k < 2000; ++k) junk.emplace_back(64 + k % 512, static_cast<char>(0xA5 + k));
    }
    Ledger::load(kSample).save_snapshot(f2);
    Ledger::open_snapshot(f1).save_snapshot(f3);
    const std::string b1 = bytes(f1);
    ASSERT_GT(b1.size(), 1000u);
    EXPECT_TRUE(b1 == bytes(f2)) << "two loads of one directory wrote different snapshots";
    EXPECT_TRUE(b1 == bytes(f3)) << "a re-opened snapshot was written back differently";
}

TEST(Snapshot, TruncatedFileIsRejected) {
    const fs::path f = tmp("t.dsoc"), g = tmp("t_short.dsoc"), h = tmp("t_tiny.dsoc");
    Ledger::load(kSample).save_snapshot(f);
    const std::string s = bytes(f);
    write(g, s.substr(0, s.size() - 1));
    EXPECT_NE(error_of(g).find("truncated"), std::string::npos);
    write(h, s.substr(0, 10));
    EXPECT_NE(error_of(h).find("truncated"), std::string::npos);
}

TEST(Snapshot, CorruptByteIsRejected) {
    const fs::path f = tmp("c.dsoc");
    Ledger::load(kSample).save_snapshot(f);
    std::string s = bytes(f);
    s[s.size() / 2] = static_cast<char>(s[s.size() / 2] ^ 0x01); // one bit in the middle of the columns
    write(f, s);
    const std::string e = error_of(f);
    EXPECT_NE(e.find("checksum"), std::string::npos) << e;
    EXPECT_NE(e.find(f.string()), std::string::npos) << e;
}

TEST(Snapshot, OtherVersionAndNonSnapshotAreRejected) {
    const fs::path f = tmp("v.dsoc"), g = tmp("not.dsoc");
    Ledger::load(kSample).save_snapshot(f);
    std::string s = bytes(f);
    s[8] = 9; // format version field (after the 8-byte magic); this build reads version 3
    write(f, s);
    EXPECT_NE(error_of(f).find("version 9"), std::string::npos);
    write(g, std::string(200, 'x'));
    EXPECT_NE(error_of(g).find("not a dsocore snapshot"), std::string::npos);
}

TEST(StringPool, InternsFindsAndSurvivesGrowth) {
    StringPool p;
    EXPECT_EQ(p.intern(""), 0u);
    EXPECT_EQ(p.find(""), 0u);
    const StrId a = p.intern("alpha");
    EXPECT_EQ(a, 1u); // ids are dense, in first-seen order
    // 100,000 distinct strings force several rehashes; every id stays put.
    for (int k = 0; k < 100000; ++k) EXPECT_EQ(p.intern("id" + std::to_string(k)), static_cast<StrId>(k + 2));
    EXPECT_EQ(p.size(), 100002u);
    EXPECT_EQ(p.intern("alpha"), a);
    EXPECT_EQ(p.find("id99999"), 100001u);
    EXPECT_EQ(p[100001], "id99999");
    EXPECT_EQ(p.find("id100000"), StringPool::npos);
    EXPECT_EQ(p[a], "alpha");
}

TEST(FlatItemLists, ActionsAndDisputesKeepTheirItemsInOrder) {
    DataSources src{{"customers.csv", "customer_id\nC1\n"},
                    {"items.csv", "item_id,customer_id,issue_date,amount\nI1,C1,2026-01-01,10.00\nI2,C1,2026-01-02,20.00\n"},
                    {"actions.csv", "action_id,customer_id,date,channel,item_ids\nA1,C1,2026-02-01,email,I2 I1\n"
                                    "A2,C1,2026-02-02,call,\nA3,C1,2026-02-03,sms,I1\n"},
                    {"disputes.csv", "dispute_id,customer_id,opened_date,item_ids\nD1,C1,2026-02-01,I1  I2\n"}};
    const Ledger l = Ledger::load_sources(src);
    ASSERT_EQ(l.actions().size(), 3u);
    // A1 lists I2 then I1 (rows 1, 0); A2 none; A3 I1 (row 0).
    ASSERT_EQ(l.actions().items(0).size(), 2u);
    EXPECT_EQ(l.actions().items(0)[0], 1u);
    EXPECT_EQ(l.actions().items(0)[1], 0u);
    EXPECT_EQ(l.actions().items(1).size(), 0u);
    ASSERT_EQ(l.actions().items(2).size(), 1u);
    EXPECT_EQ(l.actions().items(2)[0], 0u);
    // D1: the double space is only a separator.
    ASSERT_EQ(l.disputes().items(0).size(), 2u);
    EXPECT_EQ(l.disputes().items(0)[1], 1u);
}

TEST(ParallelRanges, CoversEveryRowOnceInOrder) {
    // Sum of 0 … n−1 = n(n−1)/2 = 1,000,000 × 999,999 / 2 = 499,999,500,000.
    const std::size_t n = 1000000;
    const unsigned w = parallel_workers(n, 1000);
    std::vector<std::int64_t> part(w, 0);
    std::vector<std::size_t> first(w), last(w);
    parallel_ranges(
        n,
        [&](unsigned k, std::size_t b, std::size_t e) {
            first[k] = b;
            last[k] = e;
            for (std::size_t i = b; i < e; ++i) part[k] += static_cast<std::int64_t>(i);
        },
        1000);
    std::int64_t s = 0;
    for (auto x : part) s += x;
    EXPECT_EQ(s, 499999500000);
    EXPECT_EQ(first[0], 0u);
    EXPECT_EQ(last[w - 1], n);
    for (unsigned k = 1; k < w; ++k) EXPECT_EQ(first[k], last[k - 1]); // contiguous, in worker order
    // An exception in a worker reaches the caller.
    EXPECT_THROW(parallel_ranges(n, [](unsigned, std::size_t, std::size_t) { throw Error(Errc::overflow, "x"); }, 1000),
                 Error);
}

TEST(Snapshot, ColumnsViewTheMappedFile) {
    const Ledger a = Ledger::load(kSample);
    EXPECT_FALSE(a.items().amount.is_view());
    const fs::path f = tmp("views.dsoc");
    a.save_snapshot(f);
    const Ledger b = Ledger::open_snapshot(f);
    // Opening copies no column: they point into the mapping.
    EXPECT_TRUE(b.items().amount.is_view());
    EXPECT_TRUE(b.items().item_id.is_view());
    EXPECT_TRUE(b.allocations().by_item_amount.is_view());
    EXPECT_TRUE(b.customers().name.is_view());
    // A moved ledger keeps its mapping and its views.
    Ledger c = std::move(const_cast<Ledger&>(b));
    EXPECT_EQ(c.csv_text("items.csv"), a.csv_text("items.csv"));
    for (std::uint32_t i = 0; i < a.items().size(); i += 97) {
        EXPECT_EQ(c.items().line[i], a.items().line[i]);
        EXPECT_EQ(c.items().currency[i], a.items().currency[i]);
        EXPECT_EQ(c.find_item(a.str(a.items().entity[i]), a.str(a.items().item_id[i])), i);
        EXPECT_EQ(c.balance_at(i, 20000), a.balance_at(i, 20000));
    }
}

TEST(Snapshot, SetItemStatusOnAnOpenedSnapshotCopiesOnWrite) {
    const Ledger a = Ledger::load(kSample);
    const fs::path f = tmp("cow.dsoc");
    a.save_snapshot(f);
    Ledger b = Ledger::open_snapshot(f);
    b.set_item_status(3, "ignored", Date::parse("2026-06-30").value());
    // The status columns now hold their own copy; the others still view the file.
    EXPECT_FALSE(b.items().status.is_view());
    EXPECT_TRUE(b.items().amount.is_view());
    EXPECT_EQ(b.str(b.items().status[3]), "ignored");
    EXPECT_EQ(b.items().status_category[3], StatusCategory::ignored);
    EXPECT_EQ(b.str(b.items().status[4]), a.str(a.items().status[4]));
    // The file itself is unchanged: opening it again gives the original status.
    const Ledger c = Ledger::open_snapshot(f);
    EXPECT_EQ(c.str(c.items().status[3]), a.str(a.items().status[3]));
}

TEST(Snapshot, AllocationsOutOfItemOrderRoundTrip) {
    // Allocations listed out of item order (and out of date order for I1) need their
    // own by-item columns; in order they view the file-order ones. Both survive a
    // snapshot.
    const std::string items = "item_id,customer_id,issue_date,amount,open_amount\nI1,C1,2026-01-01,10.00,0.00\n"
                              "I2,C1,2026-01-02,20.00,5.00\n";
    for (const char* alloc : {"item_id,date,amount\nI1,2026-02-01,4.00\nI1,2026-02-03,6.00\nI2,2026-02-02,15.00\n",
                              "item_id,date,amount\nI2,2026-02-02,15.00\nI1,2026-02-03,6.00\nI1,2026-02-01,4.00\n"}) {
        const Ledger a = Ledger::load_sources({{"customers.csv", "customer_id\nC1\n"}, {"items.csv", items}, {"allocations.csv", alloc}});
        // bal(I1) on 2026-02-02 = 10.00 − 4.00 (the 02-01 allocation) = 6.00 → 600 cents.
        const std::int32_t d = Date::parse("2026-02-02")->days();
        EXPECT_EQ(a.balance_at(0, d), 600);
        EXPECT_EQ(a.balance_at(1, d), 500); // 20.00 − 15.00
        const fs::path f = tmp("alloc_order.dsoc");
        a.save_snapshot(f);
        const Ledger b = Ledger::open_snapshot(f);
        EXPECT_EQ(b.balance_at(0, d), 600);
        EXPECT_EQ(b.balance_at(1, d), 500);
        EXPECT_EQ(b.csv_text("allocations.csv"), a.csv_text("allocations.csv"));
        EXPECT_EQ(b.csv_text("allocations.csv"), alloc); // file order kept
    }
}

TEST(Snapshot, AnyFlippedByteIsRejectedNeverRead) {
    // A bit flipped anywhere in the payload (50 places spread over the file) is refused
    // with an error naming the file; never a crash, never a ledger with a wrong value.
    const fs::path f = tmp("flip.dsoc"), g = tmp("flip_bad.dsoc");
    Ledger::load(kSample).save_snapshot(f);
    const std::string s = bytes(f);
    for (int k = 1; k <= 50; ++k) {
        std::string t = s;
        const std::size_t at = 64 + (s.size() - 64) * static_cast<std::size_t>(k) / 51;
        t[at] = static_cast<char>(t[at] ^ 0x10);
        write(g, t);
        EXPECT_NE(error_of(g).find(g.string()), std::string::npos) << "byte " << at;
    }
}

TEST(Snapshot, LargeSnapshotChecksRunOnAllCoresWithoutCopying) {
    // 150,000 items: above the parallel grain (131,072 rows), so the open-time checks of
    // the string records, the string table and the item index run on several threads.
    // They read the viewed columns without copying them (a copy-on-write from two
    // threads at once was a crash).
    std::string items = "item_id,customer_id,issue_date,amount\n";
    for (int r = 0; r < 150000; ++r) items += "I" + std::to_string(r) + ",C1,2026-01-01,1.00\n";
    const Ledger a = Ledger::load_sources({{"customers.csv", "customer_id\nC1\n"}, {"items.csv", items}});
    const fs::path f = tmp("large.dsoc");
    a.save_snapshot(f);
    for (int k = 0; k < 3; ++k) {
        const Ledger b = Ledger::open_snapshot(f);
        EXPECT_TRUE(b.items().item_id.is_view());
        EXPECT_EQ(b.find_item("MAIN", "I149999"), 149999u);
        EXPECT_EQ(b.str(b.items().item_id[123456]), "I123456");
    }
}

DSOCORE_BEGIN_NAMESPACE
std::uint64_t snapshot_payload_checksum(const unsigned char* p, std::size_t n); // snapshot.cpp
DSOCORE_END_NAMESPACE

namespace {

/// 64 items; the status "ignored" on the rows of the bits of 0xA5A5A5A5A5A5A5A5 (32 of
/// them), a comment on every row, no status_date, promise_date or subtype.
Ledger status_pattern_ledger() {
    std::string items = "item_id,customer_id,issue_date,amount,status,comment\n";
    const std::uint64_t pattern = 0xA5A5A5A5A5A5A5A5ULL;
    for (int r = 0; r < 64; ++r)
        items += "I" + std::to_string(r) + ",C1,2026-01-01,1.00," + (((pattern >> r) & 1) ? "ignored" : "") + ",c" +
                 std::to_string(r % 3) + "\n";
    return Ledger::load_sources({{"customers.csv", "customer_id\nC1\n"}, {"items.csv", items}});
}

/// Rewrites the checksum of a snapshot's bytes after a deliberate change.
void reseal(std::string& s) {
    const auto* p = reinterpret_cast<const unsigned char*>(s.data());
    const std::uint64_t sum = snapshot_payload_checksum(p + 64, s.size() - 64);
    std::memcpy(s.data() + 24, &sum, sizeof sum); // header: magic 8, version 4, size 4, payload size 8, checksum
}

} // namespace

TEST(Snapshot, SparseStatusColumnsRoundTripInTheirForm) {
    const Ledger a = status_pattern_ledger();
    const ItemTable& I = a.items();
    // status: 32 of 64 rows; sparse = 32 × 4 + one word (8 + 4) = 140 bytes < dense 256.
    EXPECT_EQ(I.status.form(), SparseColumn<StrId>::Form::sparse);
    EXPECT_EQ(I.status.present(), 32u);
    // comment on every row: dense (256 bytes <= 64 × 4 + 12).
    EXPECT_EQ(I.comment.form(), SparseColumn<StrId>::Form::dense);
    // Nothing in the others: no memory.
    EXPECT_EQ(I.status_subtype.form(), SparseColumn<StrId>::Form::none);
    EXPECT_EQ(I.promise_date.memory_bytes(), 0u);
    EXPECT_EQ(I.promise_date[5], kNoDate);
    EXPECT_EQ(a.str(I.status[0]), "ignored"); // bit 0 of 0x…A5 is set
    EXPECT_EQ(a.str(I.status[1]), "");        // bit 1 is not
    const fs::path f = tmp("sparse.dsoc");
    a.save_snapshot(f);
    const Ledger b = Ledger::open_snapshot(f);
    const ItemTable& J = b.items();
    EXPECT_EQ(J.status.form(), I.status.form());
    EXPECT_EQ(J.comment.form(), I.comment.form());
    EXPECT_EQ(J.status_date.form(), I.status_date.form());
    EXPECT_TRUE(J.status.is_view()); // bits and values view the mapping
    for (std::size_t r = 0; r < 64; ++r) {
        EXPECT_EQ(b.str(J.status[r]), a.str(I.status[r])) << r;
        EXPECT_EQ(b.str(J.comment[r]), a.str(I.comment[r])) << r;
        EXPECT_EQ(J.status_subtype[r], 0u);
        EXPECT_EQ(J.status_date[r], kNoDate);
    }
    EXPECT_EQ(b.csv_text("items.csv"), a.csv_text("items.csv"));
}

TEST(Snapshot, CorruptSparseColumnIsRejectedWithAClearError) {
    // Files forged with a right checksum: the structure checks of the sparse status
    // column must refuse them (a wrong count of values would make a read go past them).
    const fs::path f = tmp("sparse_ok.dsoc"), g = tmp("sparse_bad.dsoc");
    status_pattern_ledger().save_snapshot(f);
    const std::string s = bytes(f);
    // The status bitmap block: length 8, then the word 0xA5A5A5A5A5A5A5A5. Before it:
    // the form block (length 1, the byte, 7 bytes of padding) and the row count block
    // (length 8, 64).
    std::string needle(16, '\0');
    const std::uint64_t eight = 8, word = 0xA5A5A5A5A5A5A5A5ULL;
    std::memcpy(needle.data(), &eight, 8);
    std::memcpy(needle.data() + 8, &word, 8);
    const std::size_t at = s.find(needle);
    ASSERT_NE(at, std::string::npos);
    ASSERT_EQ(s.find(needle, at + 1), std::string::npos); // one such block
    ASSERT_EQ(s[at - 8], 1);                              // form: sparse
    std::uint64_t rows;
    std::memcpy(&rows, s.data() + at - 24, 8);
    ASSERT_EQ(rows, 64u);
    auto reject = [&](std::string t, const std::string& why) {
        reseal(t);
        write(g, t);
        const std::string e = error_of(g);
        EXPECT_NE(e.find(g.string()), std::string::npos) << e;
        EXPECT_NE(e.find("corrupt snapshot (items status: " + why), std::string::npos) << e;
    };
    {   // One presence bit less (row 8): 31 present rows, 32 values.
        std::string t = s;
        t[at + 8 + 1] = static_cast<char>(t[at + 8 + 1] ^ 0x01);
        reject(t, "the number of values is not the number of present rows");
    }
    {   // Dense form: 64 values wanted, 32 stored.
        std::string t = s;
        t[at - 8] = 2;
        reject(t, "a dense column has a bitmap");
    }
    {   // An unknown form.
        std::string t = s;
        t[at - 8] = 9;
        reject(t, "unknown column form");
    }
    {   // 65 rows: two bitmap words wanted, one stored.
        std::string t = s;
        t[at - 24] = 65;
        reject(t, "the presence bitmap does not have one bit a row");
    }
    {   // 60 rows: bits 60..63 of the word (set in 0xA…) are past the last row.
        std::string t = s;
        t[at - 24] = 60;
        reject(t, "a presence bit is set past the last row");
    }
}
