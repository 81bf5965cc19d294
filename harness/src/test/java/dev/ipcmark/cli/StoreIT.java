package dev.ipcmark.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ipcmark.gate.RunFixtures;
import dev.ipcmark.store.PrivatePostgres;
import dev.ipcmark.transport.TestResources;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.ResourceAccessMode;
import org.junit.jupiter.api.parallel.ResourceLock;

/** The results store as users meet it: its options, its failures, history baselines, and many writers at once. */
class StoreIT {
    private static final String ONE_CASE = """
            name: one
            jmh: { forks: 1, warmup: { iterations: 1, time: 100ms }, measurement: { iterations: 2, time: 150ms } }
            cases:
              - pattern: ping-pong
                transports: [pipe]
                messageSizes: [64]
            """;
    private static final String UNREACHABLE = "postgresql://127.0.0.1:1/ipcmark?user=ci";

    @TempDir
    Path scratch;

    private Path scenario() throws Exception {
        return Files.writeString(scratch.resolve("one.yaml"), ONE_CASE);
    }

    @Test
    @ResourceLock(TestResources.IPCMARK_RUNS)
    @ResourceLock(value = TestResources.CPUS, mode = ResourceAccessMode.READ)
    void shouldKeepTheRunWhenTheStoreIsUnreachableAndImportItLater() throws Exception {
        Path results = scratch.resolve("results");
        Ipcmark.Outcome o = Ipcmark.run(
                scratch, "run", scenario().toString(), "--store", UNREACHABLE, "--results-dir", results.toString());
        assertThat(o.status()).as(o.out()).isZero();
        assertThat(Pattern.compile("not recorded in the store").matcher(o.out()).results())
                .as("said once: %s", o.out())
                .hasSize(1);
        assertThat(o.out()).contains("cannot open the store " + UNREACHABLE, "store import ");
        Path run = Ipcmark.onlyRun(results);
        JsonNode manifest = new ObjectMapper().readTree(run.resolve("run.json").toFile());
        assertThat(manifest.get("state").asText()).isEqualTo("finished");

        Path store = scratch.resolve("later.sqlite");
        Ipcmark.Outcome imported = Ipcmark.run(scratch, "store", "import", run.toString(), "--store", store.toString());
        assertThat(imported.status()).as(imported.out()).isZero();
        assertThat(imported.out()).contains("1 added");
    }

    @Test
    void shouldRefuseBadStoreInputBeforeMeasuring() throws Exception {
        Path results = scratch.resolve("results");
        String one = scenario().toString();
        Path empty = scratch.resolve("empty.sqlite");
        record Case(List<String> args, String says) {}
        List<Case> cases = List.of(
                new Case(List.of("run", one, "--tag", "Bad Name=1"), "--tag Bad Name=1: expected NAME=VALUE"),
                new Case(List.of("run", one, "--tag", "pr=1", "--tag", "pr=2"), "--tag pr: given twice"),
                new Case(List.of("run", one, "--machine-class", "../x"), "--machine-class ../x: expected letters"),
                new Case(List.of("run", one, "--store", "mysql://db/x"), "allowed: sqlite:PATH"),
                new Case(
                        List.of("run", one, "--baseline", "store:branch=main,last=0", "--store", empty.toString()),
                        "last must be a whole number from 1 to 1000"),
                new Case(
                        List.of("run", one, "--baseline", "store:last=5", "--store", empty.toString()),
                        "say which branch's history"),
                new Case(
                        List.of("run", one, "--baseline", "store:branch=main", "--store", empty.toString()),
                        "has no finished run of scenario 'one' on branch 'main'"),
                new Case(List.of("history", "--metric", "p42", "--store", empty.toString()), "allowed: p50, p90"),
                new Case(List.of("history", "--since", "yesterday", "--store", empty.toString()), "--since yesterday"),
                new Case(List.of("store", "import", scratch.toString()), "holds none"));
        for (Case c : cases) {
            List<String> args = new ArrayList<>(c.args());
            args.addAll(List.of("--results-dir", results.toString()));
            if (args.getFirst().equals("history") || args.get(1).equals("import")) {
                args.removeLast();
                args.removeLast();
            }
            Ipcmark.Outcome o = Ipcmark.run(scratch, args.toArray(String[]::new));
            assertThat(o.status()).as("%s: %s", c.args(), o.out()).isEqualTo(2);
            assertThat(o.out()).as("%s", c.args()).contains(c.says());
        }
        Ipcmark.Outcome password = Ipcmark.run(scratch, "store", "info", "--store", "postgresql://ci:hunter2@db/x");
        assertThat(password.status()).isEqualTo(2);
        assertThat(password.out())
                .contains("a password does not belong in the store's URL")
                .doesNotContain("hunter2");
        assertThat(results).as("nothing ran").doesNotExist();
    }

