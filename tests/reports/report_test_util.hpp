// Helpers shared by the report tests: run a report on in-memory data, read cells.
#pragma once

#include <map>
#include <optional>
#include <string>

#include "dsocore/core/error.hpp"
#include "dsocore/reports/report.hpp"

namespace dsocore::test {

/// A report request (field by field: designated initializers would leave members
/// without initializers, which -Wextra flags).
inline ReportRequest request(const std::string& name, Date as_of, const std::string& by = "",
                             std::map<std::string, std::string> options = {},
                             std::optional<Currency> base = std::nullopt) {
    ReportRequest r;
    r.name = name;
    r.as_of = as_of;
    r.by = by;
    r.options = std::move(options);
    r.base_currency = base;
    return r;
}

inline Table run(const Ledger& L, const std::string& name, const char* as_of, const std::string& by = "",
                 std::map<std::string, std::string> opts = {}, const std::string& where = "",
                 std::optional<Currency> base = std::nullopt) {
    ReportRequest r;
    r.name = name;
    r.as_of = Date::parse_or_throw(as_of);
    r.by = by;
    r.where = where;
    r.options = std::move(opts);
    r.base_currency = base;
    return run_report(L, r);
}

inline std::string cell(const Table& t, std::size_t row, const std::string& col) {
    return t.cell_text(t.column_index(col), row);
}

/// All cells of a row joined by '|' (column order of the table).
inline std::string row_text(const Table& t, std::size_t row) {
    std::string s;
    for (std::size_t c = 0; c < t.columns.size(); ++c) {
        if (c) s += '|';
        s += t.cell_text(c, row);
    }
    return s;
}

/// The header joined by '|'.
inline std::string header_text(const Table& t) {
    std::string s;
    for (std::size_t c = 0; c < t.columns.size(); ++c) {
        if (c) s += '|';
        s += t.columns[c].name;
    }
    return s;
}

} // namespace dsocore::test
