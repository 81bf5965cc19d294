package dev.ipcmark.bench;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.openjdk.jmh.profile.ProfilerException;
import org.openjdk.jmh.profile.ProfilerFactory;
import org.openjdk.jmh.runner.options.ProfilerConfig;

/**
 * Whether this machine can run the JMH profilers a scenario switches on ({@code jmh.profilers}, which lists the names
 * a scenario may use): JMH's own factory makes each one and says why it cannot (perfnorm needs Linux perf and
 * hardware counters, which many virtual machines do not expose). A profiler that cannot run is left out and JMH's
 * reason goes on every case, instead of failing the case.
 */
final class Profilers {
    private static final Map<String, Optional<String>> WHY_NOT = new ConcurrentHashMap<>();

    private Profilers() {}

    /** The profilers among {@code names} that can run here. */
    static List<String> runnable(List<String> names) {
        return names.stream().filter(n -> whyNot(n).isEmpty()).toList();
    }

    /** One note per profiler among {@code names} that cannot run here, saying why. */
    static List<String> notes(List<String> names) {
        return names.stream()
                .flatMap(n -> whyNot(n).map(r -> n + " did not run: " + r).stream())
                .toList();
    }

    /** The JMH profilers among {@code names} that can run here (the flame profiler is ipcmark's, not JMH's). */
    static List<String> runnableByJmh(List<String> names) {
        return runnable(names).stream()
                .filter(n -> !n.equals(FlameProfiler.NAME))
                .toList();
    }

    /**
     * Why {@code name} cannot run here, in JMH's words (or the flame profiler's), or empty when it can (asked once per
     * process).
     */
    static Optional<String> whyNot(String name) {
        if (name.equals(FlameProfiler.NAME)) {
            return FlameProfiler.whyNot();
        }
        return WHY_NOT.computeIfAbsent(name, n -> {
            try {
                ProfilerFactory.getProfilerOrException(new ProfilerConfig(n));
                return Optional.empty();
            } catch (ProfilerException e) {
                return Optional.of("JMH says: " + e.getMessage());
            }
        });
    }
}
