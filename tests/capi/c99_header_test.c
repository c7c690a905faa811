/* C ABI — the header compiles as strict C99 (-std=c99 -pedantic -Werror) and a plain C
 * program runs the basic path: context, version, load, report, cells, cleanup. */
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
    if (argc != 2) return 2;
    CHECK(dso_version_number() == DSO_VERSION_NUMBER);
    CHECK(strcmp(dso_version_string(), DSO_VERSION_STRING) == 0);
    CHECK(dso_context_create(&ctx) == DSO_OK);
    CHECK(dso_ledger_load(ctx, argv[1], &ledger) == DSO_OK);
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
    dso_table_destroy(table);
    dso_ledger_destroy(ledger);
    dso_context_destroy(ctx);
    return 0;
}
