/*
 * dsocore — the C ABI (C99). Stable across minor versions: see docs/api-stability.md.
 *
 * Shape
 *   - Opaque handles with create/destroy pairs; every destroy accepts NULL.
 *   - Every fallible call returns an int status: DSO_OK (0) or a DSO_E* code. The values
 *     are pinned (they equal dsocore::Errc in C++) and never renumbered. The message of
 *     the last failed call is read with dso_context_errmsg(ctx).
 *   - Strings are UTF-8 and NUL-terminated. Strings the library allocates for the caller
 *     come in a dso_buffer released with dso_buffer_dispose(). Strings returned as
 *     `const char *` belong to the handle they came from and live as long as it does.
 *   - Amounts are exact: a decimal string ("1234.50") or integer units and a scale
 *     (units x 10^-scale). No binary floating point anywhere.
 *   - Options that may grow are versioned structs (DSO_*_OPTIONS_VERSION).
 *
 * Threads
 *   A dso_context is used by one thread at a time (give each thread its own). A
 *   dso_ledger is immutable after load: many threads may run reports on the same ledger
 *   at once, each with its own context. A dso_table is read-only after creation and
 *   may be read from several threads; destroy it once, from one thread. Functions that
 *   take no context are thread-safe. Calls made with a NULL context record their
 *   message in a thread-local slot read with dso_context_errmsg(NULL).
 *
 * Evolution
 *   Only additions: new functions, new status codes, new fields at the end of versioned
 *   structs (with a new *_VERSION). A change of meaning gets a new name (_v2) and the
 *   old one is marked DSO_DEPRECATED.
 */
#ifndef DSOCORE_DSOCORE_H
#define DSOCORE_DSOCORE_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ---- export and deprecation macros ------------------------------------------------ */
#if defined(_WIN32)
#  if defined(DSOCORE_C_BUILDING)
#    define DSO_API __declspec(dllexport)
#  else
#    define DSO_API __declspec(dllimport)
#  endif
#elif defined(__GNUC__) || defined(__clang__)
#  define DSO_API __attribute__((visibility("default")))
#else
#  define DSO_API
#endif

#if defined(__GNUC__) || defined(__clang__)
#  define DSO_DEPRECATED(msg) __attribute__((deprecated(msg)))
#else
#  define DSO_DEPRECATED(msg)
#endif

/* ---- version ------------------------------------------------------------------------ */
#define DSO_VERSION_MAJOR 0
#define DSO_VERSION_MINOR 1
#define DSO_VERSION_PATCH 0
/** MAJOR * 10000 + MINOR * 100 + PATCH, as returned by dso_version_number(). */
#define DSO_VERSION_NUMBER (DSO_VERSION_MAJOR * 10000 + DSO_VERSION_MINOR * 100 + DSO_VERSION_PATCH)
#define DSO_VERSION_STRING "0.1.0"

/** Version of the library actually loaded (compare with DSO_VERSION_NUMBER). */
DSO_API int dso_version_number(void);
/** "MAJOR.MINOR.PATCH" of the loaded library; static storage. */
DSO_API const char *dso_version_string(void);
/** Each pointer may be NULL. */
DSO_API void dso_version(int *major, int *minor, int *patch);

/* ---- status codes (pinned; equal to dsocore::Errc) ---------------------------------- */
enum {
    DSO_OK = 0,
    DSO_EINVALID_ARGUMENT = 1, /**< bad usage: NULL handle, unknown option, bad value */
    DSO_EDATA = 2,             /**< bad input data (file, line, column in the message) */
    DSO_EIO = 3,               /**< a file could not be read or written */
    DSO_EOVERFLOW = 4,         /**< an exact computation does not fit its type */
    DSO_ECURRENCY_MISMATCH = 5,/**< two currencies met without conversion */
    DSO_EMISSING_RATE = 6,     /**< no fx rate on or before a date */
    DSO_ENOT_FOUND = 7,        /**< an id or name that does not exist */
    DSO_EPERMISSION = 8,       /**< the role of a view does not allow the operation */
    DSO_EINTERNAL = 99         /**< a broken invariant or out of memory (a bug: report it) */
};
/** Symbolic name of a status ("DSO_EDATA"); "DSO_UNKNOWN" for other values. */
DSO_API const char *dso_status_name(int status);

