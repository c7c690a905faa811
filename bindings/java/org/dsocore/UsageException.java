package org.dsocore;

/** Bad usage: unknown report or option, bad value (a date that is not YYYY-MM-DD ...). */
public class UsageException extends DsoException {
    public UsageException(String message) { super(INVALID_ARGUMENT, message); }
}
