package dev.ipcmark.report;

/** A report cannot be made: a run directory is missing, malformed, or has nothing to show. */
public final class ReportException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** An exception with a message a user can act on. */
    public ReportException(String message) {
        super(message);
    }
}