/* ---- library-owned strings ---------------------------------------------------------- */
/** A string allocated by dsocore. Initialise with DSO_BUFFER_INIT (or zero it); a
 *  function that fills a buffer first frees what the buffer held. `ptr` is
 *  NUL-terminated; `size` excludes the NUL. Release with dso_buffer_dispose(). */
typedef struct dso_buffer {
    char *ptr;
    size_t size;
    size_t reserved; /**< internal: non-zero when ptr is owned by dsocore */
} dso_buffer;
#define DSO_BUFFER_INIT {NULL, 0, 0}
/** Frees the content and zeroes the struct; NULL and empty buffers are fine. */
DSO_API void dso_buffer_dispose(dso_buffer *buf);

/* ---- context --------------------------------------------------------------------------- */
typedef struct dso_context dso_context;
DSO_API int dso_context_create(dso_context **out);
DSO_API void dso_context_destroy(dso_context *ctx);
/** Message of the last failed call on ctx ("" after a success); valid until the next
 *  call with ctx. With ctx NULL: the calling thread's message for calls made without
 *  a context. Never NULL. */
DSO_API const char *dso_context_errmsg(const dso_context *ctx);
/** Status of the last call on ctx (DSO_OK after a success). */
DSO_API int dso_context_errcode(const dso_context *ctx);

/* ---- dates ------------------------------------------------------------------------------ */
/** A calendar date (proleptic Gregorian). */
typedef struct dso_date {
    int32_t year;
    int32_t month; /**< 1..12 */
    int32_t day;   /**< 1..31 */
} dso_date;

/* ---- ledger ------------------------------------------------------------------------------ */
typedef struct dso_ledger dso_ledger;
/** Loads and validates a data directory (data-format.md). All or nothing: on DSO_EDATA
 *  the message lists every problem (file:line: column, value, what was expected). */
DSO_API int dso_ledger_load(dso_context *ctx, const char *dir, dso_ledger **out);
/** Same from in-memory files: names[i] ("customers.csv", "company.json" …) holds
 *  texts[i] (UTF-8, NUL-terminated). Same validation and messages as files. */
DSO_API int dso_ledger_load_sources(dso_context *ctx, size_t count, const char *const *names,
                                    const char *const *texts, dso_ledger **out);
#define DSO_LOAD_OPTIONS_VERSION 1
/** Load options (dso_ledger_load_opts). Version 1 fields; later versions only add fields. */
typedef struct dso_load_options {
    unsigned int version;          /**< DSO_LOAD_OPTIONS_VERSION */
    int templates;                 /**< non-zero: read and check the message templates (dso_render needs them) */
    const char *builtin_templates; /**< built-in templates directory; NULL: $DSOCORE_TEMPLATES, else the installed one */
} dso_load_options;
#define DSO_LOAD_OPTIONS_INIT {DSO_LOAD_OPTIONS_VERSION, 0, NULL}
/** dso_ledger_load with options; opts may be NULL (= dso_ledger_load). `path` is a data
 *  directory or a snapshot file (*.dsoc, see dso_ledger_save_snapshot). */
DSO_API int dso_ledger_load_opts(dso_context *ctx, const char *path, const dso_load_options *opts, dso_ledger **out);
/** Writes the loaded ledger as a binary snapshot (`dsocore snapshot`) that dso_ledger_load
 *  opens without parsing CSV (a cache of this library version, not an exchange format). */
