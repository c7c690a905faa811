/* Prints a report as CSV through the C ABI's typed getters (decimal units + scale are
 * formatted here, not by the library), for the cross-door comparison.
 * usage: c_report DATA_DIR REPORT AS_OF [key=value ...]   (by=..., other report options)
 *        c_report DATA_DIR render AS_OF CUSTOMER STEP      (the message, from its parts) */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dsocore/dsocore.h"

static void print_decimal(dso_decimal d) {
    uint64_t mag = d.units < 0 ? (uint64_t)(-(d.units + 1)) + 1u : (uint64_t)d.units;
    uint64_t pow10 = 1;
    int32_t i;
    for (i = 0; i < d.scale; ++i) pow10 *= 10u;
    printf("%s%" PRIu64, d.units < 0 ? "-" : "", mag / pow10);
    if (d.scale > 0) printf(".%0*" PRIu64, (int)d.scale, mag % pow10);
}

/* The message in the form of `dsocore render`, assembled here from the parts the C ABI
 * gives (not the library's own DSO_MESSAGE_TEXT). */
static int print_render(const char *dir, const char *as_of, const char *customer, const char *step) {
    dso_context *ctx = NULL;
    dso_ledger *ledger = NULL;
    dso_message *m = NULL;
    dso_load_options lo = DSO_LOAD_OPTIONS_INIT;
    const char *language, *locale, *subject, *body;
    int encoding = 0;
    size_t characters = 0, units = 0, segments = 0, n;
    lo.templates = 1;
    if (dso_context_create(&ctx) != DSO_OK || dso_ledger_load_opts(ctx, dir, &lo, &ledger) != DSO_OK ||
        dso_render(ctx, ledger, as_of, customer, step, NULL, &m) != DSO_OK) {
        fprintf(stderr, "c_report: %s\n", dso_context_errmsg(ctx));
        return 1;
    }
    language = dso_message_get(m, DSO_MESSAGE_LANGUAGE);
    locale = dso_message_get(m, DSO_MESSAGE_LOCALE);
    printf("template: %s\nlanguage: %s", dso_message_get(m, DSO_MESSAGE_TEMPLATE_PATH), language);
    if (strcmp(language, locale) != 0) printf(" (customer: %s)", locale);
    printf("\nchannel: %s\nto: %s\n", dso_message_get(m, DSO_MESSAGE_CHANNEL), dso_message_get(m, DSO_MESSAGE_TO));
    if (dso_message_sms(m, &encoding, &characters, &units, &segments))
        printf("sms: %s, %zu characters, %zu %s, %zu segment%s\n", encoding == 0 ? "GSM-7" : "UCS-2", characters, units,
               encoding == 0 ? "septets" : "UTF-16 units", segments, segments == 1 ? "" : "s");
    subject = dso_message_get(m, DSO_MESSAGE_SUBJECT);
    if (*subject) printf("subject: %s\n", subject);
    body = dso_message_get(m, DSO_MESSAGE_BODY);
    n = strlen(body);
    printf("\n%s%s", body, n && body[n - 1] != '\n' ? "\n" : "");
    dso_message_destroy(m);
    dso_ledger_destroy(ledger);
    dso_context_destroy(ctx);
    return 0;
}

int main(int argc, char **argv) {
    dso_context *ctx = NULL;
    dso_ledger *ledger = NULL;
    dso_table *t = NULL;
    dso_report_options opts = DSO_REPORT_OPTIONS_INIT;
    dso_option options[16];
    size_t n = 0, r, c;
    int a;
    if (argc < 4) return 2;
    if (strcmp(argv[2], "render") == 0) return argc == 6 ? print_render(argv[1], argv[3], argv[4], argv[5]) : 2;
    for (a = 4; a < argc && n < 16; ++a) {
        char *eq = strchr(argv[a], '=');
        if (!eq) return 2;
        *eq = '\0';
        if (strcmp(argv[a], "by") == 0) {
            opts.by = eq + 1;
        } else {
            options[n].key = argv[a];
            options[n].value = eq + 1;
            ++n;
        }
    }
    opts.option_count = n;
    opts.options = options;
    if (dso_context_create(&ctx) != DSO_OK || dso_ledger_load(ctx, argv[1], &ledger) != DSO_OK ||
        (strcmp(argv[2], "agenda") == 0   ? dso_agenda(ctx, ledger, argv[3], NULL, &t)
         : strcmp(argv[2], "alerts") == 0 ? dso_alerts(ctx, ledger, argv[3], NULL, &t)
                                          : dso_report(ctx, ledger, argv[2], argv[3], &opts, &t)) != DSO_OK) {
        fprintf(stderr, "c_report: %s\n", dso_context_errmsg(ctx));
        return 1;
    }
    for (c = 0; c < dso_table_column_count(t); ++c) {
        const char *name = NULL;
        dso_table_column_name(ctx, t, c, &name);
        printf(c ? ",%s" : "%s", name);
    }
    printf("\n");
    for (r = 0; r < dso_table_row_count(t); ++r) {
        for (c = 0; c < dso_table_column_count(t); ++c) {
            dso_cell_type type = DSO_CELL_TEXT;
            int is_null = 0;
            if (c) printf(",");
            dso_table_is_null(ctx, t, r, c, &is_null);
            if (is_null) continue;
            dso_table_column_type(ctx, t, c, &type, NULL);
            if (type == DSO_CELL_DECIMAL) {
                dso_decimal d;
                dso_table_get_decimal(ctx, t, r, c, &d);
                print_decimal(d);
            } else if (type == DSO_CELL_TEXT) {
                const char *s = NULL;
                dso_table_get_text(ctx, t, r, c, &s, NULL);
                printf("%s", s);
            } else {
                dso_buffer b = DSO_BUFFER_INIT;
                dso_table_get_string(ctx, t, r, c, &b);
                printf("%s", b.ptr);
                dso_buffer_dispose(&b);
            }
        }
        printf("\n");
    }
    dso_table_destroy(t);
    dso_ledger_destroy(ledger);
    dso_context_destroy(ctx);
    return 0;
}
