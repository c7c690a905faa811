// Field parsing of imports: numbers, dates, Excel serials, encodings, separators, profiles.
#include <gtest/gtest.h>

#include "dsocore/core/error.hpp"
#include "dsocore/io/parse.hpp"
#include "dsocore/io/profile.hpp"
#include "io_test_util.hpp"

using namespace dsocore;

namespace {
std::string num(std::string_view text, const std::string& dec = ".", const std::string& th = "") {
    NumberFormat f;
    f.decimal = dec;
    f.thousands = th;
    std::string out, why;
    if (!parse_number(text, f, out, why)) return "ERR: " + why;
    return out;
}
std::string date(std::string_view text, const char* fmt) {
    auto d = parse_date(text, DateFormat::parse(fmt));
    return d ? d->to_string() : "none";
}
} // namespace

TEST(ParseNumber, NegativeForms) {
    // The three negative forms of the spec and an explicit plus.
    EXPECT_EQ(num("-1"), "-1");
    EXPECT_EQ(num("1-"), "-1");
    EXPECT_EQ(num("(1)"), "-1");
    EXPECT_EQ(num("+1.50"), "1.50");
    EXPECT_EQ(num(" ( 12.30 ) "), "-12.30");
    EXPECT_EQ(num("-0.00"), "0.00"); // never "-0"
    EXPECT_EQ(num("(-1)").substr(0, 3), "ERR");
}

TEST(ParseNumber, DecimalCommaAndThousands) {
    EXPECT_EQ(num("1 234,56", ",", " "), "1234.56");
    EXPECT_EQ(num("1\xC2\xA0" "234\xC2\xA0" "567,8", ",", " "), "1234567.8"); // no-break spaces (French Excel)
    EXPECT_EQ(num("1.234.567,89-", ",", "."), "-1234567.89");
    EXPECT_EQ(num("1,234.5", ".", ","), "1234.5");
    EXPECT_EQ(num("0012,50", ","), "12.50");
    // Grouping must be by three, and the other separator is not silently accepted.
    EXPECT_EQ(num("12 34,5", ",", " ").substr(0, 3), "ERR");
    EXPECT_EQ(num("1.5", ",", " ").substr(0, 3), "ERR");
    EXPECT_EQ(num("1,2,3", ",", "").substr(0, 3), "ERR");
    EXPECT_EQ(num("1e5").substr(0, 3), "ERR");
    EXPECT_EQ(num("").substr(0, 3), "ERR");
    EXPECT_EQ(num("12,", ",").substr(0, 3), "ERR");
}

TEST(ParseDate, PatternsStrict) {
    EXPECT_EQ(date("31/12/2025", "dd/MM/yyyy"), "2025-12-31");
    EXPECT_EQ(date("1/6/2026", "dd/MM/yyyy"), "2026-06-01"); // one digit before a separator is accepted
    EXPECT_EQ(date("12/31/2025", "MM/dd/yyyy"), "2025-12-31");
    EXPECT_EQ(date("20251231", "yyyyMMdd"), "2025-12-31");
    EXPECT_EQ(date("31.12.25", "dd.MM.yy"), "2025-12-31");
    // Impossible days are refused, never rolled over into the next month.
    EXPECT_EQ(date("31/06/2026", "dd/MM/yyyy"), "none");
    EXPECT_EQ(date("13/25/2026", "MM/dd/yyyy"), "none");
    EXPECT_EQ(date("29/02/2025", "dd/MM/yyyy"), "none");
    EXPECT_EQ(date("29/02/2024", "dd/MM/yyyy"), "2024-02-29");
    // Trailing text, missing digits, wrong separators.
    EXPECT_EQ(date("31/12/2025x", "dd/MM/yyyy"), "none");
    EXPECT_EQ(date("2025123", "yyyyMMdd"), "none");
    EXPECT_EQ(date("31-12-2025", "dd/MM/yyyy"), "none");
    EXPECT_EQ(date("31/12/25", "dd/MM/yyyy"), "none");
}

