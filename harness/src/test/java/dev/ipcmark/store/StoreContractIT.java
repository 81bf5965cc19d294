package dev.ipcmark.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ipcmark.gate.RunFixtures;
import dev.ipcmark.results.RunRecord;
import dev.ipcmark.scenario.CaseSpec;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/** What every store backend must do, on a real SQLite file and a real PostgreSQL server. */
class StoreContractIT {
    private static final String PIPE = "ping-pong/pipe/size=64";
    private static final String SHM = "ping-pong/shm/size=64/sync=spin";
    private static final List<String> BACKENDS = StoreBackends.ALL;

    @TempDir
    Path dir;

    /** A finished run {@code id} started {@code minute} minutes into the day, its pipe case around {@code p50}. */
    private Path run(String id, int minute, double p50, String branch) throws IOException {
        Path run = RunFixtures.run(id)
                .startedAt(String.format("2026-11-29T%02d:%02d:00Z", minute / 60, minute % 60))
                .git("c0ffee" + minute, branch)
                .ok(PIPE, p50, 0.02, minute)
                .ok(SHM, 400, 0.02, minute + 1000)
                .probes(80, 70_000, 60, 90_000, 0.05, minute)
                .write(dir.resolve("results"));
        hlog(run, PIPE, p50);
        return run;
    }

    /** A histogram log like a run's: two intervals of values around {@code p50}, and a tagged one. */
    private static void hlog(Path run, String key, double p50) throws IOException {
        Path file = run.resolve("histograms").resolve(CaseSpec.parse(key).fileName() + ".hlog");
        Files.createDirectories(file.getParent());
        Random random = new Random(7);
        try (PrintStream out = new PrintStream(Files.newOutputStream(file))) {
            HistogramLogWriter writer = new HistogramLogWriter(out);
            writer.outputLogFormatVersion();
            writer.outputLegend();
            for (String tag : new String[] {null, null, "send"}) {
                Histogram h = new Histogram(3);
                for (int i = 0; i < 10_000; i++) {
                    h.recordValue(Math.round(p50 * (0.8 + 0.4 * random.nextDouble())));
                }
                h.setTag(tag);
                writer.outputIntervalHistogram(h);
            }
        }
    }

    private StoreBackends.Fresh fresh(String backend) throws Exception {
        return StoreBackends.fresh(backend, dir);
    }

    @ParameterizedTest
    @FieldSource("BACKENDS")
    void shouldRecordARunOnceAndKeepEveryFigure(String backend) throws Exception {
        Path run = run("20261129-100000-aa11-fixture", 600, 5000, "main");
        RunRecord record = RunRecord.read(run);
        try (Store store = fresh(backend).open()) {
            assertThat(store.record(run, record, Map.of("pr", "42"), null)).isEqualTo(Store.Recorded.ADDED);
            assertThat(store.record(run, record, Map.of("pr", "42"), null)).isEqualTo(Store.Recorded.ALREADY_THERE);
            assertThat(store.describe()).contains("1 run,", "2 cases", "1 machine");

            List<History.Point> p50 = store.history(new History.Query(PIPE, "p50", null, null, null, null));
            assertThat(p50).singleElement().satisfies(p -> {
                assertThat(p.runId()).isEqualTo(record.runId());
                assertThat(p.commit()).isEqualTo("c0ffee600");
                assertThat(p.branch()).isEqualTo("main");
                assertThat(p.value()).isEqualTo((double)
                        record.cases().getFirst().latencyNs().p50());
                // The run's own interval, from resampling its forks and iterations, brackets its median.
                assertThat(p.low()).isLessThan(p.high()).isBetween(4800.0, 5100.0);
                assertThat(p.high()).isBetween(4900.0, 5200.0);
            });

            // Percentiles from the store alone: the stored histogram is the hlog's.
            Histogram stored = store.histogram(record.runId(), PIPE, "").orElseThrow();
            assertThat(stored.getTotalCount()).isEqualTo(20_000);
            assertThat(store.histogram(record.runId(), PIPE, "send")
                            .orElseThrow()
                            .getTotalCount())
                    .isEqualTo(10_000);
            assertThat((double) stored.getValueAtPercentile(50)).isBetween(4800.0, 5200.0);

            try (Statement s = store.connection().createStatement()) {
                assertThat(count(s, "SELECT COUNT(*) FROM sample WHERE case_key = '" + PIPE + "'"))
                        .as("p50 and p99 samples of 4 forks × 5 iterations")
                        .isEqualTo(40);
                assertThat(count(s, "SELECT COUNT(*) FROM probe")).isEqualTo(40);
                assertThat(count(s, "SELECT COUNT(*) FROM run_tag WHERE name = 'pr' AND value = '42'"))
                        .isEqualTo(1);
                assertThat(count(
                                s,
                                "SELECT COUNT(*) FROM run WHERE machine_class = '"
                                        + dev.ipcmark.results.MachineIdentity.of(record.environment())
                                                .machineClass()
                                        + "'"))
                        .isEqualTo(1);
                store.connection().commit();
            }
        }
    }

    private static long count(Statement s, String sql) throws Exception {
        try (ResultSet r = s.executeQuery(sql)) {
            r.next();
            return r.getLong(1);
        }
    }

