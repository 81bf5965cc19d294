package dev.ipcmark.results;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ipcmark.gate.RunFixtures;
import dev.ipcmark.scenario.CaseSpec;
import dev.ipcmark.scenario.Pattern;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The break-even arithmetic and the verdict, with numbers worked out by hand. */
class CopyVsMapTest {
    @Test
    void shouldFindTheFirstTransferCountAtWhichMappingIsCheaper() {
        // 100 µs to make a segment, 2 µs per copy, 1 µs per mapped transfer: 100 transfers tie (200 µs each way),
        // the 101st makes mapping cheaper.
        assertThat(CopyVsMap.breakEven(100_000, 2000, 1000)).isEqualTo(OptionalLong.of(101));
        // 10 µs to make, 50 µs saved per transfer: cheaper from the first.
        assertThat(CopyVsMap.breakEven(10_000, 80_000, 30_000)).isEqualTo(OptionalLong.of(1));
        // Not cheaper per transfer: never pays, however many transfers.
        assertThat(CopyVsMap.breakEven(10, 1000, 1000)).isEmpty();
        assertThat(CopyVsMap.breakEven(10, 1000, 1500)).isEmpty();
    }

    @Test
    void shouldCompareEverySizeAndSayFromWhereMappingWinsAtOnce() {
        List<CaseResult> results = new ArrayList<>();
        // 4 KiB: pipe 5 µs, mapped 1 µs, segment 200 µs: pays after 51 transfers (200/4 = 50, +1).
        results.add(ok(transfer("pipe", 4096, Map.of()), 5_000));
        results.add(ok(transfer("shm", 4096, Map.of("placement", "in-place", "segment", "posix")), 1_000));
        results.add(ok(setup(4096), 200_000));
        // 1 MiB: pipe 900 µs, mapped 100 µs, segment 500 µs: wins at the first transfer (600 < 900).
        results.add(ok(transfer("pipe", 1 << 20, Map.of()), 900_000));
        results.add(ok(transfer("shm", 1 << 20, Map.of("placement", "in-place", "segment", "posix")), 100_000));
        results.add(ok(setup(1 << 20), 500_000));
        // 16 MiB: wins at once too.
        results.add(ok(transfer("pipe", 16 << 20, Map.of()), 14_000_000));
        results.add(ok(transfer("shm", 16 << 20, Map.of("placement", "in-place", "segment", "posix")), 1_500_000));
        results.add(ok(setup(16 << 20), 6_000_000));
        // 64 B: pipe 3 µs, mapped 1 µs, segment 20 µs: pays after 11 transfers (20/2 = 10, +1).
        results.add(ok(transfer("pipe", 64, Map.of()), 3_000));
        results.add(ok(transfer("shm", 64, Map.of("placement", "in-place", "segment", "posix")), 1_000));
        results.add(ok(setup(64), 20_000));
        // A failed case and a size without a setup case are left out.
        results.add(CaseResult.failed(transfer("tcp", 4096, Map.of()), "boom", 1));
        results.add(ok(transfer("pipe", 256, Map.of()), 3_000));

        CopyVsMap analysis = CopyVsMap.of(results).orElseThrow();

        assertThat(analysis.rows()).hasSize(4);
        assertThat(analysis.rows().get(3).breakEven()).isEqualTo(OptionalLong.of(11));
        assertThat(analysis.rows().get(0).breakEven()).isEqualTo(OptionalLong.of(51));
        assertThat(analysis.rows().get(1).winsFirstTransfer()).isTrue();
        assertThat(analysis.csv().lines().toList())
                .hasSize(5)
                .element(1)
                .asString()
                .startsWith("4096,pipe,posix in-place,5000.0,1000.0,200000.0,51,false,");
        assertThat(analysis.verdicts())
                .containsExactly("on this machine, mapping a fresh posix segment (in-place) beats pipe from 1.0 MiB for"
                        + " a single transfer (not at 4.0 KiB, so the crossover lies between the two); for 4.0 KiB"
                        + " payloads it pays after 51 transfers (11 to 51 from 64 B to 4.0 KiB)");
        assertThat(analysis.crossovers()).containsExactly(new CopyVsMap.Crossover("pipe", "posix in-place", 1 << 20));
    }

    @Test
    void shouldPlaceACrossoverOnlyWhereEveryLargerSizeWinsToo() {
        List<CaseResult> results = new ArrayList<>();
        // Mapping wins at 1 MiB, loses at 2 MiB (noise), wins at 4 MiB: the crossover is 4 MiB, not 1 MiB.
        for (long[] sizeCopyMapSetup : new long[][] {
            {1 << 20, 480_000, 24_000, 300_000},
            {2 << 20, 700_000, 48_000, 900_000},
            {4 << 20, 1_920_000, 96_000, 1_000_000}
        }) {
            long size = sizeCopyMapSetup[0];
            results.add(ok(transfer("pipe", size, Map.of()), sizeCopyMapSetup[1]));
            results.add(ok(
                    transfer("shm", size, Map.of("placement", "in-place", "segment", "posix")), sizeCopyMapSetup[2]));
            results.add(ok(setup(size), sizeCopyMapSetup[3]));
        }
        assertThat(CopyVsMap.of(results).orElseThrow().crossovers())
                .containsExactly(new CopyVsMap.Crossover("pipe", "posix in-place", 4 << 20));
    }

