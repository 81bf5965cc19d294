package dev.ipcmark.store;

/**
 * The store could not be reached, opened, migrated or written (the machine's fault: exit 5), or what was asked of it
 * is malformed (the user's: exit 2). Says which store and why, never with a password.
 */
public final class StoreException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final boolean badInput;

    private StoreException(String message, Throwable cause, boolean badInput) {
        super(message, cause);
        this.badInput = badInput;
    }

    /** {@code message}, caused by {@code cause}. */
    public StoreException(String message, Throwable cause) {
        this(message, cause, false);
    }

    /** {@code message}. */
    public StoreException(String message) {
        this(message, null, false);
    }

    /** A malformed request: a store spec, metric, date or baseline spec that cannot be used. */
    public static StoreException badInput(String message) {
        return new StoreException(message, null, true);
    }

    /** Whether the request was malformed (rather than the store unusable). */
    public boolean badInput() {
        return badInput;
    }
}
