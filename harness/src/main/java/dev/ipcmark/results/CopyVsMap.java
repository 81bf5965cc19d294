package dev.ipcmark.results;

import dev.ipcmark.scenario.CaseSpec;
import dev.ipcmark.scenario.Pattern;
import dev.ipcmark.scenario.Sizes;
import dev.ipcmark.transport.ShmKnobs;
import dev.ipcmark.transport.TransferSetup;
import dev.ipcmark.transport.TransportKind;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.SplittableRandom;

/**
 * The copy-vs-map analysis of a run: where paying once to make and map a shared segment beats paying a kernel copy
 * per transfer. From the run's transfer cases (a copy transport's per-transfer cost {@code C}, a mapped variant's
 * {@code m}: shm, or a memfd handed over, whose {@code M} is 0 since every transfer makes its own file) and shm setup
 * cases (the one-time cost {@code M} of a segment of that size, every step included), for each
 * size, copy transport and map variant: mapping, set-up included, is cheaper after {@code n} transfers, the smallest
 * {@code n} with {@code M + n·m < n·C}, which exists only when {@code m < C}. Costs are means, since what is compared
 * is the sum over many transfers. How sure the run is of each comparison comes from resampling the three cases'
 * per-iteration means: a crossover is only placed where mapping won in at least 97.5 % of the resamples at that size
 * and every larger one, and a size in between is said to be one the run cannot tell.
 *
 * @param rows one per size × copy transport × map variant measured in the run
 */
public record CopyVsMap(List<Row> rows) {
    // The size a verdict quotes when it was measured: a page, the usual unit of both copying and mapping.
    private static final long EXAMPLE_BYTES = 4096;

    /**
     * One comparison.
     *
     * @param bytes the payload size
     * @param copyCase the copy transport's transfer case
     * @param copyNs its mean cost per transfer
     * @param mapCase the mapped variant's transfer case
     * @param mapNs its mean cost per transfer
     * @param setupCase the setup case of a segment of this size and kind; null for a memfd handed over, which makes
     *     its file in every transfer (its set-up is inside {@code mapNs})
     * @param setupNs its mean cost per segment, every step included (0 for memfd)
     * @param breakEven transfers after which mapping is cheaper; empty when it never is
     * @param interval how sure the run is of it (resampled); {@link Interval#UNKNOWN} without per-iteration means
     */
    public record Row(
            long bytes,
            CaseSpec copyCase,
            double copyNs,
            CaseSpec mapCase,
            double mapNs,
            CaseSpec setupCase,
            double setupNs,
            OptionalLong breakEven,
            Interval interval) {

        /** Whether mapping a fresh segment wins a single transfer: yes, no, or cannot tell on this run. */
        public Certainty winsFirst() {
            if (Double.isNaN(interval.winShare())) {
                return winsFirstTransfer() ? Certainty.YES : Certainty.NO;
            }
            return interval.winShare() >= 1 - SURE
                    ? Certainty.YES
                    : interval.winShare() <= SURE ? Certainty.NO : Certainty.UNSURE;
        }

        /** Whether mapping a fresh segment wins already for a single transfer. */
        public boolean winsFirstTransfer() {
            return breakEven.isPresent() && breakEven.getAsLong() == 1;
        }

        /** The copy transport's id. */
        public String copy() {
            return copyCase.transport();
        }

        /**
         * The map variant: segment kind (or memfd) and placement, and the design when it is not one pooled area of the
         * payload's size, e.g. {@code posix in-place}, {@code posix copy-in chunk=64KiB}, {@code posix in-place fresh}.
         */
        public String map() {
            String variant = segment(mapCase) + " " + mapCase.knob(ShmKnobs.PLACEMENT);
            if (ShmKnobs.chunked(mapCase)) {
                variant += " chunk=" + Sizes.format(ShmKnobs.chunkBytes(mapCase));
            }
            if (ShmKnobs.fresh(mapCase)) {
                variant += " fresh";
            }
            return variant;
        }

        /** The map variant in a sentence: "mapping a fresh posix segment" or "handing over a fresh memfd". */
        public String mapPhrase() {
            return switch (setupOf(mapCase)) {
                case TransferSetup.EveryTransfer every -> every.phrase();
                case TransferSetup.Segment segment ->
                    "mapping a fresh " + segment.kind() + " segment"
                            + (ShmKnobs.chunked(mapCase)
                                    ? " of two " + Sizes.human(ShmKnobs.chunkBytes(mapCase)) + " chunks, in rounds"
                                    : "");
                case TransferSetup.Connection connection -> throw new IllegalStateException(mapCase.key());
            };
        }
    }

