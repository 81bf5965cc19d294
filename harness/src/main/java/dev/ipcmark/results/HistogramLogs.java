package dev.ipcmark.results;

import java.io.ByteArrayOutputStream;
import java.io.FileNotFoundException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.SequencedMap;
import org.HdrHistogram.EncodableHistogram;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogReader;
import org.HdrHistogram.HistogramLogWriter;

/** Reading {@code .hlog} files and merging the per-fork logs of a case into one. */
public final class HistogramLogs {
    private HistogramLogs() {}

    /** The sum of every untagged interval in {@code hlog}: the case's main histogram. */
    public static Histogram total(Path hlog) {
        Histogram total = new Histogram(3);
        forEachInterval(hlog, h -> {
            if (h.getTag() == null) {
                total.add(h);
            }
        });
        return total;
    }

    /** The untagged intervals of {@code hlog}, in order: one per measurement iteration. */
    public static List<Histogram> intervals(Path hlog) {
        List<Histogram> intervals = new java.util.ArrayList<>();
        forEachInterval(hlog, h -> {
            if (h.getTag() == null) {
                intervals.add(h);
            }
        });
        return intervals;
    }

    /** The sum of the intervals of each tag in {@code hlog}, tags in the order first seen. */
    public static SequencedMap<String, Histogram> tagged(Path hlog) {
        SequencedMap<String, Histogram> totals = new LinkedHashMap<>();
        forEachInterval(hlog, h -> {
            if (h.getTag() != null) {
                totals.computeIfAbsent(h.getTag(), t -> new Histogram(3)).add(h);
            }
        });
        return totals;
    }

    /**
     * One log holding the intervals of every file in {@code forkLogs}, in order, as text; the start time is the
     * earliest fork's, so intervals keep their real times.
     */
    public static String merge(List<Path> forkLogs) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        HistogramLogWriter writer = new HistogramLogWriter(out);
        writer.outputLogFormatVersion();
        boolean started = false;
        for (Path fork : forkLogs) {
            HistogramLogReader reader = reader(fork);
            while (reader.hasNext()) {
                EncodableHistogram h = reader.nextIntervalHistogram();
                if (h == null) {
                    break;
                }
                if (!started) {
                    writer.outputStartTime(h.getStartTimeStamp());
                    writer.setBaseTime(h.getStartTimeStamp());
                    writer.outputLegend();
                    started = true;
                }
                writer.outputIntervalHistogram(h);
            }
        }
        out.flush();
        return bytes.toString(StandardCharsets.UTF_8);
    }

    private static void forEachInterval(Path hlog, java.util.function.Consumer<Histogram> action) {
        HistogramLogReader reader = reader(hlog);
        while (reader.hasNext()) {
            EncodableHistogram h = reader.nextIntervalHistogram();
            if (h == null) {
                break;
            }
            action.accept((Histogram) h);
        }
    }

    private static HistogramLogReader reader(Path hlog) {
        try {
            return new HistogramLogReader(hlog.toFile());
        } catch (FileNotFoundException e) {
            throw new UncheckedIOException("cannot read " + hlog, e);
        }
    }
}
