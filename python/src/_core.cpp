// dsocore._core — the private compiled module of the Python package.
//
// Thin: converts types and errors, calls the C++ core. Results are handed over column by
// column (handover.cpp); the operations that write to a data directory (render, act,
// import/export, limits, assign) are in operations.cpp. Long calls release the GIL.
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>
#include <pybind11/stl/filesystem.h>

#include <memory>
#include <optional>

#include "dsocore/core/config.hpp"
#include "dsocore/core/decimal.hpp"
#include "dsocore/core/error.hpp"
#include "dsocore/ledger/ledger.hpp"
#include "dsocore/collection/agenda.hpp"
#include "dsocore/collection/alerts.hpp"
#include "dsocore/reports/report.hpp"
#include "dsocore/risk/roles.hpp"
#include "module.hpp"

namespace py = pybind11;
using namespace dsocore;
using namespace dsocore::python;

std::filesystem::path dsocore::python::data_directory(const PyLedger& l, const char* operation) {
    const auto& dir = l.ledger->directory();
    if (dir.empty() || Ledger::is_snapshot(dir))
        throw Error(Errc::invalid_argument, std::string(operation) +
                                                " writes to the data directory; this ledger has none (built from "
                                                "DataFrames or opened from a snapshot): load a directory");
    return dir;
}

namespace {

struct ExceptionTypes {
    py::object base, usage, data, file, calculation, not_found, access, internal;
};
ExceptionTypes& exc() {
    static ExceptionTypes e;
    return e;
}

py::object type_for(Errc code) {
    const ExceptionTypes& e = exc();
    switch (code) {
    case Errc::invalid_argument: return e.usage;
    case Errc::data: return e.data;
    case Errc::io: return e.file;
    case Errc::overflow:
    case Errc::currency_mismatch:
    case Errc::missing_rate: return e.calculation;
    case Errc::not_found: return e.not_found;
    case Errc::permission: return e.access;
    case Errc::internal: return e.internal;
    case Errc::ok: break;
    }
    return e.base;
}

void raise(const py::object& type, const char* what, int code, py::object diagnostics) {
    py::object inst = type(what);
    inst.attr("code") = code;
    inst.attr("diagnostics") = std::move(diagnostics);
    PyErr_SetObject(type.ptr(), inst.ptr());
}

py::object make_exception(py::module_& m, const char* name, const py::object& base, const char* doc,
                          const py::object& extra_base = py::object()) {
    py::tuple bases = extra_base ? py::make_tuple(base, extra_base) : py::make_tuple(base);
    py::dict ns;
    ns["__doc__"] = doc;
    ns["__module__"] = "dsocore";
    py::object type = py::reinterpret_borrow<py::object>(reinterpret_cast<PyObject*>(&PyType_Type))(name, bases, ns);
    m.attr(name) = type;
    return type;
}

} // namespace

namespace {
/// The customer rows a role-scoped view sees (a collector's customers; empty: every
/// customer, without a role or for the other roles).
std::vector<std::uint8_t> role_scope(const Ledger& ledger, const std::optional<std::string>& role,
                                     const std::string& user) {
    if (!role) {
        if (!user.empty()) throw Error(Errc::invalid_argument, "user without role");
        return {};
    }
    const RoleView view(ledger, parse_role_or_throw(*role), user);
    view.require(Operation::read);
    return view.scope();
}
} // namespace

