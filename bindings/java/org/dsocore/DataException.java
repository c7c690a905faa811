package org.dsocore;

/** Bad input data; the message names file, line, column, value and what was expected. */
public class DataException extends DsoException {
    public DataException(String message) { super(DATA, message); }
}
