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

#define DSO_REPORT_OPTIONS_VERSION 1
/** Request options. Version 1 fields; later versions only add fields at the end. */
typedef struct dso_report_options {
    unsigned int version;      /**< DSO_REPORT_OPTIONS_VERSION */
    const char *base_currency; /**< ISO 4217 code; NULL: company.json's base currency */
    const char *by;            /**< grouping field (--by); NULL: the report's default */
    const char *where;         /**< filter expression (--where); NULL: everything */
    size_t option_count;       /**< report options */
    const dso_option *options;
} dso_report_options;
#define DSO_REPORT_OPTIONS_INIT {DSO_REPORT_OPTIONS_VERSION, NULL, NULL, NULL, 0, NULL}
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
#define DSO_AGENDA_OPTIONS_VERSION 1
typedef struct dso_agenda_options {
    unsigned int version;      /**< DSO_AGENDA_OPTIONS_VERSION */
    int32_t horizon_days;      /**< rows with action_date <= as_of + horizon (default 14) */
    const char *base_currency; /**< NULL: company.json's base currency */
} dso_agenda_options;
#define DSO_AGENDA_OPTIONS_INIT {DSO_AGENDA_OPTIONS_VERSION, 14, NULL}
/** The day's collection agenda as a table (the columns of `dsocore agenda`); opts may be NULL. */
DSO_API int dso_agenda(dso_context *ctx, const dso_ledger *ledger, const char *as_of,
                       const dso_agenda_options *opts, dso_table **out);

#define DSO_ALERTS_OPTIONS_VERSION 1
typedef struct dso_alerts_options {
    unsigned int version;      /**< DSO_ALERTS_OPTIONS_VERSION */
    const char *base_currency; /**< NULL: company.json's base currency */
    int32_t not_dunned_days;   /**< N of overdue_not_dunned (default 15) */
    int32_t declaration_days;  /**< N of declaration_due (default 15) */
    const char *rules;         /**< comma-separated rule names; NULL: every built-in rule */
} dso_alerts_options;
#define DSO_ALERTS_OPTIONS_INIT {DSO_ALERTS_OPTIONS_VERSION, NULL, 15, 15, NULL}
/** The alerts that match at as_of as a table (the columns of `dsocore alerts`); opts may be NULL. */
DSO_API int dso_alerts(dso_context *ctx, const dso_ledger *ledger, const char *as_of,
                       const dso_alerts_options *opts, dso_table **out);

#ifdef __cplusplus
}
#endif
#endif /* DSOCORE_DSOCORE_H */
