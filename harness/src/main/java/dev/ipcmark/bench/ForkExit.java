package dev.ipcmark.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;

/**
 * How a JMH fork's JVM ended, read from the case's log, where JMH writes {@code <forked VM failed with exit code N>}
 * and nowhere else: a status above 128 is death by signal 128 + N, as the shell reports it.
 */
final class ForkExit {
    private static final java.util.regex.Pattern EXIT =
            java.util.regex.Pattern.compile("forked VM failed with exit code (\\d{1,3})");
    private static final Map<Integer, String> SIGNALS =
            Map.of(1, "SIGHUP", 2, "SIGINT", 3, "SIGQUIT", 6, "SIGABRT", 9, "SIGKILL", 11, "SIGSEGV", 15, "SIGTERM");

    private ForkExit() {}

    /** "the benchmark JVM (JMH's fork) was killed by signal 9 (SIGKILL)", or empty when the log says nothing. */
    static Optional<String> fromLog(Path log) {
        String text;
        try {
            text = Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
        Matcher m = EXIT.matcher(text);
        return m.find() ? Optional.of(describe(Integer.parseInt(m.group(1)))) : Optional.empty();
    }

    /** The words for exit status {@code status}. */
    static String describe(int status) {
        if (status > 128) {
            int signal = status - 128;
            return "the benchmark JVM (JMH's fork) was killed by signal " + signal
                    + Optional.ofNullable(SIGNALS.get(signal))
                            .map(n -> " (" + n + ")")
                            .orElse("");
        }
        return "the benchmark JVM (JMH's fork) exited with status " + status;
    }
}