DSO_API int dso_ledger_save_snapshot(dso_context *ctx, const dso_ledger *ledger, const char *file);
/** 1 when path is a dsocore snapshot file, 0 otherwise (NULL, unreadable, a directory). */
DSO_API int dso_is_snapshot(const char *path);
/** Full validation of a data directory, templates included (`dsocore validate`). */
DSO_API int dso_ledger_validate(dso_context *ctx, const char *dir);
DSO_API void dso_ledger_destroy(dso_ledger *ledger);
/** Number of customer accounts / items (0 for NULL). */
DSO_API size_t dso_ledger_customer_count(const dso_ledger *ledger);
DSO_API size_t dso_ledger_item_count(const dso_ledger *ledger);
/** Writes the whole directory back in canonical CSV/JSON form into dir (created). */
DSO_API int dso_ledger_export(dso_context *ctx, const dso_ledger *ledger, const char *dir);
/** Canonical text of one file of the directory ("items.csv" …). */
DSO_API int dso_ledger_file_text(dso_context *ctx, const dso_ledger *ledger, const char *file, dso_buffer *out);

/* ---- tables (the result of every report) --------------------------------------------- */
typedef struct dso_table dso_table;
typedef enum dso_cell_type {
    DSO_CELL_TEXT = 0,
    DSO_CELL_INTEGER = 1, /**< counts, day differences */
    DSO_CELL_DECIMAL = 2, /**< exact fixed point: units x 10^-scale */
    DSO_CELL_DATE = 3,
    DSO_CELL_BOOLEAN = 4
} dso_cell_type;
/** An exact decimal: value = units x 10^-scale. */
typedef struct dso_decimal {
    int64_t units;
    int32_t scale;
} dso_decimal;

DSO_API void dso_table_destroy(dso_table *table);
/** Rows / columns (0 for NULL). */
DSO_API size_t dso_table_row_count(const dso_table *table);
DSO_API size_t dso_table_column_count(const dso_table *table);
/** Report name, as-of date "YYYY-MM-DD" and base currency of the table ("" for NULL). */
DSO_API const char *dso_table_report(const dso_table *table);
DSO_API const char *dso_table_as_of(const dso_table *table);
DSO_API const char *dso_table_base_currency(const dso_table *table);
/** Column name (valid while the table lives). */
DSO_API int dso_table_column_name(dso_context *ctx, const dso_table *table, size_t col, const char **name);
/** Index of the column called name (DSO_ENOT_FOUND when absent). */
DSO_API int dso_table_column_index(dso_context *ctx, const dso_table *table, const char *name, size_t *col);
/** Type of a column; scale is the decimal scale (0 for other types); either may be NULL.
 *  A decimal cell may carry fewer digits than its column (a column of amounts each in
 *  its item's own currency): dso_table_get_decimal gives each cell's own scale. */
DSO_API int dso_table_column_type(dso_context *ctx, const dso_table *table, size_t col, dso_cell_type *type,
                                  int32_t *scale);
/** *is_null = 1 for an empty field (an undefined figure), else 0. */
DSO_API int dso_table_is_null(dso_context *ctx, const dso_table *table, size_t row, size_t col, int *is_null);
/* Typed getters: DSO_EINVALID_ARGUMENT for a row/column out of range, a column of
   another type, or an empty cell (check dso_table_is_null first). */
/** Text cell; the pointer lives as long as the table; *len may be NULL. */
DSO_API int dso_table_get_text(dso_context *ctx, const dso_table *table, size_t row, size_t col,
                               const char **text, size_t *len);
DSO_API int dso_table_get_integer(dso_context *ctx, const dso_table *table, size_t row, size_t col,
                                  int64_t *value);
DSO_API int dso_table_get_decimal(dso_context *ctx, const dso_table *table, size_t row, size_t col,
                                  dso_decimal *value);
DSO_API int dso_table_get_date(dso_context *ctx, const dso_table *table, size_t row, size_t col, dso_date *value);
DSO_API int dso_table_get_boolean(dso_context *ctx, const dso_table *table, size_t row, size_t col, int *value);
/** The printed form of any cell: decimals exact ("1234.50"), dates YYYY-MM-DD, booleans
 *  true/false, "" for an empty cell. */