    @ParameterizedTest
    @FieldSource("BACKENDS")
    void shouldKeepAHalfWrittenRunOutOfHistoryUntilItIsComplete(String backend) throws Exception {
        Path results = dir.resolve("results");
        Path running = RunFixtures.run("20261129-100000-bb22-fixture")
                .state("running")
                .ok(PIPE, 5000, 0.02, 1)
                .write(results);
        try (Store store = fresh(backend).open()) {
            assertThat(store.record(running, RunRecord.read(running), Map.of(), null))
                    .isEqualTo(Store.Recorded.ADDED);
            assertThat(store.history(new History.Query("*", "p50", null, null, null, null)))
                    .isEmpty();
            assertThat(store.runs(null, null, null, 10)).isEmpty();

            Path finished = RunFixtures.run("20261129-100000-bb22-fixture")
                    .ok(PIPE, 5000, 0.02, 1)
                    .ok(SHM, 400, 0.02, 2)
                    .write(dir.resolve("later"));
            assertThat(store.record(finished, RunRecord.read(finished), Map.of(), null))
                    .isEqualTo(Store.Recorded.COMPLETED);
            assertThat(store.history(new History.Query("*", "p50", null, null, null, null)))
                    .hasSize(2);
            // A stale, unfinished copy of a run stored finished changes nothing.
            assertThat(store.record(running, RunRecord.read(running), Map.of(), null))
                    .isEqualTo(Store.Recorded.ALREADY_THERE);
            assertThat(store.describe()).contains("1 run,", "2 cases");
        }
    }

    @ParameterizedTest
    @FieldSource("BACKENDS")
    void shouldGiveTheLastRunsOfABranchOnAMachineClassAsABaseline(String backend) throws Exception {
        try (Store store = fresh(backend).open()) {
            for (int i = 0; i < 8; i++) {
                Path run = run(String.format("20261129-1%05d-cc%02d-fixture", i, i), 600 + i, 5000, "main");
                store.record(run, RunRecord.read(run), Map.of(), i < 6 ? null : "bigbox");
            }
            Path other = run("20261129-120000-dd00-fixture", 700, 5000, "feature/x");
            store.record(other, RunRecord.read(other), Map.of(), null);

            HistoryBaseline last3 = HistoryBaseline.parse("store:branch=main,last=3");
            String judgedClass = dev.ipcmark.results.MachineIdentity.of(
                            RunRecord.read(other).environment())
                    .machineClass();
            assertThat(last3.runs(store, "fixture", judgedClass))
                    .extracting(RunRecord::runId)
                    .containsExactly(
                            "20261129-100003-cc03-fixture",
                            "20261129-100004-cc04-fixture",
                            "20261129-100005-cc05-fixture");
            assertThat(HistoryBaseline.parse("store:branch=main,machine-class=bigbox")
                            .runs(store, "fixture", judgedClass))
                    .hasSize(2);
            assertThat(HistoryBaseline.parse("store:branch=feature/x").runs(store, "fixture", judgedClass))
                    .hasSize(1);
            assertThatThrownBy(() -> HistoryBaseline.parse("store:branch=main").runs(store, "other", judgedClass))
                    .isInstanceOf(StoreException.class)
                    .hasMessageContaining("no finished run of scenario 'other' on branch 'main'");
        }
    }

    @ParameterizedTest
    @FieldSource("BACKENDS")
    void shouldFindWhereAStoredSeriesShifted(String backend) throws Exception {
        try (Store store = fresh(backend).open()) {
            for (int i = 0; i < 30; i++) {
                Path run = run(
                        String.format("20261129-2%05d-ee%02d-fixture", i, i), 900 + i, i < 18 ? 5000 : 6000, "main");
                store.record(run, RunRecord.read(run), Map.of(), null);
            }
            List<TrendSeries> series = TrendSeries.of(
                    store.history(new History.Query("ping-pong/*", "p50", null, "main", null, "fixture")), 0.001);
            assertThat(series).hasSize(2);
            TrendSeries pipe = series.stream()
                    .filter(s -> s.caseKey().equals(PIPE))
                    .findFirst()
                    .orElseThrow();
            assertThat(pipe.points()).hasSize(30);
            assertThat(pipe.changes()).singleElement().satisfies(c -> {
                assertThat(c.at().runId()).isEqualTo("20261129-200018-ee18-fixture");
                assertThat(c.at().commit()).isEqualTo("c0ffee918");
                assertThat(c.percent()).isBetween(15.0, 25.0);
            });
            assertThat(series.stream()
                            .filter(s -> !s.caseKey().equals(PIPE))
                            .findFirst()
                            .orElseThrow()
                            .changes())
                    .isEmpty();
        }
    }

    @Test
    void shouldKeepTheSqliteFilePrivateAndRefuseALinkInItsPlace() throws Exception {
        Path file = dir.resolve("private").resolve("ipcmark.sqlite");
        try (Store store = Store.open(StoreLocation.parse("sqlite:" + file))) {
            Path run = run("20261129-100000-ff00-fixture", 600, 5000, "main");
            store.record(run, RunRecord.read(run), Map.of(), null);
        }
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                .isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent())))
                .isEqualTo("rwx------");
        Path victim = Files.writeString(dir.resolve("victim"), "not a database");
        Path link = Files.createSymbolicLink(dir.resolve("link.sqlite"), victim);
        assertThatThrownBy(() -> Store.open(StoreLocation.parse(link.toString())))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("not a plain file");
        assertThat(Files.readString(victim)).isEqualTo("not a database");
    }

    @Test
    void shouldSayWhichStoreCannotBeReachedWithoutItsPassword() {
        assertThatThrownBy(() ->
                        Store.open(StoreLocation.parse("postgresql://127.0.0.1:1/ipcmark?user=ci"), "secret-word"))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("postgresql://127.0.0.1:1/ipcmark?user=ci")
                .hasMessageNotContaining("secret-word");
    }
}
