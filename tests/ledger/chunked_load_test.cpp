// The parallel loader of items.csv and allocations.csv: the files are cut into
// line-aligned chunks parsed on all cores, then merged in file order. Whatever the
// chunk size, the result must be the sequential one: the same rows, strings, line
// numbers and write-back, and the same errors in the same (file, line) order.
// LoadOptions::parse_chunk_bytes = 1 puts a chunk boundary after every line break,
// including those inside quoted fields.
#include <initializer_list>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <random>

#include <unistd.h>

#include "dsocore/core/error.hpp"
#include "dsocore/ledger/ledger.hpp"

using namespace dsocore;

namespace {

const char* kCustomers =
    "entity,customer_id,name,currency,payment_terms_days\n"
    "FR01,C1,Alpha,EUR,45\n"
    "FR01,C2,Beta,USD,\n"
    ",C3,Gamma,,\n";
const char* kFx = "date,currency,rate\n2026-01-01,USD,0.9\n";

/// What a load gives: the canonical texts and line numbers, or the errors.
struct Outcome {
    bool ok = false;
    std::string items, allocations;
    std::vector<std::int64_t> item_lines, alloc_lines;
    std::vector<StrId> item_ids, comments;
    std::vector<std::string> errors;
    bool truncated = false;
};

Outcome run(const DataSources& src, std::size_t chunk, std::size_t max_errors = 100, std::size_t max_rows = 10'000'000) {
    LoadOptions o;
    o.parse_chunk_bytes = chunk;
    o.max_errors_per_file = max_errors;
    o.max_rows_per_file = max_rows;
    Outcome r;
    try {
        const Ledger L = Ledger::load_sources(src, o);
        r.ok = true;
        r.items = L.csv_text("items.csv");
        if (L.has_allocations()) r.allocations = L.csv_text("allocations.csv");
        for (std::size_t i = 0; i < L.items().size(); ++i) r.item_lines.push_back(L.items().line[i]);
        for (std::size_t i = 0; i < L.allocations().size(); ++i) r.alloc_lines.push_back(L.allocations().line[i]);
        r.item_ids.assign(L.items().item_id.begin(), L.items().item_id.end());
        r.comments.assign(L.items().comment.begin(), L.items().comment.end());
    } catch (const DataError& e) {
        for (const auto& d : e.diagnostics()) r.errors.push_back(d.to_string());
        r.truncated = e.truncated();
    }
    return r;
}

void expect_same(const Outcome& a, const Outcome& b, const std::string& what) {
    EXPECT_EQ(a.ok, b.ok) << what;
    EXPECT_EQ(a.items, b.items) << what;
    EXPECT_EQ(a.allocations, b.allocations) << what;
    EXPECT_EQ(a.item_lines, b.item_lines) << what;
    EXPECT_EQ(a.alloc_lines, b.alloc_lines) << what;
    EXPECT_EQ(a.item_ids, b.item_ids) << what;
    EXPECT_EQ(a.comments, b.comments) << what;
    EXPECT_EQ(a.errors.size(), b.errors.size()) << what;
    for (std::size_t k = 0; k < std::min(a.errors.size(), b.errors.size()); ++k)
        if (a.errors[k] != b.errors[k]) {
            ADD_FAILURE() << what << ": error " << k << " differs:\n  " << a.errors[k] << "\n  " << b.errors[k];
            break;
        }
    EXPECT_EQ(a.truncated, b.truncated) << what;
}

/// Every chunk size from one line per chunk to one chunk for the file gives the
/// outcome of the one-chunk load.
void expect_chunk_independent(const DataSources& src, const std::string& what, std::size_t max_errors = 100,
                              std::size_t max_rows = 10'000'000) {
    const Outcome whole = run(src, std::size_t{1} << 30, max_errors, max_rows);
    for (std::size_t chunk : std::initializer_list<std::size_t>{1, 2, 3, 7, 13, 40, 100, 1000})
        expect_same(run(src, chunk, max_errors, max_rows), whole, what + ", chunk " + std::to_string(chunk));
}

DataSources with(std::string items, std::string allocations = "") {
    DataSources s{{"customers.csv", kCustomers}, {"fx.csv", kFx}, {"items.csv", std::move(items)}};
    if (!allocations.empty()) s.emplace("allocations.csv", std::move(allocations));
    return s;
}

std::vector<std::int64_t> lines_of(const Outcome& o) {
    std::vector<std::int64_t> v;
    for (const auto& e : o.errors) {
        // "items.csv:LINE: …"
        const auto a = e.find(':'), b = e.find(':', a + 1);
        v.push_back(std::stoll(e.substr(a + 1, b - a - 1)));
    }
    return v;
}

} // namespace