DSO_API int dso_table_get_string(dso_context *ctx, const dso_table *table, size_t row, size_t col,
                                 dso_buffer *out);
/** The whole table as CSV (header + rows, LF) or JSON (amounts as strings). */
DSO_API int dso_table_to_csv(dso_context *ctx, const dso_table *table, dso_buffer *out);
DSO_API int dso_table_to_json(dso_context *ctx, const dso_table *table, dso_buffer *out);

/* ---- reports -------------------------------------------------------------------------- */
/** One report option without "--": {"buckets", "30,60,90"}, {"method", "countback"}. */
typedef struct dso_option {
    const char *key;
    const char *value;
} dso_option;

#define DSO_REPORT_OPTIONS_VERSION 2
/** Request options. Later versions only add fields at the end; a caller built against
 *  version 1 passes version = 1 and the library reads only those fields. */
typedef struct dso_report_options {
    unsigned int version;      /**< DSO_REPORT_OPTIONS_VERSION */
    const char *base_currency; /**< ISO 4217 code; NULL: company.json's base currency */
    const char *by;            /**< grouping field (--by); NULL: the report's default */
    const char *where;         /**< filter expression (--where); NULL: everything */
    size_t option_count;       /**< report options */
    const dso_option *options;
    /* version 2 */
    const char *role;          /**< role-scoped view (--role): collector, credit_manager, sales, admin; NULL: none */
    const char *user;          /**< the user of the view (--user); a collector's reports cover their customers */
} dso_report_options;
#define DSO_REPORT_OPTIONS_INIT {DSO_REPORT_OPTIONS_VERSION, NULL, NULL, NULL, 0, NULL, NULL, NULL}
/** Fills *opts with the defaults of the given version (pass DSO_REPORT_OPTIONS_VERSION). */
DSO_API int dso_report_options_init(dso_report_options *opts, unsigned int version);

/** Runs the report `name` (reports.md) at as_of ("YYYY-MM-DD"); opts may be NULL.
 *  Unknown reports and options give DSO_EINVALID_ARGUMENT with the allowed names. */
DSO_API int dso_report(dso_context *ctx, const dso_ledger *ledger, const char *name, const char *as_of,
                       const dso_report_options *opts, dso_table **out);
/** The reports this library knows, in the order of reports.md (static storage). */
DSO_API size_t dso_report_count(void);
DSO_API const char *dso_report_name(size_t index);    /**< NULL when out of range */
DSO_API const char *dso_report_summary(size_t index); /**< NULL when out of range */

/* ---- collection (collection.md) ------------------------------------------------------ */
#define DSO_AGENDA_OPTIONS_VERSION 2
/** Agenda options. Later versions only add fields at the end; a caller built against
 *  version 1 passes version = 1 and the library reads only those fields. */
typedef struct dso_agenda_options {
    unsigned int version;      /**< DSO_AGENDA_OPTIONS_VERSION */
    int32_t horizon_days;      /**< rows with action_date <= as_of + horizon (default 14) */
    const char *base_currency; /**< NULL: company.json's base currency */
    /* version 2 */
    const char *role;          /**< role-scoped view (--role): a collector gets the rows of their payers; NULL: none */
    const char *user;          /**< the user of the view (--user); needs role */
} dso_agenda_options;
#define DSO_AGENDA_OPTIONS_INIT {DSO_AGENDA_OPTIONS_VERSION, 14, NULL, NULL, NULL}
/** The day's collection agenda as a table (the columns of `dsocore agenda`); opts may be NULL. */
DSO_API int dso_agenda(dso_context *ctx, const dso_ledger *ledger, const char *as_of,
                       const dso_agenda_options *opts, dso_table **out);