    /**
     * How sure a run is of a row, from resampling its three cases (forks, then iterations, of each case's per-iteration
     * means; the cases independently) {@value #RESAMPLES} times.
     *
     * @param winShare the share of resamples in which mapping, set-up included, won the first transfer
     * @param breakEvenLow the 2.5 % quantile of the break-even transfer count (infinite: never pays)
     * @param breakEvenHigh its 97.5 % quantile (infinite: never pays)
     */
    public record Interval(double winShare, double breakEvenLow, double breakEvenHigh) {
        /** No per-iteration means to resample (a run made before they were kept). */
        public static final Interval UNKNOWN = new Interval(Double.NaN, Double.NaN, Double.NaN);
    }

    /** A yes-or-no that a run may not be able to tell. */
    public enum Certainty {
        /** In at least 97.5 % of the resamples. */
        YES,
        /** In at most 2.5 % of them. */
        NO,
        /** In between: cannot tell on this run. */
        UNSURE
    }

    // Two-sided 95 %: a yes needs 97.5 % of the resamples, a no 2.5 % or less.
    private static final double SURE = 0.025;
    private static final int RESAMPLES = 1000;

    /**
     * The smallest {@code n} with {@code setup + n·map < n·copy}: the transfers after which mapping, set-up included,
     * is cheaper; empty when the mapped transfer is not cheaper than the copy (it never pays).
     */
    public static OptionalLong breakEven(double setupNs, double copyNs, double mapNs) {
        if (!(mapNs < copyNs)) {
            return OptionalLong.empty();
        }
        double n = Math.floor(setupNs / (copyNs - mapNs)) + 1;
        return n >= Long.MAX_VALUE ? OptionalLong.empty() : OptionalLong.of((long) Math.max(1, n));
    }

    // The map side of every comparison: transfers whose receiver reads where the sender put the payload.
    private static TransferSetup setupOf(CaseSpec spec) {
        return TransportKind.require(spec.transport()).create().transferSetup(spec);
    }

    private static boolean mapped(CaseSpec spec) {
        return setupOf(spec).mapped();
    }

    // Made in every transfer: no setup case to add, its set-up is inside the transfer.
    private static boolean setUpEveryTransfer(CaseSpec spec) {
        return setupOf(spec) instanceof TransferSetup.EveryTransfer;
    }

    /** The analysis of {@code results}, or empty when the run has no transfer cases to compare with a setup case. */
    public static Optional<CopyVsMap> of(List<CaseResult> results) {
        List<CaseResult> ok = results.stream()
                .filter(r -> r.status() == CaseResult.Status.OK && r.latency() != null)
                .toList();
        List<Row> rows = new ArrayList<>();
        for (CaseResult copy : ok) {
            CaseSpec c = copy.spec();
            if (c.pattern() != Pattern.TRANSFER || mapped(c)) {
                continue;
            }
            for (CaseResult map : ok) {
                CaseSpec m = map.spec();
                if (m.pattern() != Pattern.TRANSFER || !mapped(m) || m.messageBytes() != c.messageBytes()) {
                    continue;
                }
                Optional<CaseResult> setup = setUpEveryTransfer(m) ? Optional.empty() : setupFor(ok, m);
                if (setup.isEmpty() && !setUpEveryTransfer(m)) {
                    continue;
                }
                double setupNs = setup.map(s -> s.latency().mean()).orElse(0.0);
                rows.add(new Row(
                        c.messageBytes(),
                        c,
                        copy.latency().mean(),
                        m,
                        map.latency().mean(),
                        setup.map(CaseResult::spec).orElse(null),
                        setupNs,
                        breakEven(setupNs, copy.latency().mean(), map.latency().mean()),
                        interval(copy, map, setup.orElse(null))));
            }
        }
        return rows.isEmpty() ? Optional.empty() : Optional.of(new CopyVsMap(rows));
    }