PYBIND11_MODULE(_core, m) {
    m.doc() = "dsocore private compiled module; use the dsocore package.";
    m.attr("__version__") = std::to_string(DSOCORE_VERSION_MAJOR) + "." + std::to_string(DSOCORE_VERSION_MINOR) +
                            "." + std::to_string(DSOCORE_VERSION_PATCH);

    ExceptionTypes& e = exc();
    e.base = make_exception(m, "Error", py::reinterpret_borrow<py::object>(PyExc_Exception),
                            "Any dsocore error; .code is the dsocore::Errc value, str() the C++ message.");
    e.usage = make_exception(m, "UsageError", e.base, "Bad usage: unknown report or option, bad value.",
                             py::reinterpret_borrow<py::object>(PyExc_ValueError));
    e.data = make_exception(m, "DataError", e.base,
                            "Bad input data; .diagnostics lists (file, line, column, value, message).",
                            py::reinterpret_borrow<py::object>(PyExc_ValueError));
    e.file = make_exception(m, "FileError", e.base, "A file could not be read or written.",
                            py::reinterpret_borrow<py::object>(PyExc_OSError));
    e.calculation = make_exception(m, "CalculationError", e.base,
                                   "An exact figure cannot be computed: overflow, currency mismatch, missing fx rate.");
    e.not_found = make_exception(m, "NotFoundError", e.base, "An id or name that does not exist.",
                                 py::reinterpret_borrow<py::object>(PyExc_LookupError));
    e.access = make_exception(m, "AccessError", e.base, "The role of a view does not allow the operation.");
    e.internal = make_exception(m, "InternalError", e.base, "A broken invariant in dsocore (a bug: report it).");

    py::register_exception_translator([](std::exception_ptr p) {
        try {
            if (p) std::rethrow_exception(p);
        } catch (const DataError& err) {
            py::list diags;
            for (const auto& d : err.diagnostics())
                diags.append(py::make_tuple(d.file, d.line, d.column, d.value, d.message));
            raise(exc().data, err.what(), static_cast<int>(err.code()), std::move(diags));
        } catch (const Error& err) {
            raise(type_for(err.code()), err.what(), static_cast<int>(err.code()), py::list());
        }
    });

    py::class_<PyTable> table(m, "Table", "A report result: typed columns, handed over column by column.");
    table
        .def_property_readonly("report", [](const PyTable& t) { return t.table->report; })
        .def_property_readonly("as_of", [](const PyTable& t) { return t.table->as_of.to_string(); })
        .def_property_readonly("base_currency", [](const PyTable& t) { return t.table->base_currency; })
        .def_property_readonly("row_count", [](const PyTable& t) { return t.table->rows(); })
        .def("column_names",
             [](const PyTable& t) {
                 std::vector<std::string> n;
                 for (const auto& c : t.table->columns) n.push_back(c.name);
                 return n;
             })
        .def("to_csv", [](const PyTable& t) { return to_csv(*t.table); })
        .def("to_json", [](const PyTable& t) { return to_json(*t.table); });
    bind_handover(m, table);

    py::class_<PyLedger> ledger(m, "Ledger", "A loaded, validated data directory (immutable).");
    ledger
        .def_property_readonly("customer_count", [](const PyLedger& l) { return l.ledger->customers().size(); })
        .def_property_readonly("item_count", [](const PyLedger& l) { return l.ledger->items().size(); })
        .def_property_readonly("directory", [](const PyLedger& l) { return l.ledger->directory().string(); })
        .def(
            "report",
            [](const PyLedger& l, const std::string& name, const std::string& as_of,
               const std::optional<std::string>& base_currency, const std::string& by, const std::string& where,
               const std::map<std::string, std::string>& options, const std::optional<std::string>& role,
               const std::string& user) {
                ReportRequest req;
                req.name = name;
                req.as_of = parse_date(as_of);
                if (base_currency) {
                    req.base_currency = Currency::find(*base_currency);
                    if (!req.base_currency)
                        throw Error(Errc::invalid_argument,
                                    "base_currency '" + *base_currency + "': expected an ISO 4217 currency code");
                }
                req.by = by;
                req.where = where;
                req.options = options;
                // A role-scoped view (risk.md "Roles"): a collector's reports cover their customers.
                req.customer_scope = role_scope(*l.ledger, role, user);
                std::shared_ptr<const Ledger> keep = l.ledger;
                py::gil_scoped_release release;
                return PyTable{std::make_shared<const Table>(run_report(*keep, req))};
            },
            py::arg("name"), py::arg("as_of"), py::arg("base_currency") = py::none(), py::arg("by") = "",
            py::arg("where") = "", py::arg("options") = std::map<std::string, std::string>{},
            py::arg("role") = py::none(), py::arg("user") = "")
        .def(
            "agenda",
            [](const PyLedger& l, const std::string& as_of, int horizon_days,
               const std::optional<std::string>& base_currency, const std::optional<std::string>& role,
               const std::string& user) {
                AgendaOptions o;
                o.customer_scope = role_scope(*l.ledger, role, user); // a collector's payers only
                if (horizon_days < 0)
                    throw Error(Errc::invalid_argument, "horizon " + std::to_string(horizon_days) +
                                                            ": expected a number of days >= 0");
                o.horizon_days = horizon_days;
                o.base_currency = currency_or_none(base_currency);
                const Date d = parse_date(as_of);
                std::shared_ptr<const Ledger> keep = l.ledger;
                py::gil_scoped_release release;
                return PyTable{std::make_shared<const Table>(agenda_table(*keep, compute_agenda(*keep, d, o)))};
            },
            py::arg("as_of"), py::arg("horizon_days") = 14, py::arg("base_currency") = py::none(),
            py::arg("role") = py::none(), py::arg("user") = "")
        .def(
            "alerts",
            [](const PyLedger& l, const std::string& as_of, const std::optional<std::string>& base_currency,
               int not_dunned_days, int declaration_days, const std::vector<std::string>& rules,
               const std::optional<std::string>& role, const std::string& user) {
                AlertOptions o;
                o.customer_scope = role_scope(*l.ledger, role, user); // a collector's customers only
                if (not_dunned_days < 0 || declaration_days < 0)
                    throw Error(Errc::invalid_argument, "not_dunned_days, declaration_days: expected days >= 0");
                o.base_currency = currency_or_none(base_currency);
                o.not_dunned_days = not_dunned_days;
                o.declaration_days = declaration_days;
                o.rules = rules;
                const Date d = parse_date(as_of);
                std::shared_ptr<const Ledger> keep = l.ledger;
                py::gil_scoped_release release;
                return PyTable{std::make_shared<const Table>(alerts_table(*keep, compute_alerts(*keep, d, o)))};
            },
            py::arg("as_of"), py::arg("base_currency") = py::none(), py::arg("not_dunned_days") = 15,
            py::arg("declaration_days") = 15, py::arg("rules") = std::vector<std::string>{},
            py::arg("role") = py::none(), py::arg("user") = "")
        .def(
            "export",
            [](const PyLedger& l, const std::string& dir) {
                std::shared_ptr<const Ledger> keep = l.ledger;
                py::gil_scoped_release release;
                keep->save(dir);
            },
            py::arg("directory"))
        .def("file_text", [](const PyLedger& l, const std::string& file) { return l.ledger->csv_text(file); },
             py::arg("file"))
        .def_property_readonly("has_templates", [](const PyLedger& l) { return !l.ledger->templates().list.empty(); });
    bind_operations(m, ledger, table);

    m.def(
        "load",
        [](const std::string& dir, bool templates) {
            LoadOptions o;
            o.templates = templates;
            py::gil_scoped_release release;
            return PyLedger{std::make_shared<const Ledger>(Ledger::load(dir, o))};
        },
        py::arg("directory"), py::arg("templates") = false);
    m.def(
        "load_sources",
        [](const std::map<std::string, std::string>& sources) {
            DataSources src(sources.begin(), sources.end());
            py::gil_scoped_release release;
            return PyLedger{std::make_shared<const Ledger>(Ledger::load_sources(src))};
        },
        py::arg("sources"));
    m.def("role_allows", [](const std::string& role, const std::string& operation) {
        return RoleView::allows(parse_role_or_throw(role), parse_operation_or_throw(operation));
    });
    m.def("report_names", [] {
        std::vector<std::pair<std::string, std::string>> r;
        for (const auto& i : report_registry()) r.emplace_back(i.name, i.summary);
        return r;
    });
    m.def(
        "synthetic_table",
        [](std::size_t rows) {
            // For the hand-over benchmark and tests: a table shaped like a report, built
            // without a ledger (key texts, dates, integers, amounts, a nullable ratio).
            Table t;
            t.report = "synthetic";
            t.base_currency = "EUR";
            const auto c_id = t.add_column("customer_id", CellType::text);
            const auto c_due = t.add_column("due_date", CellType::date);
            const auto c_n = t.add_column("items", CellType::integer);
            const auto c_amt = t.add_column("amount", CellType::decimal, 2);
            const auto c_open = t.add_column("open", CellType::decimal, 2);
            const auto c_pct = t.add_column("overdue_pct", CellType::decimal, 1);
            for (auto& c : t.columns) {
                c.nulls.reserve(rows);
                if (c.type == CellType::text) c.texts.reserve(rows);
                else c.ints.reserve(rows);
            }
            for (std::size_t r = 0; r < rows; ++r) {
                const auto k = static_cast<std::int64_t>(r);
                t.push_text(c_id, "C" + std::to_string(100000 + r));
                t.push_date(c_due, Date::from_days(static_cast<std::int32_t>(20000 + k % 600)));
                t.push_int(c_n, k % 17);
                t.push_decimal(c_amt, (k * 7919) % 10000000 - 5000000);
                t.push_decimal(c_open, (k * 104729) % 1000000);
                if (k % 10 == 0) t.push_null(c_pct);
                else t.push_decimal(c_pct, k % 1001);
            }
            return PyTable{std::make_shared<const Table>(std::move(t))};
        },
        py::arg("rows"));
}