#define DSO_ALERTS_OPTIONS_VERSION 2
/** Alerts options; versioned as dso_agenda_options. */
typedef struct dso_alerts_options {
    unsigned int version;      /**< DSO_ALERTS_OPTIONS_VERSION */
    const char *base_currency; /**< NULL: company.json's base currency */
    int32_t not_dunned_days;   /**< N of overdue_not_dunned (default 15) */
    int32_t declaration_days;  /**< N of declaration_due (default 15) */
    const char *rules;         /**< comma-separated rule names; NULL: every built-in rule */
    /* version 2 */
    const char *role;          /**< role-scoped view: a collector gets the alerts of their customers; NULL: none */
    const char *user;          /**< the user of the view; needs role */
} dso_alerts_options;
#define DSO_ALERTS_OPTIONS_INIT {DSO_ALERTS_OPTIONS_VERSION, NULL, 15, 15, NULL, NULL, NULL}
/** The alerts that match at as_of as a table (the columns of `dsocore alerts`); opts may be NULL. */
DSO_API int dso_alerts(dso_context *ctx, const dso_ledger *ledger, const char *as_of,
                       const dso_alerts_options *opts, dso_table **out);

/* ---- render (collection.md "Templates") ---------------------------------------------- */
typedef struct dso_message dso_message;
#define DSO_RENDER_OPTIONS_VERSION 1
typedef struct dso_render_options {
    unsigned int version;  /**< DSO_RENDER_OPTIONS_VERSION */
    const char *scenario;  /**< only when the step is pending in two scenarios; NULL: none */
} dso_render_options;
#define DSO_RENDER_OPTIONS_INIT {DSO_RENDER_OPTIONS_VERSION, NULL}
/** The message of payer `customer` ("[ENTITY:]ID") for scenario step `step` at as_of, as
 *  `dsocore render` (whatever the row's action date). The ledger must be loaded with
 *  templates (dso_ledger_load_opts, templates = 1). DSO_ENOT_FOUND names the pending
 *  steps when none matches; opts may be NULL. */
DSO_API int dso_render(dso_context *ctx, const dso_ledger *ledger, const char *as_of, const char *customer,
                       const char *step, const dso_render_options *opts, dso_message **out);
DSO_API void dso_message_destroy(dso_message *message);
/** Parts of a message ("" for NULL); the strings live as long as the message. */
typedef enum dso_message_part {
    DSO_MESSAGE_TEMPLATE = 0,      /**< template name, e.g. reminder1_email */
    DSO_MESSAGE_TEMPLATE_PATH = 1, /**< templates/... or builtin:... */
    DSO_MESSAGE_LANGUAGE = 2,      /**< the template's language (after fallback) */
    DSO_MESSAGE_LOCALE = 3,        /**< the payer's language, used for formatting */
    DSO_MESSAGE_CHANNEL = 4,       /**< email, sms, letter, call, task */
    DSO_MESSAGE_TO = 5,            /**< address, phone or email of the payer */
    DSO_MESSAGE_SUBJECT = 6,
    DSO_MESSAGE_BODY = 7,
    DSO_MESSAGE_TEXT = 8           /**< the whole message exactly as `dsocore render` prints it */
} dso_message_part;
DSO_API const char *dso_message_get(const dso_message *message, dso_message_part part);
/** SMS figures of the body (sms channel only): returns 1 and fills the non-NULL
 *  pointers; 0 for another channel or NULL. encoding: 0 GSM-7 (units = septets),
 *  1 UCS-2 (units = UTF-16 code units). */
DSO_API int dso_message_sms(const dso_message *message, int *encoding, size_t *characters, size_t *units,
                            size_t *segments);

