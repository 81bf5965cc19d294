package dev.ipcmark.bench;

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
@Measures(Pattern.PING_PONG)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class PingPongBenchmark extends EchoBenchmark {
    /** One round trip. */
    @Benchmark
    public void roundTrip() {
        try {
            nextMessage();
            long start = System.nanoTime();
            exchange();
            long latency = System.nanoTime() - start;
            recorder.record(latency);
            // Closed loop: round trips per second of measured time is 1e9 / the mean round trip, by definition.
            echoed(latency);
        } catch (RuntimeException e) {
            throw failed(e);
        }
    }
}