TEST(ChunkedLoad, QuotedFieldsWithLineBreaksAcrossChunkBoundaries) {
    // Row 2 has a comment over three physical lines (2-4), with a doubled quote; row 3
    // starts on line 5; an item id is quoted with a comma in it.
    const std::string items =
        "entity,item_id,customer_id,issue_date,amount,open_amount,comment\n"
        "FR01,I1,C1,2026-04-10,100.00,90.00,\"first line\nsecond \"\"quoted\"\" line\r\nthird, with comma\"\n"
        "FR01,\"I,2\",C1,2026-04-11,200.00,150.00,plain\n"
        "\n"
        "\r\n"
        "FR01,I3,C2,2026-04-12,300.00,,\"\"\n";
    const std::string alloc = "entity,item_id,date,amount\nFR01,\"I,2\",2026-05-01,50.00\nFR01,I1,2026-05-02,10.00\n";
    expect_chunk_independent(with(items, alloc), "quoted fields");
    const Outcome o = run(with(items, alloc), 1);
    ASSERT_TRUE(o.ok) << (o.errors.empty() ? "" : o.errors[0]);
    // Lines by hand: header 1; I1 on 2 (its comment ends on 4); I,2 on 5; blank 6 and
    // 7 (CRLF); I3 on 8. Allocations on 2 and 3.
    EXPECT_EQ(o.item_lines, (std::vector<std::int64_t>{2, 5, 8}));
    EXPECT_EQ(o.alloc_lines, (std::vector<std::int64_t>{2, 3}));
    // Canonical write-back re-quotes the multi-line comment and the id with a comma
    // (the CRLF inside the quotes is data and is kept).
    EXPECT_NE(o.items.find("\"first line\nsecond \"\"quoted\"\" line\r\nthird, with comma\""), std::string::npos);
    EXPECT_NE(o.items.find("FR01,\"I,2\",C1"), std::string::npos);
}

TEST(ChunkedLoad, ErrorsOverSeveralChunksComeInLineOrder) {
    // 60 rows; bad dates on the rows at lines 5, 31 and 58, a duplicate of I2 (line 3)
    // at line 40, an unknown customer at line 45, a short row at line 50.
    std::string items = "entity,item_id,customer_id,issue_date,amount\n";
    for (int r = 0; r < 60; ++r) {
        const int line = r + 2;
        std::string id = "I" + std::to_string(r);
        std::string date = "2026-04-10", cust = "C1";
        if (line == 5 || line == 31 || line == 58) date = "2026-13-01";
        if (line == 40) id = "I1"; // I1 is the row at line 3
        if (line == 45) cust = "C9";
        if (line == 50) {
            items += "FR01," + id + ",C1\n";
            continue;
        }
        items += "FR01," + id + "," + cust + "," + date + ",10.00\n";
    }
    expect_chunk_independent(with(items), "spread errors");
    const Outcome o = run(with(items), 7);
    ASSERT_FALSE(o.ok);
    EXPECT_EQ(lines_of(o), (std::vector<std::int64_t>{5, 31, 40, 45, 50, 58}));
    EXPECT_NE(o.errors[2].find("duplicate item (first on line 3)"), std::string::npos) << o.errors[2];
    EXPECT_NE(o.errors[4].find("expected 5 fields as in the header, found 3"), std::string::npos) << o.errors[4];
}

