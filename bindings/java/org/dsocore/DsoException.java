package org.dsocore;

import java.nio.charset.StandardCharsets;

/** Any dsocore error: the C++ message and its code (the C ABI's DSO_E* values). */
public class DsoException extends RuntimeException {
    public static final int INVALID_ARGUMENT = 1, DATA = 2, IO = 3, OVERFLOW = 4, CURRENCY_MISMATCH = 5,
                            MISSING_RATE = 6, NOT_FOUND = 7, PERMISSION = 8, INTERNAL = 99;
    private final int code;

    public DsoException(int code, String message) {
        super(message);
        this.code = code;
    }

    /** dsocore::Errc value of the error. */
    public int getCode() { return code; }

    /** Called from the native side with the message as UTF-8 bytes. */
    static DsoException of(int code, byte[] utf8) {
        String message = new String(utf8, StandardCharsets.UTF_8);
        switch (code) {
            case DATA: return new DataException(message);
            case INVALID_ARGUMENT: return new UsageException(message);
            default: return new DsoException(code, message);
        }
    }
}
