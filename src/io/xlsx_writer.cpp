// XLSX output of a Table through libxlsxwriter.
#include "dsocore/io/xlsx.hpp"

#include <algorithm>
#include <charconv>
#include <cstdio>
#include <filesystem>

#include <xlsxwriter.h>

#include "dsocore/core/date.hpp"
#include "dsocore/core/decimal.hpp"
#include "dsocore/core/error.hpp"

DSOCORE_BEGIN_NAMESPACE

namespace {

constexpr std::size_t kMaxRows = 1048576; // including the header
constexpr std::size_t kMaxCols = 16384;
constexpr std::size_t kMaxText = 32767;
constexpr std::int64_t kExactLimit = 1000000000000000; // 10^15: up to 15 significant digits

/// Characters, not bytes (UTF-8), for limits and column widths.
std::size_t char_count(std::string_view s) {
    std::size_t n = 0;
    for (const char c : s)
        if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++n;
    return n;
}

std::string sheet_name(std::string_view report) {
    std::string s;
    for (char c : report) {
        if (s.size() >= 31) break;
        s.push_back(std::string_view("[]:*?/\\").find(c) == std::string_view::npos ? c : '_');
    }
    if (s.empty() || s.front() == '\'' || s.back() == '\'') s = "report";
    return s;
}

struct Workbook {
    lxw_workbook* wb;
    explicit Workbook(const std::string& path) : wb(workbook_new(path.c_str())) {}
    ~Workbook() {
        if (wb) {
            workbook_close(wb);
        }
    }
    Workbook(const Workbook&) = delete;
    Workbook& operator=(const Workbook&) = delete;
};

void check(lxw_error e, const std::string& path, std::size_t row, std::size_t col) {
    if (e != LXW_NO_ERROR)
        throw Error(Errc::io, path + ": cannot write the cell at row " + std::to_string(row + 1) + ", column " +
                                  std::to_string(col + 1) + ": " + lxw_strerror(e));
}

bool excel_date(std::int64_t day) {
    // 1900-03-01 .. 9999-12-31 (before March 1900 Excel and LibreOffice disagree).
    return day >= days_from_civil(1900, 3, 1) && day <= days_from_civil(9999, 12, 31);
}

/// Checks that `t` fits a worksheet; returns its column widths.
std::vector<double> check_sheet(const Table& t) {
    const std::size_t rows = t.rows(), cols = t.columns.size();
    if (rows + 1 > kMaxRows)
        throw Error(Errc::invalid_argument, "xlsx: " + std::to_string(rows) + " rows do not fit a worksheet (at most " +
                                                std::to_string(kMaxRows - 1) + "); use csv");
    if (cols > kMaxCols)
        throw Error(Errc::invalid_argument, "xlsx: " + std::to_string(cols) + " columns do not fit a worksheet (at most " +
                                                std::to_string(kMaxCols) + ")");
    // Column widths and the text limit, checked before anything is written.
    std::vector<double> width(cols, 8.0);
    std::string cell;
    for (std::size_t c = 0; c < cols; ++c) {
        std::size_t w = char_count(t.columns[c].name);
        for (std::size_t r = 0; r < rows; ++r) {
            cell.clear();
            t.append_cell(cell, c, r);
            const std::size_t n = char_count(cell);
            if (t.columns[c].type == CellType::text && n > kMaxText)
                throw Error(Errc::invalid_argument, "xlsx: the text in row " + std::to_string(r + 1) + ", column " +
                                                        t.columns[c].name + " has " + std::to_string(n) +
                                                        " characters; a cell holds at most 32767");
            w = std::max(w, n);
        }
        width[c] = static_cast<double>(std::min<std::size_t>(std::max<std::size_t>(w + 2, 8), 60));
    }
    return width;
}

void write_sheet(lxw_workbook* wb, const Table& t, const std::vector<double>& width, const std::string& name,
                 const std::string& path) {
    const std::size_t rows = t.rows(), cols = t.columns.size();
    std::string cell;
    {
        lxw_worksheet* ws = workbook_add_worksheet(wb, name.c_str());
        if (!ws) throw Error(Errc::io, path + ": cannot add a worksheet");
        lxw_format* header = workbook_add_format(wb);
        format_set_bold(header);
        lxw_format* date_fmt = workbook_add_format(wb);
        format_set_num_format(date_fmt, "yyyy-mm-dd");
        lxw_format* int_fmt = workbook_add_format(wb);
        format_set_num_format(int_fmt, "0");
        // One number format per number of decimals ("0", "0.0", "0.00" …), made on demand.
        std::vector<lxw_format*> by_scale(40, nullptr);
        auto decimal_format = [&](int digits) {
            const auto k = static_cast<std::size_t>(std::clamp(digits, 0, 30));
            if (!by_scale[k]) {
                std::string nf = "0";
                if (k > 0) nf += "." + std::string(k, '0');
                by_scale[k] = workbook_add_format(wb);
                format_set_num_format(by_scale[k], nf.c_str());
            }
            return by_scale[k];
        };
        for (std::size_t c = 0; c < cols; ++c) {
            const auto lc = static_cast<lxw_col_t>(c);
            check(worksheet_set_column(ws, lc, lc, width[c], nullptr), path, 0, c);
            check(worksheet_write_string(ws, 0, lc, t.columns[c].name.c_str(), header), path, 0, c);
        }
        worksheet_freeze_panes(ws, 1, 0);
        for (std::size_t r = 0; r < rows; ++r) {
            const auto lr = static_cast<lxw_row_t>(r + 1);
            for (std::size_t c = 0; c < cols; ++c) {
                const Column& col = t.columns[c];
                if (col.nulls[r]) continue;
                const auto lc = static_cast<lxw_col_t>(c);
                lxw_error e = LXW_NO_ERROR;
                switch (col.type) {
                case CellType::text:
                    if (!col.texts[r].empty()) e = worksheet_write_string(ws, lr, lc, col.texts[r].c_str(), nullptr);
                    break;
                case CellType::integer:
                case CellType::decimal: {
                    const std::int64_t v = col.ints[r];
                    cell.clear();
                    t.append_cell(cell, c, r);
                    if (v >= kExactLimit || v <= -kExactLimit) {
                        e = worksheet_write_string(ws, lr, lc, cell.c_str(), nullptr);
                        break;
                    }
                    // The double nearest to the exact decimal text (correctly rounded).
                    double x = 0;
                    const auto res = std::from_chars(cell.data(), cell.data() + cell.size(), x);
                    if (res.ec != std::errc()) throw Error(Errc::internal, "xlsx: cannot read back '" + cell + "'");
                    // A decimal column may print some rows with fewer digits (row_scale:
                    // amounts in each item's own currency); the format follows the row.
                    lxw_format* fmt = int_fmt;
                    if (col.type == CellType::decimal)
                        fmt = decimal_format(r < col.row_scale.size() && col.row_scale[r] < col.scale ? col.row_scale[r]
                                                                                                        : col.scale);
                    e = worksheet_write_number(ws, lr, lc, x, fmt);
                    break;
                }
                case CellType::date: {
                    const std::int64_t day = col.ints[r];
                    if (!excel_date(day)) {
                        cell.clear();
                        t.append_cell(cell, c, r);
                        e = worksheet_write_string(ws, lr, lc, cell.c_str(), nullptr);
                        break;
                    }
                    const YearMonthDay ymd = Date::from_days(static_cast<std::int32_t>(day)).ymd();
                    lxw_datetime dt{ymd.year, ymd.month, ymd.day, 0, 0, 0.0};
                    e = worksheet_write_datetime(ws, lr, lc, &dt, date_fmt);
                    break;
                }
                case CellType::boolean: e = worksheet_write_boolean(ws, lr, lc, col.ints[r] != 0 ? 1 : 0, nullptr); break;
                }
                check(e, path, r + 1, c);
            }
        }
    }
}

} // namespace

