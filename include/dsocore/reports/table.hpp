// dsocore — the result of every report: a typed, columnar table.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "dsocore/core/currency.hpp"
#include "dsocore/core/date.hpp"

DSOCORE_BEGIN_NAMESPACE

enum class CellType : std::uint8_t {
    text,
    integer, ///< counts, day differences
    decimal, ///< exact fixed point: units × 10^-scale (amounts, percentages, days)
    date,
    boolean,
};
const char* to_string(CellType t) noexcept;

struct Column {
    std::string name;
    CellType type = CellType::text;
    int scale = 0;                  ///< decimal only
    std::vector<std::int64_t> ints; ///< integer, decimal units, date days, boolean 0/1
    std::vector<std::string> texts; ///< text
    std::vector<std::uint8_t> nulls; ///< 1 = empty field (undefined figure)
    /// Decimal only, optional: digits printed for each row, ≤ scale (rows beyond its
    /// size print `scale` digits). The value is always ints[row] × 10^-scale, exact; a row
    /// with fewer digits holds a multiple of 10^(scale − row_scale[row]). Used where one
    /// column mixes minor units (penalties: amounts in each item's own currency), so a
    /// consumer that ignores it still reads the exact value, only with extra zeros.
    std::vector<std::int8_t> row_scale;
};

/// Columns of equal length. Build it row by row with the add_* calls (each call fills
/// the next column of the current row) or column by column.
class Table {
public:
    std::string report;
    Date as_of;
    std::string base_currency;
    std::vector<Column> columns;

    std::size_t add_column(std::string name, CellType type, int scale = 0);
    std::size_t rows() const noexcept { return columns.empty() ? 0 : columns[0].nulls.size(); }
    std::size_t column_index(std::string_view name) const; ///< throws Error(not_found)

    /// Room for `rows` rows in every column added so far (a report that knows its row
    /// count calls it once: no regrowth while the rows are pushed).
    void reserve(std::size_t rows);
    void push_text(std::size_t col, std::string_view v);
    void push_int(std::size_t col, std::int64_t v);
    void push_decimal(std::size_t col, std::int64_t units);
    /// A decimal given at `digits` ≤ the column's scale, printed with `digits` digits
    /// (fills row_scale).
    void push_decimal_at(std::size_t col, std::int64_t units, int digits);
    void push_date(std::size_t col, Date d);
    void push_bool(std::size_t col, bool v);
    void push_null(std::size_t col);

    bool is_null(std::size_t col, std::size_t row) const { return columns[col].nulls[row] != 0; }
    /// The printed form of a cell ("" for an empty field).
    std::string cell_text(std::size_t col, std::size_t row) const;
    void append_cell(std::string& out, std::size_t col, std::size_t row) const;
};

/// CSV: header row, then one line per row; LF line ends. Meant for spreadsheets: a
/// text cell starting with = + - @ TAB or CR is written with a leading single quote
/// so that it is never evaluated as a formula (docs/robustness.md). Numbers, dates
/// and the canonical data files (Ledger::csv_text) are never altered.
std::string to_csv(const Table& t);
/// JSON: {"report":…, "as_of":…, "base_currency":…, "rows":[{…}]}; amounts as strings.
std::string to_json(const Table& t);

DSOCORE_END_NAMESPACE
