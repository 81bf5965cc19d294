package dev.ipcmark.results;

import java.io.FileNotFoundException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogWriter;
import org.HdrHistogram.SingleWriterRecorder;

/**
 * Records every timed operation of the measurement iterations in an HdrHistogram and, when given a file, writes one
 * interval per iteration to an {@code .hlog} (HdrHistogram's interval log). One thread records; any thread may end an
 * interval.
 */
public final class LatencyRecorder implements AutoCloseable {
    private static final int SIGNIFICANT_DIGITS = 3;

    private final SingleWriterRecorder recorder = new SingleWriterRecorder(SIGNIFICANT_DIGITS);
    private final HistogramLogWriter log;
    private final PrintStream logStream;
    private Histogram recycled;

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
        recorder.recordValue(latencyNs);
    }

    /** Starts a new interval, discarding anything recorded since the last one ended (warmup, set-up). */
    public void startInterval() {
        recycled = recorder.getIntervalHistogram(recycled);
    }

    /** Ends the interval: writes what was recorded since {@link #startInterval()} to the log, if there is one. */
    public void endInterval() {
        recycled = recorder.getIntervalHistogram(recycled);
        if (log != null) {
            log.outputIntervalHistogram(recycled);
            logStream.flush();
        }
    }

    @Override
    public void close() {
        if (logStream != null) {
            logStream.close();
        }
    }
}
