package dev.ipcmark.bench;

import dev.ipcmark.nativeio.ThreadUsage;
import dev.ipcmark.peer.PeerSession;
import dev.ipcmark.peer.RunFlags;
import dev.ipcmark.results.LatencyRecorder;
import dev.ipcmark.scenario.CaseSpec;
import dev.ipcmark.scenario.PeerRole;
import dev.ipcmark.transport.Channel;
import dev.ipcmark.transport.Inbox;
import java.lang.foreign.Arena;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.runner.IterationType;

/**
 * What every pattern's benchmark shares: the case's peer session and channel (for patterns with a peer), the latency
 * recorder (one {@code .hlog} interval per measurement iteration), the stall watchdog, and the counters of both
 * processes' working threads over the measurement iterations, handed to ipcmark as a {@link ForkReport}. A pattern
 * allocates its buffers in {@link #prepare}, counts what it measured with {@link #counted}, and reports failures
 * through {@link #failed}.
 */
@State(Scope.Benchmark)
public abstract class CaseBenchmark {
    /** The case, as a canonical case key. */
    @Param("ping-pong/shm/size=64")
    public String caseKey;

    /** Verification mode: messages carry sequence numbers and checksums, checked on receipt. */
    protected final boolean verify = RunFlags.current().verify();

    /** The case being measured. */
    protected CaseSpec spec;
    /** Memory for the pattern's buffers, freed when the fork exits. */
    protected Arena arena;
    /** The peer and the kernel objects of the case. */
    protected PeerSession session;
    /** The open channel to the peer (null for fan-in). */
    protected Channel channel;
    /** What this process receives from: the channel, or for fan-in the mailbox. */
    protected Inbox inbox;
    /** Where latencies go. */
    protected LatencyRecorder recorder;
    /**
     * True during measurement iterations (not warmup). Read only between iterations: the measured path runs the same
     * code in warm-up as in measurement (recording, counting), because a branch never taken in warm-up is compiled as
     * an uncommon trap, and taking it in the first measured iteration deoptimizes the loop there (its throughput fell
     * to half of the next iterations' in every fork of a 4 KiB stream).
     */
    private boolean measuring;

    private ForkReport report = ForkReport.empty();
    private ThreadUsage selfAtStart;
    private ThreadUsage peerAtStart;
    private long operations;
    private long bytes;
    private long measuredNs;
    private long[] byProducer = new long[0];
    private boolean broken;
    private double kernelEntryAtStart;

    /** Starts the peer and opens the channel. */
    @Setup(Level.Trial)
    public void openSession() {
        try {
            ForkScratch.announce();
            spec = CaseSpec.parse(caseKey);
            Measures measures = getClass().getAnnotation(Measures.class);
            if (measures == null || measures.value() != spec.pattern()) {
                String self = measures == null
                        ? getClass().getName() + " measures no pattern (it has no @Measures)"
                        : PatternBenchmarks.of(measures.value()).getName() + " measures "
                                + measures.value().id();
                throw new IllegalArgumentException(
                        "case " + caseKey + " is a " + spec.pattern().id() + " case, but " + self);
            }
            // The peer first: its JVM's start is the longest step of a set-up, and needs nothing made below.
            if (spec.pattern().peer() != PeerRole.NONE) {
                session = PeerSession.open(spec, verify);
                inbox = session.inbox();
                channel = inbox instanceof Channel c ? c : null;
            }
            // Freed when the fork exits. Not a shared arena: a downcall given one of its segments acquires and
            // releases the arena with two atomic updates, ~12 ns per system call on the measured path.
            arena = Arena.ofAuto();
            recorder = new LatencyRecorder(ForkScratch.hlog());
            prepare();
            if (session != null) {
                session.watch(RunFlags.current().stallTimeout());
            }
        } catch (RuntimeException e) {
            ForkScratch.fail("set-up failed: " + (session == null ? e.toString() : session.explain(e)));
            throw e;
        }
    }

    /** Allocates the pattern's buffers (from {@link #arena}) and tagged histograms; {@link #spec} is set. */
    protected abstract void prepare();

    /** Pins the measuring thread, starts a histogram interval and takes the counters' starting values. */
    @Setup(Level.Iteration)
    public void startIteration(IterationParams params) {
        if (session != null) {
            session.pinCaller();
        }
        measuring = params.getType() == IterationType.MEASUREMENT;
        // On the pinned measuring thread, in every iteration (warm-up too, so it is compiled when it counts).
        kernelEntryAtStart = CalibrationProbes.kernelEntryNs();
        operations = 0;
        bytes = 0;
        measuredNs = 0;
        byProducer = new long[0];
        recorder.startInterval();
        if (measuring) {
            selfAtStart = ThreadUsage.self();
            peerAtStart = session == null ? null : session.peerUsage().orElse(null);
        }
        // Last: a pattern that keeps its own clock starts it here, so the reads above stay out of its time.
        iterationStarts();
    }

    /** Called when an iteration starts, before the first operation. */
    protected void iterationStarts() {}

    /** Called when an iteration's operations are over, before its counters are read; e.g. to drain acknowledgements. */
    protected void iterationEnds() {}

    /** Ends the iteration: its histogram interval and its share of the fork's report. */
    @TearDown(Level.Iteration)
    public void endIteration() {
        try {
            iterationEnds();
        } catch (RuntimeException e) {
            throw failed(e);
        }
        if (measuring) {
            ThreadUsage self = ThreadUsage.self().minus(selfAtStart);
            ThreadUsage peer = peerAtStart == null
                    ? null
                    : session.peerUsage().map(u -> u.minus(peerAtStart)).orElse(null);
            recorder.endInterval();
            double kernelEntry = Math.round((kernelEntryAtStart + CalibrationProbes.kernelEntryNs()) * 500) / 1000.0;
            report = report.plus(operations, bytes, measuredNs, self, peer, byProducer, kernelEntry);
        }
    }

    /**
     * Counts {@code ops} operations delivering {@code payloadBytes}, over {@code ns} of the pattern's own clock (0 when
     * the pattern keeps none), towards the current iteration (kept when it is a measurement one).
     */
    protected final void counted(long ops, long payloadBytes, long ns) {
        operations += ops;
        bytes += payloadBytes;
        measuredNs += ns;
    }

    /** Counts each producer's delivered messages in this iteration (fan-in; kept when it is a measurement one). */
    protected final void countedByProducer(long[] messages) {
        byProducer = messages.clone();
    }

    /** Records why the case failed (the peer's state included) for ipcmark, and returns {@code e} to throw. */
    protected final RuntimeException failed(RuntimeException e) {
        broken = true;
        ForkScratch.fail(session == null ? e.toString() : session.explain(e));
        return e;
    }

    /** Called after the last iteration, while the peers still run, unless the case failed; e.g. to drain them. */
    protected void trialEnds() {}

    /** Stops the peer, removes the case's kernel objects and hands the fork's report over. */
    @TearDown(Level.Trial)
    public void closeSession() {
        try {
            if (!broken && session != null) {
                trialEnds();
            }
        } catch (RuntimeException e) {
            throw failed(e);
        } finally {
            close();
        }
    }

    private void close() {
        try {
            if (session != null) {
                session.close();
            }
        } finally {
            report.write();
            if (recorder != null) {
                recorder.close();
            }
        }
    }
}
