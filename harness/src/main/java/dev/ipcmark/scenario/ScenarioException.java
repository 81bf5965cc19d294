package dev.ipcmark.scenario;

/** A scenario that cannot be used, with where the problem is ({@code file:line:column}) and what is allowed. */
public final class ScenarioException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String where;
    private final String problem;

    /** A problem at {@code where} ({@code file:line:column}, or the command-line option). */
    public ScenarioException(String where, String problem) {
        super(where + ": " + problem);
        this.where = where;
        this.problem = problem;
    }

    /** Where the problem is: {@code file:line:column} or the command-line option. */
    public String where() {
        return where;
    }

    /** What is wrong and what would be allowed, without the location. */
    public String problem() {
        return problem;
    }
}