TEST(ParseDate, TwoDigitYearPivot) {
    // 00–69 → 20xx, 70–99 → 19xx.
    EXPECT_EQ(date("01.01.69", "dd.MM.yy"), "2069-01-01");
    EXPECT_EQ(date("01.01.70", "dd.MM.yy"), "1970-01-01");
    EXPECT_EQ(date("01.01.00", "dd.MM.yy"), "2000-01-01");
}

TEST(ParseDate, PreparedParserAgreesWithParseDate) {
    // DateParser (an import's column) has a fast path for texts of the pattern's widest
    // shape (dd/MM/yyyy: 10 characters, digits where the fields are); it must give
    // parse_date's answer for every text, fast path or not.
    auto prepared = [](std::string_view text, const char* fmt) {
        char buf[10];
        return DateParser(DateFormat::parse(fmt)).canonical(text, buf) ? std::string(buf, 10) : std::string("none");
    };
    // By hand: 31/12/2025 → 2025-12-31; 01.01.69 → 2069-01-01 (pivot 70); 31/06 refused.
    EXPECT_EQ(prepared("31/12/2025", "dd/MM/yyyy"), "2025-12-31");
    EXPECT_EQ(prepared("01.01.69", "dd.MM.yy"), "2069-01-01");
    EXPECT_EQ(prepared("01.01.70", "dd.MM.yy"), "1970-01-01");
    EXPECT_EQ(prepared("31/06/2026", "dd/MM/yyyy"), "none");
    EXPECT_EQ(prepared("1/6/2026", "dd/MM/yyyy"), "2026-06-01");
    EXPECT_EQ(prepared(" 31/12/2025", "dd/MM/yyyy"), "2025-12-31");
    for (const char* fmt : {"dd/MM/yyyy", "MM/dd/yyyy", "yyyyMMdd", "dd.MM.yy", "yyyy-MM-dd", "d/M/yyyy", "dd-MM-yyyy",
                            "ddMMyy"})
        for (const char* text : {"31/12/2025", "1/6/2026", "31/06/2026", " 31/12/2025", "31/12/2025 ", "20251231",
                                 "31.12.25", "2025-12-31", "29/02/2024", "29/02/2025", "3a/12/2025", "00/12/2025",
                                 "31/00/2025", "31/12/0999", "01-02-2025", "1-2-2025", "12/31/2025", "311225",
                                 "010170", "2025-02-29", "2024-02-29", "\xC2\xA0" "01/02/2025", "", "//////////"})
            EXPECT_EQ(prepared(text, fmt), date(text, fmt)) << fmt << " '" << text << "'";
}

TEST(ParseDate, ExcelSerials1900) {
    // 1 = 1900-01-01; 59 = 1900-02-28; 60 is Excel's phantom 1900-02-29 (refused);
    // 61 = 1900-03-01; 45658 = 2025-01-01 (45658 days after 1899-12-30).
    EXPECT_EQ(date("1", "excel"), "1900-01-01");
    EXPECT_EQ(date("59", "excel"), "1900-02-28");
    EXPECT_EQ(date("60", "excel"), "none");
    EXPECT_EQ(date("61", "excel"), "1900-03-01");
    EXPECT_EQ(date("45658", "excel"), "2025-01-01");
    EXPECT_EQ(date("45658.75", "excel"), "2025-01-01"); // time of day dropped
    EXPECT_EQ(date("0", "excel"), "none");
    EXPECT_EQ(date("-3", "excel"), "none");
    EXPECT_EQ(date("12a", "excel"), "none");
}

TEST(ParseDate, BadPatternsRefused) {
    EXPECT_THROW(DateFormat::parse("dd/MMM/yyyy"), Error);
    EXPECT_THROW(DateFormat::parse("dd/MM"), Error);
    EXPECT_THROW(DateFormat::parse("HH:mm dd/MM/yyyy"), Error);
}

TEST(ShortestDecimal, RoundTripsTheBinaryValue) {
    // 8765.4300000000003 and 8765.43 are the same double; its shortest decimal is 8765.43.
    EXPECT_EQ(shortest_decimal(8765.4300000000003), "8765.43");
    EXPECT_EQ(shortest_decimal(0.1 + 0.2), "0.30000000000000004"); // a different double, kept exactly
    EXPECT_EQ(shortest_decimal(-120.5), "-120.5");
    EXPECT_EQ(shortest_decimal(1000.0), "1000");
    EXPECT_EQ(shortest_decimal(-0.0), "0");
}

