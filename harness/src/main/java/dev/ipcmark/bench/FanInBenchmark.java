package dev.ipcmark.bench;

import dev.ipcmark.scenario.Pattern;
import dev.ipcmark.scenario.Stamps;
import dev.ipcmark.transport.FanInMessage;
import dev.ipcmark.transport.TransportException;
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
 * Fan-in: {@code producers} peer processes send stamped messages ({@link FanInMessage}) flat out into one mailbox,
 * and this process receives them. Throughput (total and per producer) is messages received over the iteration's time
 * by this benchmark's clock. With {@code stamps: send-time} the histogram holds each message's latency from its send to
 * its receipt, across the two processes' monotonic clocks: with producers sending flat out, mostly the time it queued
 * in the mailbox. With {@code stamps: sequence} messages carry no time, this process reads its clock once per {@value
 * Stamps#BLOCK} messages, and the histogram holds the time per message of each such block (lmbench's definition: only
 * the reader's clock).
 *
 * <p>Every message is checked against its producer's sequence (a gap or repeat fails the case). After the last
 * iteration the producers are told to finish; each sends a final message saying how many it sent, and the receiver
 * drains the mailbox until it has them all, so a message lost at the end fails the case too.
 */
@Measures(Pattern.FAN_IN)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class FanInBenchmark extends CaseBenchmark {
    private MemorySegment in;
    private FanInLedger ledger;
    private long[] atIterationStart;
    private long iterationStart;
    private boolean sendTimes;
    private int inBlock;
    private long blockStart;

    @Override
    protected void prepare() {
        in = arena.allocate(spec.messageBytes(), 64);
        sendTimes = spec.choice(Pattern.STAMPS, Stamps.class) == Stamps.SEND_TIME;
    }

    @Override
    protected void iterationStarts() {
        if (ledger == null) {
            ledger = new FanInLedger(
                    session.peerPids().stream().mapToLong(Long::longValue).toArray());
        }
        atIterationStart = ledger.received();
        iterationStart = System.nanoTime();
        blockStart = iterationStart;
        inBlock = 0;
    }

    /** Receives one message from whichever producer's is next in the mailbox. */
    @Benchmark
    public void receive() {
        try {
            inbox.receive(in);
            if (sendTimes) {
                long now = System.nanoTime();
                recorder.record(now - FanInMessage.sentAt(in));
            } else if (++inBlock == Stamps.BLOCK) {
                long now = System.nanoTime();
                recorder.record((now - blockStart) / Stamps.BLOCK);
                blockStart = now;
                inBlock = 0;
            }
            if (FanInMessage.isFinal(in)) {
                throw new TransportException("producer " + FanInMessage.pid(in) + " finished before it was asked to");
            }
            ledger.take(in, verify);
            session.completed();
        } catch (RuntimeException e) {
            throw failed(e);
        }
    }

    @Override
    protected void iterationEnds() {
        long elapsed = System.nanoTime() - iterationStart;
        long[] byProducer = ledger.received();
        long messages = 0;
        for (int i = 0; i < byProducer.length; i++) {
            byProducer[i] -= atIterationStart[i];
            messages += byProducer[i];
        }
        counted(messages, messages * spec.messageBytes(), elapsed);
        countedByProducer(byProducer);
    }

    @Override
    protected void trialEnds() {
        // Every producer ends with a final message saying how many came before it; take everything up to those.
        session.finishProducers();
        while (!ledger.allFinished()) {
            inbox.receive(in);
            ledger.take(in, verify);
            session.completed();
        }
    }
}
