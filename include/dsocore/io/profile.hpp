// dsocore — import profiles (data-format.md, "Import profiles"): how to read one messy
// file into one canonical file kind.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "dsocore/core/config.hpp"
#include "dsocore/io/parse.hpp"

DSOCORE_BEGIN_NAMESPACE

enum class ImportKind { customers, items, allocations, fx, disputes, actions };
const char* to_string(ImportKind k) noexcept;
std::optional<ImportKind> parse_import_kind(std::string_view s) noexcept;

/// How a canonical field's text is read from the source.
enum class ProfileFieldType { text, code, amount, decimal, integer, date };

struct FieldSpec {
    std::string_view name;
    ProfileFieldType type;
};

/// The canonical columns of one file kind, in canonical order (custom_1 … custom_12
/// follow for customers and items).
struct KindSpec {
    ImportKind kind;
    std::string_view file; ///< "items.csv"
    std::vector<FieldSpec> fields;
    bool customs;
    std::vector<std::string_view> key; ///< natural key fields (entity first when present)
    /// Index of a field name (custom_N included), -1 when unknown.
    int field_index(std::string_view name) const;
    std::size_t width() const { return fields.size() + (customs ? 12u : 0u); }
    std::string field_name(std::size_t i) const;
    ProfileFieldType field_type(std::size_t i) const;
};
const KindSpec& kind_spec(ImportKind k);

enum class InputFormat { csv, xlsx, xls };
enum class SignMode { as_is, by_type, debit_credit };
enum class ImportMode { merge, replace_open_items };
enum class CaseMode { keep, upper, lower };

/// One entry of "columns": where a canonical field comes from and how it is cleaned.
struct ColumnRule {
    std::string field;
    int field_index = -1;
    enum class From { source, value, concat } from = From::source;
    std::string source;              ///< header name (From::source)
    std::string value;               ///< constant, canonical form (From::value)
    std::vector<std::string> concat; ///< header names (From::concat)
    std::string sep = " ";
    std::map<std::string, std::string> map; ///< cleaned source value → value
    bool strip_leading_zeros = false;
    bool trim = true;
    bool collapse_spaces = false;
    CaseMode text_case = CaseMode::keep;
    std::vector<DateFormat> date_formats; ///< empty: the profile's
};

struct ImportProfile {
    std::optional<ImportKind> kind;
    std::optional<InputFormat> format; ///< absent: from the input's extension
    std::string encoding = "auto";
    char separator = 0; ///< 0 = auto
    char quote = '"';   ///< 0 = no quoting
    int skip_rows = 0;
    std::string sheet;     ///< name; empty = first sheet (or sheet_index)
    int sheet_index = 0;   ///< 1-based when given as a number
    NumberFormat number;
    std::vector<DateFormat> date_formats{DateFormat::parse("yyyy-MM-dd")};
    std::vector<ColumnRule> columns; ///< empty with columns_given false: identity mapping
    bool columns_given = false;
    SignMode sign = SignMode::as_is;
    std::string debit, credit; ///< source columns (sign debit_credit)
    std::vector<std::string> mandatory, blocked, unique_key;
    bool empty_overwrites = false;
    ImportMode mode = ImportMode::merge;
    bool strict = false;

    /// Parses and checks a profile. Throws DataError with one diagnostic per bad key
    /// (column = the key path, e.g. "columns.type.map", message = what was expected).
    static ImportProfile parse(std::string_view json_text, const std::string& shown_name = "profile");
    static ImportProfile load(const std::string& path);
    /// The canonical profile of a kind: identity mapping of canonical columns.
    static ImportProfile canonical(ImportKind kind);
};

DSOCORE_END_NAMESPACE