TEST(ChunkedLoad, DuplicateBeforeTheRowsOtherErrors) {
    // Line 3 repeats I1 and has a bad date: the sequential loader reports the duplicate
    // (checked with the id) before the date.
    const std::string items = "entity,item_id,customer_id,issue_date,amount\n"
                              "FR01,I1,C1,2026-04-10,10.00\n"
                              "FR01,I1,C9,2026-02-30,10.00\n";
    expect_chunk_independent(with(items), "duplicate first");
    const Outcome o = run(with(items), 1);
    ASSERT_EQ(o.errors.size(), 3u);
    EXPECT_NE(o.errors[0].find("duplicate item (first on line 2)"), std::string::npos) << o.errors[0];
    EXPECT_NE(o.errors[1].find("no such customer"), std::string::npos) << o.errors[1];
    EXPECT_NE(o.errors[2].find("expected a date"), std::string::npos) << o.errors[2];
}

TEST(ChunkedLoad, ErrorLimitAndRowLimitAcrossChunks) {
    std::string items = "entity,item_id,customer_id,issue_date,amount\n";
    for (int r = 0; r < 30; ++r) items += "FR01,I" + std::to_string(r) + ",C1,bad,10.00\n";
    // 30 errors, 4 kept: lines 2..5 then truncated.
    expect_chunk_independent(with(items), "error limit", 4);
    const Outcome o = run(with(items), 3, 4);
    EXPECT_EQ(lines_of(o), (std::vector<std::int64_t>{2, 3, 4, 5}));
    EXPECT_TRUE(o.truncated);
    // 30 rows, limit 10: the 11th record (line 12) is refused; the rows before it still
    // report their own errors first.
    expect_chunk_independent(with(items), "row limit", 100, 10);
    const Outcome r = run(with(items), 5, 100, 10);
    ASSERT_EQ(r.errors.size(), 11u);
    EXPECT_EQ(lines_of(r).back(), 12);
    EXPECT_NE(r.errors.back().find("more than 10 data rows"), std::string::npos) << r.errors.back();
}

TEST(ChunkedLoad, FileSmallerThanAChunkAndEdgeShapes) {
    // Header only; no final line break; a BOM; an unterminated quote at the end.
    expect_chunk_independent(with("entity,item_id,customer_id,issue_date,amount\n"), "header only");
    expect_chunk_independent(with("entity,item_id,customer_id,issue_date,amount\nFR01,I1,C1,2026-04-10,10.00"),
                             "no final newline");
    expect_chunk_independent(with("\xEF\xBB\xBFitem_id,customer_id,issue_date,amount\nI1,C3,2026-04-10,10.00\n"), "bom");
    const std::string bad = "item_id,customer_id,issue_date,amount,comment\nI1,C3,2026-04-10,10.00,\"open\nI2,C3,2026-04-10,1.00,x\n";
    expect_chunk_independent(with(bad), "unterminated");
    const Outcome o = run(with(bad), 1);
    ASSERT_EQ(o.errors.size(), 1u);
    EXPECT_NE(o.errors[0].find("items.csv:2:"), std::string::npos) << o.errors[0];
    EXPECT_NE(o.errors[0].find("unterminated quoted field (opened on line 2)"), std::string::npos) << o.errors[0];
    const std::string after = "item_id,customer_id,issue_date,amount\nI1,C3,2026-04-10,\"1\"x\nI2,C3,2026-04-10,1.00\n";
    expect_chunk_independent(with(after), "after quote");
    // Invalid UTF-8 in a later chunk: the text check's error, with its line.
    std::string utf = "item_id,customer_id,issue_date,amount,comment\n";
    for (int r = 0; r < 20; ++r) utf += "I" + std::to_string(r) + ",C3,2026-04-10,1.00,ok\n";
    utf += "I99,C3,2026-04-10,1.00,bad\xC3(\n";
    expect_chunk_independent(with(utf), "utf8");
    EXPECT_EQ(lines_of(run(with(utf), 10)), (std::vector<std::int64_t>{22}));
}

