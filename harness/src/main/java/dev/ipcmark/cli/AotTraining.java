package dev.ipcmark.cli;

import dev.ipcmark.peer.AotCaches;
import dev.ipcmark.results.LatencyRecorder;
import dev.ipcmark.scenario.CaseSpec;
import dev.ipcmark.scenario.ScenarioLoader;
import dev.ipcmark.transport.Leftovers;
import dev.ipcmark.transport.PrivateDir;
import dev.ipcmark.transport.TransportKind;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarInputStream;

/**
 * The training run behind {@code harness/target/ipcmark.aot}, the ahead-of-time cache (JDK 25, JEP 483/514) that the
 * build makes and the launcher hands to the command's JVM (and to JMH forks and peers when theirs are missing). Forks
 * and peers are fresh JVMs per case, and most of a short case's start-up was class loading and the FFM linker building its
 * downcall handles (the first {@code nativeio} class took 120 ms to initialize). This run does a little of what each
 * process does, so the cache holds those classes loaded, linked and with their method handles resolved:
 * {@code java -XX:AOTCacheOutput=ipcmark.aot -cp ipcmark.jar dev.ipcmark.cli.AotTraining}. With
 * {@code --fork-and-peer} it trains the JMH fork's and the peer's own caches instead ({@link AotCaches}).
 */
public final class AotTraining {
    private static final String SCENARIO = """
            name: training
            jmh: { forks: 1, warmup: { iterations: 1, time: 100ms }, measurement: { iterations: 1, time: 100ms } }
            cases:
              - pattern: ping-pong
                transports: [pipe, fifo, posix-mq, sysv-mq, unix-stream, unix-dgram, tcp, udp, shared-file, shm]
                messageSizes: [64, 4KiB]
            gate: { p50: 10% }
            """;

    /**
     * What the caches of a JMH fork and a peer are trained on: one short case, over a Unix socket (the file system,
     * sockets and FFM paths most transports share).
     */
    private static final String FORK_AND_PEER_SCENARIO = """
            name: aot-training
            jmh: { forks: 1, warmup: { iterations: 1, time: 200ms }, measurement: { iterations: 1, time: 200ms } }
            cases:
              - pattern: ping-pong
                transports: [unix-stream]
                messageSizes: [64]
            """;

    private AotTraining() {}

    /**
     * Runs the training; everything it makes is removed before it exits. With {@code --fork-and-peer}, runs a case
     * instead, whose fork and peer write their own caches into the directory {@value AotCaches#TRAINING} names.
     */
    public static void main(String[] args) throws Exception {
        if (args.length == 1 && args[0].equals("--fork-and-peer")) {
            trainForkAndPeer();
            return;
        }
        PrintWriter discard = new PrintWriter(Writer.nullWriter());
        var cli = Main.commandLine();
        cli.setOut(discard);
        cli.setErr(discard);
        cli.execute("list");
        cli.execute("env", "--json");
        new ScenarioLoader(TransportKind.catalog()).parse(SCENARIO, "training.yaml");
        Path scratch = Files.createTempDirectory("ipcmark-aot");
        try {
            exerciseTransports();
            exerciseHistograms(scratch.resolve("training.hlog"));
        } finally {
            removeTree(scratch);
        }
        loadBenchmarkAndForkClasses();
    }

    // The project's own remover: checks the directory is this user's and 0700, never follows a link.
    private static void removeTree(Path dir) {
        Leftovers.removeTree(dir.getParent(), dir.getFileName().toString());
    }

    private static void trainForkAndPeer() throws IOException {
        String into = System.getProperty(AotCaches.TRAINING);
        if (into == null) {
            throw new IllegalArgumentException("--fork-and-peer needs -D" + AotCaches.TRAINING + "=DIR");
        }
        for (String file : List.of(AotCaches.FORK_FILE, AotCaches.PEER_FILE)) {
            // A cache of an older jar is not used, but must not look like this training's.
            Files.deleteIfExists(Path.of(into, file));
        }
        Main.prepareProcess();
        Path scratch = Files.createTempDirectory("ipcmark-aot");
        int status;
        try {
            Path scenario = scratch.resolve("aot-training.yaml");
            Files.writeString(scenario, FORK_AND_PEER_SCENARIO);
            var cli = Main.commandLine();
            cli.setOut(new PrintWriter(Writer.nullWriter()));
            status = cli.execute(
                    "run",
                    scenario.toString(),
                    "--results-dir",
                    scratch.resolve("results").toString(),
                    "--store",
                    "off",
                    "--no-wait");
        } finally {
            removeTree(scratch);
        }
        for (String file : List.of(AotCaches.FORK_FILE, AotCaches.PEER_FILE)) {
            if (!Files.isRegularFile(Path.of(into, file))) {
                // Not fatal: forks and peers then start with the command's cache, a little slower.
                System.err.println("ipcmark: the training run (exit status " + status + ") made no " + file);
            }
        }
    }

    /** Every transport's set-up cycle (make, connect, accept, close) once: FFM handles, channels, layouts. */
    private static void exerciseTransports() {
        for (TransportKind kind : TransportKind.values()) {
            var transport = kind.create();
            for (String size : List.of("64", "4KiB")) {
                CaseSpec spec = CaseSpec.parse("setup/" + kind.id() + "/size=" + size);
                transport.setupCycle().ifPresent(cycle -> {
                    if (cycle.check(spec).runs()) {
                        try (PrivateDir dir = PrivateDir.create()) {
                            cycle.run(spec, dir, step -> {});
                        }
                    }
                });
                TransportKind.support(CaseSpec.parse("ping-pong/" + kind.id() + "/size=" + size));
            }
        }
    }

    private static void exerciseHistograms(Path hlog) {
        LatencyRecorder recorder = new LatencyRecorder(hlog);
        recorder.startInterval();
        for (int i = 1; i <= 10_000; i++) {
            recorder.record(i * 10L);
        }
        recorder.endInterval();
        recorder.close();
    }

    /** Loads (without running) the JMH fork's and the generated benchmarks' classes that every fork loads. */
    private static void loadBenchmarkAndForkClasses() throws IOException {
        ClassLoader loader = AotTraining.class.getClassLoader();
        Path jar = Path.of(System.getProperty("java.class.path"));
        if (!Files.isRegularFile(jar)) {
            return;
        }
        try (InputStream in = Files.newInputStream(jar);
                JarInputStream entries = new JarInputStream(in)) {
            for (JarEntry e; (e = entries.getNextJarEntry()) != null; ) {
                String name = e.getName();
                boolean wanted = name.endsWith(".class")
                        && !name.contains("module-info")
                        && (name.startsWith("org/openjdk/jmh/runner/")
                                || name.startsWith("org/openjdk/jmh/infra/")
                                || name.startsWith("org/openjdk/jmh/results/")
                                || name.startsWith("dev/ipcmark/"));
                if (wanted) {
                    try {
                        Class.forName(name.substring(0, name.length() - 6).replace('/', '.'), false, loader);
                    } catch (ClassNotFoundException | LinkageError ex) {
                        // Optional parts of JMH (profilers for tools that are not here) do not link: not needed.
                    }
                }
            }
        } catch (UncheckedIOException ex) {
            throw ex.getCause();
        }
    }
}
