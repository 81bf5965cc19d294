package dev.ipcmark.cli;

/** Process exit statuses, documented in the README and in {@code ipcmark --help}. */
final class ExitCodes {
    /** Everything asked for was done; skipped cases are not failures. */
    static final int OK = 0;
    /** The CI gate found a regression ({@code compare}, {@code run --gate}). */
    static final int REGRESSION = 1;
    /** Bad input: a scenario, option or run that cannot be used; a comparison that cannot be made. */
    static final int BAD_INPUT = 2;
    /** The run finished, but at least one case failed. */
    static final int CASES_FAILED = 3;
    /** ipcmark itself failed. */
    static final int INTERNAL = 4;
    /**
     * The machine stopped the work: the results directory full or read-only, TMPDIR unusable, another run holding the
     * measuring lock (with {@code --no-wait}), an object {@code clean} could not remove.
     */
    static final int ENVIRONMENT = 5;

    private ExitCodes() {}
}