    @Test
    void shouldCompareARunWithTheLastRunsOfABranch() throws Exception {
        Path store = scratch.resolve("history.sqlite");
        List<String> imports = new ArrayList<>(List.of("store", "import", "--store", store.toString()));
        for (int i = 0; i < 4; i++) {
            imports.add(fixture(String.format("20261129-10%04d-aa%02d-fixture", i, i), i, "main", 5000)
                    .toString());
        }
        imports.add(fixture("20261129-110000-bb00-fixture", 60, "feature", 9000).toString());
        Ipcmark.Outcome imported = Ipcmark.run(scratch, imports.toArray(String[]::new));
        assertThat(imported.status()).as(imported.out()).isZero();
        assertThat(imported.out()).contains("5 added");

        Path current = fixture("20261129-120000-cc00-fixture", 120, "feature", 5000);
        Ipcmark.Outcome o = Ipcmark.run(
                scratch, "compare", "store:branch=main,last=3", current.toString(), "--store", store.toString());
        assertThat(o.status()).as(o.out()).isZero();
        assertThat(o.out()).contains("store:branch=main,last=3,machine-class=", "scenario=fixture (3 runs)");

        Path slower = fixture("20261129-130000-dd00-fixture", 180, "feature", 9000);
        Ipcmark.Outcome regressed = Ipcmark.run(
                scratch, "compare", "store:branch=main,last=3", slower.toString(), "--store", store.toString());
        assertThat(regressed.status()).as(regressed.out()).isEqualTo(1);
    }

    private Path fixture(String id, int minute, String branch, double p50) {
        return RunFixtures.run(id)
                .startedAt(String.format("2026-11-29T%02d:%02d:00Z", 10 + minute / 60, minute % 60))
                .git("abc" + minute, branch)
                .ok("ping-pong/pipe/size=64", p50, 0.02, minute)
                .probes(80, 70_000, 60, 90_000, 0.02, minute)
                .write(scratch.resolve("runs"));
    }

    @Test
    void shouldLetManyProcessesWriteOnePostgresAtOnce() throws Exception {
        PrivatePostgres postgres = PrivatePostgres.shared();
        manyWriters(postgres.createDatabase(), Map.of("IPCMARK_STORE_PASSWORD", postgres.password()));
    }

    @Test
    void shouldLetManyProcessesWriteOneSqliteFileAtOnce() throws Exception {
        manyWriters("sqlite:" + scratch.resolve("shared.sqlite"), Map.of());
    }

    /** 4 processes import 16 runs, each run by two of them at the same time: every run once, nothing lost. */
    private void manyWriters(String store, Map<String, String> environment) throws Exception {
        List<String> runs = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            runs.add(fixture(String.format("20261129-14%04d-ee%02d-fixture", i, i), i, "main", 5000 + i)
                    .toString());
        }
        List<Process> writers = new ArrayList<>();
        for (int w = 0; w < 4; w++) {
            List<String> args = new ArrayList<>(List.of("store", "import", "--store", store));
            for (int i = 0; i < 8; i++) {
                args.add(runs.get((4 * w + i) % 16));
            }
            writers.add(
                    Ipcmark.start(scratch.resolve("writer" + w + ".txt"), environment, args.toArray(String[]::new)));
        }
        int added = 0;
        for (int w = 0; w < 4; w++) {
            assertThat(writers.get(w).waitFor(3, TimeUnit.MINUTES)).isTrue();
            String out = Files.readString(scratch.resolve("writer" + w + ".txt"));
            assertThat(writers.get(w).exitValue()).as(out).isZero();
            var m = Pattern.compile("(\\d+) added, (\\d+) already there").matcher(out);
            assertThat(m.find()).as(out).isTrue();
            added += Integer.parseInt(m.group(1));
            assertThat(Integer.parseInt(m.group(1)) + Integer.parseInt(m.group(2)))
                    .isEqualTo(8);
        }
        assertThat(added).as("each run added by exactly one writer").isEqualTo(16);
        Ipcmark.Outcome info = Ipcmark.run(scratch, environment, "store", "info", "--store", store);
        assertThat(info.out()).contains("16 runs, 16 cases, 640 samples");
        Ipcmark.Outcome history = Ipcmark.run(scratch, environment, "history", "--json", "--store", store);
        JsonNode series = new ObjectMapper().readTree(history.out()).get("series");
        assertThat(series).hasSize(1);
        assertThat(series.get(0).get("points")).hasSize(16);
    }
}
