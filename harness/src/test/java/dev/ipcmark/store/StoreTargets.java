package dev.ipcmark.store;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ipcmark.gate.RunFixtures;
import dev.ipcmark.gate.RunSamples;
import dev.ipcmark.results.MachineIdentity;
import dev.ipcmark.results.RunRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * The store's targets, measured (not a test: {@code scripts/store-targets} runs it). Prints the median and range of
 * each figure over its rounds:
 *
 * <ol>
 *   <li>recording a real run directory (a {@code quick.yaml} run) into a fresh SQLite file and a fresh database of a
 *       private local PostgreSQL, and the SQLite file's size per run;
 *   <li>with 10,000 generated runs stored: one case's history, change points over it, and what a gate against
 *       {@code store:branch=main,last=20} reads (open the store, the 20 runs, their samples).
 * </ol>
 */
public final class StoreTargets {
    private static final int ROUNDS = 7;

    private StoreTargets() {}

    /** {@code RUN_DIR [HISTORY_RUNS]}. */
    public static void main(String[] args) throws Exception {
        Path run = Path.of(args[0]);
        int historyRuns = args.length > 1 ? Integer.parseInt(args[1]) : 10_000;
        RunRecord record = RunRecord.read(run);
        Path scratch = Files.createTempDirectory("ipcmark-store-targets");
        System.out.printf(
                "run %s: %d cases, scenario %s%n",
                record.runId(), record.cases().size(), record.scenario().get("name"));
        for (String backend : StoreBackends.ALL) {
            double[] ms = new double[ROUNDS];
            for (int r = 0; r < ROUNDS; r++) {
                StoreBackends.Fresh fresh = StoreBackends.fresh(backend, scratch);
                try (Store store = fresh.open()) {
                    long start = System.nanoTime();
                    store.record(run, record, Map.of(), null);
                    ms[r] = (System.nanoTime() - start) / 1e6;
                    if (backend.equals("sqlite") && r == 0) {
                        sizes(store, fresh, record, run);
                    }
                }
            }
            report("record the run, " + backend + " (fresh store, schema already migrated)", ms);
        }
        history(StoreBackends.fresh("sqlite", scratch), historyRuns, scratch);
        // The shared PostgreSQL server stops with this JVM; exec:java would wait for nothing else.
        System.exit(0);
    }

    private static void sizes(Store store, StoreBackends.Fresh fresh, RunRecord record, Path run) throws Exception {
        Path file = Path.of(fresh.spec().substring("sqlite:".length()));
        ObjectMapper json = new ObjectMapper();
        for (int i = 1; i <= 20; i++) {
            store.record(run, copy(json, record, i), Map.of(), null);
        }
        // What is not yet checkpointed into the file is in its write-ahead log.
        Path wal = Path.of(file + "-wal");
        long bytes = Files.size(file) + (Files.exists(wal) ? Files.size(wal) : 0);
        System.out.printf(
                Locale.ROOT,
                "store size: %.0f KiB for 21 runs of this scenario, %.0f KiB per run (histograms %s)%n",
                bytes / 1024.0,
                bytes / 1024.0 / 21,
                "HdrHistogram-compressed");
    }

    /** {@code record} as if run again later, under another id. */
    private static RunRecord copy(ObjectMapper json, RunRecord record, int i) throws Exception {
        ObjectNode tree = (ObjectNode) json.readTree(record.toJson());
        tree.put("runId", record.runId().replaceFirst("-[0-9a-f]{4}-", String.format("-%04x-", i)));
        tree.put("startedAt", "2026-12-01T00:%02d:00Z".formatted(i));
        return RunRecord.parse(json.writeValueAsString(tree));
    }

    private static void history(StoreBackends.Fresh fresh, int runs, Path scratch) throws Exception {
        Path template = RunFixtures.run("20261129-000000-0000-history")
                .ok("ping-pong/pipe/size=64", 5000, 0.02, 1)
                .ok("ping-pong/shm/size=64", 400, 0.02, 2)
                .probes(80, 70_000, 60, 90_000, 0.02, 3)
                .write(scratch.resolve("template"));
        ObjectMapper json = new ObjectMapper();
        RunRecord base = RunRecord.read(template);
        Random random = new Random(1);
        long start = System.nanoTime();
        try (Store store = fresh.open()) {
            for (int i = 0; i < runs; i++) {
                ObjectNode tree = (ObjectNode) json.readTree(base.toJson());
                tree.put("runId", "20261129-000000-%04x-history".formatted(i % 0x10000) + (i >= 0x10000 ? "x" : ""));
                tree.put(
                        "startedAt",
                        java.time.Instant.parse("2026-01-01T00:00:00Z")
                                .plusSeconds(600L * i)
                                .toString());
                ((ObjectNode) tree.get("git")).put("branch", "main");
                // A 20 % step at the middle, in 2 % noise.
                double level = i < runs / 2 ? 5000 : 6000;
                ((ObjectNode) tree.get("cases").get(0).get("latencyNs"))
                        .put("p50", Math.round(level * (1 + 0.02 * random.nextGaussian())));
                store.record(template, RunRecord.parse(json.writeValueAsString(tree)), Map.of(), null);
            }
        }
        System.out.printf(Locale.ROOT, "stored %d generated runs in %.0f s%n", runs, (System.nanoTime() - start) / 1e9);
        double[] query = new double[ROUNDS];
        double[] change = new double[ROUNDS];
        double[] gate = new double[ROUNDS];
        List<TrendSeries> series = List.of();
        for (int r = 0; r < ROUNDS; r++) {
            long t0 = System.nanoTime();
            List<History.Point> points;
            try (Store store = fresh.open()) {
                long q0 = System.nanoTime();
                points = store.history(new History.Query("ping-pong/pipe/*", "p50", null, "main", null, null));
                query[r] = (System.nanoTime() - q0) / 1e6;
            }
            long c0 = System.nanoTime();
            series = TrendSeries.of(points, ChangePoints.DEFAULT_MAX_P);
            change[r] = (System.nanoTime() - c0) / 1e6;
            long g0 = System.nanoTime();
            try (Store store = fresh.open()) {
                List<RunRecord> last = HistoryBaseline.parse("store:branch=main,last=20")
                        .runs(
                                store,
                                "fixture",
                                MachineIdentity.of(base.environment()).machineClass());
                last.forEach(rr -> RunSamples.of(Path.of("store"), rr));
            }
            gate[r] = (System.nanoTime() - g0) / 1e6;
            if (r == 0) {
                System.out.printf(Locale.ROOT, "(first open and query: %.0f ms)%n", (System.nanoTime() - t0) / 1e6);
            }
        }
        System.out.printf(
                "history: %d points; change points found at %s%n",
                series.getFirst().points().size(),
                series.getFirst().changes().stream()
                        .map(c -> c.index() + " (" + String.format(Locale.ROOT, "%+.1f%%", c.percent()) + ")")
                        .toList());
        report("one case's history over " + runs + " runs (query)", query);
        report("change points over it", change);
        report("a gate's reading of store:branch=main,last=20 (open, query, 20 run.json parsed)", gate);
    }

    private static void report(String what, double[] ms) {
        double[] sorted = ms.clone();
        Arrays.sort(sorted);
        System.out.printf(
                Locale.ROOT,
                "%-90s median %8.1f ms  (min %.1f, max %.1f; %d rounds)%n",
                what,
                sorted[sorted.length / 2],
                sorted[0],
                sorted[sorted.length - 1],
                sorted.length);
    }
}