void write_xlsx(const Table& t, const std::string& path) { write_xlsx_sheets(std::vector<const Table*>{&t}, path); }

void write_xlsx_sheets(const std::vector<const Table*>& sheets, const std::string& path) {
    // Everything is checked before anything is written.
    std::vector<std::vector<double>> widths;
    std::vector<std::string> names;
    for (const Table* t : sheets) {
        widths.push_back(check_sheet(*t));
        std::string n = sheet_name(t->report);
        for (int k = 2; std::find(names.begin(), names.end(), n) != names.end(); ++k)
            n = sheet_name(t->report).substr(0, 28) + "_" + std::to_string(k);
        names.push_back(n);
    }
    const std::string tmp = path + ".tmp-dsocore";
    try {
        Workbook book(tmp);
        if (!book.wb) throw Error(Errc::io, path + ": cannot create the workbook");
        lxw_workbook* wb = book.wb;
        for (std::size_t i = 0; i < sheets.size(); ++i) write_sheet(wb, *sheets[i], widths[i], names[i], path);
        const lxw_error e = workbook_close(wb);
        book.wb = nullptr;
        if (e != LXW_NO_ERROR) throw Error(Errc::io, path + ": cannot write the workbook: " + lxw_strerror(e));
    } catch (...) {
        std::error_code ec;
        std::filesystem::remove(tmp, ec); // the guard closed (wrote) the workbook: leave nothing
        throw;
    }
    std::error_code ec;
    std::filesystem::rename(tmp, path, ec);
    if (ec) {
        std::filesystem::remove(tmp, ec);
        throw Error(Errc::io, path + ": cannot write: " + ec.message());
    }
}

DSOCORE_END_NAMESPACE