    @Test
    void shouldSayWhenMappingNeverWins() {
        List<CaseResult> results = List.of(
                ok(transfer("unix-stream", 64, Map.of()), 900),
                ok(transfer("shm", 64, Map.of("placement", "copy-in", "segment", "posix")), 1_000),
                ok(setup(64), 20_000));
        assertThat(CopyVsMap.of(results).orElseThrow().verdicts())
                .containsExactly("on this machine, mapping a fresh posix segment (copy-in) never beats unix-stream for"
                        + " a single transfer up to 64 B; at 64 B it never pays (the mapped transfer is not cheaper)");
    }

    @Test
    void shouldSayWhatTheRunCannotTellFromItsResampledMeans() {
        List<CaseResult> results = new ArrayList<>();
        // 4 MiB: mapping (set-up included) costs half the copy, in 2 % noise: a sure win.
        results.add(sampled(transfer("pipe", 4 << 20, Map.of()), 2_000_000, 0.02, 1));
        results.add(sampled(
                transfer("shm", 4 << 20, Map.of("placement", "in-place", "segment", "posix")), 100_000, 0.02, 2));
        results.add(sampled(setup(4 << 20), 900_000, 0.02, 3));
        // 2 MiB: mapping costs the same as the copy, in 20 % noise: the run cannot tell.
        results.add(sampled(transfer("pipe", 2 << 20, Map.of()), 1_000_000, 0.2, 4));
        results.add(
                sampled(transfer("shm", 2 << 20, Map.of("placement", "in-place", "segment", "posix")), 50_000, 0.2, 5));
        results.add(sampled(setup(2 << 20), 950_000, 0.2, 6));
        // 4 KiB: a sure loss for one transfer, paying after about 51 transfers.
        results.add(sampled(transfer("pipe", 4096, Map.of()), 5_000, 0.02, 7));
        results.add(
                sampled(transfer("shm", 4096, Map.of("placement", "in-place", "segment", "posix")), 1_000, 0.02, 8));
        results.add(sampled(setup(4096), 200_000, 0.02, 9));

        CopyVsMap analysis = CopyVsMap.of(results).orElseThrow();
        assertThat(analysis.rows())
                .extracting(CopyVsMap.Row::winsFirst)
                .containsExactly(CopyVsMap.Certainty.YES, CopyVsMap.Certainty.UNSURE, CopyVsMap.Certainty.NO);
        assertThat(analysis.crossovers()).containsExactly(new CopyVsMap.Crossover("pipe", "posix in-place", 4 << 20));
        CopyVsMap.Interval pays = analysis.rows().get(2).interval();
        assertThat(pays.breakEvenLow()).isBetween(40.0, 51.0);
        assertThat(pays.breakEvenHigh()).isBetween(51.0, 62.0);
        assertThat(analysis.verdicts())
                .singleElement()
                .asString()
                .startsWith("on this machine, mapping a fresh posix segment (in-place) beats pipe from 4.0 MiB for a"
                        + " single transfer (mapping won in 100% of resamples there); cannot tell on this run at 2.0 MiB"
                        + " (mapping won in ")
                .contains("; for 4.0 KiB payloads it pays after 51 transfers (95% interval ");
        assertThat(analysis.csv().lines().skip(1).toList())
                .allSatisfy(row -> assertThat(row).containsPattern(",\\d+(\\.\\d)?%,\\d+|never,\\d+|never$"));

        // Only the undecided size: the run says it cannot tell, and places no crossover.
        CopyVsMap undecided = CopyVsMap.of(results.subList(3, 6)).orElseThrow();
        assertThat(undecided.crossovers()).isEmpty();
        assertThat(undecided.verdicts())
                .singleElement()
                .asString()
                .startsWith("on this machine, mapping a fresh posix segment (in-place) may or may not beat pipe for a"
                        + " single transfer at 2.0 MiB: cannot tell on this run (mapping won in ");
    }

