// Internal: a fully read spreadsheet as a row source.
#pragma once

#include <string>
#include <vector>

#include "dsocore/io/csv.hpp"
#include "dsocore/io/sheet.hpp"

DSOCORE_BEGIN_NAMESPACE
namespace detail {

struct GridRow {
    std::int64_t line = 0;
    std::vector<std::string> text;
    std::vector<CellKind> kind;
    void set(std::size_t col, std::string v, CellKind k) {
        if (text.size() <= col) {
            text.resize(col + 1);
            kind.resize(col + 1, CellKind::text);
        }
        text[col] = std::move(v);
        kind[col] = k;
    }
};

class GridSource final : public RowSource {
public:
    explicit GridSource(std::vector<GridRow> rows) : rows_(std::move(rows)) {}
    bool next(SourceRow& row) override {
        if (i_ >= rows_.size()) return false;
        const GridRow& g = rows_[i_++];
        row.line = g.line;
        row.error.clear();
        row.cells.clear();
        raw_.clear();
        for (std::size_t c = 0; c < g.text.size(); ++c) {
            if (c) raw_.push_back(',');
            csv_append_field(raw_, g.text[c]);
            row.cells.push_back(Cell{g.text[c], g.kind[c]});
        }
        row.raw = raw_;
        return true;
    }

private:
    std::vector<GridRow> rows_;
    std::size_t i_ = 0;
    std::string raw_;
};

} // namespace detail
DSOCORE_END_NAMESPACE
