// dsocore C ABI — implementation. Every entry point goes through capi::guard(); no C++
// type or exception crosses extern "C".
#include <cstdlib>
#include <cstring>
#include <string_view>

#include "dsocore/core/config.hpp"
#include "dsocore/core/decimal.hpp"
#include "dsocore/collection/agenda.hpp"
#include "dsocore/collection/alerts.hpp"
#include "dsocore/reports/report.hpp"
#include "guard.hpp"

using namespace dsocore;
using dsocore::capi::BadArgument;
using dsocore::capi::guard;
using dsocore::capi::guard_ctx;
using dsocore::capi::non_null;

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

namespace {

void fill_buffer(dso_buffer* buf, std::string_view s) {
    char* p = static_cast<char*>(std::malloc(s.size() + 1));
    if (!p) throw std::bad_alloc();
    if (!s.empty()) std::memcpy(p, s.data(), s.size());
    p[s.size()] = '\0';
    dso_buffer_dispose(buf);
    buf->ptr = p;
    buf->size = s.size();
    buf->reserved = s.size() + 1;
}

const Table& table_of(const dso_table* t) { return non_null(t, "table")->table; }
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
        const dso_report_options defaults = DSO_REPORT_OPTIONS_INIT;
        *opts = defaults;
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
