package org.dsocore.tests;

import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.dsocore.*;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Java door: render, act, import/export, the limit workflow, search and assign,
 *  role-scoped reports and snapshots, on the sample (as of 2026-06-30). */
class OperationsTest {
    static final LocalDate AS_OF = LocalDate.of(2026, 6, 30);

    static String sampleDir() { return System.getProperty("dsocore.test.data"); }

    /** A copy of the sample for the operations that write. */
    static Path copySample(Path root) throws IOException {
        Path src = Path.of(sampleDir());
        Path dst = root.resolve("data");
        try (Stream<Path> files = Files.walk(src)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                Path q = dst.resolve(src.relativize(p).toString());
                if (Files.isDirectory(p)) Files.createDirectories(q);
                else Files.copy(p, q);
            }
        }
        return dst;
    }

    static String cli(String... args) throws IOException, InterruptedException {
        String exe = System.getProperty("dsocore.cli");
        Assumptions.assumeTrue(exe != null && !exe.isEmpty(), "no CLI in this build");
        List<String> cmd = new ArrayList<>();
        cmd.add(exe);
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (InputStream in = p.getInputStream()) { in.transferTo(out); }
        assertEquals(0, p.waitFor(), "dsocore " + String.join(" ", args));
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void renderEqualsTheCli() throws Exception {
        try (Ledger ledger = Ledger.open(Path.of(sampleDir()), true)) {
            for (String[] c : new String[][] {{"DE01:C000276", "r2"}, {"DE01:C000192", "r1"}, {"DE01:C000241", "fn"}}) {
                try (Message m = ledger.render(AS_OF, c[0], c[1])) {
                    assertEquals(cli("render", "--data", sampleDir(), "--as-of", "2026-06-30", "--customer", c[0],
                                     "--step", c[1]), m.text(), c[0]);
                }
            }
            try (Message sms = ledger.render(AS_OF, "DE01:C000276", "r2")) {
                assertEquals("sms", sms.channel());
                assertEquals("fr", sms.locale());
                assertEquals("+41 28 8501895", sms.to());
                // 7849.66 EUR in French: U+202F groups, U+00A0 before the sign.
                assertTrue(sms.body().contains("7\u202f849,66\u00a0€"), sms.body());
                assertTrue(sms.hasSms());
                // U+202F is not GSM-7: UCS-2, 67 units a segment above 70.
                assertEquals("UCS-2", sms.smsEncoding());
                assertEquals(sms.smsCharacters(), sms.smsUnits());
                assertEquals((sms.smsUnits() + 66) / 67, sms.smsSegments());
            }
            DsoException e = assertThrows(DsoException.class, () -> ledger.render(AS_OF, "DE01:C000276", "zz"));
            assertEquals(DsoException.NOT_FOUND, e.getCode());
            assertTrue(e.getMessage().contains("pending: r2 (standard)"), e.getMessage());
        }
        try (Ledger plain = Ledger.load(Path.of(sampleDir()))) {
            UsageException u = assertThrows(UsageException.class, () -> plain.render(AS_OF, "DE01:C000276", "r2"));
            assertTrue(u.getMessage().contains("templates"), u.getMessage());
        }
    }

    @Test
    void actThenReload(@TempDir Path tmp) throws Exception {
        Path data = copySample(tmp);
        try (DataDirectory dir = new DataDirectory(data);
             ActionRequest r = new ActionRequest().date(AS_OF).customer("DE01:C000192").step("r1").user("u1")
                                                  .outcome("sent").comment("hello");
             RecordedAction a = dir.act(r)) {
            // The sample's last action_id is A0003866; the row's items in bytewise order.
            assertEquals("A0003867", a.actionId());
            assertEquals(List.of("RE2026-000547", "RE2026-000582"), a.itemIds());
            assertEquals("DE01,A0003867,C000192,2026-06-30,email,standard,r1,RE2026-000547 RE2026-000582,u1,sent,hello",
                         a.line());
            try (Ledger again = Ledger.load(data)) {
                assertTrue(again.fileText("actions.csv").contains(a.line() + "\n"));
            }
            // Not pending any more.
            assertThrows(UsageException.class, () -> dir.act(AS_OF, "DE01:C000192", "r1"));
            assertEquals(1, dir.ignoreItems(AS_OF, "DE01:C000192", List.of("RE2026-000547")));
            assertEquals(0, dir.ignoreItems(AS_OF, "DE01:C000192", List.of("RE2026-000547")));
            assertThrows(DsoException.class, () -> dir.act(AS_OF, "DE01:NOBODY", "r1"));
        }
    }

    @Test
    void importMessyFileAndExport(@TempDir Path tmp) throws Exception {
        Path data = copySample(tmp);
        Path input = tmp.resolve("clients.csv");
        // Same fixture as tests/capi/import_export_test.cpp: 1 updated, 1 unchanged,
        // 1 created, lines 6 (bad amount) and 7 (no name) rejected.
        Files.writeString(input, "Export clients du 30/06/2026\n"
                + "Societe;Code;Nom;Pays;Limite\n"
                + "DE01;C000127;Elektrotechnik Kaiser AG;ch;25 000,00\n"
                + "DE01;c000128;Multiween  SARL;FR;10 000,00\n"
                + "FR01;C900001;Nouveau Client SA;fr;1 500,50\n"
                + "FR01;C900002;Mauvais Montant;FR;12,3,4\n"
                + "FR01;C900003;;FR;100,00\n");
        String profile = "{\"kind\": \"customers\", \"separator\": \";\", \"skip_rows\": 1,"
                + " \"decimal_separator\": \",\", \"thousands_separator\": \" \","
                + " \"columns\": {\"entity\": \"Societe\", \"customer_id\": {\"source\": \"Code\", \"case\": \"upper\"},"
                + " \"name\": {\"source\": \"Nom\", \"collapse_spaces\": true}, \"country\": {\"source\": \"Pays\", \"case\": \"upper\"},"
                + " \"credit_limit\": \"Limite\"}, \"mandatory\": [\"name\"]}";
        String before = Files.readString(data.resolve("customers.csv"));
        try (DataDirectory dir = new DataDirectory(data);
             ImportRequest dry = new ImportRequest().profileJson(profile).date(AS_OF).dryRun(true);
             ImportResult r = dir.importFile(input, dry)) {
            assertTrue(r.applied());
            assertEquals(1, r.created());
            assertEquals(1, r.updated());
            assertEquals(1, r.unchanged());
            assertEquals(2, r.rejected());
            assertEquals("created 1, updated 1, unchanged 1, closed 0, rejected 2", r.summary());
            assertEquals(Path.of(input + ".rejects.csv"), r.getRejectsFile());
            try (Table rj = r.rejects()) {
                assertEquals(List.of(6L, 7L), List.of(rj.getInteger(0, 0), rj.getInteger(1, 0)));
                assertEquals("FR01;C900003;;FR;100,00", rj.getText(1, "raw"));
                assertEquals("mandatory field name is empty", rj.getText(1, "reasons"));
            }
            assertEquals(before, Files.readString(data.resolve("customers.csv")));
            assertTrue(Files.readString(input.resolveSibling("clients.csv.rejects.csv"))
                            .endsWith("7,\"FR01;C900003;;FR;100,00\",mandatory field name is empty\n"));
        }
        try (DataDirectory dir = new DataDirectory(data);
             ImportRequest bad = new ImportRequest().profileJson("{\"kind\": \"customers\", \"sepparator\": \";\"}")) {
            DataException e = assertThrows(DataException.class, () -> dir.importFile(input, bad));
            assertTrue(e.getMessage().contains("sepparator"), e.getMessage());
        }
        // Export round trip (canonical) and an XLSX workbook; a table to a file.
        try (Ledger ledger = Ledger.load(data)) {
            Path out = tmp.resolve("export");
            ledger.exportData(out.toString(), "csv", true, "");
            try (Ledger again = Ledger.load(out)) {
                assertEquals(ledger.fileText("items.csv"), again.fileText("items.csv"));
                assertEquals(ledger.fileText("customers.csv"), again.fileText("customers.csv"));
            }
            Path book = tmp.resolve("data.xlsx");
            ledger.exportData(book, "xlsx");
            assertEquals("PK", new String(Files.readAllBytes(book), 0, 2, StandardCharsets.US_ASCII));
            assertThrows(UsageException.class, () -> ledger.exportData(book, "ods"));
            try (Table aging = ledger.aging(AS_OF)) {
                Path csv = tmp.resolve("aging.csv");
                aging.write(csv, "csv");
                assertEquals(aging.toCsv(), Files.readString(csv));
                aging.write(tmp.resolve("aging.xlsx"), "xlsx");
                assertThrows(UsageException.class, () -> aging.write(csv, "pdf"));
            }
        }
    }

    @Test
    void limitRequestThenApprovals(@TempDir Path tmp) throws Exception {
        Path data = copySample(tmp);
        try (DataDirectory dir = new DataDirectory(data)) {
            // risk.json: credit_manager up to 50000, then admin: 75000.00 needs both.
            try (Table t = dir.limitRequest("credit_manager", "carla", "DE01:C000127", new BigDecimal("75000.00"),
                                            "new contract", AS_OF)) {
                assertEquals(1L, t.getInteger(0, t.columnIndex("request_id")));
                assertEquals("20000.00", t.getText(0, "old_limit"));
                assertEquals("pending", t.getText(0, "state"));
                assertEquals("credit_manager admin", t.getText(0, "levels"));
            }
            DsoException perm = assertThrows(DsoException.class,
                    () -> dir.limitApprove("collector", "dieter", "DE01:C000127", ""));
            assertEquals(DsoException.PERMISSION, perm.getCode());
            try (Table t = dir.limitApprove("credit_manager", "marc", "DE01:C000127", "ok")) {
                assertEquals("admin", t.getText(0, "next_role"));
            }
            try (Table t = dir.limitApprove("admin", "ada", "DE01:C000127", "ok")) {
                assertEquals("approved", t.getText(0, "state"));
                assertEquals(Boolean.TRUE, t.getBoolean(0, t.columnIndex("applied")));
            }
            List<String> log = Files.readAllLines(data.resolve("limit_requests.csv"));
            assertEquals(5, log.size()); // header, request, approve, approve, applied
            assertTrue(log.get(4).startsWith("1,applied,"), log.get(4));
            try (Table h = dir.limitHistory("DE01:C000127"); Table all = dir.limitRequests()) {
                assertEquals(4, h.rowCount());
                assertEquals(1, all.rowCount());
            }
            assertTrue(Files.readString(data.resolve("customers.csv")).contains(",export,CH,de,EUR,45,75000.00,"));
        }
    }

    @Test
    void searchAssignUndoAndRoles(@TempDir Path tmp) throws Exception {
        Path data = copySample(tmp);
        String before = Files.readString(data.resolve("customers.csv"));
        try (Ledger ledger = Ledger.load(data); Table found = ledger.search(AS_OF, "overdue > 10000 and country = 'FR'")) {
            assertTrue(found.rowCount() > 0);
            assertEquals(cli("search", "--data", data.toString(), "--as-of", "2026-06-30", "--where",
                             "overdue > 10000 and country = 'FR'"), found.toCsv());
            try (Table scoped = ledger.report("aging", AS_OF, Map.of("role", "collector", "user", "dieter"))) {
                assertEquals(cli("report", "aging", "--data", data.toString(), "--as-of", "2026-06-30", "--role",
                                 "collector", "--user", "dieter"), scoped.toCsv());
            }
            assertThrows(UsageException.class, () -> ledger.report("aging", AS_OF, Map.of("role", "boss")));
        }
        try (DataDirectory dir = new DataDirectory(data)) {
            try (AssignResult dry = dir.assign(AS_OF, "country = 'CH'", "collector", "zoe", true);
                 Table changes = dry.changes()) {
                assertEquals(0, dry.batch());
                assertEquals(dry.changed(), changes.rowCount());
                assertEquals("zoe", changes.getText(0, "new_value"));
            }
            assertEquals(before, Files.readString(data.resolve("customers.csv")));
            try (AssignResult r = dir.assign(AS_OF, "country = 'CH'", "collector", "zoe", false);
                 AssignResult u = dir.undoAssign()) {
                assertEquals(1, r.batch());
                assertEquals(r.changed(), u.changed());
            }
            assertEquals(before, Files.readString(data.resolve("customers.csv"))); // byte for byte
            assertEquals(DsoException.NOT_FOUND, assertThrows(DsoException.class, dir::undoAssign).getCode());
            assertEquals(DsoException.PERMISSION, assertThrows(DsoException.class,
                    () -> dir.assign(AS_OF.toString(), "country = 'CH'", "collector", "x", false, "collector", "dieter"))
                    .getCode());
        }
        assertFalse(DsoCore.roleAllows("collector", "approve_limit"));
        assertTrue(DsoCore.roleAllows("collector", "assign_custom"));
        assertTrue(DsoCore.roleAllows("credit_manager", "approve_limit"));
        assertFalse(DsoCore.roleAllows("sales", "request_limit"));
        assertThrows(UsageException.class, () -> DsoCore.roleAllows("sales", "fly"));
    }

    /** Exports under a role-scoped view are admin-only (docs/decisions.md, "Exports and
     *  roles"): a collector is refused with PERMISSION naming role and user, nothing written. */
    @Test
    void exportsUnderAViewAreAdminOnly(@TempDir Path tmp) throws Exception {
        try (Ledger ledger = Ledger.load(Path.of(sampleDir()));
             Table aging = ledger.report("aging", AS_OF)) {
            Path admin = tmp.resolve("admin");
            ledger.exportData(admin, "csv", "admin", "ada");
            assertTrue(Files.readString(admin.resolve("items.csv")).startsWith("entity,"));
            Path refused = tmp.resolve("refused");
            DsoException e = assertThrows(DsoException.class,
                    () -> ledger.exportData(refused, "csv", "collector", "dieter"));
            assertEquals(DsoException.PERMISSION, e.getCode());
            assertTrue(e.getMessage().contains("collector") && e.getMessage().contains("dieter"), e.getMessage());
            assertFalse(Files.exists(refused));

            Path file = tmp.resolve("aging.csv");
            aging.write(file, "csv", "admin", "ada");
            assertEquals(aging.toCsv(), Files.readString(file));
            Path refusedFile = tmp.resolve("refused.xlsx");
            assertEquals(DsoException.PERMISSION, assertThrows(DsoException.class,
                    () -> aging.write(refusedFile, "xlsx", "collector", "dieter")).getCode());
            assertFalse(Files.exists(refusedFile));
        }
        assertTrue(DsoCore.roleAllows("admin", "export_data"));
        assertFalse(DsoCore.roleAllows("credit_manager", "export_data"));
    }

    @Test
    void snapshotThroughLoad(@TempDir Path tmp) {
        Path snap = tmp.resolve("sample.dsoc");
        try (Ledger ledger = Ledger.load(Path.of(sampleDir()))) {
            ledger.saveSnapshot(snap.toString());
            assertTrue(Ledger.isSnapshot(snap.toString()));
            assertFalse(Ledger.isSnapshot(sampleDir()));
            try (Ledger opened = Ledger.load(snap); Table a = ledger.aging(AS_OF); Table b = opened.aging(AS_OF)) {
                assertEquals(a.toCsv(), b.toCsv());
            }
            try (Ledger withTemplates = Ledger.open(snap, true);
                 Message m = withTemplates.render(AS_OF, "DE01:C000276", "r2")) {
                assertEquals("sms", m.channel());
            }
        }
    }

    /** The agenda and the alerts under a collector's view: the rows of their payers (the
     *  CLI's `--role collector --user dieter`, the same bytes). */
    @Test
    void agendaAndAlertsUnderACollectorsView() {
        try (Ledger ledger = Ledger.load(Path.of(sampleDir()));
             Table all = ledger.agenda(AS_OF, 14);
             Table mine = ledger.agenda(AS_OF, 14, "collector", "dieter");
             Table alerts = ledger.alerts(AS_OF, "collector", "dieter");
             Table allAlerts = ledger.alerts(AS_OF)) {
            assertTrue(mine.rowCount() > 0 && mine.rowCount() < all.rowCount());
            assertTrue(alerts.rowCount() < allAlerts.rowCount());
            java.util.Set<String> dieters = new java.util.HashSet<>();
            try (Table customers = ledger.search(AS_OF.toString(), "", "", "collector", "dieter")) {
                for (long r = 0; r < customers.rowCount(); ++r)
                    dieters.add(customers.getText(r, "entity") + ":" + customers.getText(r, "customer_id"));
            }
            assertFalse(dieters.isEmpty());
            for (long r = 0; r < mine.rowCount(); ++r) // every row is one of dieter's payers
                assertTrue(dieters.contains(mine.getText(r, "entity") + ":" + mine.getText(r, "customer_id")));
            long kept = 0;
            for (long r = 0; r < all.rowCount(); ++r)
                if (dieters.contains(all.getText(r, "entity") + ":" + all.getText(r, "customer_id"))) ++kept;
            assertEquals(kept, mine.rowCount()); // and all of them
        }
        try (Ledger ledger = Ledger.load(Path.of(sampleDir()))) {
            assertThrows(UsageException.class, () -> ledger.agenda(AS_OF, 14, "boss", "x"));
            assertThrows(UsageException.class, () -> ledger.agenda(AS_OF, 14, "", "dieter"));
        }
    }
}
