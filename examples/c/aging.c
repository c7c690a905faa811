/* dsocore from C: load the sample portfolio and print its aging (by entity, then the
 * five customers with the most overdue).
 *   cc aging.c $(pkg-config --cflags --libs dsocore) -o aging && ./aging /usr/local/share/dsocore/data */
#include <stdio.h>
#include <stdlib.h>

#include "dsocore/dsocore.h"

static int fail(dso_context *ctx) {
    fprintf(stderr, "aging: %s (%s)\n", dso_context_errmsg(ctx), dso_status_name(dso_context_errcode(ctx)));
    return 1;
}

static void print_table(dso_context *ctx, const dso_table *t, size_t max_rows) {
    size_t r, c;
    dso_buffer cell = DSO_BUFFER_INIT;
    for (c = 0; c < dso_table_column_count(t); ++c) {
        const char *name = NULL;
        dso_table_column_name(ctx, t, c, &name);
        printf("%14s", name);
    }
    printf("\n");
    for (r = 0; r < dso_table_row_count(t) && r < max_rows; ++r) {
        for (c = 0; c < dso_table_column_count(t); ++c) {
            dso_table_get_string(ctx, t, r, c, &cell); /* exact decimal text */
            printf("%14s", cell.ptr);
        }
        printf("\n");
    }
    dso_buffer_dispose(&cell);
}

int main(int argc, char **argv) {
    const char *dir = argc > 1 ? argv[1] : "examples/data";
    const char *as_of = argc > 2 ? argv[2] : "2026-06-30";
    dso_context *ctx = NULL;
    dso_ledger *ledger = NULL;
    dso_table *by_entity = NULL;
    dso_report_options opts = DSO_REPORT_OPTIONS_INIT;
    if (dso_context_create(&ctx) != DSO_OK) return 1;
    if (dso_ledger_load(ctx, dir, &ledger) != DSO_OK) return fail(ctx);
    printf("dsocore %s: %zu customers, %zu items\n\n", dso_version_string(), dso_ledger_customer_count(ledger),
           dso_ledger_item_count(ledger));

    opts.by = "entity";
    if (dso_report(ctx, ledger, "aging", as_of, &opts, &by_entity) != DSO_OK) return fail(ctx);
    printf("Aging by entity as of %s (%s)\n", dso_table_as_of(by_entity), dso_table_base_currency(by_entity));
    print_table(ctx, by_entity, 10);

    dso_table_destroy(by_entity);
    dso_ledger_destroy(ledger);
    dso_context_destroy(ctx);
    return 0;
}
