package org.dsocore.tests;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;
import org.dsocore.Ledger;
import org.dsocore.Table;

/** Prints a report as CSV through the Java binding (typed cells: BigDecimal, LocalDate ...),
 *  for the cross-door comparison. usage: PrintReport DATA_DIR REPORT AS_OF [key=value ...] */
public final class PrintReport {
    public static void main(String[] args) {
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
