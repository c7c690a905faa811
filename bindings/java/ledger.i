// dsocore Java binding — ledgers (load, validate, export) and reports by name.
%typemap(javainterfaces) dsocore::jni::Ledger "AutoCloseable"
%typemap(javacode) dsocore::jni::Ledger %{
  /** Releases the native ledger (same as delete()); use try-with-resources. */
  @Override
  public void close() { delete(); }

  public static Ledger load(java.nio.file.Path dir) { return load(dir.toString()); }

  /** A data directory or a snapshot (*.dsoc); templates: also read the message
   *  templates (render needs them). */
  public static Ledger open(java.nio.file.Path path, boolean templates) { return open(path.toString(), templates); }

  /** The message of payer customer ("[ENTITY:]ID") for a scenario step at asOf, as
   *  `dsocore render` (the ledger must be opened with templates). */
  public Message render(java.time.LocalDate asOf, String customer, String step) {
    return render(asOf.toString(), customer, step, "");
  }
  public Message render(java.time.LocalDate asOf, String customer, String step, String scenario) {
    return render(asOf.toString(), customer, step, scenario);
  }
  /** `dsocore export --format csv|xlsx --output output`. */
  public void exportData(java.nio.file.Path output, String format) { exportData(output.toString(), format, false, ""); }
  /** `dsocore export --format csv|xlsx --output output --role role --user user`: under a
   *  role-scoped view only admin may export (DsoException.PERMISSION otherwise, nothing written). */
  public void exportData(java.nio.file.Path output, String format, String role, String user) {
    exportData(output.toString(), format, false, "", role, user);
  }
  /** `dsocore search --where where` (unrestricted view, company base currency). */
  public Table search(java.time.LocalDate asOf, String where) { return search(asOf.toString(), where, "", "", ""); }

  /** Runs a report; options are report options without "--" plus "by", "where",
   *  "base-currency", and "role" / "user" for a role-scoped view:
   *  {"buckets": "30,60,90", "by": "total"}. */
  public Table report(String name, java.time.LocalDate asOf, java.util.Map<String, String> options) {
    ReportOptions o = new ReportOptions();
    try {
      for (java.util.Map.Entry<String, String> e : options.entrySet()) {
        switch (e.getKey()) {
          case "by": o.setBy(e.getValue()); break;
          case "where": o.setWhere(e.getValue()); break;
          case "base-currency": o.setBaseCurrency(e.getValue()); break;
          case "role": o.setRole(e.getValue()); break;
          case "user": o.setUser(e.getValue()); break;
          default: o.set(e.getKey(), e.getValue());
        }
      }
      return report(name, asOf.toString(), o);
    } finally {
      o.delete();
    }
  }
  public Table report(String name, java.time.LocalDate asOf) {
    return report(name, asOf, java.util.Collections.emptyMap());
  }
  public Table aging(java.time.LocalDate asOf) { return report("aging", asOf); }
  /** The day's collection agenda (horizon in days, default currency of company.json). */
  public Table agenda(java.time.LocalDate asOf, int horizonDays) { return agenda(asOf.toString(), horizonDays, ""); }
  /** The agenda under a role-scoped view: a collector gets the rows of their payers. */
  public Table agenda(java.time.LocalDate asOf, int horizonDays, String role, String user) {
    return agenda(asOf.toString(), horizonDays, "", role, user == null ? "" : user);
  }
  public Table alerts(java.time.LocalDate asOf) { return alerts(asOf.toString(), ""); }
  /** The alerts under a role-scoped view: a collector gets the alerts of their customers. */
  public Table alerts(java.time.LocalDate asOf, String role, String user) {
    return alerts(asOf.toString(), "", role, user == null ? "" : user);
  }
  public Table dso(java.time.LocalDate asOf, String method) {
    return report("dso", asOf, java.util.Map.of("method", method));
  }
%}
%newobject dsocore::jni::Ledger::agenda;
%newobject dsocore::jni::Ledger::alerts;
%newobject dsocore::jni::Ledger::load;
%newobject dsocore::jni::Ledger::open;
%newobject dsocore::jni::Ledger::loadSources;
%rename(exportTo) dsocore::jni::Ledger::exportTo;

%include "facade.hpp"
