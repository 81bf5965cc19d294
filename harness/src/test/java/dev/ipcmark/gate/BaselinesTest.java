package dev.ipcmark.gate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BaselinesTest {
    @TempDir
    Path dir;

    private Path finishedRun() throws Exception {
        Path run = RunFixtures.run("20261123-100000-ci")
                .ok("ping-pong/pipe/size=64", 1000, 0.02, 1)
                .write(dir);
        Files.writeString(run.resolve("summary.csv"), "case\n");
        Files.writeString(run.resolve("scenario.yaml"), "name: ci\n");
        Files.createDirectories(run.resolve("histograms"));
        Files.writeString(run.resolve("histograms/ping-pong_pipe_size-64.hlog"), "#[Histogram log]\n");
        Files.createDirectories(run.resolve("jmh"));
        Files.writeString(run.resolve("jmh/big.json"), "{}");
        return run;
    }

    @Test
    void shouldCopyTheSmallFilesAndFindTheBaselineByName() throws Exception {
        Path root = dir.resolve("baselines");
        Path saved = Baselines.save("vm-2core", List.of(finishedRun()), root, false);
        assertThat(saved).isEqualTo(root.resolve("vm-2core"));
        Path run = saved.resolve("runs/20261123-100000-ci");
        assertThat(run.resolve("run.json")).exists();
        assertThat(run.resolve("summary.csv")).exists();
        assertThat(run.resolve("scenario.yaml")).exists();
        assertThat(run.resolve("histograms/ping-pong_pipe_size-64.hlog")).exists();
        assertThat(run.resolve("jmh")).doesNotExist();
        assertThat(Baselines.resolve("vm-2core", root)).isEqualTo(saved);
        assertThat(Baselines.names(root)).containsExactly("vm-2core (1 run)");
        assertThat(Baseline.read(saved).runs()).extracting(RunSamples::runId).containsExactly("20261123-100000-ci");
    }

    @Test
    void shouldRefuseToReplaceWithoutForce() throws Exception {
        Path run = finishedRun();
        Path root = dir.resolve("baselines");
        Baselines.save("vm", List.of(run), root, false);
        assertThatThrownBy(() -> Baselines.save("vm", List.of(run), root, false))
                .isInstanceOf(GateException.class)
                .hasMessageContaining("--force");
        assertThat(Baselines.save("vm", List.of(run), root, true)).isEqualTo(root.resolve("vm"));
    }

    @Test
    void shouldRefuseUnfinishedRunsAndBadNames() throws Exception {
        Path running = RunFixtures.run("r")
                .state("interrupted")
                .ok("ping-pong/x/size=1", 1, 0, 1)
                .write(dir);
        assertThatThrownBy(() -> Baselines.save("vm", List.of(running), dir.resolve("b"), false))
                .isInstanceOf(GateException.class)
                .hasMessageContaining("is interrupted, not finished");
        assertThatThrownBy(() -> Baselines.save("../up", List.of(finishedRun()), dir.resolve("b"), false))
                .isInstanceOf(GateException.class)
                .hasMessageContaining("bad baseline name '../up'");
    }

    @Test
    void shouldSayWhatIsSavedWhenANameIsUnknown() throws Exception {
        Path root = dir.resolve("baselines");
        Baselines.save("vm", List.of(finishedRun()), root, false);
        assertThatThrownBy(() -> Baselines.resolve("laptop", root))
                .isInstanceOf(GateException.class)
                .hasMessageContaining("'laptop' is neither a run directory")
                .hasMessageContaining("saved there: vm (1 run)");
    }

    @Test
    void shouldGrowABaselineRunByRunOfOneScenarioOnOneMachine() throws Exception {
        Path root = dir.resolve("baselines");
        Path first = RunFixtures.run("r1")
                .ok("ping-pong/pipe/size=64", 1000, 0.02, 1)
                .write(dir);
        Path second = RunFixtures.run("r2")
                .ok("ping-pong/pipe/size=64", 1000, 0.02, 2)
                .write(dir);
        Path third = RunFixtures.run("r3")
                .ok("ping-pong/pipe/size=64", 1000, 0.02, 3)
                .write(dir);
        Baselines.save("vm", List.of(first, second), root, false);
        Baselines.add("vm", List.of(third), root);
        assertThat(Baseline.read(root.resolve("vm")).runs())
                .extracting(RunSamples::runId)
                .containsExactly("r1", "r2", "r3");
        assertThat(Baselines.names(root)).containsExactly("vm (3 runs)");
        Path otherCases =
                RunFixtures.run("r4").ok("ping-pong/shm/size=64", 1000, 0.02, 4).write(dir);
        assertThatThrownBy(() -> Baselines.add("vm", List.of(otherCases), root))
                .hasMessageContaining("a baseline's runs must come from one scenario");
        Path otherMachine = RunFixtures.run("r5")
                .env("cpuModel", "Other CPU")
                .ok("ping-pong/pipe/size=64", 1000, 0.02, 5)
                .write(dir);
        assertThatThrownBy(() -> Baselines.add("vm", List.of(otherMachine), root))
                .hasMessageContaining("another machine type");
        assertThatThrownBy(() -> Baselines.add("vm", List.of(third), root)).hasMessageContaining("already");
    }

    @Test
    void shouldSayWhenItsRunsWereMadeAndHowLongBeforeTheCurrentRun() {
        List<RunSamples> runs = List.of(
                RunFixtures.run("20261204-143527-ci")
                        .startedAt("2026-12-04T14:35:27Z")
                        .read(dir),
                // another offset, the same instant scale: shown in UTC
                RunFixtures.run("20261204-144222-ci")
                        .startedAt("2026-12-04T15:44:22+01:00")
                        .read(dir));
        Baseline baseline = Baseline.of(dir.resolve("self-check"), runs);
        RunSamples current = RunFixtures.run("20261204-175300-ci")
                .startedAt("2026-12-04T17:53:00Z")
                .read(dir);

        assertThat(baseline.made(current))
                .contains("2 runs started 2026-12-04 14:35 to 14:44 UTC (within 9 min), the newest 3 h 9 min before"
                        + " the current run");
        RunSamples older = RunFixtures.run("20261201-090000-ci")
                .startedAt("2026-12-01T09:00:00Z")
                .read(dir);
        assertThat(Baseline.of(dir, List.of(older)).made(current))
                .contains("started 2026-12-01 09:00 UTC, the run 3 d 8 h before the current run");
        assertThat(Baseline.of(dir, List.of(current)).made(older))
                .contains("started 2026-12-04 17:53 UTC, the run 3 d 8 h after the current run");
        RunSamples unknown =
                RunFixtures.run("20261204-180000-ci").startedAt("yesterday").read(dir);
        assertThat(Baseline.of(dir, List.of(unknown)).made(current)).isEmpty();
    }
}
