// dsocore Java binding — risk: the limit workflow, search & assign with undo, roles.
%typemap(javainterfaces) dsocore::jni::LimitOptions "AutoCloseable"
%typemap(javacode) dsocore::jni::LimitOptions %{
  @Override
  public void close() { delete(); }
%}
%typemap(javainterfaces) dsocore::jni::AssignResult "AutoCloseable"
%typemap(javacode) dsocore::jni::AssignResult %{
  @Override
  public void close() { delete(); }
%}
%typemap(javainterfaces) dsocore::jni::DataDirectory "AutoCloseable"
%typemap(javacode) dsocore::jni::DataDirectory %{
  /** Releases the native handle (the directory itself is untouched). */
  @Override
  public void close() { delete(); }

  public DataDirectory(java.nio.file.Path dir) { this(dir.toString()); }

  /** Records a scenario step done (`dsocore act --step`), items of the agenda row. */
  public RecordedAction act(java.time.LocalDate date, String customer, String step) {
    try (ActionRequest r = new ActionRequest().date(date).customer(customer).step(step)) { return act(r); }
  }
  public long ignoreItems(java.time.LocalDate date, String customer, java.util.List<String> items) {
    StringVector v = new StringVector(items);
    try { return ignoreItems(date.toString(), customer, v); } finally { v.delete(); }
  }
  public ImportResult importFile(java.nio.file.Path input, ImportRequest request) {
    return importFile(input.toString(), request);
  }

  private static LimitOptions limitOptions(String role, String user, String customer, String comment) {
    LimitOptions o = new LimitOptions();
    if (role != null) o.setRole(role);
    if (user != null) o.setUser(user);
    if (customer != null) o.setCustomer(customer);
    if (comment != null) o.setComment(comment);
    return o;
  }
  /** Opens a limit request (`dsocore limit request`); the request as a one-row table. */
  public Table limitRequest(String role, String user, String customer, java.math.BigDecimal amount, String comment,
                            java.time.LocalDate asOf) {
    try (LimitOptions o = limitOptions(role, user, customer, comment)) {
      o.setAmount(amount.toPlainString());
      if (asOf != null) o.setAsOf(asOf.toString());
      return limitRequest(o);
    }
  }
  /** Approves the next level of the customer's pending request. */
  public Table limitApprove(String role, String user, String customer, String comment) {
    try (LimitOptions o = limitOptions(role, user, customer, comment)) { return limitApprove(o); }
  }
  public Table limitReject(String role, String user, String customer, String comment) {
    try (LimitOptions o = limitOptions(role, user, customer, comment)) { return limitReject(o); }
  }
  /** Every event of limit_requests.csv (customer null: all), unrestricted view. */
  public Table limitHistory(String customer) {
    try (LimitOptions o = limitOptions(null, null, customer, null)) { return limitHistory(o); }
  }
  /** Every request with its state, unrestricted view. */
  public Table limitRequests() {
    try (LimitOptions o = new LimitOptions()) { return limitRequests(o); }
  }
  /** `dsocore assign`, unrestricted view. */
  public AssignResult assign(java.time.LocalDate asOf, String where, String field, String value, boolean dryRun) {
    return assign(asOf.toString(), where, field, value, dryRun, "", "");
  }
  /** `dsocore assign undo`, unrestricted. */
  public AssignResult undoAssign() { return undoAssign("", ""); }
%}
%newobject dsocore::jni::DataDirectory::limitRequest;
%newobject dsocore::jni::DataDirectory::limitApprove;
%newobject dsocore::jni::DataDirectory::limitReject;
%newobject dsocore::jni::DataDirectory::limitHistory;
%newobject dsocore::jni::DataDirectory::limitRequests;
%newobject dsocore::jni::DataDirectory::assign;
%newobject dsocore::jni::DataDirectory::undoAssign;
%newobject dsocore::jni::AssignResult::changes;
%newobject dsocore::jni::Ledger::search;
%ignore dsocore::jni::AssignResult::AssignResult;
