// dsocore._core — the operations beyond reports: render and act (collection), import and
// export (io), limit requests, search and assign (risk), snapshots. Each is the CLI
// command's call into the engine with Python types; results are dicts that the package
// turns into dataclasses, or Tables. Operations that write act on the data directory
// (read afresh, written atomically by the engine), never on the immutable loaded ledger.
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>
#include <pybind11/stl/filesystem.h>

#include <fstream>
#include <string>
#include <vector>

#include "dsocore/collection/actions.hpp"
#include "dsocore/collection/agenda.hpp"
#include "dsocore/collection/render.hpp"
#include "dsocore/io/export.hpp"
#include "dsocore/io/xlsx.hpp"
#include "dsocore/risk/assign.hpp"
#include "dsocore/risk/limits.hpp"
#include "dsocore/risk/roles.hpp"
#include "module.hpp"

namespace dsocore::python {
namespace {

std::optional<Role> role_or_none(const std::optional<std::string>& role, const std::string& user) {
    if (!role) return std::nullopt;
    const Role r = parse_role_or_throw(*role);
    if (r == Role::collector && user.empty())
        throw Error(Errc::invalid_argument, "a collector's view needs a user (user='…')");
    return r;
}

py::dict render(const PyLedger& l, const std::string& as_of_text, const std::string& customer, const std::string& step,
                const std::string& scenario) {
    const Ledger& ledger = *l.ledger;
    if (ledger.templates().list.empty())
        throw Error(Errc::invalid_argument, "render needs the message templates: load the ledger with "
                                            "dsocore.load(directory, templates=True)");
    const Date as_of = parse_date(as_of_text);
    const auto [entity, id] = split_customer_key(customer);
    RenderedMessage m;
    std::string text;
    {
        py::gil_scoped_release release;
        m = render_step(ledger, as_of, entity, id, step, scenario); // the agenda row, as `dsocore render`
        text = format_rendered(m);
    }
    py::dict d;
    d["template_name"] = m.template_name;
    d["template_path"] = m.template_path;
    d["language"] = m.language;
    d["locale"] = m.locale;
    d["channel"] = std::string(to_string(m.channel));
    d["to"] = m.to;
    d["subject"] = m.subject;
    d["body"] = m.body;
    if (m.sms)
        d["sms"] = py::make_tuple(std::string(to_string(m.sms->encoding)), m.sms->characters, m.sms->units,
                                  m.sms->segments);
    else
        d["sms"] = py::none();
    d["text"] = text;
    return d;
}

py::dict action_dict(const RecordedAction& a) {
    py::dict d;
    d["action_id"] = a.action_id;
    d["entity"] = a.entity;
    d["customer_id"] = a.customer_id;
    d["scenario"] = a.scenario;
    d["step"] = a.step;
    d["channel"] = std::string(to_string(a.channel));
    d["item_ids"] = a.item_ids;
    d["line"] = a.line;
    return d;
}

py::dict act(const PyLedger& l, const std::string& as_of, const std::string& customer, const std::string& step,
             const std::string& scenario, const std::optional<std::string>& channel,
             const std::vector<std::string>& items, const std::string& user, const std::string& outcome,
             const std::string& comment) {
    const std::filesystem::path dir = data_directory(l, "act");
    ActionRequest req;
    req.date = parse_date(as_of);
    auto [entity, id] = split_customer_key(customer);
    req.entity = entity;
    req.customer_id = id;
    req.step = step;
    req.scenario = scenario;
    if (channel) {
        req.channel = parse_channel(*channel);
        if (!req.channel)
            throw Error(Errc::invalid_argument, "channel '" + *channel + "': expected email, sms, letter, call or task");
    }
    req.item_ids = items;
    req.user = user;
    req.outcome = outcome;
    req.comment = comment;
    if (req.step.empty() && !req.channel)
        throw Error(Errc::invalid_argument, "name a scenario step, or a channel for an action out of scenario");
    RecordedAction a;
    {
        py::gil_scoped_release release;
        const Ledger fresh = Ledger::load(dir); // the directory as it is now, as `dsocore act`
        a = record_action(fresh, req, dir);
    }
    return action_dict(a);
}

std::size_t ignore(const PyLedger& l, const std::string& as_of, const std::string& customer,
                   const std::vector<std::string>& items) {
    const std::filesystem::path dir = data_directory(l, "ignore");
    const Date date = parse_date(as_of);
    if (items.empty()) throw Error(Errc::invalid_argument, "ignore needs items (the item ids to mark ignored)");
    const auto [entity, id] = split_customer_key(customer);
    py::gil_scoped_release release;
    Ledger fresh = Ledger::load(dir); // the directory as it is now, as `dsocore act --ignore`
    return ignore_payer_items(fresh, entity, id, items, date, dir);
}

py::dict request_dict(const LimitRequest& r) {
    py::dict d;
    d["id"] = r.id;
    d["entity"] = r.entity;
    d["customer_id"] = r.customer_id;
    d["old_limit"] = r.old_limit;
    d["new_limit"] = r.new_limit;
    d["currency"] = r.currency;
    std::vector<std::string> levels;
    for (const Role x : r.levels) levels.emplace_back(to_string(x));
    d["levels"] = levels;
    d["approved"] = r.approved;
    d["state"] = std::string(to_string(r.state));
    d["applied"] = r.applied;
    d["requested_by"] = r.requested_by;
    d["approvers"] = r.approvers;
    d["next_level"] = r.next_level();
    return d;
}

Actor actor(const std::string& role, const std::string& user) {
    if (role.empty()) throw Error(Errc::invalid_argument, "role: required (credit_manager or admin)");
    if (user.empty()) throw Error(Errc::invalid_argument, "user: required (who acts)");
    return Actor{parse_role_or_throw(role), user};
}

std::optional<std::int64_t> request_id(const std::optional<std::int64_t>& id) {
    if (id && *id <= 0) throw Error(Errc::invalid_argument, "request " + std::to_string(*id) + ": expected a request number");
    return id;
}

SearchRequest search_request(const std::string& as_of, const std::string& where,
                             const std::optional<std::string>& base_currency, const std::optional<std::string>& role,
                             const std::string& user) {
    SearchRequest s;
    s.as_of = parse_date(as_of);
    s.where = where;
    s.base = currency_or_none(base_currency);
    s.role = role_or_none(role, user);
    s.user = user;
    return s;
}

py::dict assign_py(const std::string& dir, const std::string& as_of, const std::string& where, const std::string& field,
                   const std::string& value, bool dry_run, const std::optional<std::string>& base_currency,
                   const std::optional<std::string>& role, const std::string& user) {
    AssignRequest req;
    req.search = search_request(as_of, where, base_currency, role, user);
    if (req.search.where.empty())
        throw Error(Errc::invalid_argument,
                    "where: required (the customers to assign; an assignment to everyone is not a default)");
    req.field = field;
    req.value = value;
    req.dry_run = dry_run;
    AssignResult r;
    {
        py::gil_scoped_release release;
        r = assign(dir, req);
    }
    py::dict d;
    d["matched"] = r.matched;
    d["changed"] = r.changed;
    d["batch"] = r.batch;
    py::list changes;
    for (const auto& c : r.changes) changes.append(py::make_tuple(c.entity, c.customer_id, c.old_value, c.new_value));
    d["changes"] = changes;
    return d;
}

void write_table_file(const Table& t, const std::string& path, const std::string& format,
                      const std::optional<std::string>& role, const std::string& user) {
    if (format != "csv" && format != "json" && format != "xlsx")
        throw Error(Errc::invalid_argument, "format '" + format + "': expected csv, json or xlsx");
    // Exports under a role-scoped view are admin-only (docs/decisions.md, "Exports and roles").
    if (role) {
        require_export_allowed(parse_role_or_throw(*role), user);
    } else if (!user.empty()) {
        throw Error(Errc::invalid_argument, "user='" + user + "' without role=");
    }
    export_report(t, path, format);
}

} // namespace

void bind_operations(py::module_& m, py::class_<PyLedger>& ledger, py::class_<PyTable>& table) {
    table.def(
        "write",
        [](const PyTable& t, const std::string& path, const std::string& format, const std::optional<std::string>& role,
           const std::string& user) {
            std::shared_ptr<const Table> keep = t.table;
            py::gil_scoped_release release;
            write_table_file(*keep, path, format, role, user);
        },
        py::arg("path"), py::arg("format"), py::arg("role") = py::none(), py::arg("user") = "",
        "Writes the table as csv, json or xlsx (the CLI's --format); under a role view only as admin.");

    ledger
        .def("render", &render, py::arg("as_of"), py::arg("customer"), py::arg("step"), py::arg("scenario") = "")
        .def("act", &act, py::arg("as_of"), py::arg("customer"), py::arg("step") = "", py::arg("scenario") = "",
             py::arg("channel") = py::none(), py::arg("items") = std::vector<std::string>{}, py::arg("user") = "",
             py::arg("outcome") = "", py::arg("comment") = "")
        .def("ignore", &ignore, py::arg("as_of"), py::arg("customer"), py::arg("items"))
        .def(
            "export_data",
            [](const PyLedger& l, const std::string& output, const std::string& format, bool canonical,
               const std::optional<std::string>& as_of, const std::optional<std::string>& role,
               const std::string& user) {
                ExportOptions o;
                if (format != "csv" && format != "xlsx")
                    throw Error(Errc::invalid_argument, "format '" + format + "': expected csv or xlsx");
                o.format = format;
                o.canonical = canonical;
                if (as_of) o.as_of = parse_date(*as_of);
                std::shared_ptr<const Ledger> keep = l.ledger;
                std::optional<RoleView> view;
                if (role) {
                    // Exports under a role-scoped view are admin-only (docs/decisions.md).
                    view.emplace(*keep, parse_role_or_throw(*role), user);
                    o.view = &*view;
                } else if (!user.empty()) {
                    throw Error(Errc::invalid_argument, "user='" + user + "' without role=");
                }
                py::gil_scoped_release release;
                export_data(*keep, output, o);
            },
            py::arg("output"), py::arg("format") = "csv", py::arg("canonical") = false, py::arg("as_of") = py::none(),
            py::arg("role") = py::none(), py::arg("user") = "")
        .def(
            "save_snapshot",
            [](const PyLedger& l, const std::string& file) {
                std::shared_ptr<const Ledger> keep = l.ledger;
                py::gil_scoped_release release;
                keep->save_snapshot(file);
            },
            py::arg("file"))
        .def(
            "search",
            [](const PyLedger& l, const std::string& as_of, const std::string& where,
               const std::optional<std::string>& base_currency, const std::optional<std::string>& role,
               const std::string& user) {
                const SearchRequest s = search_request(as_of, where, base_currency, role, user);
                std::filesystem::path risk_json;
                if (!l.ledger->directory().empty() && !Ledger::is_snapshot(l.ledger->directory()))
                    risk_json = l.ledger->directory() / "risk.json";
                std::shared_ptr<const Ledger> keep = l.ledger;
                py::gil_scoped_release release;
                return PyTable{std::make_shared<const Table>(search_table(*keep, s, risk_json))};
            },
            py::arg("as_of"), py::arg("where") = "", py::arg("base_currency") = py::none(), py::arg("role") = py::none(),
            py::arg("user") = "");

    bind_import(m);
    m.def(
        "limit_request",
        [](const std::string& dir, const std::string& customer, const std::string& amount, const std::string& role,
           const std::string& user, const std::string& comment, const std::optional<std::string>& as_of) {
            const Actor who = actor(role, user);
            std::optional<Date> d;
            if (as_of) d = parse_date(*as_of);
            LimitRequest r;
            {
                py::gil_scoped_release release;
                LimitWorkflow wf(dir);
                r = wf.request(who, customer, amount, comment, d);
            }
            return request_dict(r);
        },
        py::arg("data_dir"), py::arg("customer"), py::arg("amount"), py::arg("role"), py::arg("user"),
        py::arg("comment") = "", py::arg("as_of") = py::none());
    m.def(
        "limit_decide",
        [](const std::string& dir, bool approve, const std::string& customer, std::optional<std::int64_t> id,
           const std::string& role, const std::string& user, const std::string& comment) {
            const Actor who = actor(role, user);
            id = request_id(id);
            if (customer.empty() && !id) throw Error(Errc::invalid_argument, "name the customer or the request");
            LimitRequest r;
            {
                py::gil_scoped_release release;
                LimitWorkflow wf(dir);
                r = approve ? wf.approve(who, customer, comment, id) : wf.reject(who, customer, comment, id);
            }
            return request_dict(r);
        },
        py::arg("data_dir"), py::arg("approve"), py::arg("customer") = "", py::arg("request") = py::none(),
        py::arg("role") = "", py::arg("user") = "", py::arg("comment") = "");
    m.def(
        "limit_history",
        [](const std::string& dir, const std::optional<std::string>& role, const std::string& user,
           const std::string& customer, std::optional<std::int64_t> id) {
            Actor who{Role::admin, user}; // reading without a role: unrestricted (as the CLI)
            if (const auto r = role_or_none(role, user)) who.role = *r;
            id = request_id(id);
            py::gil_scoped_release release;
            const LimitWorkflow wf(dir);
            return PyTable{std::make_shared<const Table>(wf.history(who, customer, id))};
        },
        py::arg("data_dir"), py::arg("role") = py::none(), py::arg("user") = "", py::arg("customer") = "",
        py::arg("request") = py::none());
    m.def("assign", &assign_py, py::arg("data_dir"), py::arg("as_of"), py::arg("where"), py::arg("field"),
          py::arg("value"), py::arg("dry_run") = false, py::arg("base_currency") = py::none(),
          py::arg("role") = py::none(), py::arg("user") = "");
    m.def(
        "undo_assign",
        [](const std::string& dir, const std::optional<std::string>& role, const std::string& user) {
            std::optional<Role> r;
            if (role) r = parse_role_or_throw(*role);
            UndoResult u;
            {
                py::gil_scoped_release release;
                u = undo_assign(dir, r, user);
            }
            py::dict d;
            d["batch"] = u.batch;
            d["field"] = u.field;
            d["restored"] = u.restored;
            return d;
        },
        py::arg("data_dir"), py::arg("role") = py::none(), py::arg("user") = "");
}

} // namespace dsocore::python
