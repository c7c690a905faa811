// dsocore._core — what the module's source files share (private to python/src).
#pragma once

#include <pybind11/pybind11.h>

#include <memory>
#include <optional>
#include <string>

#include "dsocore/core/currency.hpp"
#include "dsocore/core/date.hpp"
#include "dsocore/core/error.hpp"
#include "dsocore/ledger/ledger.hpp"
#include "dsocore/reports/table.hpp"

namespace dsocore::python {

namespace py = pybind11;

struct PyLedger {
    std::shared_ptr<const Ledger> ledger;
};

struct PyTable {
    std::shared_ptr<const Table> table;
};

/// "YYYY-MM-DD" → Date; Error(invalid_argument) naming `what` otherwise.
inline Date parse_date(const std::string& s, const char* what = "as_of") {
    if (auto d = Date::parse(s)) return *d;
    throw Error(Errc::invalid_argument, std::string(what) + " '" + s + "': expected a date YYYY-MM-DD");
}

inline std::optional<Currency> currency_or_none(const std::optional<std::string>& code) {
    if (!code) return std::nullopt;
    auto c = Currency::find(*code);
    if (!c) throw Error(Errc::invalid_argument, "base_currency '" + *code + "': expected an ISO 4217 currency code");
    return c;
}

/// The data directory of a ledger, for operations that write to it; Error(invalid_argument)
/// for a ledger built from DataFrames or opened from a snapshot file.
std::filesystem::path data_directory(const PyLedger& l, const char* operation);

/// Table.columns(), the fast object builders (handover.cpp).
void bind_handover(py::module_& m, py::class_<PyTable>& table);
/// render, act, import/export, risk operations (operations.cpp).
void bind_operations(py::module_& m, py::class_<PyLedger>& ledger, py::class_<PyTable>& table);
/// import_file (import_ops.cpp).
void bind_import(py::module_& m);

} // namespace dsocore::python
