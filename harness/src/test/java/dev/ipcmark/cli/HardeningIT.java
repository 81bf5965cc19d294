package dev.ipcmark.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ipcmark.nativeio.DirFd;
import dev.ipcmark.transport.TestResources;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.ResourceAccessMode;
import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * A shared, imperfect machine: two runs at once, a results directory that fills up or is read-only, a TMPDIR of the
 * user's own. Each ends with a clear one-line message and an exit status that says whose fault it was, and loses
 * nothing that was finished.
 */
@Timeout(300)
@ResourceLock(TestResources.IPCMARK_RUNS)
@ResourceLock(value = TestResources.CPUS, mode = ResourceAccessMode.READ)
class HardeningIT {
    private static final String ONE_CASE = """
            name: one
            jmh: { forks: 1, warmup: { iterations: 1, time: 100ms }, measurement: { iterations: 2, time: 150ms } }
            cases:
              - pattern: ping-pong
                transports: [unix-stream]
                messageSizes: [64]
            """;

    @TempDir
    Path scratch;

    private Path scenario(String text) throws Exception {
        Path file = scratch.resolve("s" + System.nanoTime() + ".yaml");
        Files.writeString(file, text);
        return file;
    }

    @Test
    void shouldLetASecondRunWaitOrSayWhoMeasures() throws Exception {
        Path slow = scenario(ONE_CASE.replace("iterations: 2, time: 150ms", "iterations: 6, time: 1s"));
        Path results = scratch.resolve("results");
        Path firstOut = scratch.resolve("first.txt");
        Process first = Ipcmark.start(firstOut, "run", slow.toString(), "--results-dir", results.toString());
        awaitOutput(firstOut, "[1/1]");
        String firstRun = Ipcmark.onlyRun(results).getFileName().toString();

        Ipcmark.Outcome refused = Ipcmark.run(
                scratch, "run", scenario(ONE_CASE).toString(), "--no-wait", "--results-dir", results.toString());
        assertThat(refused.status()).as(refused.out()).isEqualTo(5);
        assertThat(refused.out())
                .contains("ipcmark: another ipcmark run is measuring on this machine: run " + firstRun + " (pid "
                        + first.pid() + ", user ");

        Path secondOut = scratch.resolve("second.txt");
        Process second = Ipcmark.start(
                secondOut,
                "run",
                scenario(ONE_CASE).toString(),
                "--results-dir",
                scratch.resolve("r2").toString());
        assertThat(first.waitFor(2, TimeUnit.MINUTES)).isTrue();
        assertThat(second.waitFor(2, TimeUnit.MINUTES)).isTrue();
        assertThat(first.exitValue()).as(Files.readString(firstOut)).isZero();
        assertThat(second.exitValue()).as(Files.readString(secondOut)).isZero();
        assertThat(Files.readString(secondOut))
                .contains("ipcmark: another run is measuring on this machine: run " + firstRun)
                .contains("waiting for it to finish");
    }

    @Test
    void shouldStopCleanlyWhenTheResultsFileSystemFillsUp() throws Exception {
        Path mount = mountTmpfs("size=40k");
        Path three = scenario(ONE_CASE.replace("transports: [unix-stream]", "transports: [unix-stream, shm, pipe]"));
        Ipcmark.Outcome o = Ipcmark.run(scratch, "run", three.toString(), "--results-dir", mount.toString());
        try {
            assertThat(o.status()).as(o.out()).isEqualTo(5);
            assertThat(o.out())
                    .containsPattern("ipcmark: cannot (write|create|move|go on writing) \\S+.*: No space left on device"
                            + ".*; the run stopped with \\d of 3 case\\(s\\) finished; ")
                    .doesNotContain("\tat ");
            try (Stream<Path> all = Files.walk(mount)) {
                assertThat(all.map(p -> p.getFileName().toString()))
                        .as("no half-written file is left")
                        .noneMatch(n -> n.endsWith(".tmp"));
            }
            Path run = Ipcmark.onlyRun(mount);
            JsonNode manifest =
                    new ObjectMapper().readTree(run.resolve("run.json").toFile());
            if (o.out().contains("run.json says the run failed")) {
                assertThat(manifest.get("state").asText()).isEqualTo("failed");
                assertThat(manifest.get("reason").asText()).contains("No space left on device");
            } else {
                assertThat(o.out()).contains("run.json could not be updated either");
            }
        } finally {
            unmount(mount);
        }
    }

    @Test
    void shouldSayAReadOnlyResultsDirectoryIsTheMachinesFault() throws Exception {
        Path mount = mountTmpfs("ro,size=64k");
        try {
            Ipcmark.Outcome o =
                    Ipcmark.run(scratch, "run", scenario(ONE_CASE).toString(), "--results-dir", mount.toString());
            assertThat(o.status()).as(o.out()).isEqualTo(5);
            assertThat(o.out())
                    .contains("ipcmark: cannot create a run directory in " + mount + ": Read-only file system");
        } finally {
            unmount(mount);
        }
    }

