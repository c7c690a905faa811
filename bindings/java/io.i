// dsocore Java binding — import (profiles, reject file) and export (data directory, tables).
%typemap(javainterfaces) dsocore::jni::ImportRequest "AutoCloseable"
%typemap(javacode) dsocore::jni::ImportRequest %{
  @Override
  public void close() { delete(); }
  /** The profile JSON file. */
  public ImportRequest profile(java.nio.file.Path p) { setProfile(p.toString()); return this; }
  /** The profile as JSON text (instead of a file). */
  public ImportRequest profileJson(String json) { setProfileJson(json); return this; }
  /** customers, items, allocations, fx, disputes or actions (default: the profile's). */
  public ImportRequest kind(String k) { setKind(k); return this; }
  /** Import date: the date of the allocations that close or settle items (default today, UTC). */
  public ImportRequest date(java.time.LocalDate d) { setDate(d.toString()); return this; }
  public ImportRequest dryRun(boolean dry) { setDryRun(dry); return this; }
  public ImportRequest rejects(java.nio.file.Path p) { setRejectsPath(p.toString()); return this; }
%}
%typemap(javainterfaces) dsocore::jni::ImportResult "AutoCloseable"
%typemap(javacode) dsocore::jni::ImportResult %{
  @Override
  public void close() { delete(); }
  public java.nio.file.Path getRejectsFile() { return java.nio.file.Path.of(rejectsFile()); }
%}
%newobject dsocore::jni::ImportResult::rejects;
%newobject dsocore::jni::DataDirectory::importFile;
%ignore dsocore::jni::ImportResult::ImportResult;