TEST(ChunkedLoad, RandomFilesGiveTheSequentialOutcome) {
    // Random rows mixing good and bad fields, quotes, line breaks and blank lines.
    std::mt19937 rng(20261122);
    auto pick = [&](std::initializer_list<const char*> v) { return std::string(*(v.begin() + rng() % v.size())); };
    for (int round = 0; round < 25; ++round) {
        std::string items = "entity,item_id,customer_id,issue_date,amount,open_amount,comment\n";
        std::string alloc = "entity,item_id,date,amount\n";
        const int rows = 5 + static_cast<int>(rng() % 40);
        for (int r = 0; r < rows; ++r) {
            const std::string id = "I" + std::to_string(rng() % 50);
            items += pick({"FR01", "FR01", "", "XX"}) + "," + id + "," + pick({"C1", "C2", "C3", "C9", ""}) + "," +
                     pick({"2026-04-10", "2026-04-10", "2026-02-30", ""}) + "," + pick({"10.00", "5", "-1", "x", "1.001"}) +
                     "," + pick({"", "", "1.00", "20"}) + "," +
                     pick({"", "c", "\"a\nb\"", "\"q\"\"q\"", "\"x\"y", "\"\r\n\"", "d,e"}) + pick({"\n", "\n", "\r\n", "\n\n"});
            alloc += pick({"FR01", ""}) + "," + id + "," + pick({"2026-05-01", "bad"}) + "," + pick({"1.00", "0", "-1"}) + "\n";
        }
        expect_chunk_independent(with(items, alloc), "round " + std::to_string(round));
        expect_chunk_independent(with(items, alloc), "round " + std::to_string(round) + " limits", 3, 7);
    }
}

