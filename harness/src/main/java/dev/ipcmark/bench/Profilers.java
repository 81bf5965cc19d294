package dev.ipcmark.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.profile.LinuxPerfNormProfiler;
import org.openjdk.jmh.profile.Profiler;

/**
 * The JMH profilers a scenario can switch on ({@code jmh.profilers}), and whether this machine can run each: perfnorm
 * needs Linux perf and hardware counters, which many virtual machines do not expose. A profiler that cannot run is
 * left out and the reason goes on every case, instead of failing the case.
 */
final class Profilers {
    private static final Map<String, Class<? extends Profiler>> BY_NAME =
            Map.of("gc", GCProfiler.class, "perfnorm", LinuxPerfNormProfiler.class);
    private static final Map<String, Optional<String>> UNAVAILABLE = new LinkedHashMap<>();

    private Profilers() {}

    /** The profiler classes among {@code names} that can run here. */
    static List<Class<? extends Profiler>> runnable(List<String> names) {
        List<Class<? extends Profiler>> classes = new ArrayList<>();
        for (String name : names) {
            if (whyNot(name).isEmpty()) {
                classes.add(BY_NAME.get(name));
            }
        }
        return classes;
    }

    /** One note per profiler among {@code names} that cannot run here, saying why. */
    static List<String> notes(List<String> names) {
        return names.stream()
                .flatMap(n -> whyNot(n).map(r -> n + " did not run: " + r).stream())
                .toList();
    }

    /** Why {@code name} cannot run here, or empty when it can (asked once per process). */
    static synchronized Optional<String> whyNot(String name) {
        return UNAVAILABLE.computeIfAbsent(name, n -> n.equals("perfnorm") ? perf() : Optional.empty());
    }

    /** Asks perf itself to count instructions of {@code true}: it says whether counters work here, and how not. */
    private static Optional<String> perf() {
        Process process;
        try {
            process = new ProcessBuilder("perf", "stat", "-x,", "-e", "instructions", "true")
                    .redirectErrorStream(true)
                    .start();
        } catch (IOException e) {
            return Optional.of("perf is not installed (Debian: apt-get install linux-perf)");
        }
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return Optional.of("perf stat did not finish within 10 s");
            }
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (out.contains("<not supported>")) {
                return Optional.of("perf cannot count hardware events on this machine (perf stat -e instructions says"
                        + " <not supported>: no performance counters, as in many virtual machines)");
            }
            if (process.exitValue() != 0 || out.contains("<not counted>")) {
                return Optional.of("perf stat -e instructions failed here (check kernel.perf_event_paranoid): "
                        + out.lines().findFirst().orElse("exit status " + process.exitValue()));
            }
            return Optional.empty();
        } catch (IOException e) {
            return Optional.of("perf stat could not be read: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.of("interrupted while asking perf");
        }
    }
}
