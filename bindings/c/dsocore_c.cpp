// dsocore C ABI — implementation. Every entry point goes through capi::guard(); no C++
// type or exception crosses extern "C".
#include <cstddef>
#include <cstdlib>
#include <fstream>
#include <optional>
#include <cstring>
#include <string_view>

#include "dsocore/core/config.hpp"
#include "dsocore/core/decimal.hpp"
#include "dsocore/collection/agenda.hpp"
#include "dsocore/collection/alerts.hpp"
#include "dsocore/collection/render.hpp"
#include "dsocore/collection/actions.hpp"
#include "dsocore/io/export.hpp"
#include "dsocore/io/xlsx.hpp"
#include "dsocore/reports/report.hpp"
#include "dsocore/risk/assign.hpp"
#include "dsocore/risk/limits.hpp"
#include "dsocore/risk/roles.hpp"
#include "guard.hpp"

using namespace dsocore;
using dsocore::capi::BadArgument;
using dsocore::capi::guard;
using dsocore::capi::guard_ctx;
using dsocore::capi::check_version;
using dsocore::capi::fill_buffer;
using dsocore::capi::non_null;
using dsocore::capi::parse_date_arg;
using dsocore::capi::str_or;

static_assert(DSO_OK == static_cast<int>(Errc::ok) && DSO_EINVALID_ARGUMENT == static_cast<int>(Errc::invalid_argument) &&
                  DSO_EDATA == static_cast<int>(Errc::data) && DSO_EIO == static_cast<int>(Errc::io) &&
                  DSO_EOVERFLOW == static_cast<int>(Errc::overflow) &&
                  DSO_ECURRENCY_MISMATCH == static_cast<int>(Errc::currency_mismatch) &&
                  DSO_EMISSING_RATE == static_cast<int>(Errc::missing_rate) &&
                  DSO_ENOT_FOUND == static_cast<int>(Errc::not_found) &&
                  DSO_EPERMISSION == static_cast<int>(Errc::permission) &&
                  DSO_EINTERNAL == static_cast<int>(Errc::internal),
              "C status codes are pinned to dsocore::Errc");
static_assert(DSO_VERSION_MAJOR == DSOCORE_VERSION_MAJOR && DSO_VERSION_MINOR == DSOCORE_VERSION_MINOR &&
                  DSO_VERSION_PATCH == DSOCORE_VERSION_PATCH,
              "dsocore.h and config.hpp agree on the version");
static_assert(static_cast<int>(CellType::text) == DSO_CELL_TEXT && static_cast<int>(CellType::integer) == DSO_CELL_INTEGER &&
                  static_cast<int>(CellType::decimal) == DSO_CELL_DECIMAL &&
                  static_cast<int>(CellType::date) == DSO_CELL_DATE &&
                  static_cast<int>(CellType::boolean) == DSO_CELL_BOOLEAN,
              "cell types match");

void dsocore::capi::fill_buffer(dso_buffer* buf, std::string_view s) {
    char* p = static_cast<char*>(std::malloc(s.size() + 1));
    if (!p) throw std::bad_alloc();
    if (!s.empty()) std::memcpy(p, s.data(), s.size());
    p[s.size()] = '\0';
    dso_buffer_dispose(buf);
    buf->ptr = p;
    buf->size = s.size();
    buf->reserved = s.size() + 1;
}

struct dso_message {
    explicit dso_message(RenderedMessage&& m)
        : message(std::move(m)), channel(to_string(message.channel)), text(format_rendered(message)) {}
    RenderedMessage message;
    std::string channel; ///< printed channel for dso_message_get
    std::string text;    ///< as `dsocore render` prints it
};