TEST(ChunkedLoad, MappedDirectoryLoadsAsInMemory) {
    // Ledger::load(dir) maps the CSV files; the outcome is load_sources's.
    const auto dir = std::filesystem::temp_directory_path() / ("dsocore_chunked_" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    std::string items = "entity,item_id,customer_id,issue_date,amount,open_amount,comment\n";
    for (int r = 0; r < 500; ++r)
        items += "FR01,I" + std::to_string(r) + ",C1,2026-04-10,10.00," + (r == 7 ? "9.00" : "10.00") + ",\"c\n" +
                 std::to_string(r) + "\"\n";
    const DataSources src = with(items, "entity,item_id,date,amount\nFR01,I7,2026-05-01,1.00\n");
    for (const auto& [name, text] : src) std::ofstream(dir / name, std::ios::binary) << text;
    LoadOptions o;
    o.parse_chunk_bytes = 64;
    const Ledger a = Ledger::load(dir, o);
    const Ledger b = Ledger::load_sources(src);
    EXPECT_EQ(a.csv_text("items.csv"), b.csv_text("items.csv"));
    EXPECT_EQ(a.csv_text("allocations.csv"), b.csv_text("allocations.csv"));
    EXPECT_EQ(a.items().line[499], 2 + 2 * 499); // two physical lines a row
    std::filesystem::remove_all(dir);
}


TEST(ChunkedLoad, ManyDuplicatesUnderTheErrorLimit) {
    // Item ids are indexed after the rows (StringPool::index_pending); the duplicate
    // errors must still come in line order among the others and count toward the limit.
    // Rows at lines 2..41: I0..I19 then I0..I19 again (duplicates at lines 22..41), the
    // repeat at line 25 (I3) also has a bad date. Limit 6: the 6 first errors by line
    // are the duplicates at lines 22, 23, 24, 25 (duplicate, then the date), 26; truncated.
    std::string items = "entity,item_id,customer_id,issue_date,amount\n";
    for (int r = 0; r < 40; ++r) {
        const int line = r + 2;
        items += "FR01,I" + std::to_string(r % 20) + ",C1," + (line == 25 ? "2026-02-30" : "2026-04-10") + ",10.00\n";
    }
    expect_chunk_independent(with(items), "many duplicates", 6);
    const Outcome o = run(with(items), 5, 6);
    ASSERT_FALSE(o.ok);
    EXPECT_EQ(lines_of(o), (std::vector<std::int64_t>{22, 23, 24, 25, 25, 26}));
    EXPECT_NE(o.errors[0].find("duplicate item (first on line 2)"), std::string::npos) << o.errors[0];
    EXPECT_NE(o.errors[3].find("duplicate item (first on line 5)"), std::string::npos) << o.errors[3];
    EXPECT_NE(o.errors[4].find("expected a date"), std::string::npos) << o.errors[4];
    EXPECT_TRUE(o.truncated);
}

TEST(ChunkedLoad, ItemIdsSharedWithOtherStringsAndEntities) {
    // An item id equal to a customer id (C1, interned with the customers), the same id
    // in two entities (not a duplicate), an id equal to a comment: each resolves to one
    // pool string, and (entity, id) finds each row; allocations reach both X1 rows.
    const std::string items = "entity,item_id,customer_id,issue_date,amount,open_amount,comment\n"
                              "FR01,C1,C1,2026-04-10,10.00,10.00,X1\n"
                              "FR01,X1,C1,2026-04-10,20.00,15.00,\n"
                              ",X1,C3,2026-04-10,30.00,0.00,C1\n";
    const std::string allocs = "entity,item_id,date,amount\n"
                               ",X1,2026-05-01,30.00\n"
                               "FR01,X1,2026-05-02,5.00\n";
    expect_chunk_independent(with(items, allocs), "shared strings");
    LoadOptions o;
    o.parse_chunk_bytes = 1;
    const Ledger L = Ledger::load_sources(with(items, allocs), o);
    const auto& I = L.items();
    ASSERT_EQ(I.size(), 3u);
    EXPECT_EQ(I.item_id[0], L.customers().customer_id[0]); // "C1": one string, one id
    EXPECT_EQ(I.item_id[1], I.item_id[2]);                 // "X1" in FR01 and MAIN
    EXPECT_EQ(I.item_id[1], I.comment[0]);
    EXPECT_EQ(L.str(I.item_id[1]), "X1");
    EXPECT_EQ(L.find_item("FR01", "C1"), 0u);
    EXPECT_EQ(L.find_item("FR01", "X1"), 1u);
    EXPECT_EQ(L.find_item("MAIN", "X1"), 2u);
    EXPECT_EQ(L.find_item("MAIN", "C1"), kNoRow);
    // Allocations: X1 of MAIN settled 30.00 (open 0.00), X1 of FR01 5.00 (20 − 15).
    ASSERT_EQ(L.allocations().size(), 2u);
    EXPECT_EQ(L.allocations().item[0], 2u);
    EXPECT_EQ(L.allocations().item[1], 1u);
}

TEST(ChunkedLoad, FieldSizeLimitOnItems) {
    // max_field_bytes = 12: the loader checks fields only in records longer than the
    // limit, which must change nothing. Line 2: every field <= 12 bytes (no error).
    // Line 3: comment "abcdefghijklm" (13 bytes): one error. Line 4: a quoted comment
    // whose raw text is 15 bytes but whose value x"x"x"x"x is 9: no error.
    const std::string items =
        "entity,item_id,customer_id,issue_date,amount,comment\n"
        "FR01,I1,C1,2026-04-10,100.00,short\n"
        "FR01,I2,C1,2026-04-10,100.00,abcdefghijklm\n"
        "FR01,I3,C1,2026-04-10,100.00,\"x\"\"x\"\"x\"\"x\"\"x\"\n";
    LoadOptions o;
    o.max_field_bytes = 12;
    try {
        (void)Ledger::load_sources(with(items), o);
        ADD_FAILURE() << "expected an error";
    } catch (const DataError& e) {
        ASSERT_EQ(e.diagnostics().size(), 1u);
        const Diagnostic& d = e.diagnostics()[0];
        EXPECT_EQ(d.line, 3);
        EXPECT_EQ(d.column, "comment");
        EXPECT_NE(d.message.find("field of 13 bytes exceeds the limit of 12 bytes"), std::string::npos) << d.message;
    }
    o.max_field_bytes = 13; // the 13-byte comment now fits: the file loads
    const Ledger L = Ledger::load_sources(with(items), o);
    EXPECT_EQ(L.str(L.items().comment[2]), "x\"x\"x\"x\"x");
}