/* ---- act (collection.md "Actions") ---------------------------------------------------- */
#define DSO_ACTION_VERSION 1
/** An action to record (`dsocore act`). Version 1 fields; later versions add fields. */
typedef struct dso_action {
    unsigned int version;   /**< DSO_ACTION_VERSION */
    const char *date;       /**< the action's date YYYY-MM-DD (the agenda at that date) */
    const char *customer;   /**< the payer dunned, "[ENTITY:]ID" */
    const char *step;       /**< scenario step done; NULL: an action out of scenario (channel required) */
    const char *scenario;   /**< only to choose between two rows with the same step; NULL */
    const char *channel;    /**< email, sms, letter, call, task; NULL: the step's */
    size_t item_count;      /**< items; 0: the agenda row's items */
    const char *const *item_ids;
    const char *user;       /**< NULL: "" */
    const char *outcome;
    const char *comment;
} dso_action;
#define DSO_ACTION_INIT {DSO_ACTION_VERSION, NULL, NULL, NULL, NULL, NULL, 0, NULL, NULL, NULL, NULL}
/** Appends the action to data_dir/actions.csv atomically (under a lock, fresh action_id).
 *  action_id and line (the CSV line appended, without LF) may be NULL. */
DSO_API int dso_act(dso_context *ctx, const char *data_dir, const dso_action *action, dso_buffer *action_id,
                    dso_buffer *line);
/** `dsocore act --ignore`: sets status `ignored` (status_date = date) on items of the payer
 *  "[ENTITY:]ID" and rewrites items.csv atomically; *changed (may be NULL) counts the
 *  items that were not ignored yet. */
DSO_API int dso_ignore_items(dso_context *ctx, const char *data_dir, const char *date, const char *customer,
                             size_t item_count, const char *const *item_ids, size_t *changed);

/* ---- import and export (import.md) ---------------------------------------------------- */
typedef struct dso_import_result dso_import_result;
#define DSO_IMPORT_OPTIONS_VERSION 1
typedef struct dso_import_options {
    unsigned int version;      /**< DSO_IMPORT_OPTIONS_VERSION */
    const char *profile;       /**< path of the profile JSON; NULL: profile_json */
    const char *profile_json;  /**< the profile's text; with both NULL: the canonical profile of `kind` */
    const char *kind;          /**< customers, items, allocations, fx, disputes, actions; NULL: the profile's */
    const char *date;          /**< import date YYYY-MM-DD (allocations that close items); NULL: today (UTC) */
    int dry_run;               /**< non-zero: check and count, write nothing but the reject file */
    const char *rejects_path;  /**< NULL: <input>.rejects.csv */
} dso_import_options;
#define DSO_IMPORT_OPTIONS_INIT {DSO_IMPORT_OPTIONS_VERSION, NULL, NULL, NULL, NULL, 0, NULL}
/** Imports `input` into data_dir (`dsocore import`): all or nothing. Refused lines are
 *  results, not errors: DSO_OK with *out, then dso_import_applied() says whether the
 *  directory took the import (dso_import_text(r, DSO_IMPORT_FAILURE) says why not).
 *  A profile or file that cannot be used at all gives DSO_EDATA / DSO_EIO. */
DSO_API int dso_import(dso_context *ctx, const char *data_dir, const char *input, const dso_import_options *opts,
                       dso_import_result **out);
DSO_API void dso_import_result_destroy(dso_import_result *result);
/** 1 when the directory took the import (or would, in a dry run). */
DSO_API int dso_import_applied(const dso_import_result *result);
typedef enum dso_import_counter {
    DSO_IMPORT_CREATED = 0,
    DSO_IMPORT_UPDATED = 1,
    DSO_IMPORT_UNCHANGED = 2,
    DSO_IMPORT_CLOSED = 3,
    DSO_IMPORT_REJECTED = 4,   /**< lines written to the reject file */
    DSO_IMPORT_CHANGES = 5     /**< lines of dso_import_change (the first 1000 changes) */
} dso_import_counter;
DSO_API size_t dso_import_count(const dso_import_result *result, dso_import_counter which);
typedef enum dso_import_text_kind {
    DSO_IMPORT_SUMMARY = 0,      /**< "created N, updated N, unchanged N, closed N, rejected N" */
    DSO_IMPORT_REJECTS_FILE = 1, /**< path of the reject file (written when a line was refused) */
    DSO_IMPORT_FAILURE = 2,      /**< why nothing was applied ("" when applied) */
    DSO_IMPORT_ENCODING = 3      /**< encoding used to read a text file ("" for XLSX/XLS) */
} dso_import_text_kind;
/** A text of the result ("" for NULL); lives as long as the result. */
DSO_API const char *dso_import_text(const dso_import_result *result, dso_import_text_kind which);
/** Change `index` (< DSO_IMPORT_CHANGES), e.g. "create items.csv FR01:I9"; NULL when out of range. */
DSO_API const char *dso_import_change(const dso_import_result *result, size_t index);
/** The refused lines as a table: line (integer), raw (text), reasons (text, "; "-separated). */
DSO_API int dso_import_rejects(dso_context *ctx, const dso_import_result *result, dso_table **out);

