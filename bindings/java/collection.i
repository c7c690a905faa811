// dsocore Java binding — collection: rendered messages (render) and actions (act).
%typemap(javainterfaces) dsocore::jni::Message "AutoCloseable"
%typemap(javacode) dsocore::jni::Message %{
  /** Releases the native message (same as delete()); use try-with-resources. */
  @Override
  public void close() { delete(); }
%}
%typemap(javainterfaces) dsocore::jni::RecordedAction "AutoCloseable"
%typemap(javacode) dsocore::jni::RecordedAction %{
  @Override
  public void close() { delete(); }
%}
%typemap(javainterfaces) dsocore::jni::ActionRequest "AutoCloseable"
%typemap(javacode) dsocore::jni::ActionRequest %{
  @Override
  public void close() { delete(); }
  /** The action's date (the agenda at that date). */
  public ActionRequest date(java.time.LocalDate d) { setDate(d.toString()); return this; }
  /** The payer dunned, "[ENTITY:]ID". */
  public ActionRequest customer(String c) { setCustomer(c); return this; }
  public ActionRequest step(String s) { setStep(s); return this; }
  public ActionRequest scenario(String s) { setScenario(s); return this; }
  public ActionRequest channel(String c) { setChannel(c); return this; }
  public ActionRequest items(java.util.List<String> ids) {
    StringVector v = new StringVector(ids);
    try { setItems(v); } finally { v.delete(); }
    return this;
  }
  public ActionRequest user(String u) { setUser(u); return this; }
  public ActionRequest outcome(String o) { setOutcome(o); return this; }
  public ActionRequest comment(String c) { setComment(c); return this; }
%}
%newobject dsocore::jni::Ledger::render;
%newobject dsocore::jni::DataDirectory::act;
// Results are made by the library only.
%ignore dsocore::jni::Message::Message;
%ignore dsocore::jni::RecordedAction::RecordedAction;
