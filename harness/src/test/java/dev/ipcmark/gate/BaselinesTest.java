package dev.ipcmark.gate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
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
        Path saved = Baselines.save(finishedRun(), "vm-2core", root, false);
        assertThat(saved).isEqualTo(root.resolve("vm-2core"));
        assertThat(saved.resolve("run.json")).exists();
        assertThat(saved.resolve("summary.csv")).exists();
        assertThat(saved.resolve("scenario.yaml")).exists();
        assertThat(saved.resolve("histograms/ping-pong_pipe_size-64.hlog")).exists();
        assertThat(saved.resolve("jmh")).doesNotExist();
        assertThat(Baselines.resolve("vm-2core", root)).isEqualTo(saved);
        assertThat(Baselines.names(root)).containsExactly("vm-2core");
        assertThat(RunSamples.read(saved).runId()).isEqualTo("20261123-100000-ci");
    }

    @Test
    void shouldRefuseToReplaceWithoutForce() throws Exception {
        Path run = finishedRun();
        Path root = dir.resolve("baselines");
        Baselines.save(run, "vm", root, false);
        assertThatThrownBy(() -> Baselines.save(run, "vm", root, false))
                .isInstanceOf(GateException.class)
                .hasMessageContaining("--force");
        assertThat(Baselines.save(run, "vm", root, true)).isEqualTo(root.resolve("vm"));
    }

    @Test
    void shouldRefuseUnfinishedRunsAndBadNames() throws Exception {
        Path running = RunFixtures.run("r")
                .state("interrupted")
                .ok("ping-pong/x/size=1", 1, 0, 1)
                .write(dir);
        assertThatThrownBy(() -> Baselines.save(running, "vm", dir.resolve("b"), false))
                .isInstanceOf(GateException.class)
                .hasMessageContaining("is interrupted, not finished");
        assertThatThrownBy(() -> Baselines.save(finishedRun(), "../up", dir.resolve("b"), false))
                .isInstanceOf(GateException.class)
                .hasMessageContaining("bad baseline name '../up'");
    }

    @Test
    void shouldSayWhatIsSavedWhenANameIsUnknown() throws Exception {
        Path root = dir.resolve("baselines");
        Baselines.save(finishedRun(), "vm", root, false);
        assertThatThrownBy(() -> Baselines.resolve("laptop", root))
                .isInstanceOf(GateException.class)
                .hasMessageContaining("'laptop' is neither a run directory")
                .hasMessageContaining("saved there: vm");
    }
}
