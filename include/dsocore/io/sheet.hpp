// dsocore — row sources for imports: CSV/TXT text, XLSX (libzip + expat), XLS (freexl).
//
// A source yields rows of cells. A cell is text, an exact number (spreadsheet numeric
// cells, already turned into their shortest round-trip decimal) or a date (a numeric
// cell whose style is a date format, as YYYY-MM-DD). Each row carries its original
// line (CSV: physical line where the record starts; spreadsheets: row number) and its
// raw text for the reject file.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "dsocore/core/config.hpp"

DSOCORE_BEGIN_NAMESPACE

enum class CellKind : std::uint8_t { text, number, date };

struct Cell {
    std::string_view text;
    CellKind kind = CellKind::text;
};

struct SourceRow {
    std::int64_t line = 0;
    std::string_view raw;   ///< the record as read (CSV) or its cells joined as CSV
    std::vector<Cell> cells;
    std::string error;      ///< malformed record (unterminated quote …); cells unusable
};

class RowSource {
public:
    virtual ~RowSource() = default;
    /// Next row; false at the end. Views stay valid until the next call.
    virtual bool next(SourceRow& row) = 0;
    /// The text the source owns and cells point into for as long as the source lives
    /// (CSV: the whole decoded file); empty when cells are only valid until next().
    virtual std::string_view buffer() const { return {}; }
};

/// CSV over UTF-8 text it owns; `quote` 0 disables quoting. Blank lines are skipped.
std::unique_ptr<RowSource> open_csv_source(std::string utf8, char separator, char quote);

/// Sheet chosen by name, else by 1-based index, else the first. Throws Error(data)
/// naming the file when it cannot be read, Error(not_found) listing the sheets.
std::unique_ptr<RowSource> open_xlsx_source(const std::string& path, const std::string& sheet, int sheet_index);
std::unique_ptr<RowSource> open_xls_source(const std::string& path, const std::string& sheet, int sheet_index);

/// Whether an Excel number format code shows a date (d or y outside quotes/brackets).
bool excel_format_is_date(std::string_view code);
/// Whether a built-in Excel number format id is a date format (14–17, 22, 27–36, 50–58).
bool excel_builtin_is_date(int id);

DSOCORE_END_NAMESPACE
