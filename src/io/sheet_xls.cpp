// XLS (BIFF) row source through libfreexl.
#include <freexl.h>

#include "dsocore/core/error.hpp"
#include "dsocore/io/parse.hpp"
#include "grid.hpp"

DSOCORE_BEGIN_NAMESPACE

std::unique_ptr<RowSource> open_xls_source(const std::string& path, const std::string& sheet, int sheet_index) {
    const void* h = nullptr;
    if (freexl_open(path.c_str(), &h) != FREEXL_OK) {
        if (h) freexl_close(h);
        throw Error(Errc::data, path + ": cannot read as an XLS workbook");
    }
    struct Closer {
        const void* h;
        ~Closer() { freexl_close(h); }
    } closer{h};
    unsigned int count = 0;
    if (freexl_get_info(h, FREEXL_BIFF_SHEET_COUNT, &count) != FREEXL_OK || count == 0)
        throw Error(Errc::data, path + ": the workbook has no worksheet");
    int chosen = -1;
    std::string names;
    for (unsigned int i = 0; i < count; ++i) {
        const char* nm = nullptr;
        if (freexl_get_worksheet_name(h, static_cast<unsigned short>(i), &nm) != FREEXL_OK || !nm) nm = "";
        names += (names.empty() ? "" : ", ") + std::string(nm);
        if (!sheet.empty() && sheet == nm) chosen = static_cast<int>(i);
    }
    if (sheet.empty()) chosen = sheet_index > 0 ? sheet_index - 1 : 0;
    if (chosen < 0 || chosen >= static_cast<int>(count))
        throw Error(Errc::not_found, path + ": no sheet " + (sheet.empty() ? "number " + std::to_string(sheet_index) : "'" + sheet + "'") +
                                         "; the workbook has " + names);
    if (freexl_select_active_worksheet(h, static_cast<unsigned short>(chosen)) != FREEXL_OK)
        throw Error(Errc::data, path + ": cannot select the worksheet");
    unsigned int rows = 0;
    unsigned short cols = 0;
    if (freexl_worksheet_dimensions(h, &rows, &cols) != FREEXL_OK) throw Error(Errc::data, path + ": cannot read the sheet dimensions");
    std::vector<detail::GridRow> grid;
    for (unsigned int r = 0; r < rows; ++r) {
        detail::GridRow g;
        g.line = static_cast<std::int64_t>(r) + 1;
        for (unsigned short c = 0; c < cols; ++c) {
            FreeXL_CellValue v;
            if (freexl_get_cell_value(h, r, c, &v) != FREEXL_OK) throw Error(Errc::data, path + ": unreadable cell");
            switch (v.type) {
            case FREEXL_CELL_INT: g.set(c, std::to_string(v.value.int_value), CellKind::number); break;
            case FREEXL_CELL_DOUBLE: g.set(c, shortest_decimal(v.value.double_value), CellKind::number); break;
            case FREEXL_CELL_TEXT:
            case FREEXL_CELL_SST_TEXT:
            case FREEXL_CELL_TIME: g.set(c, v.value.text_value ? v.value.text_value : "", CellKind::text); break;
            case FREEXL_CELL_DATE:
            case FREEXL_CELL_DATETIME:
                g.set(c, std::string(v.value.text_value ? v.value.text_value : "").substr(0, 10), CellKind::date);
                break;
            default: break;
            }
        }
        grid.push_back(std::move(g));
    }
    return std::make_unique<detail::GridSource>(std::move(grid));
}

DSOCORE_END_NAMESPACE
