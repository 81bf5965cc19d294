package dev.ipcmark.cli;

import dev.ipcmark.results.LatencyRecorder;
import dev.ipcmark.scenario.CaseSpec;
import dev.ipcmark.scenario.ScenarioLoader;
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
 * build makes and the launcher hands to every ipcmark JVM: the command line, the JMH forks and the peers. Each of them
 * is a fresh JVM per case, and most of a short case's start-up was class loading and the FFM linker building its
 * downcall handles (the first {@code nativeio} class took 120 ms to initialize). This run does a little of what each
 * process does, so the cache holds those classes loaded, linked and with their method handles resolved:
 * {@code java -XX:AOTCacheOutput=ipcmark.aot -cp ipcmark.jar dev.ipcmark.cli.AotTraining}.
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

    private AotTraining() {}

    /** Runs the training; everything it makes is removed before it exits. */
    public static void main(String[] args) throws Exception {
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
            try (var files = Files.walk(scratch)) {
                for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
        loadBenchmarkAndForkClasses();
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