#define DSO_EXPORT_OPTIONS_VERSION 2
/** Export options. Later versions only add fields at the end; a caller built against
 *  version 1 passes version = 1 and the library reads only those fields. */
typedef struct dso_export_options {
    unsigned int version;  /**< DSO_EXPORT_OPTIONS_VERSION */
    const char *format;    /**< "csv" (output is a directory) or "xlsx" (one workbook); NULL: csv */
    int canonical;         /**< non-zero: only the canonical columns */
    const char *as_of;     /**< date of the base-currency columns; NULL: the latest date in the data */
    /* version 2 */
    const char *role;      /**< role-scoped view (--role); exports under a view are admin-only; NULL: none */
    const char *user;      /**< the user of the view (--user); needs role */
} dso_export_options;
#define DSO_EXPORT_OPTIONS_INIT {DSO_EXPORT_OPTIONS_VERSION, NULL, 0, NULL, NULL, NULL}
/** `dsocore export`: the data directory with enriched columns to CSV files or XLSX.
 *  Under a role-scoped view (opts->role) only admin may export: another role gives
 *  DSO_EPERMISSION naming the role and user, and nothing is written. */
DSO_API int dso_export(dso_context *ctx, const dso_ledger *ledger, const char *output, const dso_export_options *opts);
/** Writes a table to `path` as "csv", "json" or "xlsx" (`--format F --output path`), with no view. */
DSO_API int dso_table_write(dso_context *ctx, const dso_table *table, const char *format, const char *path);
/** dso_table_write under a role-scoped view (`report --output path --role R --user U`):
 *  role NULL is no view (as dso_table_write); a role other than admin gives
 *  DSO_EPERMISSION naming the role and user, and nothing is written. user may be NULL. */
DSO_API int dso_table_write_as(dso_context *ctx, const dso_table *table, const char *format, const char *path,
                               const char *role, const char *user);

/* ---- risk (risk.md): roles, limit workflow, search and assign ------------------------- */
/** *allowed = 1 when role may perform operation: read, assign_scenario, assign_collector,
 *  assign_group, assign_custom, request_limit, approve_limit, export_data (admin only). */
DSO_API int dso_role_allows(dso_context *ctx, const char *role, const char *operation, int *allowed);

#define DSO_LIMIT_OPTIONS_VERSION 1
typedef struct dso_limit_options {
    unsigned int version;    /**< DSO_LIMIT_OPTIONS_VERSION */
    const char *role;        /**< credit_manager, admin ... (required to request/approve/reject) */
    const char *user;        /**< required to request/approve/reject */
    const char *customer;    /**< "[ENTITY:]ID"; NULL: none (approve/reject then need request_id) */
    int64_t request_id;      /**< 0: the customer's pending request */
    const char *amount;      /**< new limit (request), exact decimal in credit_limit_currency */
    const char *comment;
    const char *as_of;       /**< request: day of the conversion for the thresholds; NULL: today (UTC) */
} dso_limit_options;
#define DSO_LIMIT_OPTIONS_INIT {DSO_LIMIT_OPTIONS_VERSION, NULL, NULL, NULL, 0, NULL, NULL, NULL}
/** `dsocore limit request|approve|reject`: writes limit_requests.csv (and customers.csv on
 *  the last approval) in data_dir; *out (may be NULL) is the request afterwards as a
 *  one-row table: request_id, entity, customer_id, old_limit, new_limit, currency, state,
 *  levels, approved, next_level, next_role, applied, requested_by, approvers. */
