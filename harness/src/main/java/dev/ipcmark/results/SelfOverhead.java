package dev.ipcmark.results;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.LinkedHashMap;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * What ipcmark itself costs per operation it times, measured on a loop without IPC, as JMH's baseline benchmarks
 * measure JMH: {@code perOperation} is all of its bookkeeping (the two clock reads around the operation, the latency
 * recorded into an HdrHistogram recorder, the benchmarks' {@link LatencyRecorder}, the per-iteration counters and the
 * progress counter the stall watchdog reads); {@code latencyFloor} is the part of it inside every recorded latency
 * (the median latency recorded for an operation that does nothing: about one clock read); {@code clockRead} is one
 * {@code System.nanoTime()}. Not included: JMH's own call of the benchmark method (a few nanoseconds). Taken as the best
 * of a few short rounds after a warm-up, like {@link MemcpyBandwidth}: the least disturbed by the rest of the machine.
 */
public final class SelfOverhead {
    private static final VarHandle COMPLETED;

    static {
        try {
            COMPLETED = MethodHandles.lookup().findVarHandle(SelfOverhead.class, "completed", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private static final int ROUNDS = 5;
    private static final int OPS = 200_000;

    private final LatencyRecorder recorder = new LatencyRecorder(null);
    // Fields, as in the benchmarks: the loop's stores cannot be optimised away.
    private long operations;
    private long bytes;
    private long measuredNs;

    @SuppressWarnings("unused") // written through COMPLETED, as the benchmarks' session counter is
    private long completed;

    private SelfOverhead() {}

    /** {@code perOperation}: ns ipcmark adds per timed operation; {@code clockRead}: ns of one clock read. */
    public static Map<String, Double> measure() {
        SelfOverhead loop = new SelfOverhead();
        double perOperation = Double.MAX_VALUE;
        double clock = Double.MAX_VALUE;
        double floor = Double.MAX_VALUE;
        // The first rounds run interpreted and compiling code: only the best of the later ones counts.
        for (int round = 0; round < 2 * ROUNDS; round++) {
            double op = loop.round();
            double read = clockRound();
            double empty = floorRound();
            if (round >= ROUNDS) {
                perOperation = Math.min(perOperation, op);
                clock = Math.min(clock, read);
                floor = Math.min(floor, empty);
            }
        }
        Map<String, Double> result = new LinkedHashMap<>();
        result.put("perOperation", Math.round(perOperation * 10) / 10.0);
        result.put("latencyFloor", Math.round(floor * 10) / 10.0);
        result.put("clockRead", Math.round(clock * 10) / 10.0);
        return result;
    }

    // The bookkeeping of one timed operation, as CaseBenchmark and its patterns do it, with nothing in between.
    private double round() {
        recorder.startInterval();
        long start = System.nanoTime();
        for (int i = 0; i < OPS; i++) {
            long opStart = System.nanoTime();
            long latency = System.nanoTime() - opStart;
            recorder.record(latency);
            operations++;
            bytes += 64;
            measuredNs += latency;
            COMPLETED.setOpaque(this, (long) COMPLETED.getOpaque(this) + 1);
        }
        double perOp = (double) (System.nanoTime() - start) / OPS;
        recorder.endInterval();
        return perOp;
    }

    // The median latency timed around nothing, as the benchmarks time around an operation.
    private static double floorRound() {
        Histogram h = new Histogram(3);
        for (int i = 0; i < OPS; i++) {
            long start = System.nanoTime();
            h.recordValue(System.nanoTime() - start);
        }
        return h.getValueAtPercentile(50);
    }

    private static double clockRound() {
        long start = System.nanoTime();
        long sink = 0;
        for (int i = 0; i < OPS; i++) {
            sink += System.nanoTime();
        }
        return (System.nanoTime() - start + (sink == 42 ? 1 : 0)) / (double) OPS;
    }
}
