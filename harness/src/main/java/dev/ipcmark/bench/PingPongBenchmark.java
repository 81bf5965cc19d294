package dev.ipcmark.bench;

import dev.ipcmark.peer.PeerSession;
import dev.ipcmark.results.LatencyRecorder;
import dev.ipcmark.scenario.CaseSpec;
import dev.ipcmark.transport.Channel;
import dev.ipcmark.transport.Payload;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.runner.IterationType;

/**
 * Round-trip latency between two processes: one operation sends a message of the case's size to the peer, which
 * echoes the same bytes back; the operation ends when the echo is fully received. Every round trip of the measurement
 * iterations is recorded in an HdrHistogram (one {@code .hlog} interval per iteration); JMH's score is the mean.
 *
 * <p>Run one case alone with raw JMH:
 * {@code java --enable-native-access=ALL-UNNAMED -cp harness/target/ipcmark.jar org.openjdk.jmh.Main PingPong
 * -p caseKey=ping-pong/unix-stream/size=64}. Through ipcmark, scenarios choose the cases and the histograms land in
 * the run directory.
 *
 * <p>Expect shared memory with spinning to be several times faster than a socket for small messages (no system call,
 * no scheduler wake-up per message), and the gap to close as the size grows and the copies dominate. The score includes
 * two {@code System.nanoTime()} calls per operation; that floor is a few tens of nanoseconds on a TSC clock.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class PingPongBenchmark {
    /** The case, as a canonical case key. */
    @Param("ping-pong/shm/size=64")
    public String caseKey;

    /** System property: how long no round trip may complete before the case fails as hung (ms). */
    static final String STALL_PROPERTY = "ipcmark.stallTimeoutMs";

    private static final long DEFAULT_STALL_MS = 60_000;

    // Verification mode checks every echo's sequence number and checksum, at the cost of filling each message.
    private final boolean verify = Boolean.getBoolean("ipcmark.verify");

    private Arena arena;
    private PeerSession session;
    private Channel channel;
    private MemorySegment out;
    private MemorySegment in;
    private LatencyRecorder recorder;
    private boolean measuring;
    private long seq;

    /** Starts the peer and opens the channel. */
    @Setup(Level.Trial)
    public void openSession() {
        try {
            CaseSpec spec = CaseSpec.parse(caseKey);
            arena = Arena.ofShared();
            out = arena.allocate(spec.messageBytes(), 64);
            in = arena.allocate(spec.messageBytes(), 64);
            Payload.fill(out, 0);
            recorder = new LatencyRecorder(ForkScratch.hlog());
            session = PeerSession.open(spec, verify);
            channel = session.channel();
            session.watch(Duration.ofMillis(Long.getLong(STALL_PROPERTY, DEFAULT_STALL_MS)));
        } catch (RuntimeException e) {
            ForkScratch.fail("set-up failed: " + (session == null ? e.toString() : session.explain(e)));
            throw e;
        }
    }

    /** Pins the measuring thread and starts a histogram interval for measurement iterations. */
    @Setup(Level.Iteration)
    public void startIteration(IterationParams params) {
        session.pinCaller();
        measuring = params.getType() == IterationType.MEASUREMENT;
        recorder.startInterval();
    }

    /** One round trip. */
    @Benchmark
    public void roundTrip() {
        try {
            if (verify) {
                Payload.fill(out, seq);
            }
            long start = System.nanoTime();
            channel.send(out);
            channel.receive(in);
            long latency = System.nanoTime() - start;
            if (measuring) {
                recorder.record(latency);
            }
            session.completed();
            if (verify) {
                Payload.check(in, seq++);
            }
        } catch (RuntimeException e) {
            ForkScratch.fail(session.explain(e));
            throw e;
        }
    }

    /** Ends the iteration's histogram interval. */
    @TearDown(Level.Iteration)
    public void endIteration() {
        if (measuring) {
            recorder.endInterval();
        }
    }

    /** Stops the peer and removes the case's kernel objects. */
    @TearDown(Level.Trial)
    public void closeSession() {
        try {
            if (session != null) {
                session.close();
            }
        } finally {
            if (recorder != null) {
                recorder.close();
            }
            if (arena != null) {
                arena.close();
            }
        }
    }
}