    @Test
    void shouldMakeEveryTemporaryObjectUnderTmpdir() throws Exception {
        Path tmp = Files.createDirectory(scratch.resolve("tmp"));
        Set<String> seen = ConcurrentHashMap.newKeySet();
        AtomicBoolean done = new AtomicBoolean();
        Thread watcher = new Thread(() -> {
            while (!done.get()) {
                try (Stream<Path> all = Files.walk(tmp, 2)) {
                    all.forEach(p -> seen.add(tmp.relativize(p).toString()));
                } catch (Exception e) {
                    // Removed while walked: look again.
                }
            }
        });
        watcher.start();
        Ipcmark.Outcome o;
        try {
            o = Ipcmark.run(
                    scratch,
                    Map.of("TMPDIR", tmp.toString()),
                    "run",
                    scenario(ONE_CASE).toString(),
                    "--results-dir",
                    scratch.resolve("results").toString());
        } finally {
            done.set(true);
            watcher.join();
        }
        assertThat(o.status()).as(o.out()).isZero();
        assertThat(seen)
                .as("the launcher's session directory, with JMH's files in it")
                .anyMatch(n -> n.matches("ipcmark-\\d+-[0-9a-f]{16}/jmh\\d+stdout"));
        assertThat(seen)
                .as("the case's private directory, with the peer's control socket")
                .anyMatch(n -> n.matches("ipcmark-\\d+-[0-9a-f]{16}/control\\.sock"));
        try (Stream<Path> left = Files.list(tmp)) {
            assertThat(left).as("everything removed at the end").isEmpty();
        }
        Ipcmark.Outcome bad =
                Ipcmark.run(scratch, Map.of("TMPDIR", scratch.resolve("nowhere").toString()), "list");
        assertThat(bad.status()).isEqualTo(5);
        assertThat(bad.out())
                .contains("TMPDIR=" + scratch.resolve("nowhere") + " is not an absolute path to a writable directory");
    }

    @Test
    void shouldLetCleanRemoveWhatAKilledRunLeft() throws Exception {
        Path tmp = Files.createDirectory(scratch.resolve("tmp"));
        Path results = scratch.resolve("results");
        Path out = scratch.resolve("killed.txt");
        Path slow = scenario(ONE_CASE.replace("iterations: 2, time: 150ms", "iterations: 6, time: 1s"));
        Process run = Ipcmark.start(
                out, Map.of("TMPDIR", tmp.toString()), "run", slow.toString(), "--results-dir", results.toString());
        awaitOutput(out, "[1/1]");
        Thread.sleep(1500);
        run.destroyForcibly(); // the launcher execs the JVM: this is ipcmark itself, SIGKILLed
        run.waitFor();
        Path work = Ipcmark.onlyRun(results).resolve(".work");
        assertThat(work).as("a killed run leaves its scratch").exists();
        try (Stream<Path> left = Files.list(tmp)) {
            assertThat(left.map(p -> p.getFileName().toString()))
                    .as("and its session directory with JMH's files")
                    .anyMatch(n -> n.equals("ipcmark-" + run.pid() + "-" + n.substring(n.length() - 16)));
        }
        Thread.sleep(2000); // the orphaned fork and peer notice their links closing and exit
        Ipcmark.Outcome clean =
                Ipcmark.run(scratch, Map.of("TMPDIR", tmp.toString()), "clean", "--results-dir", results.toString());
        assertThat(clean.status()).as(clean.out()).isZero();
        assertThat(clean.out()).contains("removed  run-scratch  " + work + " (process " + run.pid() + " is gone)");
        assertThat(work).doesNotExist();
        try (Stream<Path> left = Files.list(tmp)) {
            assertThat(left).as(clean.out()).isEmpty();
        }
    }

    private Path mountTmpfs(String options) throws Exception {
        assumeTrue(DirFd.effectiveUid() == 0, "mounting a tmpfs needs root");
        Path mount = Files.createDirectory(scratch.resolve("mnt" + System.nanoTime()));
        Process p = new ProcessBuilder("mount", "-t", "tmpfs", "-o", options, "tmpfs", mount.toString())
                .redirectErrorStream(true)
                .start();
        String said = new String(p.getInputStream().readAllBytes());
        assumeTrue(p.waitFor() == 0, "cannot mount a tmpfs here: " + said);
        return mount;
    }

    private static void unmount(Path mount) throws Exception {
        new ProcessBuilder("umount", mount.toString()).start().waitFor();
    }

    private static void awaitOutput(Path output, String text) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!Files.readString(output).contains(text)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no '" + text + "' in: " + Files.readString(output));
            }
            Thread.sleep(50);
        }
    }
}
