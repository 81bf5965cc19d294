package dev.ipcmark.transport;

/** A transport that cannot go on: the peer went away, a message arrived damaged, a channel was aborted. */
public final class TransportException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** A failure described by {@code message}. */
    public TransportException(String message) {
        super(message);
    }

    /** A failure described by {@code message}, caused by {@code cause}. */
    public TransportException(String message, Throwable cause) {
        super(message, cause);
    }
}
