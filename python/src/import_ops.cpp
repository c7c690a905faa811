// dsocore._core — import through a profile.
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <chrono>
#include <string>

#include "dsocore/io/import.hpp"
#include "module.hpp"

namespace dsocore::python {
namespace {

Date today_utc() {
    const auto now = std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now());
    return Date::from_days(static_cast<std::int32_t>(now.time_since_epoch().count()));
}

py::dict import_result(const ImportResult& r) {
    py::dict d;
    d["created"] = r.created;
    d["updated"] = r.updated;
    d["unchanged"] = r.unchanged;
    d["closed"] = r.closed;
    d["rejected"] = r.rejected;
    d["applied"] = r.applied;
    d["encoding"] = r.encoding;
    d["separator"] = r.separator ? std::string(1, r.separator) : std::string();
    py::list rejects;
    for (const auto& x : r.rejects) rejects.append(py::make_tuple(x.line, x.raw, x.reasons));
    d["rejects"] = rejects;
    d["changes"] = r.changes;
    d["changes_omitted"] = r.changes_omitted;
    d["files_written"] = r.files_written;
    d["rejects_file"] = r.rejects_file;
    d["failure"] = r.failure;
    d["summary"] = r.summary();
    return d;
}

py::dict import_file_py(const std::string& data_dir, const std::string& input, const std::optional<std::string>& profile_path,
                        const std::optional<std::string>& profile_json, const std::optional<std::string>& kind,
                        const std::optional<std::string>& date, bool dry_run, const std::string& rejects) {
    ImportOptions o;
    o.data_dir = data_dir;
    o.input = input;
    if (kind) {
        o.kind = parse_import_kind(*kind);
        if (!o.kind)
            throw Error(Errc::invalid_argument,
                        "kind '" + *kind + "': expected customers, items, allocations, fx, disputes or actions");
    }
    o.date = date ? parse_date(*date, "date") : today_utc();
    o.dry_run = dry_run;
    o.rejects_path = rejects;
    if (profile_path.has_value() == profile_json.has_value())
        throw Error(Errc::invalid_argument, "give the import profile as a path or as JSON text (one of them)");
    ImportResult r;
    {
        py::gil_scoped_release release;
        const ImportProfile p = profile_path ? ImportProfile::load(*profile_path) : ImportProfile::parse(*profile_json);
        r = import_file(p, o);
    }
    return import_result(r);
}

} // namespace

void bind_import(py::module_& m) {
    m.def("import_file", &import_file_py, py::arg("data_dir"), py::arg("input"), py::arg("profile_path") = py::none(),
          py::arg("profile_json") = py::none(), py::arg("kind") = py::none(), py::arg("date") = py::none(),
          py::arg("dry_run") = false, py::arg("rejects") = "");
}

} // namespace dsocore::python
