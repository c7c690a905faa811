// dsocore Java binding — report tables: typed cells as BigDecimal, LocalDate, Long, String.
%typemap(javainterfaces) dsocore::jni::Table "AutoCloseable"
%typemap(javacode) dsocore::jni::Table %{
  /** Releases the native table (same as delete()); use try-with-resources. */
  @Override
  public void close() { delete(); }

  /** The exact amount of a decimal cell, or null for an empty cell. */
  public java.math.BigDecimal getDecimal(long row, int col) {
    return isNull(row, col) ? null : new java.math.BigDecimal(decimalText(row, col));
  }
  public java.math.BigDecimal getDecimal(long row, String column) { return getDecimal(row, columnIndex(column)); }

  /** A date cell, or null for an empty cell. */
  public java.time.LocalDate getDate(long row, int col) {
    return isNull(row, col) ? null : java.time.LocalDate.ofEpochDay(epochDay(row, col));
  }
  /** A text cell, or null for an empty cell. */
  public String getText(long row, int col) { return isNull(row, col) ? null : text(row, col); }
  public String getText(long row, String column) { return getText(row, columnIndex(column)); }
  /** An integer cell, or null for an empty cell. */
  public Long getInteger(long row, int col) { return isNull(row, col) ? null : integer(row, col); }
  /** A boolean cell, or null for an empty cell. */
  public Boolean getBoolean(long row, int col) { return isNull(row, col) ? null : booleanCell(row, col); }

  /** Any cell as its Java type: String, Long, BigDecimal, LocalDate, Boolean, or null. */
  public Object get(long row, int col) {
    switch (columnType(col)) {
      case "text": return getText(row, col);
      case "integer": return getInteger(row, col);
      case "decimal": return getDecimal(row, col);
      case "date": return getDate(row, col);
      default: return getBoolean(row, col);
    }
  }

  /** Writes the table as "csv", "json" or "xlsx". */
  public void write(java.nio.file.Path path, String format) { write(path.toString(), format); }

  public java.time.LocalDate getAsOf() { return java.time.LocalDate.parse(asOfText()); }

  public java.util.List<String> columnNames() {
    java.util.List<String> names = new java.util.ArrayList<>();
    for (int c = 0; c < columnCount(); ++c) names.add(columnName(c));
    return names;
  }
%}
%rename(booleanCell) dsocore::jni::Table::boolean;
%newobject dsocore::jni::Ledger::report;
