// dsocore._core — the private compiled module of the Python package.
//
// Thin: converts types and errors, calls the C++ core. Results are handed over column by
// column: per column one numpy array (integers, day numbers, booleans, null flags), or for
// texts and decimals a dictionary (the distinct values as one joined str + int32 codes);
// the Python side builds Decimal/date objects and the DataFrame. No per-row Python object
// is created here. Long calls release the GIL.
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <cstring>
#include <memory>
#include <optional>
#include <string_view>
#include <unordered_map>
#include <algorithm>

#include "dsocore/core/config.hpp"
#include "dsocore/core/decimal.hpp"
#include "dsocore/core/error.hpp"
#include "dsocore/ledger/ledger.hpp"
#include "dsocore/collection/agenda.hpp"
#include "dsocore/collection/alerts.hpp"
#include "dsocore/reports/report.hpp"

namespace py = pybind11;
using namespace dsocore;

namespace {

struct PyLedger {
    std::shared_ptr<const Ledger> ledger;
};

struct PyTable {
    std::shared_ptr<const Table> table;
};

template <class T>
py::array_t<T> to_numpy(const std::vector<std::int64_t>& v) {
    py::array_t<T> a(static_cast<py::ssize_t>(v.size()));
    T* out = a.mutable_data();
    for (std::size_t i = 0; i < v.size(); ++i) out[i] = static_cast<T>(v[i]);
    return a;
}

/// Dictionary encoding: the distinct values of a column in first-seen order, and per row
/// the index of its value. Report columns repeat a lot (entities, 0.00 buckets), so the
/// Python side builds one object per distinct value and numpy's take() does the rest.
template <class Key, class Hash = std::hash<Key>>
struct Dictionary {
    std::unordered_map<Key, std::int32_t, Hash> index;
    std::vector<Key> values;
    py::array_t<std::int32_t> codes;
    explicit Dictionary(std::size_t n) : codes(static_cast<py::ssize_t>(n)), limit(n / 4) { index.reserve(64); }
    /// Encodes every row; false (give up) as soon as the distinct values pass a quarter
    /// of the rows, where one object per row is as cheap as the dictionary.
    template <class Get>
    bool encode(std::size_t n, Get get) {
        std::int32_t* out = codes.mutable_data();
        for (std::size_t row = 0; row < n; ++row) {
            auto [it, inserted] = index.try_emplace(get(row), static_cast<std::int32_t>(values.size()));
            if (inserted) {
                if (values.size() >= limit && n > 64) return false;
                values.push_back(it->first);
            }
            out[row] = it->second;
        }
        return true;
    }
    std::size_t limit;
};

struct DecimalKey {
    std::int64_t units;
    int digits;
    bool operator==(const DecimalKey&) const = default;
};
struct DecimalKeyHash {
    std::size_t operator()(const DecimalKey& k) const noexcept {
        return std::hash<std::int64_t>()(k.units) ^ (static_cast<std::size_t>(k.digits) << 58);
    }
};

/// The distinct texts joined by "\0" (one str), or bytes + offsets when a text holds "\0".
py::object join_texts(const std::vector<std::string_view>& texts) {
    std::size_t total = 0;
    bool has_nul = false;
    for (auto s : texts) {
        total += s.size() + 1;
        has_nul |= std::memchr(s.data(), '\0', s.size()) != nullptr;
    }
    std::string joined;
    joined.reserve(total);
    if (!has_nul) {
        for (std::size_t i = 0; i < texts.size(); ++i) {
            if (i) joined.push_back('\0');
            joined += texts[i];
        }
        return py::str(joined);
    }
    py::array_t<std::int64_t> offsets(static_cast<py::ssize_t>(texts.size() + 1));
    std::int64_t* o = offsets.mutable_data();
    o[0] = 0;
    for (std::size_t i = 0; i < texts.size(); ++i) {
        joined += texts[i];
        o[i + 1] = static_cast<std::int64_t>(joined.size());
    }
    return py::make_tuple(py::bytes(joined), offsets);
}

/// One column as (name, type, scale, payload, nulls):
///   text    → (texts: str joined by "\0" or (bytes, offsets), codes int32 or None)
///   decimal → (exact values as one str joined by "\n", "" for empty, codes int32 or None)
///     With codes the texts are the distinct values and codes[row] picks one (columns
///     that repeat: entities, 0.00 buckets); without (more distinct values than a
///     quarter of the rows), one value per row.
///   integer, date (days since 1970-01-01), boolean → numpy int64 / int64 / bool
///   nulls   → numpy bool array, or None when the column has no empty cell.
py::tuple column_payload(const Column& c) {
    const std::size_t n = c.nulls.size();
    py::object nulls = py::none();
    bool any_null = false;
    for (auto v : c.nulls) any_null |= v != 0;
    if (any_null) {
        py::array_t<bool> a(static_cast<py::ssize_t>(n));
        bool* out = a.mutable_data();
        for (std::size_t i = 0; i < n; ++i) out[i] = c.nulls[i] != 0;
        nulls = std::move(a);
    }
    py::object payload;
    switch (c.type) {
    case CellType::text: {
        Dictionary<std::string_view> d(n);
        if (d.encode(n, [&](std::size_t i) { return std::string_view(c.texts[i]); })) {
            payload = py::make_tuple(join_texts(d.values), std::move(d.codes));
        } else {
            std::vector<std::string_view> all(c.texts.begin(), c.texts.end());
            payload = py::make_tuple(join_texts(all), py::none());
        }
        break;
    }
    case CellType::decimal: {
        // Key: the units and the digits the row prints (row_scale: a column of amounts in
        // each item's own currency), so that Decimal("10") and Decimal("10.00") stay apart.
        constexpr std::int64_t kNullKey = INT64_MIN; // never a decimal's units (checked arithmetic)
        auto digits = [&](std::size_t i) {
            return i < c.row_scale.size() && c.row_scale[i] < c.scale ? c.row_scale[i] : c.scale;
        };
        auto key = [&](std::size_t i) {
            return DecimalKey{c.nulls[i] ? kNullKey : c.ints[i], c.nulls[i] ? 0 : digits(i)};
        };
        std::string joined;
        auto append = [&](std::size_t k, DecimalKey v) {
            if (k) joined.push_back('\n');
            if (v.units == kNullKey) return;
            if (v.digits < c.scale) append_fixed(joined, v.units / pow10_i64(c.scale - v.digits), v.digits);
            else append_fixed(joined, v.units, c.scale);
        };
        Dictionary<DecimalKey, DecimalKeyHash> d(n);
        if (d.encode(n, key)) {
            joined.reserve(d.values.size() * 12);
            for (std::size_t k = 0; k < d.values.size(); ++k) append(k, d.values[k]);
            payload = py::make_tuple(py::str(joined), std::move(d.codes));
        } else {
            joined.reserve(n * 12);
            for (std::size_t i = 0; i < n; ++i) append(i, key(i));
            payload = py::make_tuple(py::str(joined), py::none());
        }
        break;
    }
    case CellType::integer:
    case CellType::date: payload = to_numpy<std::int64_t>(c.ints); break;
    case CellType::boolean: payload = to_numpy<bool>(c.ints); break;
    }
    return py::make_tuple(c.name, to_string(c.type), c.type == CellType::decimal ? c.scale : 0, payload, nulls);
}

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

Date parse_date(const std::string& s) {
    if (auto d = Date::parse(s)) return *d;
    throw Error(Errc::invalid_argument, "as_of '" + s + "': expected a date YYYY-MM-DD");
}

std::optional<Currency> currency_or_none(const std::optional<std::string>& code) {
    if (!code) return std::nullopt;
    auto c = Currency::find(*code);
    if (!c) throw Error(Errc::invalid_argument, "base_currency '" + *code + "': expected an ISO 4217 currency code");
    return c;
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

    py::class_<PyTable>(m, "Table", "A report result: typed columns, handed over column by column.")
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
        .def("columns",
             [](const PyTable& t) {
                 py::list out;
                 for (const auto& c : t.table->columns) out.append(column_payload(c));
                 return out;
             },
             "[(name, type, scale, payload, nulls)] — see dsocore._frame for the decoding.")
        .def("to_csv", [](const PyTable& t) { return to_csv(*t.table); })
        .def("to_json", [](const PyTable& t) { return to_json(*t.table); });

    py::class_<PyLedger>(m, "Ledger", "A loaded, validated data directory (immutable).")
        .def_property_readonly("customer_count", [](const PyLedger& l) { return l.ledger->customers().size(); })
        .def_property_readonly("item_count", [](const PyLedger& l) { return l.ledger->items().size(); })
        .def_property_readonly("directory", [](const PyLedger& l) { return l.ledger->directory().string(); })
        .def(
            "report",
            [](const PyLedger& l, const std::string& name, const std::string& as_of,
               const std::optional<std::string>& base_currency, const std::string& by, const std::string& where,
               const std::map<std::string, std::string>& options) {
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
                std::shared_ptr<const Ledger> keep = l.ledger;
                py::gil_scoped_release release;
                return PyTable{std::make_shared<const Table>(run_report(*keep, req))};
            },
            py::arg("name"), py::arg("as_of"), py::arg("base_currency") = py::none(), py::arg("by") = "",
            py::arg("where") = "", py::arg("options") = std::map<std::string, std::string>{})
        .def(
            "agenda",
            [](const PyLedger& l, const std::string& as_of, int horizon_days,
               const std::optional<std::string>& base_currency) {
                AgendaOptions o;
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
            py::arg("as_of"), py::arg("horizon_days") = 14, py::arg("base_currency") = py::none())
        .def(
            "alerts",
            [](const PyLedger& l, const std::string& as_of, const std::optional<std::string>& base_currency,
               int not_dunned_days, int declaration_days, const std::vector<std::string>& rules) {
                AlertOptions o;
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
            py::arg("declaration_days") = 15, py::arg("rules") = std::vector<std::string>{})
        .def(
            "export",
            [](const PyLedger& l, const std::string& dir) {
                std::shared_ptr<const Ledger> keep = l.ledger;
                py::gil_scoped_release release;
                keep->save(dir);
            },
            py::arg("directory"))
        .def("file_text", [](const PyLedger& l, const std::string& file) { return l.ledger->csv_text(file); },
             py::arg("file"));

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
