package dev.ipcmark.results;

import dev.ipcmark.scenario.CaseSpec;
import dev.ipcmark.scenario.Pattern;
import dev.ipcmark.scenario.Sizes;
import dev.ipcmark.transport.ShmKnobs;
import dev.ipcmark.transport.TransportKind;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.SplittableRandom;
import java.util.TreeSet;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * The copy-vs-map analysis of a run: where paying once to make and map a shared segment beats paying a kernel copy
 * per transfer. From the run's transfer cases (a copy transport's per-transfer cost {@code C}, a mapped variant's
 * {@code m}) and shm setup cases (the one-time cost {@code M} of a segment of that size, every step included), for each
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
     * @param setupCase the setup case of a segment of this size and kind
     * @param setupNs its mean cost per segment, every step included
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

        /** The map variant: segment kind and placement, e.g. {@code posix in-place}. */
        public String map() {
            return segment(mapCase) + " " + mapCase.knob(ShmKnobs.PLACEMENT);
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

    // The map side of every comparison: the shm transport's transfers and set-ups.
    private static final String SHM = TransportKind.SHM.id();

    /** The analysis of {@code results}, or empty when the run has no transfer cases to compare with a setup case. */
    public static Optional<CopyVsMap> of(List<CaseResult> results) {
        List<CaseResult> ok = results.stream()
                .filter(r -> r.status() == CaseResult.Status.OK && r.latency() != null)
                .toList();
        List<Row> rows = new ArrayList<>();
        for (CaseResult copy : ok) {
            CaseSpec c = copy.spec();
            if (c.pattern() != Pattern.TRANSFER || c.transport().equals(SHM)) {
                continue;
            }
            for (CaseResult map : ok) {
                CaseSpec m = map.spec();
                if (m.pattern() != Pattern.TRANSFER
                        || !m.transport().equals(SHM)
                        || m.messageBytes() != c.messageBytes()) {
                    continue;
                }
                setupFor(ok, m)
                        .ifPresent(setup -> rows.add(new Row(
                                c.messageBytes(),
                                c,
                                copy.latency().mean(),
                                m,
                                map.latency().mean(),
                                setup.spec(),
                                setup.latency().mean(),
                                breakEven(
                                        setup.latency().mean(),
                                        copy.latency().mean(),
                                        map.latency().mean()),
                                interval(copy, map, setup))));
            }
        }
        return rows.isEmpty() ? Optional.empty() : Optional.of(new CopyVsMap(rows));
    }

    /** The row's {@link Interval}, from the three cases' per-iteration means; unknown when one has none. */
    private static Interval interval(CaseResult copy, CaseResult map, CaseResult setup) {
        List<List<double[]>> runs = new ArrayList<>();
        for (CaseResult r : List.of(copy, map, setup)) {
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
        double[] setupNs = NestedBootstrap.means(runs.get(2), RESAMPLES, random);
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

    // The setup case of the same segment kind and size; the system's huge-page policy is preferred when several are.
    private static Optional<CaseResult> setupFor(List<CaseResult> ok, CaseSpec map) {
        return ok.stream()
                .filter(r -> r.spec().pattern() == Pattern.SETUP
                        && r.spec().transport().equals(SHM)
                        && r.spec().messageBytes() == map.messageBytes()
                        && segment(r.spec()).equals(segment(map)))
                .min((a, b) -> Boolean.compare(!thpDefault(a.spec()), !thpDefault(b.spec())));
    }

    private static boolean thpDefault(CaseSpec spec) {
        return spec.knob(ShmKnobs.THP).equals(ShmKnobs.THP.defaultValue());
    }

    private static String segment(CaseSpec spec) {
        return spec.knob(ShmKnobs.SEGMENT);
    }

    /** {@code copy-vs-map.csv}: a row per comparison. */
    public String csv() {
        StringWriter out = new StringWriter();
        CSVFormat format = CSVFormat.RFC4180
                .builder()
                .setHeader(
                        "message_bytes",
                        "copy_transport",
                        "map_variant",
                        "copy_mean_ns",
                        "map_mean_ns",
                        "setup_mean_ns",
                        "break_even_transfers",
                        "map_wins_first_transfer",
                        "copy_case",
                        "map_case",
                        "setup_case",
                        "map_wins_first_transfer_share",
                        "break_even_low",
                        "break_even_high")
                .setRecordSeparator('\n')
                .get();
        try (CSVPrinter csv = new CSVPrinter(out, format)) {
            for (Row r : rows) {
                csv.printRecord(
                        r.bytes(),
                        r.copy(),
                        r.map(),
                        number(r.copyNs()),
                        number(r.mapNs()),
                        number(r.setupNs()),
                        r.breakEven().isPresent() ? Long.toString(r.breakEven().getAsLong()) : "never",
                        r.winsFirstTransfer(),
                        r.copyCase().key(),
                        r.mapCase().key(),
                        r.setupCase().key(),
                        Double.isNaN(r.interval().winShare())
                                ? ""
                                : number(r.interval().winShare() * 100) + "%",
                        Double.isNaN(r.interval().breakEvenLow())
                                ? ""
                                : count(r.interval().breakEvenLow()),
                        Double.isNaN(r.interval().breakEvenHigh())
                                ? ""
                                : count(r.interval().breakEvenHigh()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
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
    private List<List<Row>> pairs() {
        Map<String, List<Row>> pairs = new LinkedHashMap<>();
        rows.forEach(r -> pairs.computeIfAbsent(r.copy() + "|" + r.map(), k -> new ArrayList<>())
                .add(r));
        pairs.values().forEach(pair -> pair.sort((a, b) -> Long.compare(a.bytes(), b.bytes())));
        return List.copyOf(pairs.values());
    }

    // A crossover must hold, surely, at every larger size measured too, so that one noisy size cannot make one.
    private static Optional<Long> crossover(List<Row> pairBySize) {
        Long from = null;
        for (int i = pairBySize.size() - 1; i >= 0 && pairBySize.get(i).winsFirst() == Certainty.YES; i--) {
            from = pairBySize.get(i).bytes();
        }
        return Optional.ofNullable(from);
    }

    /** The size just below the sure wins (or the largest size) when the run cannot tell there, if it cannot. */
    private static Optional<Row> undecided(List<Row> pairBySize) {
        for (int i = pairBySize.size() - 1; i >= 0; i--) {
            Certainty c = pairBySize.get(i).winsFirst();
            if (c != Certainty.YES) {
                return c == Certainty.UNSURE ? Optional.of(pairBySize.get(i)) : Optional.empty();
            }
        }
        return Optional.empty();
    }

    private static String share(Row r) {
        return String.format(
                Locale.ROOT, "mapping won in %.0f%% of resamples", r.interval().winShare() * 100);
    }

    /**
     * One sentence per copy transport and map variant: from which size mapping a fresh segment wins for a single
     * transfer (it must win at every larger size measured too), and after how many transfers it pays below that (at
     * 4 KiB when measured, and the range over the other sizes).
     */
    public List<String> verdicts() {
        List<String> verdicts = new ArrayList<>();
        for (List<Row> pair : pairs()) {
            Row first = pair.getFirst();
            Long from = crossover(pair).orElse(null);
            StringBuilder v = new StringBuilder("on this machine, mapping a fresh " + segment(first.mapCase())
                    + " segment (" + first.mapCase().knob(ShmKnobs.PLACEMENT) + ") ");
            Row undecided = undecided(pair).orElse(null);
            if (from != null) {
                v.append("beats ")
                        .append(first.copy())
                        .append(" from ")
                        .append(Sizes.human(from))
                        .append(" for a single transfer");
                if (undecided != null) {
                    v.append("; cannot tell on this run at ")
                            .append(Sizes.human(undecided.bytes()))
                            .append(" (")
                            .append(share(undecided))
                            .append(")");
                }
            } else if (undecided != null) {
                v.append("may or may not beat ")
                        .append(first.copy())
                        .append(" for a single transfer at ")
                        .append(Sizes.human(undecided.bytes()))
                        .append(": cannot tell on this run (")
                        .append(share(undecided))
                        .append(")");
            } else {
                v.append("never beats ")
                        .append(first.copy())
                        .append(" for a single transfer up to ")
                        .append(Sizes.human(pair.getLast().bytes()));
            }
            List<Row> pays = new ArrayList<>();
            TreeSet<Long> never = new TreeSet<>();
            for (Row r : pair) {
                if (from != null && r.bytes() >= from) {
                    break;
                }
                if (r.breakEven().isPresent()) {
                    pays.add(r);
                } else {
                    never.add(r.bytes());
                }
            }
            if (!pays.isEmpty()) {
                // One example (4 KiB when measured), then the range over the other sizes below the crossover.
                Row example = pays.stream()
                        .filter(r -> r.bytes() == EXAMPLE_BYTES)
                        .findFirst()
                        .orElse(pays.getFirst());
                v.append("; for ")
                        .append(Sizes.human(example.bytes()))
                        .append(" payloads it pays after ")
                        .append(example.breakEven().getAsLong())
                        .append(" transfers");
                if (!Double.isNaN(example.interval().breakEvenLow())) {
                    v.append(" (95% interval ")
                            .append(count(example.interval().breakEvenLow()))
                            .append(" to ")
                            .append(count(example.interval().breakEvenHigh()))
                            .append(")");
                }
                if (pays.size() > 1) {
                    long min = pays.stream()
                            .mapToLong(r -> r.breakEven().getAsLong())
                            .min()
                            .orElseThrow();
                    long max = pays.stream()
                            .mapToLong(r -> r.breakEven().getAsLong())
                            .max()
                            .orElseThrow();
                    v.append(" (")
                            .append(min == max ? Long.toString(min) : min + " to " + max)
                            .append(" from ")
                            .append(Sizes.human(pays.getFirst().bytes()))
                            .append(" to ")
                            .append(Sizes.human(pays.getLast().bytes()))
                            .append(")");
                }
            }
            if (!never.isEmpty()) {
                v.append("; at ")
                        .append(String.join(
                                ", ", never.stream().map(Sizes::human).toList()))
                        .append(" it never pays (the mapped transfer is not cheaper)");
            }
            verdicts.add(v.toString());
        }
        return verdicts;
    }

    private static String count(double transfers) {
        return Double.isInfinite(transfers) ? "never" : Long.toString((long) transfers);
    }

    private static String number(double value) {
        return String.format(Locale.ROOT, "%.1f", value);
    }
}
