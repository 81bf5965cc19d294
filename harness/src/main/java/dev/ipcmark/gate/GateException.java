package dev.ipcmark.gate;

import java.io.Serial;

/** A comparison that cannot be made: a missing or malformed run, no case in common, or (strictly) another machine. */
public final class GateException extends RuntimeException {
    @Serial
    private static final long serialVersionUID = 1L;

    /** A failure saying {@code message}. */
    public GateException(String message) {
        super(message);
    }
}
