package dev.ipcmark.bench;

import dev.ipcmark.results.LatencyRecorder;
import dev.ipcmark.results.SummaryCsv;
import dev.ipcmark.scenario.Pattern;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Open-loop round trips at a fixed rate (the {@code rate} knob, messages per second): message {@code i} is due at
 * {@code start + i / rate}; the sender spins until it is due (or sends at once when behind), and the peer echoes it.
 * The main histogram times each round trip from when it was due (coordinated omission corrected), the tagged
 * {@code uncorrected} one from when it was sent. Where the two part, the transport stalled: a closed-loop benchmark
 * would have hidden every message that waited behind the stall.
 *
 * <p>JMH's score is the mean time per operation, which is the schedule's interval as long as the transport keeps up;
 * the histograms are the result.
 */
@Measures(Pattern.RATE)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class RateBenchmark extends EchoBenchmark {
    private LatencyRecorder.Part uncorrected;
    private OpenLoopSchedule schedule;
    private long rate;

    @Override
    protected void prepare() {
        super.prepare();
        uncorrected = recorder.part(SummaryCsv.UNCORRECTED);
        rate = spec.number(Pattern.RATE_KNOB);
    }

    private long iterationStart;

    @Override
    protected void iterationStarts() {
        // Each iteration starts a fresh schedule: the pause between iterations is not a stall of the transport.
        iterationStart = System.nanoTime();
        schedule = OpenLoopSchedule.atRate(rate, iterationStart);
    }

    @Override
    protected void iterationEnds() {
        // Open loop: the rate achieved is round trips over the iteration's time, not over the round trips' own.
        counted(0, 0, System.nanoTime() - iterationStart);
    }

    /** One round trip, started when it is due. */
    @Benchmark
    public void pacedRoundTrip() {
        try {
            nextMessage();
            long due = schedule.nextIntendedStart();
            long start;
            // Spin rather than sleep: a sleep's wake-up would add its own latency to every message.
            while ((start = System.nanoTime()) < due) {
                Thread.onSpinWait();
            }
            exchange();
            long end = System.nanoTime();
            recorder.record(OpenLoopSchedule.corrected(due, end));
            uncorrected.record(OpenLoopSchedule.uncorrected(start, end));
            echoed(0);
        } catch (RuntimeException e) {
            throw failed(e);
        }
    }
}
