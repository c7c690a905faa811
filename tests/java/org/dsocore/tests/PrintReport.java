package org.dsocore.tests;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;
import org.dsocore.Ledger;
import org.dsocore.Message;
import org.dsocore.Table;

/** Prints a report as CSV through the Java binding (typed cells: BigDecimal, LocalDate ...),
 *  for the cross-door comparison. usage: PrintReport DATA_DIR REPORT AS_OF [key=value ...]
 *  or PrintReport DATA_DIR render AS_OF CUSTOMER STEP (the message, from its parts). */
public final class PrintReport {
    static String render(String dir, LocalDate asOf, String customer, String step) {
        StringBuilder out = new StringBuilder();
        try (Ledger ledger = Ledger.open(dir, true); Message m = ledger.render(asOf, customer, step)) {
            out.append("template: ").append(m.templatePath()).append('\n');
            out.append("language: ").append(m.language());
            if (!m.language().equals(m.locale())) out.append(" (customer: ").append(m.locale()).append(')');
            out.append("\nchannel: ").append(m.channel()).append("\nto: ").append(m.to()).append('\n');
            if (m.hasSms()) {
                boolean gsm = m.smsEncoding().equals("GSM-7");
                out.append("sms: ").append(m.smsEncoding()).append(", ").append(m.smsCharacters()).append(" characters, ")
                   .append(m.smsUnits()).append(gsm ? " septets, " : " UTF-16 units, ").append(m.smsSegments())
                   .append(m.smsSegments() == 1 ? " segment\n" : " segments\n");
            }
            if (!m.subject().isEmpty()) out.append("subject: ").append(m.subject()).append('\n');
            out.append('\n').append(m.body());
            if (!m.body().isEmpty() && !m.body().endsWith("\n")) out.append('\n');
        }
        return out.toString();
    }

    public static void main(String[] args) {
        if (args[1].equals("render")) {
            // UTF-8 bytes whatever the platform's default charset.
            byte[] bytes = render(args[0], LocalDate.parse(args[2]), args[3], args[4])
                               .getBytes(java.nio.charset.StandardCharsets.UTF_8);
            System.out.write(bytes, 0, bytes.length);
            System.out.flush();
            return;
        }
        Map<String, String> options = new LinkedHashMap<>();
        for (int a = 3; a < args.length; ++a) {
            int eq = args[a].indexOf('=');
            options.put(args[a].substring(0, eq), args[a].substring(eq + 1));
        }
        StringBuilder out = new StringBuilder();
        try (Ledger ledger = Ledger.load(args[0]);
             Table t = args[1].equals("agenda") ? ledger.agenda(LocalDate.parse(args[2]), 14)
                     : args[1].equals("alerts") ? ledger.alerts(LocalDate.parse(args[2]))
                     : ledger.report(args[1], LocalDate.parse(args[2]), options)) {
            out.append(String.join(",", t.columnNames())).append('\n');
            for (long r = 0; r < t.rowCount(); ++r) {
                for (int c = 0; c < t.columnCount(); ++c) {
                    if (c > 0) out.append(',');
                    Object v = t.get(r, c);
                    if (v instanceof BigDecimal) out.append(((BigDecimal) v).toPlainString());
                    else if (v != null) out.append(v);
                }
                out.append('\n');
            }
        }
        System.out.print(out);
    }
}
