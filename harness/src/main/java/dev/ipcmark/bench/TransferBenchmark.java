package dev.ipcmark.bench;

import dev.ipcmark.scenario.Pattern;
import dev.ipcmark.transport.TransferSender;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The per-transfer cost of moving one payload to the other process, the "copy" and "map" columns of the copy-vs-map
 * analysis. One operation: the sender produces the payload (writes every cache line of it), gets it to the peer, the
 * peer reads every cache line of it where it landed and answers with 8 bytes; the operation ends when the answer is
 * in. The paths (through the kernel, copied into or produced in a shared area, in one round or in chunks, a fresh
 * segment or memory file handed over) are {@link TransferSender}'s. The cost of making a segment is the setup
 * pattern's; together they give the break-even.
 */
@Measures(Pattern.TRANSFER)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class TransferBenchmark extends CaseBenchmark {
    private TransferSender sender;
    private long seq;

    @Override
    protected void prepare() {
        // The sender's buffers are made with it, once the channel is open.
    }

    @Override
    protected void iterationStarts() {
        if (sender == null) {
            sender = new TransferSender(spec, channel, arena);
        }
    }

    /** One transfer, acknowledged. */
    @Benchmark
    public void transfer() {
        try {
            long start = System.nanoTime();
            sender.transfer(++seq);
            long latency = System.nanoTime() - start;
            recorder.record(latency);
            counted(1, spec.messageBytes(), latency);
            session.completed();
        } catch (RuntimeException e) {
            throw failed(e);
        }
    }
}
