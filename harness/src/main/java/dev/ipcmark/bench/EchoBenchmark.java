package dev.ipcmark.bench;

import dev.ipcmark.transport.Payload;
import java.lang.foreign.MemorySegment;

/**
 * What the patterns whose peer echoes every message (ping-pong, rate) share: the message and echo buffers and the three
 * parts of a round trip, so each pattern only says how it times one.
 */
public abstract class EchoBenchmark extends CaseBenchmark {
    private MemorySegment out;
    private MemorySegment in;
    private long seq;

    @Override
    protected void prepare() {
        out = arena.allocate(spec.messageBytes(), 64);
        in = arena.allocate(spec.messageBytes(), 64);
        Payload.fill(out, 0);
    }

    /** Readies the next message before it is timed: in verification mode, its sequence number and checksum. */
    protected final void nextMessage() {
        if (verify) {
            Payload.fill(out, seq);
        }
    }

    /** Sends the message and waits until its whole echo is back: the timed part. */
    protected final void exchange() {
        channel.send(out);
        channel.receive(in);
    }

    /**
     * Counts the round trip once it is timed ({@code measuredNs}: the time it counts towards operations per second, 0
     * when the pattern counts its time otherwise) and, in verification mode, checks the echo.
     */
    protected final void echoed(long measuredNs) {
        counted(1, 2 * spec.messageBytes(), measuredNs);
        session.completed();
        if (verify) {
            Payload.check(in, seq++);
        }
    }
}
