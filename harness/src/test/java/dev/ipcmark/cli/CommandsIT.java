package dev.ipcmark.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ipcmark.nativeio.Fd;
import dev.ipcmark.nativeio.Shm;
import dev.ipcmark.transport.ExtraJvmOptions;
import dev.ipcmark.transport.Leftovers;
import dev.ipcmark.transport.TestResources;
import dev.ipcmark.transport.TransportKind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.ResourceAccessMode;
import org.junit.jupiter.api.parallel.ResourceLock;

/** The commands other than {@code run}, through the built jar. */
@Timeout(120)
@ResourceLock(value = TestResources.CPUS, mode = ResourceAccessMode.READ)
class CommandsIT {
    @TempDir
    Path scratch;

    @Test
    void shouldShipTheJmhBenchmarkListInTheJar() throws Exception {
        Path out = scratch.resolve("list.txt");
        Process p = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-cp",
                        Ipcmark.JAR.toString(),
                        "org.openjdk.jmh.Main",
                        "-l")
                .redirectErrorStream(true)
                .redirectOutput(out.toFile())
                .start();
        assertThat(p.waitFor()).isZero();
        assertThat(out).content().contains("dev.ipcmark.bench.PingPongBenchmark.roundTrip");
    }

    @Test
    void shouldListEveryTransportAndPatternAsRunnableHere() throws Exception {
        Ipcmark.Outcome list = Ipcmark.run(scratch, "list");
        assertThat(list.status()).isZero();
        assertThat(list.out())
                .containsPattern("knob mode: .*allowed: blocking, nonblocking-spin, nonblocking-poll")
                .containsPattern("knob sync: .*allowed: spin")
                .containsPattern("knob pipe-size: .*allowed: default \\(the kernel's\\), or 4KiB to \\d+\\w+"
                        + " \\(fs.pipe-max-size\\)");
        for (TransportKind kind : TransportKind.values()) {
            assertThat(list.out()).as(kind.id()).containsPattern("\\n  " + kind.id() + " +runs ");
        }
        assertThat(list.out()).contains("ping-pong");
    }

    @Test
    void shouldPrintTheMachineFingerprint() throws Exception {
        Ipcmark.Outcome env = Ipcmark.run(scratch, "env");
        assertThat(env.status()).isZero();
        assertThat(env.out()).contains("kernel", "cpuModel", "fs.mqueue.msg_max", "kernel.msgmax", "fs.pipe-max-size");
        assertThat(Ipcmark.run(scratch, "env", "--json").out()).contains("\"ipcLimits\"");
        // /proc/sys files misreport their size; the value must be the whole file, as cat shows it.
        String msgsizeMax;
        try (var in = Files.newInputStream(Path.of("/proc/sys/fs/mqueue/msgsize_max"))) {
            msgsizeMax = new String(in.readAllBytes()).strip();
        }
        assertThat(env.out()).containsPattern("fs\\.mqueue\\.msgsize_max +" + msgsizeMax + "\n");
    }

    @Test
    void shouldHaveCompleteHelp() throws Exception {
        assertThat(Ipcmark.run(scratch, "--help").out()).contains("run", "list", "env", "clean", "Exit status");
        assertThat(Ipcmark.run(scratch, "run", "--help").out()).contains("--quick", "-p", "--forks", "SCENARIO");
    }

    @Test
    void shouldExplainABadScenarioWithExitStatusTwo() throws Exception {
        Path bad = scratch.resolve("bad.yaml");
        Files.writeString(
                bad, "name: bad\ncases:\n  - pattern: ping-pong\n    transports: [pipes]\n    messageSizes: 64\n");
        Ipcmark.Outcome outcome = Ipcmark.run(scratch, "run", bad.toString());
        assertThat(outcome.status()).isEqualTo(2);
        assertThat(outcome.out())
                .contains(
                        "ipcmark: " + bad
                                + ":4:18: unknown transport 'pipes' in case 1; allowed: pipe, fifo, posix-mq, sysv-mq, unix-stream, unix-dgram, tcp, udp, shared-file, shm");
        assertThat(Ipcmark.run(scratch, "run", "--forks", "0", "scenarios/smoke.yaml")
                        .out())
                .contains("command line (--forks): --forks must be from 1 to 100, got 0");
        Path results = scratch.resolve("results");
        assertThat(refusedJvmOptions("-XX:TieredStopAtLevel=1 -javaagent:/tmp/a.jar", results))
                .contains("IPCMARK_JVM_OPTIONS takes HotSpot options (-XX:...) separated by spaces;"
                        + " '-javaagent:/tmp/a.jar' is not one");
        // An options file would bring in what the rule keeps out.
        assertThat(refusedJvmOptions("-XX:VMOptionsFile=/tmp/options", results))
                .contains("'-XX:VMOptionsFile=/tmp/options' reads more options from a file");
        assertThat(results).as("nothing ran").doesNotExist();
    }

    /** What the launcher says when it refuses {@code options} in IPCMARK_JVM_OPTIONS (with exit status 2). */
    private String refusedJvmOptions(String options, Path results) throws Exception {
        Ipcmark.Outcome o = Ipcmark.run(
                scratch,
                Map.of(ExtraJvmOptions.ENVIRONMENT, options),
                "run",
                "scenarios/smoke.yaml",
                "--results-dir",
                results.toString());
        assertThat(o.status()).as(o.out()).isEqualTo(2);
        return o.out();
    }

    @Test
    @ResourceLock(TestResources.IPCMARK_RUNS)
    void shouldRemoveOnlyIpcmarkObjectsOfDeadProcesses() throws Exception {
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        String deadName = "ipcmark-" + gone.pid() + "-0123456789abcdef";
        // A living creator other than this JVM, whose own objects the in-process tests running beside this one check.
        Process alive = new ProcessBuilder("sleep", "60").start();
        String liveName = "ipcmark-" + alive.pid() + "-fedcba9876543210";
        Fd.close(Shm.open("/" + deadName, Shm.O_CREAT | Shm.O_EXCL | Shm.O_RDWR, 0600));
        Fd.close(Shm.open("/" + liveName, Shm.O_CREAT | Shm.O_EXCL | Shm.O_RDWR, 0600));
        Path notOurs = Files.createTempFile(Path.of("/dev/shm"), "not-ipcmark-", "");
        Path deadDir = Files.createDirectory(
                Path.of(System.getProperty("java.io.tmpdir"), deadName),
                java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                        java.nio.file.attribute.PosixFilePermissions.fromString("rwx------")));
        Files.writeString(deadDir.resolve("peer.stderr"), "left behind");
        try {
            Ipcmark.Outcome clean = Ipcmark.run(scratch, "clean");
            assertThat(clean.status()).isZero();
            assertThat(Path.of("/dev/shm", deadName)).doesNotExist();
            assertThat(deadDir).doesNotExist();
            assertThat(Path.of("/dev/shm", liveName)).exists();
            assertThat(notOurs).exists();
            assertThat(clean.out()).contains("removed ").contains("kept").contains(liveName);
        } finally {
            Shm.unlink("/" + liveName);
            Files.deleteIfExists(notOurs);
            alive.destroy();
        }
        assertThat(Leftovers.ownerOf(liveName)).contains(alive.pid());
    }
}