DSO_API int dso_limit_request(dso_context *ctx, const char *data_dir, const dso_limit_options *opts, dso_table **out);
DSO_API int dso_limit_approve(dso_context *ctx, const char *data_dir, const dso_limit_options *opts, dso_table **out);
DSO_API int dso_limit_reject(dso_context *ctx, const char *data_dir, const dso_limit_options *opts, dso_table **out);
/** `dsocore limit history`: every event (filtered by customer / request_id when given; a
 *  collector sees their customers only). role NULL: unrestricted. */
DSO_API int dso_limit_history(dso_context *ctx, const char *data_dir, const dso_limit_options *opts, dso_table **out);
/** Every request rebuilt from the events, in the columns of dso_limit_request. */
DSO_API int dso_limit_requests(dso_context *ctx, const char *data_dir, const dso_limit_options *opts, dso_table **out);

#define DSO_SEARCH_OPTIONS_VERSION 1
typedef struct dso_search_options {
    unsigned int version;      /**< DSO_SEARCH_OPTIONS_VERSION */
    const char *where;         /**< filter expression; NULL: every customer the view sees */
    const char *base_currency; /**< NULL: company.json's */
    const char *role;          /**< role-scoped view; NULL: unrestricted */
    const char *user;
} dso_search_options;
#define DSO_SEARCH_OPTIONS_INIT {DSO_SEARCH_OPTIONS_VERSION, NULL, NULL, NULL, NULL}
/** `dsocore search`: matching customers with their figures (score and grade when the
 *  ledger's directory has a risk.json). */
DSO_API int dso_search(dso_context *ctx, const dso_ledger *ledger, const char *as_of, const dso_search_options *opts,
                       dso_table **out);

#define DSO_ASSIGN_OPTIONS_VERSION 1
typedef struct dso_assign_options {
    unsigned int version;      /**< DSO_ASSIGN_OPTIONS_VERSION */
    const char *where;         /**< required: the customers to assign */
    const char *field;         /**< scenario, collector, group_code, custom_1 ... custom_12 */
    const char *value;
    int dry_run;
    const char *base_currency;
    const char *role;          /**< NULL: unrestricted */
    const char *user;
} dso_assign_options;
#define DSO_ASSIGN_OPTIONS_INIT {DSO_ASSIGN_OPTIONS_VERSION, NULL, NULL, NULL, 0, NULL, NULL, NULL}
#define DSO_ASSIGN_RESULT_VERSION 1
/** Filled by dso_assign / dso_assign_undo; the caller sets version first. */
typedef struct dso_assign_result {
    unsigned int version;  /**< DSO_ASSIGN_RESULT_VERSION */
    size_t matched;        /**< customers found (assign) */
    size_t changed;        /**< customers changed (assign) or restored (undo) */
    int64_t batch;         /**< journal batch (0: dry run or nothing changed) */
} dso_assign_result;
#define DSO_ASSIGN_RESULT_INIT {DSO_ASSIGN_RESULT_VERSION, 0, 0, 0}
/** `dsocore assign`: sets field = value on the customers found at as_of, customers.csv
 *  rewritten atomically and journalled for dso_assign_undo. result and changes (a table
 *  entity, customer_id, old_value, new_value) may be NULL. */
DSO_API int dso_assign(dso_context *ctx, const char *data_dir, const char *as_of, const dso_assign_options *opts,
                       dso_assign_result *result, dso_table **changes);
/** `dsocore assign undo`: restores the latest assignment not undone (role/user may be NULL). */
DSO_API int dso_assign_undo(dso_context *ctx, const char *data_dir, const char *role, const char *user,
                            dso_assign_result *result);

#ifdef __cplusplus
}
#endif
#endif /* DSOCORE_DSOCORE_H */
