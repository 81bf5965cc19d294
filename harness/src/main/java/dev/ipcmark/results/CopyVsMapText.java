package dev.ipcmark.results;

import dev.ipcmark.scenario.Sizes;
import dev.ipcmark.transport.ShmKnobs;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.TreeSet;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/** The copy-vs-map analysis in words and as CSV: one verdict per pair, one CSV row per comparison. */
final class CopyVsMapText {
    private CopyVsMapText() {}

    private static final long EXAMPLE_BYTES = 4096;

    /** {@code copy-vs-map.csv}: a row per comparison. */
    static String csv(List<CopyVsMap.Row> rows) {
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
            for (CopyVsMap.Row r : rows) {
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
                        r.setupCase() == null ? "" : r.setupCase().key(),
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
     * One sentence per copy transport and map variant: from which size mapping a fresh segment wins for a single
     * transfer (it must win at every larger size measured too), and after how many transfers it pays below that (at
     * 4 KiB when measured, and the range over the other sizes).
     */
    static List<String> verdicts(CopyVsMap analysis) {
        List<String> verdicts = new ArrayList<>();
        for (List<CopyVsMap.Row> pair : analysis.pairs()) {
            CopyVsMap.Row first = pair.getFirst();
            Long from = CopyVsMap.crossover(pair).orElse(null);
            StringBuilder v = new StringBuilder("on this machine, " + first.mapPhrase() + " ("
                    + first.mapCase().knob(ShmKnobs.PLACEMENT) + ") ");
            CopyVsMap.Row undecided = undecided(pair).orElse(null);
            if (from != null) {
                v.append("beats ")
                        .append(first.copy())
                        .append(" from ")
                        .append(Sizes.human(from))
                        .append(" for a single transfer");
                String bracket = bracket(pair, from);
                if (!bracket.isEmpty()) {
                    v.append(" (").append(bracket).append(")");
                }
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
            List<CopyVsMap.Row> pays = new ArrayList<>();
            TreeSet<Long> never = new TreeSet<>();
            for (CopyVsMap.Row r : pair) {
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
                CopyVsMap.Row example = pays.stream()
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

    /** The size just below the sure wins (or the largest size) when the run cannot tell there, if it cannot. */
    private static Optional<CopyVsMap.Row> undecided(List<CopyVsMap.Row> pairBySize) {
        for (int i = pairBySize.size() - 1; i >= 0; i--) {
            CopyVsMap.Certainty c = pairBySize.get(i).winsFirst();
            if (c != CopyVsMap.Certainty.YES) {
                return c == CopyVsMap.Certainty.UNSURE ? Optional.of(pairBySize.get(i)) : Optional.empty();
            }
        }
        return Optional.empty();
    }

    /**
     * How sure the crossover is and where it lies: the resamples' share at the crossover size, and the size below it,
     * where mapping surely did not win, so the break-even size lies between the two; empty when neither is known.
     * {@code from} is one of the pair's sizes (its {@link CopyVsMap#crossover}).
     */
    private static String bracket(List<CopyVsMap.Row> pairBySize, long from) {
        List<String> parts = new ArrayList<>();
        int i = 0;
        while (pairBySize.get(i).bytes() < from) {
            i++;
        }
        CopyVsMap.Row at = pairBySize.get(i);
        CopyVsMap.Row below = i == 0 ? null : pairBySize.get(i - 1);
        if (!Double.isNaN(at.interval().winShare())) {
            parts.add(share(at) + " there");
        }
        if (below == null) {
            parts.add("no smaller size was measured");
        } else if (below.winsFirst() == CopyVsMap.Certainty.NO) {
            parts.add("not at " + Sizes.human(below.bytes()) + ", so the crossover lies between the two");
        }
        // An undecided size below is named by the verdict's "cannot tell on this run" clause.
        return String.join("; ", parts);
    }

    private static String share(CopyVsMap.Row r) {
        return String.format(
                Locale.ROOT, "mapping won in %.0f%% of resamples", r.interval().winShare() * 100);
    }

    private static String count(double transfers) {
        return Double.isInfinite(transfers) ? "never" : Long.toString((long) transfers);
    }

    private static String number(double value) {
        return String.format(Locale.ROOT, "%.1f", value);
    }
}
