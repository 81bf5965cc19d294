package dev.ipcmark.cli;

/**
 * The machine stopped the work, not a mistake of the user's or a bug of ipcmark's: a results directory that is full
 * or read-only, a TMPDIR that is not there, a measuring lock another run holds. Ends the command with exit status
 * {@link ExitCodes#ENVIRONMENT} and this one-line message.
 */
final class EnvironmentException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    EnvironmentException(String message) {
        super(message);
    }
}