TEST(Encoding, DetectsBomsAndWindows1252) {
    const std::string text = "nom;montant\nCafé Zoé;12,50\n";
    std::string used;
    EXPECT_EQ(decode_to_utf8(text, "auto", &used), text);
    EXPECT_EQ(used, "UTF-8");
    EXPECT_EQ(decode_to_utf8("\xEF\xBB\xBF" + text, "auto", &used), text);
    EXPECT_EQ(decode_to_utf8("\xFF\xFE" + iotest::encode(text, "UTF-16LE"), "auto", &used), text);
    EXPECT_EQ(used, "UTF-16LE");
    EXPECT_EQ(decode_to_utf8("\xFE\xFF" + iotest::encode(text, "UTF-16BE"), "auto", &used), text);
    EXPECT_EQ(used, "UTF-16BE");
    const std::string cp1252 = iotest::encode("Société Générale d'Électricité;1 234,56 €\nCafé Zoé à Besançon;99,90 €\n", "windows-1252");
    EXPECT_EQ(decode_to_utf8(cp1252, "windows-1252"), "Société Générale d'Électricité;1 234,56 €\nCafé Zoé à Besançon;99,90 €\n");
    EXPECT_EQ(decode_to_utf8(cp1252, "auto", &used), "Société Générale d'Électricité;1 234,56 €\nCafé Zoé à Besançon;99,90 €\n");
    EXPECT_EQ(used, "windows-1252");
    // Declared UTF-8 but not UTF-8: an error naming the line.
    try {
        decode_to_utf8("a\nb\n\xE9t\xE9\n", "UTF-8");
        FAIL();
    } catch (const Error& e) {
        EXPECT_NE(std::string(e.what()).find("line 3"), std::string::npos) << e.what();
    }
    EXPECT_THROW(decode_to_utf8("x", "no-such-charset"), Error);
}

TEST(Encoding, SingleByteTableGivesIcusText) {
    // Single-byte encodings go through a 256-entry table built from ICU (each byte
    // converted alone); multi-byte ones through ICU in 64 KiB chunks. Mappings by hand
    // from the code charts: windows-1252 0x80 = U+20AC €, 0x9C = U+0153 œ, 0xE9 = U+00E9 é,
    // 0xFF = U+00FF ÿ; ISO-8859-15 0xA4 = U+20AC € (where ISO-8859-1 has ¤ U+00A4).
    EXPECT_EQ(decode_to_utf8(std::string("\x80\x9C\xE9\xFF;a\n"), "windows-1252"), "€œéÿ;a\n");
    EXPECT_EQ(decode_to_utf8(std::string("\xA4 1\n"), "ISO-8859-15"), "€ 1\n");
    EXPECT_EQ(decode_to_utf8(std::string("\xA4 1\n"), "ISO-8859-1"), "¤ 1\n");
    // A long file (more than one chunk either way): 200,000 × "é;" = 400,000 bytes →
    // 600,000 bytes of UTF-8, the same through the table and through UTF-16.
    std::string latin, utf8;
    for (int i = 0; i < 200000; ++i) {
        latin += "\xE9;";
        utf8 += "é;";
    }
    EXPECT_EQ(decode_to_utf8(latin, "windows-1252"), utf8);
    EXPECT_EQ(decode_to_utf8("\xFF\xFE" + iotest::encode(utf8, "UTF-16LE"), "auto"), utf8);
    // ICU reads windows-1252's unassigned 0x81 as U+0081 (C2 81 in UTF-8), as before.
    EXPECT_EQ(decode_to_utf8(std::string("a\x81\n"), "windows-1252"), "a\xC2\x81\n");
    // 0xD2 has no character in windows-1253 (Greek): the error still names its line.
    try {
        decode_to_utf8(std::string("a\nb\nc\xD2\n"), "windows-1253");
        FAIL() << "0xD2 decoded";
    } catch (const Error& e) {
        EXPECT_NE(std::string(e.what()).find("line 3"), std::string::npos) << e.what();
    }
}