    /**
     * The row's {@link Interval}, from the three cases' per-iteration means (a null {@code setup} costs nothing);
     * unknown when one has none.
     */
    private static Interval interval(CaseResult copy, CaseResult map, CaseResult setup) {
        List<List<double[]>> runs = new ArrayList<>();
        for (CaseResult r : setup == null ? List.of(copy, map) : List.of(copy, map, setup)) {
            if (r.samples() == null || r.samples().meanNs().stream().allMatch(List::isEmpty)) {
                return Interval.UNKNOWN;
            }
            runs.add(NestedBootstrap.forks(r.samples().meanNs()));
        }
        // Seeded by the cases, so that the same run always says the same.
        SplittableRandom random =
                new SplittableRandom((copy.spec().key() + map.spec().key()).hashCode());
        double[] c = NestedBootstrap.means(runs.get(0), RESAMPLES, random);
        double[] m = NestedBootstrap.means(runs.get(1), RESAMPLES, random);
        double[] setupNs =
                setup == null ? new double[RESAMPLES] : NestedBootstrap.means(runs.get(2), RESAMPLES, random);
        double[] breakEven = new double[RESAMPLES];
        int wins = 0;
        for (int i = 0; i < RESAMPLES; i++) {
            OptionalLong n = breakEven(setupNs[i], c[i], m[i]);
            breakEven[i] = n.isPresent() ? n.getAsLong() : Double.POSITIVE_INFINITY;
            wins += n.isPresent() && n.getAsLong() == 1 ? 1 : 0;
        }
        return new Interval(
                (double) wins / RESAMPLES,
                NestedBootstrap.quantileOrInfinite(breakEven, SURE),
                NestedBootstrap.quantileOrInfinite(breakEven, 1 - SURE));
    }

    // The setup case of the same segment kind and size as the transfer's area (two chunks when it goes in rounds);
    // the system's huge-page policy is preferred when several are.
    static Optional<CaseResult> setupFor(List<CaseResult> ok, CaseSpec map) {
        if (!(setupOf(map) instanceof TransferSetup.Segment segment)) {
            return Optional.empty();
        }
        return ok.stream()
                .filter(r -> r.spec().pattern() == Pattern.SETUP
                        && r.spec().transport().equals(map.transport())
                        && r.spec().messageBytes() == segment.bytes()
                        && r.spec().knob(ShmKnobs.SEGMENT).equals(segment.kind()))
                .min((a, b) -> Boolean.compare(!thpDefault(a.spec()), !thpDefault(b.spec())));
    }

    private static boolean thpDefault(CaseSpec spec) {
        return spec.knob(ShmKnobs.THP).equals(ShmKnobs.THP.defaultValue());
    }

    // The segment kind of a map variant, or the transport's id when it has none (memfd).
    static String segment(CaseSpec spec) {
        return setupOf(spec) instanceof TransferSetup.Segment || ShmKnobs.fresh(spec)
                ? spec.knob(ShmKnobs.SEGMENT)
                : spec.transport();
    }

    /**
     * Where mapping a fresh segment starts to win for a single transfer.
     *
     * @param copy the copy transport
     * @param map the map variant, e.g. {@code posix in-place}
     * @param fromBytes the smallest size from which mapping wins at that size and every larger one measured
     */
    public record Crossover(String copy, String map, long fromBytes) {}

    /** The crossover of every copy transport × map variant that has one, in row order. */
    public List<Crossover> crossovers() {
        List<Crossover> crossovers = new ArrayList<>();
        for (List<Row> pair : pairs()) {
            crossover(pair)
                    .ifPresent(from -> crossovers.add(new Crossover(
                            pair.getFirst().copy(), pair.getFirst().map(), from)));
        }
        return crossovers;
    }

    /** The rows by copy transport × map variant, in first-seen order, each by size. */
    List<List<Row>> pairs() {
        Map<String, List<Row>> pairs = new LinkedHashMap<>();
        rows.forEach(r -> pairs.computeIfAbsent(r.copy() + "|" + r.map(), k -> new ArrayList<>())
                .add(r));
        pairs.values().forEach(pair -> pair.sort((a, b) -> Long.compare(a.bytes(), b.bytes())));
        return List.copyOf(pairs.values());
    }

    // A crossover must hold, surely, at every larger size measured too, so that one noisy size cannot make one.
    static Optional<Long> crossover(List<Row> pairBySize) {
        Long from = null;
        for (int i = pairBySize.size() - 1; i >= 0 && pairBySize.get(i).winsFirst() == Certainty.YES; i--) {
            from = pairBySize.get(i).bytes();
        }
        return Optional.ofNullable(from);
    }

    /** {@code copy-vs-map.csv}: a row per comparison. */
    public String csv() {
        return CopyVsMapText.csv(rows);
    }

    /**
     * One sentence per copy transport and map variant: from which size mapping a fresh segment wins for a single
     * transfer (it must win at every larger size measured too), and after how many transfers it pays below that (at
     * 4 KiB when measured, and the range over the other sizes).
     */
    public List<String> verdicts() {
        return CopyVsMapText.verdicts(this);
    }
}
