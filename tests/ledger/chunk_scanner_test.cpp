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

std::vector<Rec> by_scanner(const std::string& text, bool simd = true) {
    std::vector<Rec> out;
    csvchunk::Scanner s(text.data(), text.size(), 0);
    s.set_simd(simd);
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

TEST(ChunkScanner, LongRecordsSimdAndScalarMatchTheReader) {
    // Texts of many records with fields from 0 to 150 bytes, so that fields and records
    // straddle the 64-byte blocks of the SIMD path, and the last 64 bytes of the text
    // (read by the scalar code) cut records anywhere. Quoted fields (the general path)
    // and quotes inside plain fields are mixed in.
    std::mt19937 rng(81);
    const char* ends[] = {"\n", "\n", "\r\n", "\r", "\n\n", "\r\n\r\n"};
    auto plain = [&](std::size_t len) {
        std::string f;
        for (std::size_t i = 0; i < len; ++i) {
            const unsigned r = static_cast<unsigned>(rng() % 40);
            f += r == 0 && i > 0 ? '"' : static_cast<char>('a' + r % 26);
        }
        return f;
    };
    for (int round = 0; round < 1500; ++round) {
        std::string t;
        const int recs = 1 + static_cast<int>(rng() % 12);
        for (int r = 0; r < recs; ++r) {
            const int fields = 1 + static_cast<int>(rng() % 14);
            for (int k = 0; k < fields; ++k) {
                if (k) t += ',';
                const unsigned kind = static_cast<unsigned>(rng() % 20);
                const std::size_t len = rng() % 4 == 0 ? rng() % 150 : rng() % 12;
                if (kind == 0) t += "\"" + plain(len) + "\"\"x\"";     // doubled quote
                else if (kind == 1) t += "\"a\nb,c\r\nd\"";              // line breaks inside
                else if (kind == 2 && rng() % 8 == 0) t += "\"open" + plain(len); // unterminated
                else if (kind == 3 && rng() % 4 == 0) t += "\"q\"z";       // after the quote
                else t += plain(len);
            }
            if (r + 1 < recs || rng() % 2) t += ends[rng() % std::size(ends)];
        }
        const std::vector<Rec> want = by_reader(t);
        ASSERT_EQ(by_scanner(t, true), want) << "text: " << t;
        ASSERT_EQ(by_scanner(t, false), want) << "text: " << t;
    }
}

TEST(ChunkScanner, SimdPathStopsAtTheChunkLimit) {
    // Chunks cut at line starts: a scanner from each cut, up to the next, gives the
    // records of one scanner over the whole text, for SIMD and scalar alike.
    std::string t;
    for (int r = 0; r < 500; ++r) t += "FR01,IN" + std::to_string(1000000 + r) + ",C" + std::to_string(r % 97) +
                                       ",invoice,2025-01-01,,EUR,12.50,0.00,,,," + (r % 3 ? "" : "a comment") + "\r\n";
    for (const bool simd : {true, false}) {
        std::vector<Rec> whole = by_scanner(t, simd), parts;
        const std::size_t step = 997;
        std::int64_t base = 0;
        for (std::size_t b = 0; b < t.size();) {
            const std::size_t e = csvchunk::line_start_after(t.data(), t.size(), b + step - 1);
            csvchunk::Scanner s(t.data(), t.size(), b);
            s.set_simd(simd);
            while (s.next(e)) parts.push_back({1 + base + s.record_line(), false, {s.fields().begin(), s.fields().end()}});
            base += s.lines();
            b = s.pos();
        }
        EXPECT_EQ(parts, whole);
        EXPECT_EQ(whole, by_reader(t));
    }
}
