package dev.ipcmark.results;

import dev.ipcmark.scenario.CaseSpec;
import dev.ipcmark.scenario.Durations;
import dev.ipcmark.scenario.Pattern;
import dev.ipcmark.scenario.Sizes;
import dev.ipcmark.transport.TransferSetup;
import dev.ipcmark.transport.TransportKind;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * The copy ladder of a run: its transfer cases grouped by how many times the payload is copied on the way ({@link
 * dev.ipcmark.transport.Transport#copies}: 2 through the kernel, 1 with cma or a copy into shared memory, 0 when the
 * receiver reads what the sender produced), and for each size the cheapest case of each rung per transfer with its 95 %
 * interval, what the rung costs to set up, and which rung wins, if the run can tell.
 *
 * @param rungs one per size and copy count measured, by size then copies (most first)
 * @param verdicts one per size with two rungs or more
 */
public record CopyLadder(List<Rung> rungs, List<Verdict> verdicts) {
    private static final int RESAMPLES = 1000;
    private static final double SURE = 0.025;

    /** Copies. */
    public CopyLadder {
        rungs = List.copyOf(rungs);
        verdicts = List.copyOf(verdicts);
    }

    /**
     * One rung at one size: its cheapest case.
     *
     * @param bytes the payload size
     * @param copies the copies of the payload on this rung
     * @param best the rung's cheapest transfer case at this size
     * @param meanNs its mean cost per transfer
     * @param lowNs the 2.5 % quantile of that mean, resampled (NaN without per-iteration means)
     * @param highNs its 97.5 % quantile (NaN likewise)
     * @param setup what the rung costs before its first transfer, in words
     */
    public record Rung(
            long bytes, int copies, CaseSpec best, double meanNs, double lowNs, double highNs, String setup) {}

    /**
     * Which rung is cheapest per transfer at one size.
     *
     * @param bytes the payload size
     * @param winner the cheapest rung
     * @param runnerUp the next cheapest
     * @param share the share of resamples in which the winner's mean was below the runner-up's (NaN: no intervals)
     */
    public record Verdict(long bytes, Rung winner, Rung runnerUp, double share) {
        /** Whether the run is sure of it (in at least 97.5 % of the resamples, or without intervals to say). */
        public boolean sure() {
            return Double.isNaN(share) || share >= 1 - SURE;
        }

        /** The verdict in words. */
        public String sentence() {
            String size = Sizes.human(bytes);
            String odds = Double.isNaN(share)
                    ? "no per-iteration means, so no interval"
                    : String.format(Locale.ROOT, "cheaper in %.1f%% of resamples", share * 100);
            if (!sure()) {
                return "at " + size + " the run cannot tell " + name(winner) + " from " + name(runnerUp) + " (" + odds
                        + ")";
            }
            return "at " + size + " " + name(winner) + " is cheapest per transfer, " + ns(winner) + " against "
                    + ns(runnerUp) + " for " + name(runnerUp) + " (" + odds + "); set-up: " + winner.setup();
        }

        private static String name(Rung r) {
            return copies(r.copies()) + " (" + label(r.best()) + ")";
        }

        private static String ns(Rung r) {
            String mean = Durations.latency(Math.round(r.meanNs()));
            return Double.isNaN(r.lowNs())
                    ? mean
                    : mean + " [" + Durations.latency(Math.round(r.lowNs())) + ", "
                            + Durations.latency(Math.round(r.highNs())) + "]";
        }
    }

    /** "2 copies", "1 copy", "0 copies". */
    public static String copies(int n) {
        return n + (n == 1 ? " copy" : " copies");
    }

    /** A transfer case as the ladder names it: the transport, and its placement where it has one. */
    public static String label(CaseSpec spec) {
        String placement = spec.knobs().get("placement");
        return placement == null ? spec.transport() : spec.transport() + " " + placement;
    }

    /** The ladder of {@code results}, or empty when no size has transfers on two rungs. */
    public static Optional<CopyLadder> of(List<CaseResult> results) {
        List<CaseResult> ok = results.stream()
                .filter(r -> r.status() == CaseResult.Status.OK
                        && r.latency() != null
                        && r.spec().pattern() == Pattern.TRANSFER)
                .toList();
        Map<Long, TreeMap<Integer, CaseResult>> bySize = new TreeMap<>();
        for (CaseResult r : ok) {
            int copies = TransportKind.require(r.spec().transport()).create().copies(r.spec());
            bySize.computeIfAbsent(r.spec().messageBytes(), k -> new TreeMap<>(Comparator.reverseOrder()))
                    .merge(
                            copies,
                            r,
                            (a, b) -> a.latency().mean() <= b.latency().mean() ? a : b);
        }
        List<Rung> rungs = new ArrayList<>();
        List<Verdict> verdicts = new ArrayList<>();
        bySize.forEach((bytes, byCopies) -> {
            if (byCopies.size() < 2) {
                return;
            }
            List<Rung> here = new ArrayList<>();
            List<double[]> resampled = new ArrayList<>();
            byCopies.forEach((copies, r) -> {
                double[] means = resampledMeans(r);
                resampled.add(means);
                here.add(new Rung(
                        bytes,
                        copies,
                        r.spec(),
                        r.latency().mean(),
                        means == null ? Double.NaN : NestedBootstrap.quantile(means, SURE),
                        means == null ? Double.NaN : NestedBootstrap.quantile(means, 1 - SURE),
                        setup(r, results)));
            });
            rungs.addAll(here);
            int w = 0;
            int u = -1;
            for (int i = 1; i < here.size(); i++) {
                if (here.get(i).meanNs() < here.get(w).meanNs()) {
                    u = w;
                    w = i;
                } else if (u < 0 || here.get(i).meanNs() < here.get(u).meanNs()) {
                    u = i;
                }
            }
            verdicts.add(new Verdict(bytes, here.get(w), here.get(u), share(resampled.get(w), resampled.get(u))));
        });
        return verdicts.isEmpty() ? Optional.empty() : Optional.of(new CopyLadder(rungs, verdicts));
    }

    // Forks, then iterations, of the case's per-iteration means; seeded by the case, so a run always says the same.
    private static double[] resampledMeans(CaseResult r) {
        if (r.samples() == null || r.samples().meanNs().stream().allMatch(List::isEmpty)) {
            return null;
        }
        return NestedBootstrap.means(
                NestedBootstrap.forks(r.samples().meanNs()),
                RESAMPLES,
                new SplittableRandom(r.spec().key().hashCode()));
    }

    private static double share(double[] winner, double[] runnerUp) {
        if (winner == null || runnerUp == null) {
            return Double.NaN;
        }
        int wins = 0;
        for (int i = 0; i < RESAMPLES; i++) {
            wins += winner[i] < runnerUp[i] ? 1 : 0;
        }
        return (double) wins / RESAMPLES;
    }

    // What the case's transport pays before its first transfer: a shared segment's set-up when the run measured one,
    // nothing beyond a connect for the kernel's paths, and nothing apart for what each transfer makes itself.
    private static String setup(CaseResult r, List<CaseResult> all) {
        CaseSpec spec = r.spec();
        return switch (TransportKind.require(spec.transport()).create().transferSetup(spec)) {
            case TransferSetup.EveryTransfer every -> every.made() + " in every transfer (included)";
            case TransferSetup.Segment segment ->
                CopyVsMap.setupFor(all, spec)
                        .map(s -> Durations.latency(Math.round(s.latency().mean())) + " once per segment ("
                                + s.spec().key() + ")")
                        .orElse("a segment per channel, not measured in this run (add a setup case of "
                                + Sizes.format(segment.bytes()) + ")");
            case TransferSetup.Connection connection -> "a connection per channel (no per-size set-up)";
        };
    }

    /** {@code copy-ladder.csv}: a row per size and rung, the winner marked. */
    public String csv() {
        StringWriter out = new StringWriter();
        CSVFormat format = CSVFormat.RFC4180
                .builder()
                .setHeader(
                        "message_bytes",
                        "copies",
                        "case",
                        "mean_ns",
                        "mean_low_ns",
                        "mean_high_ns",
                        "setup",
                        "cheapest",
                        "cheapest_share")
                .setRecordSeparator('\n')
                .get();
        try (CSVPrinter csv = new CSVPrinter(out, format)) {
            for (Rung r : rungs) {
                Verdict v = verdicts.stream()
                        .filter(x -> x.bytes() == r.bytes())
                        .findFirst()
                        .orElseThrow();
                boolean cheapest = v.winner() == r;
                csv.printRecord(
                        r.bytes(),
                        r.copies(),
                        r.best().key(),
                        number(r.meanNs()),
                        number(r.lowNs()),
                        number(r.highNs()),
                        r.setup(),
                        cheapest ? (v.sure() ? "yes" : "cannot tell") : "no",
                        cheapest && !Double.isNaN(v.share()) ? number(v.share() * 100) + "%" : "");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    private static String number(double value) {
        return Double.isNaN(value) ? "" : String.format(Locale.ROOT, "%.1f", value);
    }
}
