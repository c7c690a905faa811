/* C ABI — the header compiles as strict C99 (-std=c99 -pedantic -Werror) and a plain C
 * program runs the basic path: context, version, load, report, cells, render, cleanup.
 * Every *_INIT macro is used once (C initialisers with -Wextra: no missing field). */
#include <stdio.h>
#include <string.h>

#include "dsocore/dsocore.h"

#define CHECK(cond)                                                                                          \
    do {                                                                                                     \
        if (!(cond)) {                                                                                       \
            fprintf(stderr, "%s:%d: check failed: %s (%s)\n", __FILE__, __LINE__, #cond,                    \
                    dso_context_errmsg(ctx));                                                                \
            return 1;                                                                                        \
        }                                                                                                    \
    } while (0)

int main(int argc, char **argv) {
    dso_context *ctx = NULL;
    dso_ledger *ledger = NULL;
    dso_table *table = NULL;
    dso_report_options opts = DSO_REPORT_OPTIONS_INIT;
    dso_option by_total[1];
    dso_buffer buf = DSO_BUFFER_INIT;
    dso_decimal total;
    size_t col = 0;
    dso_load_options load = DSO_LOAD_OPTIONS_INIT;
    dso_render_options render = DSO_RENDER_OPTIONS_INIT;
    dso_message *message = NULL;
    dso_action action = DSO_ACTION_INIT;
    dso_import_options import = DSO_IMPORT_OPTIONS_INIT;
    dso_export_options export_opts = DSO_EXPORT_OPTIONS_INIT;
    dso_limit_options limit = DSO_LIMIT_OPTIONS_INIT;
    dso_search_options search = DSO_SEARCH_OPTIONS_INIT;
    dso_assign_options assign = DSO_ASSIGN_OPTIONS_INIT;
    dso_assign_result assigned = DSO_ASSIGN_RESULT_INIT;
    dso_agenda_options agenda = DSO_AGENDA_OPTIONS_INIT;
    dso_alerts_options alerts = DSO_ALERTS_OPTIONS_INIT;
    if (argc != 2) return 2;
    (void)action;
    (void)import;
    (void)export_opts;
    (void)limit;
    (void)assign;
    (void)assigned;
    (void)agenda;
    (void)alerts;
    CHECK(search.version == DSO_SEARCH_OPTIONS_VERSION && opts.version == DSO_REPORT_OPTIONS_VERSION);
    CHECK(dso_version_number() == DSO_VERSION_NUMBER);
    CHECK(strcmp(dso_version_string(), DSO_VERSION_STRING) == 0);
    CHECK(dso_context_create(&ctx) == DSO_OK);
    load.templates = 1;
    CHECK(dso_ledger_load_opts(ctx, argv[1], &load, &ledger) == DSO_OK);
    by_total[0].key = "buckets";
    by_total[0].value = "30,60,90";
    opts.by = "total";
    opts.option_count = 1;
    opts.options = by_total;
    CHECK(dso_report(ctx, ledger, "aging", "2026-06-30", &opts, &table) == DSO_OK);
    CHECK(dso_table_row_count(table) == 1);
    CHECK(dso_table_column_index(ctx, table, "total", &col) == DSO_OK);
    CHECK(dso_table_get_decimal(ctx, table, 0, col, &total) == DSO_OK);
    CHECK(total.scale == 2);
    CHECK(dso_table_get_string(ctx, table, 0, col, &buf) == DSO_OK);
    printf("total receivables %s %s\n", buf.ptr, dso_table_base_currency(table));
    dso_buffer_dispose(&buf);
    render.scenario = "standard";
    CHECK(dso_render(ctx, ledger, "2026-06-30", "DE01:C000276", "r2", &render, &message) == DSO_OK);
    CHECK(strcmp(dso_message_get(message, DSO_MESSAGE_CHANNEL), "sms") == 0);
    dso_message_destroy(message);
    dso_table_destroy(table);
    dso_ledger_destroy(ledger);
    dso_context_destroy(ctx);
    return 0;
}
