// CsvReader on arbitrary bytes: terminates, line numbers never go back, and every
// record read without error is written by csv_append_field and read back identical.
#include <string>
#include <vector>

#include "dsocore/io/csv.hpp"
#include "fuzz/fuzz.hpp"

DSOCORE_FUZZ_TARGET(csv_reader) {
    const std::string text(fuzz::as_text(data, size));
    dsocore::CsvReader r(text);
    std::vector<std::string_view> f;
    std::int64_t last_line = 0;
    std::size_t records = 0;
    while (r.next(f)) {
        FUZZ_CHECK(++records <= size + 1, "more records than bytes: the reader does not advance");
        FUZZ_CHECK(r.line() >= last_line && r.line() >= 1, "line numbers went back");
        last_line = r.line();
        if (!r.error().empty() || (f.size() == 1 && f[0].empty())) continue;
        // Each record is re-read as a file of its own. A first field that starts with
        // U+FEFF would be taken for that file's BOM (docs/robustness.md), so the file is
        // written with a BOM of its own: the reader strips exactly one.
        std::string out = "\xEF\xBB\xBF";
        for (std::size_t k = 0; k < f.size(); ++k) {
            if (k) out.push_back(',');
            dsocore::csv_append_field(out, f[k]);
        }
        out.push_back('\n');
        dsocore::CsvReader again(out);
        std::vector<std::string_view> g;
        FUZZ_CHECK(again.next(g), "a written record reads as nothing");
        FUZZ_CHECK(again.error().empty(), "a written record reads with an error: " + again.error());
        FUZZ_CHECK(g == f, "a written record reads back different: " + out);
        FUZZ_CHECK(!again.next(g), "a written record reads as two");
    }
    FUZZ_CHECK(r.at_end(), "next() returned false before the end");
}