namespace {

const Table& table_of(const dso_table* t) { return non_null(t, "table")->table; }

/// The customer rows a role-scoped view sees (a collector's customers); empty (every
/// customer) without a role or for the other roles.
std::vector<std::uint8_t> role_scope(const Ledger& l, const char* role, const char* user) {
    if (!role) {
        if (user) throw BadArgument{"opts->user without opts->role"};
        return {};
    }
    return RoleView(l, parse_role_or_throw(role), user ? user : "").scope();
}
const Ledger& ledger_of(const dso_ledger* l) { return non_null(l, "ledger")->ledger; }

const Column& column_of(const Table& t, std::size_t col) {
    if (col >= t.columns.size())
        throw BadArgument{"column " + std::to_string(col) + " out of range (table has " +
                          std::to_string(t.columns.size()) + " columns)"};
    return t.columns[col];
}

/// The column of a cell, checked: in range, of the expected type, and not empty.
const Column& cell_of(const Table& t, std::size_t row, std::size_t col, CellType want) {
    const Column& c = column_of(t, col);
    if (row >= t.rows())
        throw BadArgument{"row " + std::to_string(row) + " out of range (table has " + std::to_string(t.rows()) +
                          " rows)"};
    if (c.type != want)
        throw BadArgument{"column '" + c.name + "' is " + to_string(c.type) + ", not " + to_string(want)};
    if (c.nulls[row])
        throw BadArgument{"cell (" + std::to_string(row) + ", '" + c.name + "') is empty; check dso_table_is_null"};
    return c;
}

Date parse_as_of(const char* as_of) {
    non_null(as_of, "as_of");
    const auto d = Date::parse(as_of);
    if (!d) throw Error(Errc::invalid_argument, std::string("as_of '") + as_of + "': expected a date YYYY-MM-DD");
    return *d;
}

std::optional<Currency> parse_currency(const char* code) {
    if (!code) return std::nullopt;
    const auto c = Currency::find(code);
    if (!c)
        throw Error(Errc::invalid_argument, std::string("base currency '") + code +
                                                "': expected an ISO 4217 currency code");
    return c;
}

std::vector<std::string> id_list(std::size_t count, const char* const* ids, const char* what) {
    std::vector<std::string> out;
    if (count) non_null(ids, what);
    for (std::size_t i = 0; i < count; ++i) {
        if (!ids[i]) throw BadArgument{std::string(what) + "[" + std::to_string(i) + "] is NULL"};
        out.emplace_back(ids[i]);
    }
    return out;
}

std::optional<Role> role_arg(const char* role) {
    if (!role) return std::nullopt;
    return parse_role_or_throw(role);
}

Actor limit_actor(const dso_limit_options& o, bool required) {
    if (required && (!o.role || !*o.role)) throw BadArgument{"opts->role is required (credit_manager or admin)"};
    if (required && (!o.user || !*o.user)) throw BadArgument{"opts->user is required"};
    Actor a;
    a.role = o.role ? parse_role_or_throw(o.role) : Role::admin; // reading without a role: unrestricted
    a.user = str_or(o.user);
    if (!required && a.role == Role::collector && a.user.empty())
        throw BadArgument{"a collector's view needs opts->user"};
    return a;
}

const dso_limit_options& limit_opts(const dso_limit_options* opts) {
    non_null(opts, "opts");
    check_version(opts->version, DSO_LIMIT_OPTIONS_VERSION, "opts");
    if (opts->request_id < 0) throw BadArgument{"opts->request_id must be > 0 (or 0 for none)"};
    return *opts;
}

std::optional<std::int64_t> request_id_of(const dso_limit_options& o) {
    return o.request_id ? std::optional<std::int64_t>(o.request_id) : std::nullopt;
}

SearchRequest search_request(const char* as_of, const char* where, const char* base, const char* role, const char* user) {
    SearchRequest s;
    s.as_of = parse_as_of(as_of);
    s.where = str_or(where);
    s.base = parse_currency(base);
    s.role = role_arg(role);
    s.user = str_or(user);
    if (s.role == Role::collector && s.user.empty()) throw BadArgument{"a collector's view needs a user"};
    return s;
}

template <class F>
int limit_decision(dso_context* ctx, const char* fn, const char* data_dir, const dso_limit_options* opts, dso_table** out,
                   F&& act) {
    return guard_ctx(ctx, fn, [&] {
        if (out) *out = nullptr;
        non_null(data_dir, "data_dir");
        const dso_limit_options& o = limit_opts(opts);
        LimitWorkflow wf(data_dir);
        const LimitRequest r = act(wf, o, limit_actor(o, true));
        if (out) *out = new dso_table(requests_table({r}));
    });
}
void fill_result(dso_assign_result* r, std::size_t matched, std::size_t changed, std::int64_t batch) {
    if (!r) return;
    check_version(r->version, DSO_ASSIGN_RESULT_VERSION, "result");
    r->matched = matched;
    r->changed = changed;
    r->batch = batch;
}
template <class F>
auto quiet(F&& f, decltype(f()) fallback) noexcept -> decltype(f()) {
    try {
        return f();
    } catch (...) {
        return fallback;
    }
}

} // namespace

