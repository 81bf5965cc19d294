package dev.ipcmark.bench;

import dev.ipcmark.peer.Peer;
import dev.ipcmark.results.RunDirectory;
import dev.ipcmark.transport.PrivateDir;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The {@value #NAME} profiler ({@code jmh.profilers: [flame]}): async-profiler, loaded into both processes of every
 * case as a JVM agent ({@code -agentpath}: JVMTI, no JNI), samples every thread on a CPU once per millisecond of CPU
 * time with perf_events' software CPU clock (no hardware counters needed; where perf_events is refused it falls back
 * to a timer of its own) and writes collapsed stacks, one root per thread, when each JVM exits. Kernel frames (marked
 * {@code _[k]}) are included where {@code kernel.perf_event_paranoid} allows, as it always does for root. Each JVM is
 * sampled for its whole life, warm-up included. The forks' stacks and the peers' are summed per process into
 * {@code profiles/<case>.measuring.collapsed} and {@code .peer.collapsed}; the report draws them as flame graphs.
 */
final class FlameProfiler {
    /** The name a scenario asks for it by. */
    static final String NAME = "flame";
    /** The process of a case whose thread measures: the JMH fork. */
    static final String MEASURING = RunDirectory.PROFILED.get(0);
    /** The other process. */
    static final String PEER = RunDirectory.PROFILED.get(1);

    private static final String PREFIX = "flame-";
    private static final String SUFFIX = ".collapsed";
    private static final String LOG = ".log";
    // The line the agent logs when it starts, the only one it writes when all goes well.
    private static final String STARTED = "Profiling started";
    private static Optional<Path> library;
    private static String whyNot;

    private FlameProfiler() {}

    /** Why the profiler cannot run here, or empty when it can (found out once per process). */
    static synchronized Optional<String> whyNot() {
        if (library == null) {
            extract();
        }
        return Optional.ofNullable(whyNot);
    }

    /**
     * The options of a fork whose scratch directory is {@code scratch}: the agent in the fork itself, and the system
     * property with the option its peers add ({@link Peer#AGENT_PROPERTY}).
     */
    static List<String> forkOptions(Path scratch) {
        Path lib = whyNot().isEmpty() ? library.orElseThrow() : null;
        if (lib == null) {
            return List.of();
        }
        return List.of(agent(lib, scratch, MEASURING), "-D" + Peer.AGENT_PROPERTY + "=" + agent(lib, scratch, PEER));
    }

    // Samples of CPU time every millisecond, per thread, in collapsed form, written at exit to a file named by PID. Its
    // messages go to a log file: by default the agent prints them on stdout, which in a peer may be the very pipe the
    // case measures (InheritedStdio), where "Profiling started" would arrive as a message. The peers of a case share
    // one log (the agent does not expand %p there); it only ever holds the agent's own lines.
    private static String agent(Path lib, Path scratch, String process) {
        return "-agentpath:" + lib + "=start,event=cpu,interval=1ms,threads,collapsed,log="
                + scratch.resolve(PREFIX + process + LOG) + ",file="
                + scratch.resolve(PREFIX + process + "-%p" + SUFFIX);
    }

    // What the agent said beyond that it started (a fallback from perf_events, kernel symbols withheld), once each.
    private static List<String> said(Path scratch, String process) {
        Path log = scratch.resolve(PREFIX + process + LOG);
        if (!Files.isRegularFile(log, LinkOption.NOFOLLOW_LINKS)) {
            return List.of();
        }
        try (Stream<String> lines = Files.lines(log)) {
            return lines.map(String::strip)
                    .filter(l -> !l.isEmpty() && !l.equals(STARTED))
                    .distinct()
                    .map(l -> NAME + " (" + process + "): async-profiler says: " + l)
                    .toList();
        } catch (IOException | UncheckedIOException e) {
            return List.of(NAME + " (" + process + "): its log could not be read: " + e.getMessage());
        }
    }

    /**
     * Sums the collapsed stacks the case's JVMs left in {@code scratch} per process into the run directory, and says
     * what was collected (or why nothing was).
     */
    static List<String> collect(Path scratch, RunDirectory run, String caseFile) {
        List<String> notes = new ArrayList<>();
        for (String process : RunDirectory.PROFILED) {
            notes.addAll(said(scratch, process));
            Map<String, Long> stacks = new TreeMap<>();
            int files = 0;
            try (Stream<Path> found = Files.list(scratch)) {
                for (Path f : found.filter(p -> p.getFileName().toString().startsWith(PREFIX + process + "-"))
                        .toList()) {
                    files++;
                    for (String line : Files.readAllLines(f)) {
                        int space = line.lastIndexOf(' ');
                        if (space > 0) {
                            stacks.merge(
                                    line.substring(0, space), Long.parseLong(line.substring(space + 1)), Long::sum);
                        }
                    }
                }
            } catch (IOException | NumberFormatException e) {
                notes.add(NAME + " (" + process + "): its collapsed stacks could not be read: " + e.getMessage());
                continue;
            }
            if (stacks.isEmpty()) {
                notes.add(NAME + " (" + process + "): no samples were written (" + files + " profile files; see the"
                        + " case's log)");
                continue;
            }
            StringBuilder text = new StringBuilder();
            stacks.forEach(
                    (stack, n) -> text.append(stack).append(' ').append(n).append('\n'));
            Path file = run.profile(caseFile, process);
            try {
                Files.createDirectories(file.getParent());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            RunDirectory.writeAtomically(file, text.toString());
            long samples = stacks.values().stream().mapToLong(Long::longValue).sum();
            boolean kernel = stacks.keySet().stream().anyMatch(s -> s.contains("_[k]"));
            notes.add(String.format(
                    Locale.ROOT,
                    "%s (%s): %,d samples from %d JVM%s, kernel frames %s; %s/%s",
                    NAME,
                    process,
                    samples,
                    files,
                    files == 1 ? "" : "s",
                    kernel ? "included" : "absent (perf_events kept them from this user)",
                    RunDirectory.PROFILES,
                    file.getFileName()));
        }
        return notes;
    }

    // The library for this machine's architecture, out of async-profiler's jar into a private directory of this run.
    private static void extract() {
        String arch =
                switch (System.getProperty("os.arch")) {
                    case "amd64", "x86_64" -> "linux-x64";
                    case "aarch64", "arm64" -> "linux-arm64";
                    default -> null;
                };
        if (arch == null || !System.getProperty("os.name").equals("Linux")) {
            library = Optional.empty();
            whyNot = "async-profiler has no library for " + System.getProperty("os.name") + " on "
                    + System.getProperty("os.arch");
            return;
        }
        try (InputStream in = FlameProfiler.class.getResourceAsStream("/" + arch + "/libasyncProfiler.so")) {
            if (in == null) {
                library = Optional.empty();
                whyNot = "async-profiler's " + arch + " library is not in ipcmark's jar";
                return;
            }
            PrivateDir dir = PrivateDir.create();
            Path lib = dir.resolve("libasyncProfiler.so");
            Files.copy(in, lib, StandardCopyOption.REPLACE_EXISTING);
            Files.setPosixFilePermissions(lib, PosixFilePermissions.fromString("r-x------"));
            library = Optional.of(lib);
        } catch (IOException | UncheckedIOException e) {
            library = Optional.empty();
            whyNot = "async-profiler's library could not be put in place: " + e.getMessage();
        }
    }
}