TEST(Separator, AutoDetect) {
    EXPECT_EQ(detect_separator("a;b;c\n1;2,5;3\n4;5;6\n", '"', 0), ';');
    EXPECT_EQ(detect_separator("a\tb\tc\n1\t2\t3\n", '"', 0), '\t');
    EXPECT_EQ(detect_separator("a|b\n1|2\n", '"', 0), '|');
    EXPECT_EQ(detect_separator("a,b,c\n\"x;y;z;w\",2,3\n", '"', 0), ',');
    // A title line is skipped before the header decides.
    EXPECT_EQ(detect_separator("Export du 30/06/2026, société X\na;b;c\n1;2;3\n", '"', 1), ';');
}

TEST(Profile, ErrorsNameTheKey) {
    auto diag_keys = [](const std::string& json) {
        std::string keys;
        try {
            ImportProfile::parse(json);
        } catch (const DataError& e) {
            for (const auto& d : e.diagnostics()) keys += d.column + "|";
        }
        return keys;
    };
    EXPECT_EQ(diag_keys(R"({"kind": "invoices"})"), "kind|");
    EXPECT_EQ(diag_keys(R"({"kind": "items", "encoding": "klingon"})"), "encoding|");
    EXPECT_EQ(diag_keys(R"({"kind": "items", "separator": "::"})"), "separator|");
    EXPECT_EQ(diag_keys(R"({"kind": "items", "date_formats": ["dd/MMM/yyyy"]})"), "date_formats|");
    EXPECT_EQ(diag_keys(R"({"kind": "items", "sign": "debit_credit"})"), "sign|");
    EXPECT_EQ(diag_keys(R"({"kind": "items", "colums": {}})"), "colums|");
    EXPECT_EQ(diag_keys(R"({"kind": "items", "columns": {"amount": {"source": "A", "value": "1"}}})"), "columns.amount|");
    EXPECT_EQ(diag_keys(R"({"kind": "items", "columns": {"amount": {"source": "A", "mapp": {}}}})"), "columns.amount.mapp|");
    EXPECT_EQ(diag_keys(R"({"kind": "items", "decimal_separator": ",", "thousands_separator": ","})"), "thousands_separator|");
    EXPECT_EQ(diag_keys(R"({"kind": "items", "strict": "yes"})"), "strict|");
    // The full example of data-format.md parses.
    const auto p = ImportProfile::parse(R"({
      "kind": "items", "format": "csv", "encoding": "auto", "separator": "auto", "quote": "\"",
      "skip_rows": 0, "sheet": null, "decimal_separator": ",", "thousands_separator": " ",
      "date_formats": ["dd/MM/yyyy", "yyyyMMdd", "excel"],
      "columns": {
        "customer_id": {"source": "Code client", "strip_leading_zeros": true},
        "item_id":     {"source": "N° pièce"},
        "type":        {"source": "Type", "map": {"FA": "invoice", "AV": "credit_note", "RG": "payment"}},
        "amount":      {"source": "Montant"},
        "issue_date":  {"source": "Date"},
        "due_date":    {"source": "Echéance"},
        "entity":      {"value": "FR01"},
        "comment":     {"concat": ["Libellé", "Réf"], "sep": " "}
      },
      "sign": "by_type", "mandatory": ["customer_id", "item_id", "amount", "issue_date"],
      "blocked": [], "empty_overwrites": false, "unique_key": null, "mode": "merge", "strict": false})");
    EXPECT_EQ(p.columns.size(), 8u);
    EXPECT_EQ(p.date_formats.size(), 3u);
    EXPECT_EQ(p.sign, SignMode::by_type);
}

TEST(Profile, ANumberTooLargeForADoubleIsADataError) {
    // nlohmann reports it as out_of_range (406), not parse_error: it escaped as a
    // non-dsocore exception (fuzz target import_profile, tests/fuzz/regressions/).
    try {
        (void)dsocore::ImportProfile::parse(R"({"kind": "items", "skip_rows": 5e5555555})", "p.json");
        FAIL() << "no error";
    } catch (const dsocore::DataError& e) {
        EXPECT_NE(std::string(e.what()).find("invalid JSON"), std::string::npos) << e.what();
        EXPECT_NE(std::string(e.what()).find("p.json"), std::string::npos) << e.what();
    }
}