extern "C" {

/* ---- version ---- */
int dso_version_number(void) { return DSO_VERSION_NUMBER; }
const char* dso_version_string(void) { return DSO_VERSION_STRING; }
void dso_version(int* major, int* minor, int* patch) {
    if (major) *major = DSO_VERSION_MAJOR;
    if (minor) *minor = DSO_VERSION_MINOR;
    if (patch) *patch = DSO_VERSION_PATCH;
}

const char* dso_status_name(int status) {
    switch (status) {
    case DSO_OK: return "DSO_OK";
    case DSO_EINVALID_ARGUMENT: return "DSO_EINVALID_ARGUMENT";
    case DSO_EDATA: return "DSO_EDATA";
    case DSO_EIO: return "DSO_EIO";
    case DSO_EOVERFLOW: return "DSO_EOVERFLOW";
    case DSO_ECURRENCY_MISMATCH: return "DSO_ECURRENCY_MISMATCH";
    case DSO_EMISSING_RATE: return "DSO_EMISSING_RATE";
    case DSO_ENOT_FOUND: return "DSO_ENOT_FOUND";
    case DSO_EPERMISSION: return "DSO_EPERMISSION";
    case DSO_EINTERNAL: return "DSO_EINTERNAL";
    default: return "DSO_UNKNOWN";
    }
}

/* ---- buffers ---- */
void dso_buffer_dispose(dso_buffer* buf) {
    if (!buf) return;
    if (buf->reserved) std::free(buf->ptr);
    buf->ptr = nullptr;
    buf->size = 0;
    buf->reserved = 0;
}

/* ---- context ---- */
int dso_context_create(dso_context** out) {
    return guard(nullptr, "dso_context_create", [&] {
        non_null(out, "out");
        *out = nullptr;
        *out = new dso_context();
    });
}
void dso_context_destroy(dso_context* ctx) { delete ctx; }
const char* dso_context_errmsg(const dso_context* ctx) {
    return (ctx ? *ctx : capi::tls_context).message.c_str();
}
int dso_context_errcode(const dso_context* ctx) { return (ctx ? *ctx : capi::tls_context).code; }

/* ---- ledger ---- */
int dso_ledger_load(dso_context* ctx, const char* dir, dso_ledger** out) {
    return guard_ctx(ctx, "dso_ledger_load", [&] {
        non_null(out, "out");
        *out = nullptr;
        non_null(dir, "dir");
        *out = new dso_ledger(Ledger::load(dir));
    });
}

int dso_ledger_load_sources(dso_context* ctx, size_t count, const char* const* names, const char* const* texts,
                            dso_ledger** out) {
    return guard_ctx(ctx, "dso_ledger_load_sources", [&] {
        non_null(out, "out");
        *out = nullptr;
        if (count) {
            non_null(names, "names");
            non_null(texts, "texts");
        }
        DataSources src;
        for (size_t i = 0; i < count; ++i) {
            if (!names[i] || !texts[i]) throw BadArgument{"names[" + std::to_string(i) + "] or texts[i] is NULL"};
            if (!src.emplace(names[i], texts[i]).second)
                throw BadArgument{std::string("file '") + names[i] + "' given twice"};
        }
        *out = new dso_ledger(Ledger::load_sources(src));
    });
}

int dso_ledger_validate(dso_context* ctx, const char* dir) {
    return guard_ctx(ctx, "dso_ledger_validate", [&] {
        non_null(dir, "dir");
        LoadOptions o;
        o.templates = true;
        (void)Ledger::load(dir, o);
    });
}

void dso_ledger_destroy(dso_ledger* ledger) { delete ledger; }
size_t dso_ledger_customer_count(const dso_ledger* l) { return l ? l->ledger.customers().size() : 0; }
size_t dso_ledger_item_count(const dso_ledger* l) { return l ? l->ledger.items().size() : 0; }

int dso_ledger_export(dso_context* ctx, const dso_ledger* ledger, const char* dir) {
    return guard_ctx(ctx, "dso_ledger_export", [&] { ledger_of(ledger).save(non_null(dir, "dir")); });
}

int dso_ledger_file_text(dso_context* ctx, const dso_ledger* ledger, const char* file, dso_buffer* out) {
    return guard_ctx(ctx, "dso_ledger_file_text", [&] {
        const Ledger& l = ledger_of(ledger);
        non_null(out, "out");
        fill_buffer(out, l.csv_text(non_null(file, "file")));
    });
}

/* ---- tables ---- */
void dso_table_destroy(dso_table* t) { delete t; }
size_t dso_table_row_count(const dso_table* t) { return t ? t->table.rows() : 0; }
size_t dso_table_column_count(const dso_table* t) { return t ? t->table.columns.size() : 0; }
const char* dso_table_report(const dso_table* t) { return t ? t->table.report.c_str() : ""; }
const char* dso_table_as_of(const dso_table* t) { return t ? t->as_of.c_str() : ""; }
const char* dso_table_base_currency(const dso_table* t) { return t ? t->table.base_currency.c_str() : ""; }

int dso_table_column_name(dso_context* ctx, const dso_table* t, size_t col, const char** name) {
    return guard_ctx(ctx, "dso_table_column_name", [&] {
        non_null(name, "name");
        *name = column_of(table_of(t), col).name.c_str();
    });
}

int dso_table_column_index(dso_context* ctx, const dso_table* t, const char* name, size_t* col) {
    return guard_ctx(ctx, "dso_table_column_index", [&] {
        const Table& tb = table_of(t);
        non_null(col, "col");
        *col = tb.column_index(non_null(name, "name"));
    });
}

int dso_table_column_type(dso_context* ctx, const dso_table* t, size_t col, dso_cell_type* type, int32_t* scale) {
    return guard_ctx(ctx, "dso_table_column_type", [&] {
        const Column& c = column_of(table_of(t), col);
        if (type) *type = static_cast<dso_cell_type>(c.type);
        if (scale) *scale = c.type == CellType::decimal ? c.scale : 0;
    });
}

int dso_table_is_null(dso_context* ctx, const dso_table* t, size_t row, size_t col, int* is_null) {
    return guard_ctx(ctx, "dso_table_is_null", [&] {
        const Table& tb = table_of(t);
        const Column& c = column_of(tb, col);
        non_null(is_null, "is_null");
        if (row >= tb.rows()) throw BadArgument{"row " + std::to_string(row) + " out of range"};
        *is_null = c.nulls[row] ? 1 : 0;
    });
}

int dso_table_get_text(dso_context* ctx, const dso_table* t, size_t row, size_t col, const char** text, size_t* len) {
    return guard_ctx(ctx, "dso_table_get_text", [&] {
        non_null(text, "text");
        const std::string& s = cell_of(table_of(t), row, col, CellType::text).texts[row];
        *text = s.c_str();
        if (len) *len = s.size();
    });
}

int dso_table_get_integer(dso_context* ctx, const dso_table* t, size_t row, size_t col, int64_t* value) {
    return guard_ctx(ctx, "dso_table_get_integer", [&] {
        non_null(value, "value");
        *value = cell_of(table_of(t), row, col, CellType::integer).ints[row];
    });
}

int dso_table_get_decimal(dso_context* ctx, const dso_table* t, size_t row, size_t col, dso_decimal* value) {
    return guard_ctx(ctx, "dso_table_get_decimal", [&] {
        non_null(value, "value");
        const Column& c = cell_of(table_of(t), row, col, CellType::decimal);
        // A row may print fewer digits than the column's scale (amounts in each item's
        // own currency): give the cell at its own digits, as printed.
        const int rs = row < c.row_scale.size() && c.row_scale[row] < c.scale ? c.row_scale[row] : c.scale;
        value->units = c.ints[row] / pow10_i64(c.scale - rs);
        value->scale = rs;
    });
}

int dso_table_get_date(dso_context* ctx, const dso_table* t, size_t row, size_t col, dso_date* value) {
    return guard_ctx(ctx, "dso_table_get_date", [&] {
        non_null(value, "value");
        const Column& c = cell_of(table_of(t), row, col, CellType::date);
        const YearMonthDay ymd = Date::from_days(static_cast<std::int32_t>(c.ints[row])).ymd();
        value->year = ymd.year;
        value->month = ymd.month;
        value->day = ymd.day;
    });
}

int dso_table_get_boolean(dso_context* ctx, const dso_table* t, size_t row, size_t col, int* value) {
    return guard_ctx(ctx, "dso_table_get_boolean", [&] {
        non_null(value, "value");
        *value = cell_of(table_of(t), row, col, CellType::boolean).ints[row] ? 1 : 0;
    });
}

int dso_table_get_string(dso_context* ctx, const dso_table* t, size_t row, size_t col, dso_buffer* out) {
    return guard_ctx(ctx, "dso_table_get_string", [&] {
        const Table& tb = table_of(t);
        column_of(tb, col);
        non_null(out, "out");
        if (row >= tb.rows()) throw BadArgument{"row " + std::to_string(row) + " out of range"};
        fill_buffer(out, tb.cell_text(col, row));
    });
}

int dso_table_to_csv(dso_context* ctx, const dso_table* t, dso_buffer* out) {
    return guard_ctx(ctx, "dso_table_to_csv", [&] {
        const Table& tb = table_of(t);
        fill_buffer(non_null(out, "out"), to_csv(tb));
    });
}

int dso_table_to_json(dso_context* ctx, const dso_table* t, dso_buffer* out) {
    return guard_ctx(ctx, "dso_table_to_json", [&] {
        const Table& tb = table_of(t);
        fill_buffer(non_null(out, "out"), to_json(tb));
    });
}

/* ---- reports ---- */
int dso_report_options_init(dso_report_options* opts, unsigned int version) {
    return guard(nullptr, "dso_report_options_init", [&] {
        non_null(opts, "opts");
        if (version == 0 || version > DSO_REPORT_OPTIONS_VERSION)
            throw BadArgument{"version " + std::to_string(version) + " unknown (this library knows 1.." +
                              std::to_string(DSO_REPORT_OPTIONS_VERSION) + ")"};
        // A version-1 caller's struct ends before the version-2 fields: write only its size.
        const dso_report_options defaults = DSO_REPORT_OPTIONS_INIT;
        const std::size_t size = version == 1 ? offsetof(dso_report_options, role) : sizeof(dso_report_options);
        std::memcpy(static_cast<void*>(opts), &defaults, size);
        opts->version = version;
    });
}

int dso_report(dso_context* ctx, const dso_ledger* ledger, const char* name, const char* as_of,
               const dso_report_options* opts, dso_table** out) {
    return guard_ctx(ctx, "dso_report", [&] {
        non_null(out, "out");
        *out = nullptr;
        const Ledger& l = ledger_of(ledger);
        ReportRequest req;
        req.name = non_null(name, "name");
        non_null(as_of, "as_of");
        const auto d = Date::parse(as_of);
        if (!d) throw Error(Errc::invalid_argument, std::string("as_of '") + as_of + "': expected a date YYYY-MM-DD");
        req.as_of = *d;
        if (opts) {
            if (opts->version == 0 || opts->version > DSO_REPORT_OPTIONS_VERSION)
                throw BadArgument{"opts->version " + std::to_string(opts->version) +
                                  " unknown; initialise with DSO_REPORT_OPTIONS_INIT"};
            if (opts->base_currency) {
                const auto c = Currency::find(opts->base_currency);
                if (!c)
                    throw Error(Errc::invalid_argument, std::string("base currency '") + opts->base_currency +
                                                            "': expected an ISO 4217 currency code");
                req.base_currency = c;
            }
            if (opts->by) req.by = opts->by;
            if (opts->where) req.where = opts->where;
            if (opts->option_count) non_null(opts->options, "opts->options");
            for (size_t i = 0; i < opts->option_count; ++i) {
                const dso_option& o = opts->options[i];
                if (!o.key || !o.value) throw BadArgument{"option " + std::to_string(i) + " has a NULL key or value"};
                if (!req.options.emplace(o.key, o.value).second)
                    throw BadArgument{std::string("option '") + o.key + "' given twice"};
            }
            // A role-scoped view: a collector's reports cover their customers only.
            if (opts->version >= 2) req.customer_scope = role_scope(l, opts->role, opts->user);
        }
        *out = new dso_table(run_report(l, req));
    });
}

/* ---- collection ---- */
int dso_agenda(dso_context* ctx, const dso_ledger* ledger, const char* as_of, const dso_agenda_options* opts,
               dso_table** out) {
    return guard_ctx(ctx, "dso_agenda", [&] {
        non_null(out, "out");
        *out = nullptr;
        const Ledger& l = ledger_of(ledger);
        const Date d = parse_as_of(as_of);
        AgendaOptions o;
        if (opts) {
            if (opts->version == 0 || opts->version > DSO_AGENDA_OPTIONS_VERSION)
                throw BadArgument{"opts->version unknown; initialise with DSO_AGENDA_OPTIONS_INIT"};
            if (opts->horizon_days < 0)
                throw Error(Errc::invalid_argument, "horizon_days " + std::to_string(opts->horizon_days) +
                                                        ": expected a number of days >= 0");
            o.horizon_days = opts->horizon_days;
            o.base_currency = parse_currency(opts->base_currency);
            if (opts->version >= 2) o.customer_scope = role_scope(l, opts->role, opts->user);
        }
        *out = new dso_table(agenda_table(l, compute_agenda(l, d, o)));
    });
}

int dso_alerts(dso_context* ctx, const dso_ledger* ledger, const char* as_of, const dso_alerts_options* opts,
               dso_table** out) {
    return guard_ctx(ctx, "dso_alerts", [&] {
        non_null(out, "out");
        *out = nullptr;
        const Ledger& l = ledger_of(ledger);
        const Date d = parse_as_of(as_of);
        AlertOptions o;
        if (opts) {
            if (opts->version == 0 || opts->version > DSO_ALERTS_OPTIONS_VERSION)
                throw BadArgument{"opts->version unknown; initialise with DSO_ALERTS_OPTIONS_INIT"};
            if (opts->not_dunned_days < 0 || opts->declaration_days < 0)
                throw Error(Errc::invalid_argument, "not_dunned_days and declaration_days: expected days >= 0");
            o.base_currency = parse_currency(opts->base_currency);
            o.not_dunned_days = opts->not_dunned_days;
            o.declaration_days = opts->declaration_days;
            if (opts->version >= 2) o.customer_scope = role_scope(l, opts->role, opts->user);
            if (opts->rules) {
                std::string cur;
                for (const char* p = opts->rules;; ++p) {
                    if (*p == ',' || *p == '\0') {
                        if (!cur.empty()) o.rules.push_back(cur);
                        cur.clear();
                        if (!*p) break;
                    } else if (*p != ' ') {
                        cur.push_back(*p);
                    }
                }
            }
        }
        *out = new dso_table(alerts_table(l, compute_alerts(l, d, o)));
    });
}

/* ---- ledger: options and snapshots ---- */
int dso_ledger_load_opts(dso_context* ctx, const char* path, const dso_load_options* opts, dso_ledger** out) {
    return guard_ctx(ctx, "dso_ledger_load_opts", [&] {
        non_null(out, "out");
        *out = nullptr;
        non_null(path, "path");
        LoadOptions o;
        if (opts) {
            check_version(opts->version, DSO_LOAD_OPTIONS_VERSION, "opts");
            o.templates = opts->templates != 0;
            if (opts->builtin_templates) o.builtin_templates = opts->builtin_templates;
        }
        *out = new dso_ledger(Ledger::load(path, o), o.templates);
    });
}

int dso_ledger_save_snapshot(dso_context* ctx, const dso_ledger* ledger, const char* file) {
    return guard_ctx(ctx, "dso_ledger_save_snapshot",
                     [&] { ledger_of(ledger).save_snapshot(non_null(file, "file")); });
}

int dso_is_snapshot(const char* path) {
    return quiet([&] { return path && Ledger::is_snapshot(path) ? 1 : 0; }, 0);
}

/* ---- render ---- */
int dso_render(dso_context* ctx, const dso_ledger* ledger, const char* as_of, const char* customer, const char* step,
               const dso_render_options* opts, dso_message** out) {
    return guard_ctx(ctx, "dso_render", [&] {
        non_null(out, "out");
        *out = nullptr;
        const dso_ledger* l = non_null(ledger, "ledger");
        const Date d = parse_as_of(as_of);
        const auto [entity, id] = split_customer_key(non_null(customer, "customer"));
        non_null(step, "step");
        std::string scenario;
        if (opts) {
            check_version(opts->version, DSO_RENDER_OPTIONS_VERSION, "opts");
            scenario = str_or(opts->scenario);
        }
        if (!l->templates)
            throw BadArgument{"the ledger was loaded without its message templates: load it with "
                              "dso_ledger_load_opts and templates = 1"};
        *out = new dso_message(render_step(l->ledger, d, entity, id, step, scenario));
    });
}

void dso_message_destroy(dso_message* m) { delete m; }

const char* dso_message_get(const dso_message* m, dso_message_part part) {
    if (!m) return "";
    const RenderedMessage& r = m->message;
    switch (part) {
    case DSO_MESSAGE_TEMPLATE: return r.template_name.c_str();
    case DSO_MESSAGE_TEMPLATE_PATH: return r.template_path.c_str();
    case DSO_MESSAGE_LANGUAGE: return r.language.c_str();
    case DSO_MESSAGE_LOCALE: return r.locale.c_str();
    case DSO_MESSAGE_CHANNEL: return m->channel.c_str();
    case DSO_MESSAGE_TO: return r.to.c_str();
    case DSO_MESSAGE_SUBJECT: return r.subject.c_str();
    case DSO_MESSAGE_BODY: return r.body.c_str();
    case DSO_MESSAGE_TEXT: return m->text.c_str();
    }
    return "";
}

int dso_message_sms(const dso_message* m, int* encoding, size_t* characters, size_t* units, size_t* segments) {
    if (!m || !m->message.sms) return 0;
    const SmsInfo& s = *m->message.sms;
    if (encoding) *encoding = s.encoding == SmsEncoding::gsm7 ? 0 : 1;
    if (characters) *characters = s.characters;
    if (units) *units = s.units;
    if (segments) *segments = s.segments;
    return 1;
}

/* ---- act ---- */
int dso_act(dso_context* ctx, const char* data_dir, const dso_action* action, dso_buffer* action_id, dso_buffer* line) {
    return guard_ctx(ctx, "dso_act", [&] {
        non_null(data_dir, "data_dir");
        non_null(action, "action");
        check_version(action->version, DSO_ACTION_VERSION, "action");
        ActionRequest req;
        req.date = parse_date_arg(action->date, "action->date");
        auto [entity, id] = split_customer_key(non_null(action->customer, "action->customer"));
        req.entity = entity;
        req.customer_id = id;
        req.step = str_or(action->step);
        req.scenario = str_or(action->scenario);
        if (action->channel) {
            req.channel = parse_channel(action->channel);
            if (!req.channel)
                throw Error(Errc::invalid_argument, std::string("channel '") + action->channel +
                                                        "': expected email, sms, letter, call or task");
        }
        if (req.step.empty() && !req.channel)
            throw BadArgument{"name a scenario step, or a channel for an action out of scenario"};
        req.item_ids = id_list(action->item_count, action->item_ids, "action->item_ids");
        req.user = str_or(action->user);
        req.outcome = str_or(action->outcome);
        req.comment = str_or(action->comment);
        const Ledger l = Ledger::load(data_dir);
        const RecordedAction a = record_action(l, req);
        if (action_id) fill_buffer(action_id, a.action_id);
        if (line) fill_buffer(line, a.line);
    });
}

int dso_ignore_items(dso_context* ctx, const char* data_dir, const char* date, const char* customer, size_t item_count,
                     const char* const* item_ids, size_t* changed) {
    return guard_ctx(ctx, "dso_ignore_items", [&] {
        non_null(data_dir, "data_dir");
        const Date d = parse_date_arg(date, "date");
        const auto [entity, id] = split_customer_key(non_null(customer, "customer"));
        const auto ids = id_list(item_count, item_ids, "item_ids");
        if (ids.empty()) throw BadArgument{"name the items to mark ignored (item_count is 0)"};
        Ledger l = Ledger::load(data_dir);
        const std::size_t n = ignore_payer_items(l, entity, id, ids, d);
        if (changed) *changed = n;
    });
}

/* ---- export (import: dsocore_c_import.cpp) ---- */
int dso_export(dso_context* ctx, const dso_ledger* ledger, const char* output, const dso_export_options* opts) {
    return guard_ctx(ctx, "dso_export", [&] {
        const Ledger& l = ledger_of(ledger);
        non_null(output, "output");
        ExportOptions o;
        std::optional<RoleView> view;
        if (opts) {
            check_version(opts->version, DSO_EXPORT_OPTIONS_VERSION, "opts");
            o.format = str_or(opts->format, "csv");
            o.canonical = opts->canonical != 0;
            if (opts->as_of) o.as_of = parse_date_arg(opts->as_of, "opts->as_of");
            if (opts->version >= 2 && opts->role) {
                // Exports under a role-scoped view are admin-only (docs/decisions.md, "Exports and roles").
                view.emplace(l, parse_role_or_throw(opts->role), str_or(opts->user));
                o.view = &*view;
            } else if (opts->version >= 2 && opts->user) {
                throw BadArgument{"opts->user without opts->role"};
            }
        }
        if (o.format != "csv" && o.format != "xlsx")
            throw Error(Errc::invalid_argument, "format '" + o.format + "': expected csv or xlsx");
        export_data(l, output, o);
    });
}

namespace {
void table_write(const dso_table* t, const char* format, const char* path, const char* role, const char* user) {
    const Table& tb = table_of(t);
    const std::string f = non_null(format, "format");
    non_null(path, "path");
    if (f != "csv" && f != "json" && f != "xlsx")
        throw Error(Errc::invalid_argument, "format '" + f + "': expected csv, json or xlsx");
    if (role) {
        // No ledger here: the role alone decides (exports are admin-only under a view).
        require_export_allowed(parse_role_or_throw(role), str_or(user));
    } else if (user) {
        throw BadArgument{"user without role"};
    }
    export_report(tb, path, f);
}
} // namespace

int dso_table_write(dso_context* ctx, const dso_table* t, const char* format, const char* path) {
    return guard_ctx(ctx, "dso_table_write", [&] { table_write(t, format, path, nullptr, nullptr); });
}

int dso_table_write_as(dso_context* ctx, const dso_table* t, const char* format, const char* path, const char* role,
                       const char* user) {
    return guard_ctx(ctx, "dso_table_write_as", [&] { table_write(t, format, path, role, user); });
}

/* ---- risk ---- */
int dso_role_allows(dso_context* ctx, const char* role, const char* operation, int* allowed) {
    return guard_ctx(ctx, "dso_role_allows", [&] {
        non_null(allowed, "allowed");
        const Role r = parse_role_or_throw(non_null(role, "role"));
        *allowed = RoleView::allows(r, parse_operation_or_throw(non_null(operation, "operation"))) ? 1 : 0;
    });
}

int dso_limit_request(dso_context* ctx, const char* data_dir, const dso_limit_options* opts, dso_table** out) {
    return limit_decision(ctx, "dso_limit_request", data_dir, opts, out,
                          [](LimitWorkflow& wf, const dso_limit_options& o, const Actor& who) {
                              if (!o.customer) throw BadArgument{"opts->customer is required"};
                              if (!o.amount) throw BadArgument{"opts->amount is required"};
                              std::optional<Date> as_of;
                              if (o.as_of) as_of = parse_date_arg(o.as_of, "opts->as_of");
                              return wf.request(who, o.customer, o.amount, str_or(o.comment), as_of);
                          });
}

int dso_limit_approve(dso_context* ctx, const char* data_dir, const dso_limit_options* opts, dso_table** out) {
    return limit_decision(ctx, "dso_limit_approve", data_dir, opts, out,
                          [](LimitWorkflow& wf, const dso_limit_options& o, const Actor& who) {
                              if (!o.customer && !o.request_id)
                                  throw BadArgument{"name the customer (opts->customer) or the request (opts->request_id)"};
                              return wf.approve(who, str_or(o.customer), str_or(o.comment), request_id_of(o));
                          });
}

int dso_limit_reject(dso_context* ctx, const char* data_dir, const dso_limit_options* opts, dso_table** out) {
    return limit_decision(ctx, "dso_limit_reject", data_dir, opts, out,
                          [](LimitWorkflow& wf, const dso_limit_options& o, const Actor& who) {
                              if (!o.customer && !o.request_id)
                                  throw BadArgument{"name the customer (opts->customer) or the request (opts->request_id)"};
                              return wf.reject(who, str_or(o.customer), str_or(o.comment), request_id_of(o));
                          });
}

int dso_limit_history(dso_context* ctx, const char* data_dir, const dso_limit_options* opts, dso_table** out) {
    return guard_ctx(ctx, "dso_limit_history", [&] {
        non_null(out, "out");
        *out = nullptr;
        non_null(data_dir, "data_dir");
        const dso_limit_options defaults = DSO_LIMIT_OPTIONS_INIT;
        const dso_limit_options& o = opts ? limit_opts(opts) : defaults;
        const LimitWorkflow wf(data_dir);
        *out = new dso_table(wf.history(limit_actor(o, false), str_or(o.customer), request_id_of(o)));
    });
}

int dso_limit_requests(dso_context* ctx, const char* data_dir, const dso_limit_options* opts, dso_table** out) {
    return guard_ctx(ctx, "dso_limit_requests", [&] {
        non_null(out, "out");
        *out = nullptr;
        non_null(data_dir, "data_dir");
        const dso_limit_options defaults = DSO_LIMIT_OPTIONS_INIT;
        const dso_limit_options& o = opts ? limit_opts(opts) : defaults;
        const LimitWorkflow wf(data_dir);
        *out = new dso_table(requests_table(wf.requests(limit_actor(o, false))));
    });
}

int dso_search(dso_context* ctx, const dso_ledger* ledger, const char* as_of, const dso_search_options* opts,
               dso_table** out) {
    return guard_ctx(ctx, "dso_search", [&] {
        non_null(out, "out");
        *out = nullptr;
        const Ledger& l = ledger_of(ledger);
        if (opts) check_version(opts->version, DSO_SEARCH_OPTIONS_VERSION, "opts");
        // Field by field (never a struct copy): a caller's struct is as long as its version.
        const SearchRequest s = opts ? search_request(as_of, opts->where, opts->base_currency, opts->role, opts->user)
                                     : search_request(as_of, nullptr, nullptr, nullptr, nullptr);
        const std::filesystem::path risk = l.directory().empty() ? std::filesystem::path() : l.directory() / "risk.json";
        *out = new dso_table(search_table(l, s, risk));
    });
}

int dso_assign(dso_context* ctx, const char* data_dir, const char* as_of, const dso_assign_options* opts,
               dso_assign_result* result, dso_table** changes) {
    return guard_ctx(ctx, "dso_assign", [&] {
        if (changes) *changes = nullptr;
        non_null(data_dir, "data_dir");
        non_null(opts, "opts");
        check_version(opts->version, DSO_ASSIGN_OPTIONS_VERSION, "opts");
        if (result) check_version(result->version, DSO_ASSIGN_RESULT_VERSION, "result");
        AssignRequest req;
        req.search = search_request(as_of, opts->where, opts->base_currency, opts->role, opts->user);
        if (req.search.where.empty())
            throw BadArgument{"opts->where is required (an assignment to everyone is not a default)"};
        req.field = non_null(opts->field, "opts->field");
        req.value = non_null(opts->value, "opts->value");
        req.dry_run = opts->dry_run != 0;
        const AssignResult r = assign(data_dir, req);
        if (changes) *changes = new dso_table(assign_changes_table(r, req.search.as_of));
        fill_result(result, r.matched, r.changed, r.batch);
    });
}

int dso_assign_undo(dso_context* ctx, const char* data_dir, const char* role, const char* user,
                    dso_assign_result* result) {
    return guard_ctx(ctx, "dso_assign_undo", [&] {
        non_null(data_dir, "data_dir");
        if (result) check_version(result->version, DSO_ASSIGN_RESULT_VERSION, "result");
        const UndoResult u = undo_assign(data_dir, role_arg(role), str_or(user));
        fill_result(result, 0, u.restored, u.batch);
    });
}

size_t dso_report_count(void) {
    return quiet([] { return report_registry().size(); }, size_t{0});
}
const char* dso_report_name(size_t index) {
    return quiet([&]() -> const char* {
        const auto& r = report_registry();
        return index < r.size() ? r[index].name.c_str() : nullptr;
    }, nullptr);
}
const char* dso_report_summary(size_t index) {
    return quiet([&]() -> const char* {
        const auto& r = report_registry();
        return index < r.size() ? r[index].summary.c_str() : nullptr;
    }, nullptr);
}

} // extern "C"
