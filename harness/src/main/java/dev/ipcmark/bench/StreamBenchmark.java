package dev.ipcmark.bench;

import dev.ipcmark.scenario.Pattern;
import dev.ipcmark.transport.Payload;
import dev.ipcmark.transport.TransportException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One-way throughput: messages flow to the peer, which acknowledges every {@code batch} of them with 8 bytes holding
 * the number it has received so far; the sender may have {@code window} batches unacknowledged, then waits for the
 * oldest acknowledgement. Throughput counts acknowledged messages only, over the time from the iteration's first send
 * to its last acknowledgement (the iteration ends by completing its last batch and draining the acknowledgements), so
 * bytes sitting in a kernel buffer never count as delivered. The histogram holds each batch's time from its first send
 * to its acknowledgement.
 *
 * <p>JMH's score counts messages sent; ipcmark reports its own acknowledged count instead.
 */
@Measures(Pattern.STREAM)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class StreamBenchmark extends CaseBenchmark {
    /** Bytes of an acknowledgement: the receiver's running count of messages. */
    public static final int ACK_BYTES = Long.BYTES;

    private MemorySegment out;
    private MemorySegment ack;
    private int batch;
    private int window;
    private long[] batchStarts;
    private long sent;
    private long acknowledged;
    private long iterationStart;
    private long ackedAtIterationStart;
    private long lastAck;

    @Override
    protected void prepare() {
        out = arena.allocate(spec.messageBytes(), 64);
        ack = arena.allocate(ACK_BYTES, 8);
        Payload.fill(out, 0);
        batch = (int) spec.number(Pattern.BATCH);
        window = (int) spec.number(Pattern.WINDOW);
        batchStarts = new long[window];
    }

    @Override
    protected void iterationStarts() {
        iterationStart = System.nanoTime();
        lastAck = iterationStart;
        ackedAtIterationStart = acknowledged;
    }

    /** Sends one message; at the end of a batch, waits for an acknowledgement when the window is full. */
    @Benchmark
    public void send() {
        try {
            sendOne();
        } catch (RuntimeException e) {
            throw failed(e);
        }
    }

    private void sendOne() {
        if (sent % batch == 0) {
            batchStarts[(int) (sent / batch % window)] = System.nanoTime();
        }
        if (verify) {
            Payload.fill(out, sent);
        }
        channel.send(out);
        sent++;
        if (sent % batch == 0 && sent - acknowledged >= (long) window * batch) {
            awaitAck();
        }
    }

    private void awaitAck() {
        channel.receive(ack);
        long now = System.nanoTime();
        long count = ack.get(ValueLayout.JAVA_LONG, 0);
        if (count != acknowledged + batch) {
            throw new TransportException("the receiver acknowledged " + count + " messages, expected "
                    + (acknowledged + batch) + ": messages were lost or duplicated");
        }
        recorder.record(now - batchStarts[(int) (acknowledged / batch % window)]);
        acknowledged = count;
        lastAck = now;
        session.completed();
    }

    @Override
    protected void iterationEnds() {
        // Complete the open batch and take every acknowledgement, so this iteration counts only what arrived.
        while (sent % batch != 0) {
            sendOne();
        }
        while (acknowledged < sent) {
            awaitAck();
        }
        long messages = acknowledged - ackedAtIterationStart;
        counted(messages, messages * spec.messageBytes(), lastAck - iterationStart);
    }
}
