// dsocore from Java: load the sample portfolio, print its aging by entity, then render
// the message of the first row of the day's agenda.
//   javac -cp dsocore.jar Aging.java && java -cp dsocore.jar:. -Djava.library.path=<libdir> Aging DIR
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Map;
import org.dsocore.DsoException;
import org.dsocore.Ledger;
import org.dsocore.Message;
import org.dsocore.Table;

public class Aging {
    public static void main(String[] args) {
        String dir = args.length > 0 ? args[0] : "examples/data";
        LocalDate asOf = LocalDate.parse(args.length > 1 ? args[1] : "2026-06-30");
        try (Ledger ledger = Ledger.open(dir, true); // with the message templates, for render
             Table t = ledger.report("aging", asOf, Map.of("by", "entity"))) {
            System.out.printf("Aging by entity as of %s (%s)%n", t.getAsOf(), t.baseCurrency());
            for (String name : t.columnNames()) System.out.printf("%14s", name);
            System.out.println();
            BigDecimal total = BigDecimal.ZERO;
            for (long r = 0; r < t.rowCount(); ++r) {
                for (int c = 0; c < t.columnCount(); ++c) System.out.printf("%14s", t.cellText(r, c));
                System.out.println();
                total = total.add(t.getDecimal(r, "total"));
            }
            System.out.println("total receivables " + total.toPlainString());
            try (Table agenda = ledger.agenda(asOf, 14)) {
                System.out.println("Agenda: " + agenda.rowCount() + " actions due");
                if (agenda.rowCount() > 0) {
                    String customer = agenda.getText(0, "entity") + ":" + agenda.getText(0, "customer_id");
                    try (Message m = ledger.render(asOf, customer, agenda.getText(0, "step"))) {
                        System.out.print("Message for " + customer + ":\n" + m.text());
                    }
                }
            }
        } catch (DsoException e) {
            System.err.println("aging: " + e.getMessage());
            System.exit(1);
        }
    }
}
