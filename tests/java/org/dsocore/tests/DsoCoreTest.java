package org.dsocore.tests;

import static org.junit.jupiter.api.Assertions.*;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.dsocore.*;
import org.junit.jupiter.api.Test;

/** The Java door: the hand-worked portfolio of tests/capi/capi_fixture.hpp and the sample. */
class DsoCoreTest {
    static final LocalDate AS_OF = LocalDate.of(2026, 6, 30);
    static final String CUSTOMERS = "customer_id,name\nC1,Alpha\nC2,Beta\n";
    // dpd = A - due: I1 30 (1-30), I2 not due, I3 91 (91+), I4 credit note 46 (31-60).
    static final String ITEMS = "item_id,customer_id,type,issue_date,due_date,amount\n"
            + "I1,C1,invoice,2026-05-01,2026-05-31,100.00\n"
            + "I2,C1,invoice,2026-06-20,2026-07-20,50.50\n"
            + "I3,C2,invoice,2026-03-01,2026-03-31,200.00\n"
            + "I4,C2,credit_note,2026-04-15,2026-05-15,-20.00\n";

    static Ledger tiny() {
        StringVector names = new StringVector(List.of("customers.csv", "items.csv"));
        StringVector texts = new StringVector(List.of(CUSTOMERS, ITEMS));
        return Ledger.loadSources(names, texts);
    }

    static String sampleDir() { return System.getProperty("dsocore.test.data"); }

    @Test
    void agingByHand() {
        try (Ledger ledger = tiny(); Table t = ledger.aging(AS_OF)) {
            assertEquals(List.of("entity", "customer_id", "not_due", "1-30", "31-60", "61-90", "91+", "total",
                                 "overdue"), t.columnNames());
            assertEquals(2, t.rowCount());
            assertEquals("C1", t.getText(0, "customer_id"));
            assertEquals(new BigDecimal("50.50"), t.getDecimal(0, "not_due"));
            assertEquals(new BigDecimal("100.00"), t.getDecimal(0, "1-30"));
            assertEquals(new BigDecimal("150.50"), t.getDecimal(0, "total"));
            assertEquals(new BigDecimal("-20.00"), t.getDecimal(1, "31-60"));
            assertEquals(new BigDecimal("200.00"), t.getDecimal(1, "91+"));
            assertEquals(new BigDecimal("180.00"), t.getDecimal(1, "overdue"));
            assertEquals(2, t.getDecimal(1, "overdue").scale()); // exact: scale kept
            assertEquals(AS_OF, t.getAsOf());
            assertEquals("EUR", t.baseCurrency());
            assertEquals("aging", t.report());
            assertEquals("decimal", t.columnType(7));
            assertEquals(2, t.columnScale(7));
        }
    }

    @Test
    void optionsBucketsAndBy() {
        // buckets 45 by total: not_due 50.50, 1-45 100.00, 46+ 180.00, total 330.50, overdue 280.00
        try (Ledger ledger = tiny();
             Table t = ledger.report("aging", AS_OF, Map.of("buckets", "45", "by", "total"))) {
            assertEquals(List.of("key", "not_due", "1-45", "46+", "total", "overdue"), t.columnNames());
            assertEquals("TOTAL", t.get(0, 0));
            assertEquals(new BigDecimal("180.00"), t.get(0, 3));
            assertEquals(new BigDecimal("330.50"), t.getDecimal(0, "total"));
        }
    }

    @Test
    void errorsCarryTheMessage() {
        try (Ledger ledger = tiny()) {
            UsageException u = assertThrows(UsageException.class, () -> ledger.report("nope", AS_OF));
            assertTrue(u.getMessage().contains("unknown report 'nope'"), u.getMessage());
            assertEquals(DsoException.INVALID_ARGUMENT, u.getCode());
            assertThrows(UsageException.class, () -> ledger.report("aging", AS_OF, Map.of("bukets", "30")));
            try (Table t = ledger.aging(AS_OF)) {
                DsoException e = assertThrows(DsoException.class, () -> t.getDecimal(0, 99));
                assertTrue(e.getMessage().contains("out of range"), e.getMessage());
                assertThrows(DsoException.class, () -> t.getDecimal(0, 0)); // a text column
            }
        }
        StringVector names = new StringVector(List.of("customers.csv", "items.csv"));
        StringVector texts = new StringVector(List.of(CUSTOMERS,
                "item_id,customer_id,issue_date,amount\nI1,C1,2026-05-01,10.505\n"));
        DataException d = assertThrows(DataException.class, () -> Ledger.loadSources(names, texts));
        assertTrue(d.getMessage().contains("items.csv:2"), d.getMessage());
        assertTrue(d.getMessage().contains("amount"), d.getMessage());
        DsoException missing = assertThrows(DsoException.class, () -> Ledger.load("/nonexistent/dsocore"));
        assertTrue(missing.getMessage().contains("not a data directory"), missing.getMessage());
    }

    @Test
    void sampleReportsAndExport() throws Exception {
        try (Ledger ledger = Ledger.load(Path.of(sampleDir()))) {
            assertTrue(ledger.customerCount() >= 200);
            Ledger.validate(sampleDir());
            try (Table perCustomer = ledger.aging(AS_OF);
                 Table total = ledger.report("aging", AS_OF, Map.of("by", "total"))) {
                // Per-customer totals add up to the TOTAL row exactly.
                BigDecimal sum = BigDecimal.ZERO;
                for (long r = 0; r < perCustomer.rowCount(); ++r) sum = sum.add(perCustomer.getDecimal(r, "total"));
                assertEquals(total.getDecimal(0, "total"), sum);
            }
            try (Table dso = ledger.dso(AS_OF, "countback")) {
                int bp = dso.columnIndex("bpdso");
                boolean sawNull = false;
                for (long r = 0; r < dso.rowCount(); ++r) sawNull |= dso.getDecimal(r, bp) == null;
                assertTrue(sawNull); // customers without sales: empty bpdso
            }
            for (String name : Ledger.reportNames()) {
                try (Table t = ledger.report(name, AS_OF)) {
                    assertEquals(name, t.report());
                } catch (UsageException e) {
                    // a report whose option is mandatory says so
                }
            }
            Path out = Files.createTempDirectory("dsocore-java-export");
            try {
                ledger.exportTo(out.toString());
                try (Ledger again = Ledger.load(out)) {
                    assertEquals(ledger.fileText("items.csv"), again.fileText("items.csv"));
                }
            } finally {
                try (var files = Files.walk(out)) {
                    files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
            }
        }
    }

    @Test
    void agendaAndAlerts() {
        try (Ledger ledger = Ledger.load(Path.of(sampleDir()));
             Table agenda = ledger.agenda(AS_OF, 14);
             Table longer = ledger.agenda(AS_OF, 60);
             Table alerts = ledger.alerts(AS_OF)) {
            assertEquals("agenda", agenda.report());
            assertTrue(agenda.rowCount() > 0);
            assertTrue(longer.rowCount() >= agenda.rowCount());
            assertEquals("alerts", alerts.report());
            assertThrows(UsageException.class, () -> ledger.agenda(AS_OF, -1));
        }
    }

    @Test
    void version() {
        assertTrue(DsoCore.version().matches("\\d+\\.\\d+\\.\\d+"));
    }
}
