package dev.ipcmark.transport;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * More HotSpot options for every JVM of a run on this machine (ipcmark's own, its JMH forks and their peers), from the
 * environment variable {@value #ENVIRONMENT}: {@code -XX:} options separated by spaces, nothing else. The launcher
 * gives them to ipcmark's JVM (and refuses anything else before it starts); every process of a run inherits the
 * environment, so each JVM that starts another adds them without passing anything on. Peers on another machine
 * ({@code --peer-host}) do not get them.
 *
 * <p>The project's tests set it to run without the C2 compiler: they check what a run does, not how fast, and C2's
 * compilations were a fifth of their CPU time on two cores. A run with these options says so on the console and
 * records them in run.json's environment, since its numbers (the calibration probes' too) are not a plain run's.
 */
public final class ExtraJvmOptions {
    /** The environment variable that holds the options. */
    public static final String ENVIRONMENT = "IPCMARK_JVM_OPTIONS";

    private ExtraJvmOptions() {}

    /** The options this process's environment gives; none when it has none. */
    public static List<String> current() {
        return parse(System.getenv(ENVIRONMENT));
    }

    /** What is wrong with this process's {@value #ENVIRONMENT}, if anything (the jar run without the launcher). */
    public static Optional<String> problem() {
        try {
            parse(System.getenv(ENVIRONMENT));
            return Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.of(e.getMessage());
        }
    }

    /** The options in {@code text} (null or blank: none). The launcher applies the same rule. */
    static List<String> parse(String text) {
        if (text == null || text.isBlank()) {
            return List.of();
        }
        List<String> options = List.of(text.strip().split("\\s+"));
        for (String option : options) {
            // Only HotSpot's own switches: a class path, agent or system property here would change what runs.
            if (!option.startsWith("-XX:") || option.length() == "-XX:".length()) {
                throw new IllegalArgumentException(ENVIRONMENT + " takes HotSpot options (-XX:...) separated by spaces;"
                        + " '" + option + "' is not one");
            }
            // These two read more options from a file, where the rule above would not reach (HotSpot matches flag
            // names exactly; the lower-case check is only against near misses).
            String name = option.substring("-XX:".length()).split("=", 2)[0].toLowerCase(Locale.ROOT);
            if (name.equals("vmoptionsfile") || name.equals("flags")) {
                throw new IllegalArgumentException(ENVIRONMENT + " takes HotSpot options (-XX:...); '" + option
                        + "' reads more options from a file, which is not allowed");
            }
            // HotSpot turns these two into unified logging on stdout, and no option after them moves it there: a pipe
            // peer's stdout is the pipe it echoes on (PeerCommand sends the rest of a peer's output to stderr).
            if (option.equals("-XX:+PrintGC") || option.equals("-XX:+PrintGCDetails")) {
                throw new IllegalArgumentException(ENVIRONMENT + " takes HotSpot options (-XX:...); '" + option
                        + "' prints on stdout, which is a pipe peer's data pipe, so it is not allowed");
            }
        }
        return options;
    }
}
