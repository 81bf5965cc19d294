package dev.ipcmark.results;

import java.io.FileNotFoundException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogWriter;

/**
 * Records every timed operation of the measurement iterations in an HdrHistogram and, when given a file, writes one
 * interval per iteration to an {@code .hlog} (HdrHistogram's interval log). One thread records, and starts and ends
 * the intervals (as JMH runs an iteration's set-up, operations and tear-down on its worker thread): so recording is a
 * plain histogram update. HdrHistogram's recorders, made for a reader on another thread, cost two atomic updates per
 * value, ~7 ns on every measured operation here. Besides the main histogram a case may keep tagged ones, written to the
 * same log with their tag.
 */
public final class LatencyRecorder implements AutoCloseable {
    private static final int SIGNIFICANT_DIGITS = 3;

    private final Part main = new Part(null);
    // Tagged histograms (an uncorrected view, the steps of a set-up), written after the main one in each interval.
    private final Map<String, Part> parts = new LinkedHashMap<>();
    private final HistogramLogWriter log;
    private final PrintStream logStream;
    // The thread that started the current interval, or null between intervals.
    private Thread owner;

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
        // HdrHistogram's outputStartTime adds a java.util.Date's text, whose time zone's name costs a fresh fork JVM
        // ~40 ms of its set-up (CLDR data); the same line with the instant in UTC reads back the same. Seconds are
        // written by hand: BigDecimal's static set-up had the fork's C2 compiler busy with BigInteger for ~90 ms.
        log.outputComment(
                "[StartTime: " + epochSeconds(now) + " (seconds since epoch), " + Instant.ofEpochMilli(now) + "]");
        log.setBaseTime(now);
        log.outputLegend();
    }

    /** {@code millis} since the epoch as seconds with three decimals, e.g. {@code 1764633600.005}. */
    static String epochSeconds(long millis) {
        return millis / 1000 + "." + Long.toString(1000 + millis % 1000).substring(1);
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

    /**
     * Starts a new interval on the calling thread, which must also record and end it, discarding anything recorded
     * since the last one ended (warmup, set-up).
     */
    public void startInterval() {
        owner = Thread.currentThread();
        main.interval();
        parts.values().forEach(Part::interval);
    }

    /** Ends the interval: writes what was recorded since {@link #startInterval()} to the log, if there is one. */
    public void endInterval() {
        if (owner != Thread.currentThread()) {
            throw new IllegalStateException("an interval is ended by the thread that started it (and records into it),"
                    + " not " + Thread.currentThread().getName());
        }
        owner = null;
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

    /** One histogram of the recorder, recorded into by the thread that started the interval. */
    public static final class Part {
        private final String tag;
        private Histogram active = new Histogram(SIGNIFICANT_DIGITS);
        private Histogram ended = new Histogram(SIGNIFICANT_DIGITS);

        private Part(String tag) {
            this.tag = tag;
            active.setStartTimeStamp(System.currentTimeMillis());
        }

        /** Records one value in nanoseconds. */
        public void record(long ns) {
            active.recordValue(ns);
        }

        // Ends the histogram being recorded and returns it (valid until the next call); a fresh one takes its place.
        private Histogram interval() {
            long now = System.currentTimeMillis();
            Histogram done = active;
            done.setEndTimeStamp(now);
            done.setTag(tag);
            ended.reset();
            ended.setStartTimeStamp(now);
            active = ended;
            ended = done;
            return done;
        }
    }
}
