// dsocore._core — handing a report table over to pandas, column by column.
//
// Table.columns() gives per column numpy arrays (decimal: int64 units + scale and, where
// rows print fewer digits, int8 digits; date: int32 days since 1970-01-01; integer: int64;
// boolean: bool; null flags: bool) and, for texts, the final object array of str.
// decimal_objects() and date_objects() then build the objects pandas holds: one
// decimal.Decimal (from the exact text) or datetime.date per DISTINCT value, found with a
// flat hash table while the GIL is released, spread over the rows with a reference each.
// Report columns repeat a lot (0.00 buckets, credit limits, due dates, entities), so the
// distinct values are few; when they are not, the cost is one object per value, which is
// what the result needs anyway. No other per-row Python object is made.
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <datetime.h>

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "dsocore/core/decimal.hpp"
#include "module.hpp"

namespace dsocore::python {
namespace {

inline std::uint64_t mix64(std::uint64_t x) noexcept { // splitmix64's finaliser
    x ^= x >> 30;
    x *= 0xbf58476d1ce4e5b9ULL;
    x ^= x >> 27;
    x *= 0x94d049bb133111ebULL;
    x ^= x >> 31;
    return x;
}

/// Distinct keys → dense codes in first-seen order: open addressing with the key in the
/// slot (one cache line per probe), linear probing, grown at half load.
template <class Key, class Hash>
class DistinctIndex {
public:
    std::int32_t find_or_add(const Key& k, bool& is_new) {
        std::size_t s = Hash()(k) & mask_;
        while (slots_[s].code >= 0) {
            if (slots_[s].key == k) {
                is_new = false;
                return slots_[s].code;
            }
            s = (s + 1) & mask_;
        }
        slots_[s] = Slot{k, static_cast<std::int32_t>(size_)};
        is_new = true;
        if (++size_ * 2 > slots_.size()) grow();
        return static_cast<std::int32_t>(size_ - 1);
    }

private:
    struct Slot {
        Key key{};
        std::int32_t code = -1;
    };
    void grow() {
        std::vector<Slot> old(slots_.size() * 2);
        old.swap(slots_);
        mask_ = slots_.size() - 1;
        for (const Slot& o : old) {
            if (o.code < 0) continue;
            std::size_t s = Hash()(o.key) & mask_;
            while (slots_[s].code >= 0) s = (s + 1) & mask_;
            slots_[s] = o;
        }
    }
    std::vector<Slot> slots_ = std::vector<Slot>(1024);
    std::size_t mask_ = 1023;
    std::size_t size_ = 0;
};

constexpr std::int32_t kNull = -1;   ///< code of an empty field: None
constexpr std::int32_t kOwn = -2;    ///< code of a row that gets an object of its own
/// Dictionary encoding pays while values repeat; checked every kCheckRows rows, it stops
/// once more than half the rows seen were new values (ids, amounts of single items),
/// and the rows after that get an object each, made without hashing. Either way each
/// row holds an equal value; only how many objects are shared differs.
constexpr std::size_t kCheckRows = 65536;
inline bool still_pays(std::size_t row, std::size_t distinct) noexcept {
    return (row + 1) % kCheckRows != 0 || distinct * 2 <= row + 1;
}

/// An object array of n rows: codes[row] == kNull gives None, kOwn make(row), else
/// values[code] (one new reference per row). numpy zero-fills object arrays, so no slot
/// holds a reference before it is written; on an error the array frees what was written.
template <class Make>
py::array spread(const std::vector<std::int32_t>& codes, const std::vector<py::object>& values, Make make) {
    const std::size_t n = codes.size();
    py::array out(py::dtype("O"), std::vector<py::ssize_t>{static_cast<py::ssize_t>(n)});
    auto** data = static_cast<PyObject**>(out.mutable_data());
    for (std::size_t row = 0; row < n; ++row) {
        const std::int32_t c = codes[row];
        if (c == kOwn) {
            data[row] = make(row).release().ptr();
            continue;
        }
        PyObject* o = c == kNull ? Py_None : values[static_cast<std::size_t>(c)].ptr();
        Py_INCREF(o);
        data[row] = o;
    }
    return out;
}

const std::uint8_t* null_flags(const std::optional<py::array_t<bool, py::array::c_style | py::array::forcecast>>& nulls,
                               std::size_t n) {
    if (!nulls) return nullptr;
    if (static_cast<std::size_t>(nulls->size()) != n)
        throw Error(Errc::invalid_argument, "nulls: expected " + std::to_string(n) + " flags, got " +
                                                std::to_string(nulls->size()));
    return reinterpret_cast<const std::uint8_t*>(nulls->data());
}

/// The maker of Decimal objects: decimal.Context(prec=40).create_decimal with Inexact and
/// Rounded trapped, so that a value is either built exactly or raises (never rounded);
/// it skips Decimal()'s keyword parsing and context-variable lookup.
py::object& decimal_maker() {
    static py::object* f = [] {
        py::module_ dec = py::module_::import("decimal");
        py::object ctx = dec.attr("Context")(py::arg("prec") = 40, py::arg("Emax") = dec.attr("MAX_EMAX"),
                                             py::arg("Emin") = dec.attr("MIN_EMIN"),
                                             py::arg("traps") = std::vector<py::object>{dec.attr("InvalidOperation"),
                                                                                         dec.attr("Inexact"), dec.attr("Rounded")});
        return new py::object(ctx.attr("create_decimal")); // lives with the interpreter
    }();
    return *f;
}

struct DecimalKey {
    std::int64_t units; ///< at the digits printed
    std::int32_t digits;
    bool operator==(const DecimalKey&) const = default;
};
struct DecimalKeyHash {
    std::size_t operator()(const DecimalKey& k) const noexcept {
        return static_cast<std::size_t>(mix64(static_cast<std::uint64_t>(k.units) ^ (static_cast<std::uint64_t>(k.digits) << 59)));
    }
};

/// The exact text of units × 10^-digits ("-12.30", "0.00", "7") into buf; returns its length.
std::size_t fixed_text(std::int64_t units, int digits, char* buf) {
    char tmp[24];
    std::size_t n = 0;
    // Magnitude as unsigned: INT64_MIN has no positive int64.
    std::uint64_t m = units < 0 ? 0 - static_cast<std::uint64_t>(units) : static_cast<std::uint64_t>(units);
    do {
        tmp[n++] = static_cast<char>('0' + m % 10);
        m /= 10;
    } while (m);
    while (n <= static_cast<std::size_t>(digits)) tmp[n++] = '0'; // at least one digit before the point
    std::size_t len = 0;
    if (units < 0) buf[len++] = '-';
    for (std::size_t i = n; i-- > 0;) {
        buf[len++] = tmp[i];
        if (digits > 0 && i == static_cast<std::size_t>(digits)) buf[len++] = '.';
    }
    return len;
}

/// decimal.Decimal of units × 10^-digits from its exact text.
py::object make_decimal(std::int64_t units, int digits) {
    char buf[48];
    const std::size_t len = fixed_text(units, digits, buf);
    PyObject* s = PyUnicode_FromStringAndSize(buf, static_cast<Py_ssize_t>(len));
    if (!s) throw py::error_already_set();
    PyObject* d = PyObject_CallOneArg(decimal_maker().ptr(), s);
    Py_DECREF(s);
    if (!d) throw py::error_already_set();
    return py::reinterpret_steal<py::object>(d);
}

using I64Array = py::array_t<std::int64_t, py::array::c_style | py::array::forcecast>;
using I32Array = py::array_t<std::int32_t, py::array::c_style | py::array::forcecast>;
using I8Array = py::array_t<std::int8_t, py::array::c_style | py::array::forcecast>;
using BoolArray = py::array_t<bool, py::array::c_style | py::array::forcecast>;

py::array decimal_objects(const I64Array& units, int scale, const std::optional<I8Array>& digits,
                          const std::optional<BoolArray>& nulls) {
    const auto n = static_cast<std::size_t>(units.size());
    if (scale < 0 || scale > 18) throw Error(Errc::invalid_argument, "scale " + std::to_string(scale) + ": expected 0 to 18");
    const std::uint8_t* isnull = null_flags(nulls, n);
    const std::int8_t* dig = nullptr;
    if (digits) {
        if (static_cast<std::size_t>(digits->size()) != n)
            throw Error(Errc::invalid_argument, "digits: expected one per value");
        dig = digits->data();
    }
    const std::int64_t* u = units.data();
    std::vector<std::int32_t> codes(n);
    std::vector<DecimalKey> keys;
    std::string bad;
    {
        py::gil_scoped_release release;
        DistinctIndex<DecimalKey, DecimalKeyHash> index;
        bool dedup = true;
        for (std::size_t row = 0; row < n; ++row) {
            if (isnull && isnull[row]) {
                codes[row] = kNull;
                continue;
            }
            DecimalKey k{u[row], scale};
            if (dig && dig[row] != scale) {
                const int d = dig[row];
                const std::int64_t p = d >= 0 && d < scale ? pow10_i64(scale - d) : 0;
                if (p == 0 || k.units % p != 0) {
                    bad = "digits " + std::to_string(d) + " at row " + std::to_string(row) + ": expected 0 to " +
                          std::to_string(scale) + " with units a multiple of 10^(scale - digits)";
                    break;
                }
                k = DecimalKey{k.units / p, d};
            }
            if (!dedup) {
                codes[row] = kOwn;
                continue;
            }
            bool is_new = false;
            codes[row] = index.find_or_add(k, is_new);
            if (is_new) keys.push_back(k);
            dedup = still_pays(row, keys.size());
        }
    }
    if (!bad.empty()) throw Error(Errc::invalid_argument, bad);
    std::vector<py::object> values(keys.size());
    for (std::size_t c = 0; c < keys.size(); ++c) values[c] = make_decimal(keys[c].units, keys[c].digits);
    return spread(codes, values, [&](std::size_t row) {
        const int dg = dig ? dig[row] : scale;
        return make_decimal(u[row] / pow10_i64(scale - dg), dg); // digits were checked in the first pass
    });
}

struct DayHash {
    std::size_t operator()(std::int32_t d) const noexcept { return static_cast<std::size_t>(mix64(static_cast<std::uint32_t>(d))); }
};

py::array date_objects(const I32Array& days, const std::optional<BoolArray>& nulls) {
    if (!PyDateTimeAPI) {
        PyDateTime_IMPORT;
        if (!PyDateTimeAPI) throw py::error_already_set();
    }
    const auto n = static_cast<std::size_t>(days.size());
    const std::uint8_t* isnull = null_flags(nulls, n);
    const std::int32_t* d = days.data();
    std::vector<std::int32_t> codes(n);
    std::vector<std::int32_t> distinct;
    {
        py::gil_scoped_release release;
        // Dates of a report span a few years: a direct table over [min, max] when it is
        // no larger than the column, else the hash table.
        std::int32_t lo = INT32_MAX, hi = INT32_MIN;
        for (std::size_t row = 0; row < n; ++row)
            if (!(isnull && isnull[row])) {
                lo = std::min(lo, d[row]);
                hi = std::max(hi, d[row]);
            }
        const std::int64_t span = lo <= hi ? std::int64_t{hi} - lo + 1 : 0;
        if (span <= static_cast<std::int64_t>(std::max<std::size_t>(n, 4096))) {
            std::vector<std::int32_t> slot(static_cast<std::size_t>(span), -1);
            for (std::size_t row = 0; row < n; ++row) {
                if (isnull && isnull[row]) {
                    codes[row] = kNull;
                    continue;
                }
                std::int32_t& s = slot[static_cast<std::size_t>(d[row] - lo)];
                if (s < 0) {
                    s = static_cast<std::int32_t>(distinct.size());
                    distinct.push_back(d[row]);
                }
                codes[row] = s;
            }
        } else {
            DistinctIndex<std::int32_t, DayHash> index;
            for (std::size_t row = 0; row < n; ++row) {
                if (isnull && isnull[row]) {
                    codes[row] = kNull;
                    continue;
                }
                bool is_new = false;
                codes[row] = index.find_or_add(d[row], is_new);
                if (is_new) distinct.push_back(d[row]);
            }
        }
    }
    std::vector<py::object> values(distinct.size());
    for (std::size_t c = 0; c < distinct.size(); ++c) {
        const auto ymd = Date::from_days(distinct[c]).ymd();
        PyObject* o = PyDate_FromDate(ymd.year, ymd.month, ymd.day);
        if (!o) throw py::error_already_set();
        values[c] = py::reinterpret_steal<py::object>(o);
    }
    return spread(codes, values, [](std::size_t) -> py::object { throw Error(Errc::internal, "date_objects: no own rows"); });
}

struct TextKey {
    std::size_t hash = 0;
    const std::string* text = nullptr;
    bool operator==(const TextKey& o) const noexcept { return hash == o.hash && *text == *o.text; }
};
struct TextKeyHash {
    std::size_t operator()(const TextKey& k) const noexcept { return static_cast<std::size_t>(mix64(k.hash)); }
};

/// The str objects of a text column (None for an empty field), one per distinct text.
py::array text_objects(const Column& c) {
    const std::size_t n = c.texts.size();
    std::vector<std::int32_t> codes(n);
    std::vector<std::size_t> first;
    {
        py::gil_scoped_release release;
        DistinctIndex<TextKey, TextKeyHash> index;
        const std::hash<std::string_view> hash;
        bool dedup = true;
        for (std::size_t row = 0; row < n; ++row) {
            if (c.nulls[row]) {
                codes[row] = kNull;
                continue;
            }
            if (!dedup) {
                codes[row] = kOwn;
                continue;
            }
            const std::string_view s = c.texts[row];
            bool is_new = false;
            codes[row] = index.find_or_add(TextKey{hash(s), &c.texts[row]}, is_new);
            if (is_new) first.push_back(row);
            dedup = still_pays(row, first.size());
        }
    }
    auto make = [&](std::size_t row) {
        const std::string& s = c.texts[row];
        PyObject* o = PyUnicode_DecodeUTF8(s.data(), static_cast<Py_ssize_t>(s.size()), "strict");
        if (!o) throw py::error_already_set();
        return py::reinterpret_steal<py::object>(o);
    };
    std::vector<py::object> values(first.size());
    for (std::size_t k = 0; k < first.size(); ++k) values[k] = make(first[k]);
    return spread(codes, values, make);
}

template <class T>
py::array_t<T> copy_ints(const std::vector<std::int64_t>& v) {
    py::array_t<T> a(static_cast<py::ssize_t>(v.size()));
    T* out = a.mutable_data();
    for (std::size_t i = 0; i < v.size(); ++i) out[i] = static_cast<T>(v[i]);
    return a;
}

/// (name, type, scale, data, nulls, digits) of one column; see the header comment.
py::tuple column_payload(const Column& c) {
    const std::size_t n = c.nulls.size();
    py::object nulls = py::none();
    if (std::any_of(c.nulls.begin(), c.nulls.end(), [](std::uint8_t v) { return v != 0; })) {
        py::array_t<bool> a(static_cast<py::ssize_t>(n));
        std::memcpy(a.mutable_data(), c.nulls.data(), n); // 0/1 bytes are numpy bools
        nulls = std::move(a);
    }
    py::object data, digits = py::none();
    switch (c.type) {
    case CellType::text: data = text_objects(c); break;
    case CellType::decimal: {
        py::array_t<std::int64_t> a(static_cast<py::ssize_t>(n));
        if (n) std::memcpy(a.mutable_data(), c.ints.data(), n * sizeof(std::int64_t));
        data = std::move(a);
        if (std::any_of(c.row_scale.begin(), c.row_scale.end(), [&](std::int8_t d) { return d != c.scale; })) {
            py::array_t<std::int8_t> dg(static_cast<py::ssize_t>(n));
            std::int8_t* o = dg.mutable_data();
            for (std::size_t i = 0; i < n; ++i)
                o[i] = i < c.row_scale.size() && c.row_scale[i] < c.scale ? c.row_scale[i] : static_cast<std::int8_t>(c.scale);
            digits = std::move(dg);
        }
        break;
    }
    case CellType::integer: data = copy_ints<std::int64_t>(c.ints); break;
    case CellType::date: data = copy_ints<std::int32_t>(c.ints); break;
    case CellType::boolean: data = copy_ints<bool>(c.ints); break;
    }
    return py::make_tuple(c.name, to_string(c.type), c.type == CellType::decimal ? c.scale : 0, data, nulls, digits);
}

} // namespace

void bind_handover(py::module_& m, py::class_<PyTable>& table) {
    table
        .def("columns",
             [](const PyTable& t) {
                 py::list out;
                 for (const auto& c : t.table->columns) out.append(column_payload(c));
                 return out;
             },
             "[(name, type, scale, data, nulls, digits)]: data is int64 units (decimal), int32 days since "
             "1970-01-01 (date), int64 (integer), bool (boolean) or the str objects (text); nulls a bool array or "
             "None; digits (decimal) the digits each row prints when they are not all `scale`, else None.")
        .def("cell_text",
             [](const PyTable& t, std::size_t row, std::size_t col) {
                 if (col >= t.table->columns.size() || row >= t.table->rows())
                     throw Error(Errc::invalid_argument, "cell (" + std::to_string(row) + ", " + std::to_string(col) +
                                                             "): outside the table");
                 return t.table->cell_text(col, row);
             },
             py::arg("row"), py::arg("col"), "The printed form of one cell, as in the CSV ('' when empty).");

    m.def(
        "decimal_objects",
        &decimal_objects, py::arg("units"), py::arg("scale"), py::arg("digits") = py::none(),
        py::arg("nulls") = py::none(),
        "Object array of decimal.Decimal(units × 10^-scale) built from the exact text, one object per distinct "
        "value (None where nulls is set); digits[i] < scale prints row i with fewer digits.");
    m.def("date_objects", &date_objects, py::arg("days"), py::arg("nulls") = py::none(),
          "Object array of datetime.date for day numbers since 1970-01-01, one object per distinct day.");
}

} // namespace dsocore::python
