/* dsocore from C: load the sample portfolio, print its aging by entity, then render the
 * message of the first row of the day's agenda.
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
    dso_table *agenda = NULL;
    dso_message *message = NULL;
    dso_report_options opts = DSO_REPORT_OPTIONS_INIT;
    dso_load_options load = DSO_LOAD_OPTIONS_INIT;
    load.templates = 1; /* dso_render needs the message templates */
    if (dso_context_create(&ctx) != DSO_OK) return 1;
    if (dso_ledger_load_opts(ctx, dir, &load, &ledger) != DSO_OK) return fail(ctx);
    printf("dsocore %s: %zu customers, %zu items\n\n", dso_version_string(), dso_ledger_customer_count(ledger),
           dso_ledger_item_count(ledger));

    opts.by = "entity";
    if (dso_report(ctx, ledger, "aging", as_of, &opts, &by_entity) != DSO_OK) return fail(ctx);
    printf("Aging by entity as of %s (%s)\n", dso_table_as_of(by_entity), dso_table_base_currency(by_entity));
    print_table(ctx, by_entity, 10);

    /* The day's agenda, and the message of its first row (what `dsocore render` prints). */
    if (dso_agenda(ctx, ledger, as_of, NULL, &agenda) != DSO_OK) return fail(ctx);
    printf("\nAgenda: %zu actions due\n", dso_table_row_count(agenda));
    if (dso_table_row_count(agenda) > 0) {
        const char *entity = NULL, *id = NULL, *step = NULL;
        char customer[256];
        size_t c_entity, c_id, c_step;
        dso_table_column_index(ctx, agenda, "entity", &c_entity);
        dso_table_column_index(ctx, agenda, "customer_id", &c_id);
        dso_table_column_index(ctx, agenda, "step", &c_step);
        dso_table_get_text(ctx, agenda, 0, c_entity, &entity, NULL);
        dso_table_get_text(ctx, agenda, 0, c_id, &id, NULL);
        dso_table_get_text(ctx, agenda, 0, c_step, &step, NULL);
        snprintf(customer, sizeof customer, "%s:%s", entity, id);
        if (dso_render(ctx, ledger, as_of, customer, step, NULL, &message) != DSO_OK) return fail(ctx);
        printf("\nMessage for %s, step %s:\n%s", customer, step, dso_message_get(message, DSO_MESSAGE_TEXT));
        dso_message_destroy(message);
    }

    dso_table_destroy(agenda);
    dso_table_destroy(by_entity);
    dso_ledger_destroy(ledger);
    dso_context_destroy(ctx);
    return 0;
}
