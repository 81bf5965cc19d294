package dev.ipcmark.bench;

import dev.ipcmark.nativeio.Affinity;
import dev.ipcmark.nativeio.Futex;
import dev.ipcmark.nativeio.Memory;
import dev.ipcmark.nativeio.NullCall;
import dev.ipcmark.results.Calibration;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Probes of the machine's own speed, taken in the ipcmark process between a run's forks (no fork runs meanwhile):
 * what crossing into the kernel costs, what waking a thread on another core costs, what moving a cache line between
 * two cores costs, and what copying a cache-resident MiB costs. A slow spell of a shared machine (a neighbour, a host
 * that moved the VM's vCPUs) shows in them as much as in the cases; the gate looks at them before it blames the code.
 * One round takes a few tens of milliseconds; the first rounds are thrown away to warm the probes up.
 */
public final class CalibrationProbes {
    /** The probes, in the order they are taken and recorded. */
    public static final List<String> IDS = List.of("null-syscall", "futex-wake", "cache-line", "memcpy-1MiB");

    private static final VarHandle INT = ValueLayout.JAVA_INT.varHandle();
    private static final VarHandle LONG = ValueLayout.JAVA_LONG.varHandle();
    private static final int BATCHES = 9;
    private static final int WARMUP_ROUNDS = 10;
    private static final long STALL_NS = 2_000_000_000L;
    private static final long BLOCK = 1 << 20;

    private final Map<String, List<Double>> values = new LinkedHashMap<>();
    private final int[] cpus;

    /** Probes pinned to the first two CPUs this process may use (unpinned with fewer), warmed up once. */
    public CalibrationProbes() {
        List<Integer> allowed = Affinity.allowedCpus();
        cpus = allowed.size() >= 2 ? new int[] {allowed.get(0), allowed.get(1)} : new int[0];
        IDS.forEach(id -> values.put(id, new ArrayList<>()));
        // Rounds run interpreted, then on-stack-replaced, then fully compiled code. With only the first round thrown
        // away, ci.yaml runs recorded null-syscall at 100-138 ns for their first seven rounds and 82-92 ns after, and
        // cache-line at 240-280 ns for two or three rounds and ~135 ns after, in every run: a within-run trend that
        // widened each probe's interval to ±30-50 % and hid the machine's own drift of a few percent. So the first
        // round is thrown away, and the quick probes run ten more rounds (the futex round trip, which
        // showed no such trend, takes most of a round's time).
        measure();
        onProbeThread(() -> {
            double sink = 0;
            for (int i = 0; i < WARMUP_ROUNDS; i++) {
                sink += nullCall() + cacheLineRoundTrip() + memcpy();
            }
            return new double[] {sink};
        });
    }

    /** Takes one round of every probe and records it. */
    public void round() {
        double[] r = measure();
        for (int i = 0; i < IDS.size(); i++) {
            values.get(IDS.get(i)).add(Math.round(r[i] * 10) / 10.0);
        }
    }

    /**
     * A cache line's round trip between the two CPUs now, in ns, rounded to 0.1 ns: what the command takes right
     * before and right after each fork (about 10 ms), not recorded among the rounds.
     */
    public double cacheLineNs() {
        return Math.round(onProbeThread(() -> new double[] {cacheLineRoundTrip()})[0] * 10) / 10.0;
    }

    /** Every round recorded so far. */
    public Calibration calibration() {
        List<Calibration.Probe> probes = new ArrayList<>();
        probes.add(new Calibration.Probe(
                "null-syscall", "one getppid(2) call into the kernel and back", values.get("null-syscall")));
        probes.add(new Calibration.Probe(
                "futex-wake",
                "a futex wake-up of a thread on another core and its wake-up back (a round trip)",
                values.get("futex-wake")));
        probes.add(new Calibration.Probe(
                "cache-line",
                "a cache line written by one core, then by another, and back (a round trip)",
                values.get("cache-line")));
        probes.add(new Calibration.Probe(
                "memcpy-1MiB", "one copy of a cache-resident 1 MiB block", values.get("memcpy-1MiB")));
        return new Calibration(probes);
    }

    /**
     * One round, on a thread of its own: it pins itself to the first CPU, and a thread that ipcmark later starts
     * processes from (the JMH forks) must keep the whole affinity mask, which children inherit.
     */
    private double[] measure() {
        return onProbeThread(() -> new double[] {nullCall(), futexRoundTrip(), cacheLineRoundTrip(), memcpy()});
    }

    /** Runs {@code probes} on a thread of its own, pinned as {@link #measure} says. */
    private double[] onProbeThread(Supplier<double[]> probes) {
        double[][] result = new double[1][];
        RuntimeException[] failure = new RuntimeException[1];
        Thread prober = new Thread(
                () -> {
                    try {
                        if (cpus.length == 2) {
                            Affinity.pinCurrentThread(cpus[0]);
                        }
                        result[0] = probes.get();
                    } catch (RuntimeException e) {
                        failure[0] = e;
                    }
                },
                "ipcmark-probe");
        prober.start();
        try {
            prober.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while probing the machine", e);
        }
        if (failure[0] != null) {
            throw failure[0];
        }
        return result[0];
    }

    /**
     * What entering the kernel and back costs the calling thread now, in ns per call: the median of five batches of
     * 500 null system calls, about half a millisecond. A case's fork takes it on its measuring thread around each
     * iteration: blocking round trips on one CPU follow it through the machine's slow spells (a C pipe round trip
     * and getppid in 2 s windows on this project's VM: correlation 0.92, both +30 % in a spell).
     */
    static double kernelEntryNs() {
        return medianPerOp(5, 500, () -> {
            long sum = 0;
            for (int i = 0; i < 500; i++) {
                sum += NullCall.call();
            }
            return sum;
        });
    }

    private static double nullCall() {
        return medianPerOp(BATCHES, 2000, () -> {
            long sum = 0;
            for (int i = 0; i < 2000; i++) {
                sum += NullCall.call();
            }
            return sum;
        });
    }

    private static double memcpy() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment from = arena.allocate(BLOCK, 4096);
            MemorySegment to = arena.allocate(BLOCK, 4096);
            from.fill((byte) 1);
            to.fill((byte) 0);
            return medianPerOp(BATCHES, 4, () -> {
                for (int i = 0; i < 4; i++) {
                    Memory.copy(from, 0, to, 0, BLOCK);
                }
                return to.get(ValueLayout.JAVA_BYTE, BLOCK - 1);
            });
        }
    }

    /** Round trips of a 32-bit word between two threads that sleep in futex_wait until the other wakes them. */
    private double futexRoundTrip() {
        try (Arena arena = Arena.ofShared()) {
            MemorySegment word = arena.allocate(64, 64);
            AtomicBoolean stop = new AtomicBoolean();
            Thread partner = partner(() -> {
                Futex futex = new Futex();
                while (!stop.get()) {
                    if ((int) INT.getVolatile(word, 0L) == 1) {
                        INT.setVolatile(word, 0L, 0);
                        Futex.wake(word, 1);
                    } else {
                        futex.await(word, 0, 100);
                    }
                }
            });
            Futex futex = new Futex();
            int trips = 50;
            try {
                return medianPerOp(BATCHES, trips, () -> {
                    for (int i = 0; i < trips; i++) {
                        INT.setVolatile(word, 0L, 1);
                        Futex.wake(word, 1);
                        long deadline = System.nanoTime() + STALL_NS;
                        while ((int) INT.getVolatile(word, 0L) == 1) {
                            futex.await(word, 1, 100);
                            stalled(deadline);
                        }
                    }
                    return 0;
                });
            } finally {
                stop.set(true);
                Futex.wake(word, 1);
                join(partner);
            }
        }
    }

    /** Round trips of a counter on one cache line between two spinning threads on two cores. */
    private double cacheLineRoundTrip() {
        try (Arena arena = Arena.ofShared()) {
            MemorySegment line = arena.allocate(64, 64);
            AtomicBoolean stop = new AtomicBoolean();
            Thread partner = partner(() -> {
                long seen = 0;
                while (!stop.get()) {
                    long v = (long) LONG.getAcquire(line, 0L);
                    if ((v & 1) == 1 && v != seen) {
                        seen = v + 1;
                        LONG.setRelease(line, 0L, v + 1);
                    } else {
                        Thread.onSpinWait();
                    }
                }
            });
            int trips = 2000;
            try {
                return medianPerOp(BATCHES, trips, () -> {
                    long deadline = System.nanoTime() + STALL_NS;
                    for (int i = 0; i < trips; i++) {
                        long v = (long) LONG.getAcquire(line, 0L) + 1;
                        LONG.setRelease(line, 0L, v);
                        while ((long) LONG.getAcquire(line, 0L) == v) {
                            Thread.onSpinWait();
                            if ((i & 255) == 0) {
                                stalled(deadline);
                            }
                        }
                    }
                    return 0;
                });
            } finally {
                stop.set(true);
                join(partner);
            }
        }
    }

    private Thread partner(Runnable loop) {
        Thread t = new Thread(
                () -> {
                    if (cpus.length == 2) {
                        Affinity.pinCurrentThread(cpus[1]);
                    }
                    loop.run();
                },
                "ipcmark-probe-partner");
        t.setDaemon(true);
        t.start();
        return t;
    }

    private static void stalled(long deadline) {
        if (System.nanoTime() > deadline) {
            throw new IllegalStateException("a calibration probe's partner thread stopped answering");
        }
    }

    private static void join(Thread t) {
        try {
            t.join(STALL_NS / 1_000_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The median over {@code batches} batches of one batch's time divided by its {@code ops} operations. */
    private static double medianPerOp(int batches, int ops, LongSupplier batch) {
        double[] perOp = new double[batches];
        long sink = 0;
        for (int b = 0; b < batches; b++) {
            long start = System.nanoTime();
            sink += batch.getAsLong();
            perOp[b] = (System.nanoTime() - start) / (double) ops;
        }
        Arrays.sort(perOp);
        // Keeps the batches' work observable, so the JIT cannot drop it.
        return perOp[batches / 2] + (sink == Long.MIN_VALUE ? 1 : 0);
    }
}
