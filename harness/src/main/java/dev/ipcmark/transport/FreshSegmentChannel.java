package dev.ipcmark.transport;

import dev.ipcmark.nativeio.Memory;
import dev.ipcmark.nativeio.Shm;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * shm's {@code segments: fresh} transfer: every payload gets a segment of its own. The sender creates it under a name
 * derived from the channel's segment and the transfer's number ({@code <name>-t<n>}, so the number that travels
 * through the ring is checked, never used to find anything), maps it, produces or copies the payload in, unmaps it and
 * says so through the ring; the receiver derives the same name, maps it, reads it, unmaps it and acknowledges; the
 * acknowledgement's arrival removes the name. Set-up and tear-down are inside every transfer, as with a memfd.
 *
 * <p>The sender's end is a {@link HandOver} (in-place) whose {@link #send} also takes a payload to copy in (copy-in);
 * the receiver's is a {@link HandOver} whose {@link #send} carries the acknowledgement. Both receive through the ring.
 */
final class FreshSegmentChannel implements Channel, HandOver {
    private final Channel ring;
    private final SegmentKind kind;
    private final String base;
    private final boolean sender;
    private final MemorySegment notice = Arena.ofAuto().allocate(Long.BYTES, Long.BYTES);
    private long transfers;
    private SegmentKind.Made made;
    private Shm.Mapping taken;

    /**
     * @param ring the channel's rings, which carry the notices and acknowledgements
     * @param base the name of the channel's own segment, from which each transfer's is derived
     * @param sender whether this end makes the segments
     */
    FreshSegmentChannel(Channel ring, SegmentKind kind, String base, boolean sender) {
        this.ring = ring;
        this.kind = kind;
        this.base = base;
        this.sender = sender;
    }

    private String name(long transfer) {
        return base + "-t" + transfer;
    }

    @Override
    public MemorySegment fresh(long bytes) {
        if (!sender || made != null) {
            throw new IllegalStateException("a fresh segment is made by the sender, one transfer at a time");
        }
        made = kind.createAt(name(transfers), bytes);
        return made.mapping().segment();
    }

    @Override
    public void handOver() {
        made.mapping().close();
        notice.set(ValueLayout.JAVA_LONG, 0, transfers++);
        ring.send(notice);
    }

    @Override
    public void send(MemorySegment message) {
        if (!sender) {
            ring.send(message);
            return;
        }
        // copy-in: the payload comes from the caller's buffer.
        Memory.copy(message, 0, fresh(message.byteSize()), 0, message.byteSize());
        handOver();
    }

    @Override
    public void receive(MemorySegment into) {
        ring.receive(into);
        if (sender && made != null) {
            // The acknowledgement: the receiver has unmapped the segment, and its name goes now.
            made.name().release();
            made = null;
        }
    }

    @Override
    public MemorySegment take(long bytes) {
        ring.receive(notice);
        long number = notice.get(ValueLayout.JAVA_LONG, 0);
        if (number != transfers) {
            throw new TransportException("transfer " + transfers + " was announced as " + number
                    + ": the two ends disagree about which segment is next");
        }
        taken = kind.attach(name(transfers++), bytes);
        return taken.segment();
    }

    @Override
    public void release() {
        taken.close();
        taken = null;
    }

    @Override
    public void abort(String reason) {
        ring.abort(reason);
    }

    @Override
    public void close() {
        try {
            ring.close();
        } finally {
            if (made != null) {
                made.mapping().closeQuietly();
                made.name().release();
            }
            if (taken != null) {
                taken.closeQuietly();
            }
        }
    }
}