    @Test
    void shouldCountAMemfdHandedOverAsAMapVariantWhoseSetUpIsInsideEveryTransfer() {
        List<CaseResult> results = List.of(
                ok(transfer("pipe", 1 << 20, Map.of()), 900_000),
                ok(transfer("memfd", 1 << 20, Map.of("placement", "in-place")), 400_000));

        CopyVsMap.Row row = CopyVsMap.of(results).orElseThrow().rows().getFirst();

        assertThat(row.map()).isEqualTo("memfd in-place");
        assertThat(row.setupCase()).isNull();
        assertThat(row.setupNs()).isZero();
        assertThat(row.breakEven()).isEqualTo(OptionalLong.of(1));
        assertThat(CopyVsMap.of(results).orElseThrow().verdicts().getFirst())
                .isEqualTo("on this machine, handing over a fresh memfd (in-place) beats pipe from 1.0 MiB for a single"
                        + " transfer (no smaller size was measured)");
    }

    @Test
    void shouldPutEachTransferOnItsRungAndNameTheCheapestOnlyWhenTheResamplesAgree() {
        List<CaseResult> results = List.of(
                // 1 MiB: 2 copies (pipe 900 µs, tcp 950 µs: the rung's cheapest is pipe), 1 (cma 300 µs), 0 (shm in
                // place 100 µs, clearly cheapest).
                sampled(transfer("pipe", 1 << 20, Map.of()), 900_000, 0.05, 1),
                sampled(transfer("tcp", 1 << 20, Map.of()), 950_000, 0.05, 2),
                sampled(transfer("cma", 1 << 20, Map.of()), 300_000, 0.05, 3),
                sampled(
                        transfer("shm", 1 << 20, Map.of("placement", "in-place", "segment", "posix")),
                        100_000,
                        0.05,
                        4),
                sampled(setup(1 << 20), 500_000, 0.05, 5),
                // 4 KiB: cma and shm in place within each other's noise: cannot tell.
                sampled(transfer("cma", 4096, Map.of()), 2_000, 0.3, 6),
                sampled(transfer("shm", 4096, Map.of("placement", "in-place", "segment", "posix")), 2_050, 0.3, 7),
                // 64 B: one rung only, no verdict.
                sampled(transfer("pipe", 64, Map.of()), 3_000, 0.05, 8));

        CopyLadder ladder = CopyLadder.of(results).orElseThrow();

        assertThat(ladder.rungs())
                .extracting(r -> r.bytes() + " " + r.copies() + " " + CopyLadder.label(r.best()))
                .containsExactly(
                        "4096 1 cma",
                        "4096 0 shm in-place",
                        "1048576 2 pipe",
                        "1048576 1 cma",
                        "1048576 0 shm in-place");
        CopyLadder.Verdict small = ladder.verdicts().get(0);
        CopyLadder.Verdict large = ladder.verdicts().get(1);
        assertThat(ladder.verdicts()).hasSize(2);
        assertThat(small.sure()).isFalse();
        assertThat(small.sentence()).startsWith("at 4.0 KiB the run cannot tell");
        assertThat(large.sure()).isTrue();
        assertThat(large.winner().copies()).isZero();
        assertThat(large.runnerUp().copies()).isEqualTo(1);
        assertThat(large.sentence())
                .startsWith("at 1.0 MiB 0 copies (shm in-place) is cheapest per transfer")
                .contains("cheaper in 100.0% of resamples")
                .contains("once per segment (setup/shm/");
        assertThat(large.winner().lowNs()).isLessThan(100_000).isGreaterThan(90_000);
        assertThat(ladder.csv().lines())
                .filteredOn(l -> l.contains(",yes,") || l.contains(",cannot tell,"))
                .hasSize(2);
    }

    @Test
    void shouldHaveNothingToSayWithoutTransfers() {
        assertThat(CopyVsMap.of(List.of(ok(setup(4096), 1000)))).isEmpty();
    }

    private static CaseSpec transfer(String transport, long bytes, Map<String, String> knobs) {
        return new CaseSpec(Pattern.TRANSFER, transport, bytes, new TreeMap<>(knobs));
    }

    private static CaseSpec setup(long bytes) {
        return new CaseSpec(Pattern.SETUP, "shm", bytes, new TreeMap<>(Map.of("segment", "posix", "thp", "default")));
    }

    /** A result of 4 forks × 5 iterations whose per-iteration means are {@code ns}, off by up to ± {@code noise}. */
    private static CaseResult sampled(CaseSpec spec, long ns, double noise, long seed) {
        java.util.SplittableRandom random = new java.util.SplittableRandom(seed);
        List<List<Double>> means = new ArrayList<>();
        for (int f = 0; f < 4; f++) {
            List<Double> fork = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                fork.add(ns * (1 + noise * (2 * random.nextDouble() - 1)));
            }
            means.add(fork);
        }
        return ok(spec, ns).withSamples(RunFixtures.samples(means, means, List.of(), means));
    }

    /** A result whose every operation took {@code ns} (exactly: no histogram rounding). */
    private static CaseResult ok(CaseSpec spec, long ns) {
        LatencyStats stats = new LatencyStats(100, ns, ns, ns, ns, ns, ns, ns);
        return CaseResult.ok(spec, stats, new CaseResult.JmhScore(ns, 0, "ns/op"), 1);
    }
}
