package dev.ipcmark.results;

import java.io.FileNotFoundException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogWriter;
import org.HdrHistogram.SingleWriterRecorder;

/**
 * Records every timed operation of the measurement iterations in an HdrHistogram and, when given a file, writes one
 * interval per iteration to an {@code .hlog} (HdrHistogram's interval log). One thread records; any thread may end an
 * interval. Besides the main histogram a case may keep tagged ones, written to the same log with their tag.
 */
public final class LatencyRecorder implements AutoCloseable {
    private static final int SIGNIFICANT_DIGITS = 3;

    private final Part main = new Part(null);
    // Tagged histograms (an uncorrected view, the steps of a set-up), written after the main one in each interval.
    private final Map<String, Part> parts = new LinkedHashMap<>();
    private final HistogramLogWriter log;
    private final PrintStream logStream;

    /** A recorder writing intervals to {@code hlog}, or to nowhere when {@code hlog} is null. */
    public LatencyRecorder(Path hlog) {
        if (hlog == null) {
            this.log = null;
            this.logStream = null;
            return;
        }
        try {
            this.logStream = new PrintStream(hlog.toFile());
        } catch (FileNotFoundException e) {
            throw new UncheckedIOException("cannot write " + hlog, e);
        }
        this.log = new HistogramLogWriter(logStream);
        long now = System.currentTimeMillis();
        log.outputLogFormatVersion();
        log.outputStartTime(now);
        log.setBaseTime(now);
        log.outputLegend();
    }

    /** Records one latency in nanoseconds. */
    public void record(long latencyNs) {
        main.record(latencyNs);
    }

    /**
     * The tagged histogram {@code tag}, made on first use: its intervals go to the same log, marked
     * {@code Tag=tag}.
     */
    public Part part(String tag) {
        return parts.computeIfAbsent(tag, Part::new);
    }

    /** Starts a new interval, discarding anything recorded since the last one ended (warmup, set-up). */
    public void startInterval() {
        main.interval();
        parts.values().forEach(Part::interval);
    }

    /** Ends the interval: writes what was recorded since {@link #startInterval()} to the log, if there is one. */
    public void endInterval() {
        write(main.interval());
        parts.values().forEach(p -> write(p.interval()));
        if (log != null) {
            logStream.flush();
        }
    }

    // Nothing to write to under raw JMH.
    private void write(Histogram h) {
        if (log != null) {
            log.outputIntervalHistogram(h);
        }
    }

    @Override
    public void close() {
        if (logStream != null) {
            logStream.close();
        }
    }

    /** One histogram of the recorder; {@link #record} is for one thread at a time. */
    public static final class Part {
        private final SingleWriterRecorder recorder = new SingleWriterRecorder(SIGNIFICANT_DIGITS);
        private final String tag;
        private Histogram recycled;

        private Part(String tag) {
            this.tag = tag;
        }

        /** Records one value in nanoseconds. */
        public void record(long ns) {
            recorder.recordValue(ns);
        }

        private Histogram interval() {
            recycled = recorder.getIntervalHistogram(recycled);
            recycled.setTag(tag);
            return recycled;
        }
    }
}
