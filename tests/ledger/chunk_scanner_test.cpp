// The chunk scanner (src/ledger/csv_chunks.hpp) against CsvReader, record for record:
// fields, start lines and malformed records, on random texts mixing plain records (the
// scanner's fast path) with quoted fields, doubled quotes, CR, CRLF and blank lines.
#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

#include "dsocore/io/csv.hpp"
#include "../../src/ledger/csv_chunks.hpp"

using namespace dsocore;

namespace {

struct Rec {
    std::int64_t line;
    bool bad;
    std::vector<std::string> fields;
    bool operator==(const Rec&) const = default;
};

std::vector<Rec> by_reader(const std::string& text) {
    std::vector<Rec> out;
    CsvReader r{text};
    std::vector<std::string_view> f;
    while (r.next(f)) {
        Rec x{r.line(), !r.error().empty(), {}};
        if (!x.bad) x.fields.assign(f.begin(), f.end());
        out.push_back(std::move(x));
    }
    return out;
}

std::vector<Rec> by_scanner(const std::string& text) {
    std::vector<Rec> out;
    csvchunk::Scanner s(text.data(), text.size(), 0);
    while (s.next(text.size())) {
        Rec x{1 + s.record_line(), s.error() != csvchunk::RecordError::none, {}};
        if (!x.bad) x.fields.assign(s.fields().begin(), s.fields().end());
        out.push_back(std::move(x));
    }
    return out;
}

} // namespace

TEST(ChunkScanner, PlainRecordsSplitAsTheReaderDoes) {
    // Plain records only (the fast path): empty fields, trailing comma, CRLF, lone CR,
    // blank lines, a quote inside a field (literal, not at its start), no final newline.
    const std::string t = "a,b,c\n,,\r\nx,y\"z,\rlast,\n\n\nq,w";
    const std::vector<Rec> want{{1, false, {"a", "b", "c"}},
                                {2, false, {"", "", ""}},
                                {3, false, {"x", "y\"z", ""}},
                                {4, false, {"last", ""}},
                                {7, false, {"q", "w"}}};
    EXPECT_EQ(by_reader(t), want); // the reader is the reference …
    EXPECT_EQ(by_scanner(t), want); // … and the scanner agrees
}

TEST(ChunkScanner, RandomTextsMatchTheReader) {
    std::mt19937 rng(8);
    const char* pieces[] = {"a", "bc", "", "1.00", "\"q\"", "\"a,b\"", "\"x\"\"y\"", "\"l1\nl2\"", "\"cr\r\"",
                            "\"open", "\"x\"y", "d\"e", " ", "é"};
    const char* ends[] = {"\n", "\n", "\r\n", "\r", "\n\n", "\r\n\r\n"};
    for (int round = 0; round < 2000; ++round) {
        std::string t;
        const int recs = 1 + static_cast<int>(rng() % 6);
        for (int r = 0; r < recs; ++r) {
            const int fields = 1 + static_cast<int>(rng() % 5);
            for (int k = 0; k < fields; ++k) {
                if (k) t += ',';
                t += pieces[rng() % std::size(pieces)];
            }
            if (r + 1 < recs || rng() % 2) t += ends[rng() % std::size(ends)];
        }
        ASSERT_EQ(by_scanner(t), by_reader(t)) << "text: " << t;
    }
}
