package dev.ipcmark.bench;

import dev.ipcmark.nativeio.Memory;
import dev.ipcmark.scenario.Pattern;
import dev.ipcmark.transport.HandOver;
import dev.ipcmark.transport.Payload;
import dev.ipcmark.transport.SharedArea;
import dev.ipcmark.transport.ShmKnobs;
import java.lang.foreign.MemorySegment;
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
 * analysis. One operation: the sender produces the payload (writes every cache line of it), hands it over, the peer
 * reads every cache line of it where it landed and answers with 8 bytes; the operation ends when the answer is in.
 *
 * <ul>
 *   <li>Copy transports (pipe, sockets, queues): produced in a private buffer, copied into the kernel and out again.
 *   <li>shm, {@code placement=copy-in}: produced in a private buffer and copied into the segment's shared area (one
 *       copy); the peer reads it there.
 *   <li>shm, {@code placement=in-place}: produced in the shared area itself (zero copy).
 *   <li>memfd, {@code placement=copy-in}: produced in a private buffer, written into a new memory file (one copy) that
 *       is handed over; the peer maps it and reads it there.
 *   <li>memfd, {@code placement=in-place}: produced in a new memory file's mapping, which is handed over (zero copy).
 * </ul>
 *
 * Over shm the ring carries only an 8-byte notification each way. The cost of making the segment is the setup
 * pattern's; together they give the break-even.
 */
@Measures(Pattern.TRANSFER)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class TransferBenchmark extends CaseBenchmark {
    private MemorySegment privateBuffer;
    private MemorySegment notice;
    private MemorySegment ack;
    private MemorySegment area;
    private HandOver handOver;
    private boolean inPlace;
    private long seq;

    @Override
    protected void prepare() {
        privateBuffer = arena.allocate(spec.messageBytes(), 64);
        notice = arena.allocate(Long.BYTES, 8);
        ack = arena.allocate(Long.BYTES, 8);
        inPlace = spec.knob(ShmKnobs.PLACEMENT).equals("in-place");
    }

    @Override
    protected void iterationStarts() {
        if (area == null && channel instanceof SharedArea shared) {
            area = shared.sharedArea();
        }
        if (inPlace && channel instanceof HandOver h) {
            handOver = h;
        }
    }

    /** One transfer, acknowledged. */
    @Benchmark
    public void transfer() {
        try {
            long start = System.nanoTime();
            seq++;
            if (handOver != null) {
                Payload.touchLines(handOver.fresh(privateBuffer.byteSize()), seq);
                handOver.handOver();
            } else if (area == null) {
                Payload.touchLines(privateBuffer, seq);
                channel.send(privateBuffer);
            } else {
                if (inPlace) {
                    Payload.touchLines(area, seq);
                } else {
                    Payload.touchLines(privateBuffer, seq);
                    Memory.copy(privateBuffer, 0, area, 0, privateBuffer.byteSize());
                }
                channel.send(notice);
            }
            channel.receive(ack);
            long latency = System.nanoTime() - start;
            if (measuring) {
                recorder.record(latency);
            }
            counted(1, spec.messageBytes(), latency);
            session.completed();
        } catch (RuntimeException e) {
            throw failed(e);
        }
    }
}
