package dev.ipcmark.transport;

import dev.ipcmark.nativeio.Memory;
import dev.ipcmark.nativeio.Shm;
import dev.ipcmark.scenario.CaseSpec;
import dev.ipcmark.scenario.Sizes;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;

/**
 * The shm transport's fan-in mailbox: one bounded multi-producer single-consumer ring in a shared segment (the
 * {@code segment} knob says which kind), {@code capacity} slots of one message each. A producer claims the next
 * position with an atomic fetch-and-add on the shared tail, waits until the slot at that position is free, copies its
 * message in and publishes it by writing the slot's sequence; the receiver takes positions in order. Each slot's
 * sequence word says whose turn it is (position p is free when it holds 2p, full when it holds 2p + 1: with p and
 * p + 1, as in Vyukov's queue, a one-slot ring could not tell "full for p" from "free for p + 1"), so producers never
 * wait for each other except to get the same slot after a lap. Waiting is spinning, or {@code spin-then-yield};
 * no system call is made per message.
 *
 * <p>Layout: a 64-byte header (magic, slot count, slot stride), the tail on its own cache line, then the slots, each
 * its sequence word followed by the message and padded to whole cache lines.
 */
final class ShmMailbox implements Mailbox {
    private static final VarHandle LONG = ValueLayout.JAVA_LONG.varHandle();
    private static final long MAGIC = 0x4E49464B52414D49L;
    private static final long MAGIC_OFFSET = 0;
    private static final long SLOTS_OFFSET = 8;
    private static final long STRIDE_OFFSET = 16;
    private static final long TAIL_OFFSET = 64;
    private static final long SLOTS_START = 128;
    private static final long LINE = 64;
    private static final int SPINS_BEFORE_YIELD = 2000;

    /** The ring's shape for one case. */
    private record Shape(SegmentKind kind, boolean yield, int slots, long stride) {
        static Shape of(CaseSpec spec) {
            long stride = (Long.BYTES + spec.messageBytes() + LINE - 1) / LINE * LINE;
            String capacity = spec.knob(ShmKnobs.SLOTS);
            return new Shape(
                    spec.choice(ShmKnobs.SEGMENT, SegmentKind.class),
                    spec.choice(ShmKnobs.SYNC, SyncStrategy.class) == SyncStrategy.SPIN_THEN_YIELD,
                    capacity.matches("\\d+") ? Integer.parseInt(capacity) : 0,
                    stride);
        }

        long segmentBytes() {
            return SLOTS_START + slots * stride;
        }
    }

    @Override
    public Support check(CaseSpec spec) {
        SyncStrategy sync = spec.choice(ShmKnobs.SYNC, SyncStrategy.class);
        if (sync != SyncStrategy.SPIN && sync != SyncStrategy.SPIN_THEN_YIELD) {
            return Support.no("the shm fan-in ring waits by spinning on each slot's sequence (sync spin or"
                    + " spin-then-yield); " + sync.id() + " wakes one known waiter, and with several producers the"
                    + " receiver cannot know whom to wake");
        }
        Shape shape = Shape.of(spec);
        if (shape.slots < 1) {
            return Support.no("the shm fan-in ring needs a number of slots as its capacity; "
                    + spec.knob(ShmKnobs.SLOTS) + " is for one-to-one rings only");
        }
        return shape.kind.check(shape.segmentBytes());
    }

    @Override
    public Opening listen(CaseSpec spec, PrivateDir dir, int producers) {
        Shape shape = Shape.of(spec);
        SegmentKind.Made made = shape.kind.create(shape.segmentBytes(), dir);
        MemorySegment s = made.mapping().segment();
        s.set(ValueLayout.JAVA_LONG, SLOTS_OFFSET, shape.slots);
        s.set(ValueLayout.JAVA_LONG, STRIDE_OFFSET, shape.stride);
        for (long p = 0; p < shape.slots; p++) {
            s.set(ValueLayout.JAVA_LONG, SLOTS_START + p * shape.stride, free(p));
        }
        // The magic goes last, with release semantics: a producer that sees it sees the initialised slots.
        LONG.setRelease(s, MAGIC_OFFSET, MAGIC);
        return new Opening() {
            private boolean accepted;

            @Override
            public String endpoint() {
                return made.endpoint();
            }

            @Override
            public Inbox accept() {
                accepted = true;
                made.name().release();
                return new Ring(made.mapping(), shape);
            }

            @Override
            public void close() {
                made.name().release();
                if (!accepted) {
                    made.mapping().close();
                }
            }
        };
    }

    @Override
    public Channel connect(CaseSpec spec, String endpoint) {
        Shape shape = Shape.of(spec);
        Shm.Mapping mapping = shape.kind.attach(endpoint, shape.segmentBytes());
        MemorySegment s = mapping.segment();
        long magic = (long) LONG.getAcquire(s, MAGIC_OFFSET);
        long slots = s.get(ValueLayout.JAVA_LONG, SLOTS_OFFSET);
        long stride = s.get(ValueLayout.JAVA_LONG, STRIDE_OFFSET);
        if (magic != MAGIC || slots != shape.slots || stride != shape.stride) {
            mapping.close();
            throw new TransportException(endpoint + " is not an ipcmark fan-in ring of " + shape.slots + " slots of "
                    + Sizes.format(shape.stride) + " (magic " + Long.toHexString(magic) + ", " + slots + " slots of "
                    + stride + " bytes)");
        }
        return new Ring(mapping, shape);
    }

    /** A slot's sequence word when it is free for {@code position}. */
    private static long free(long position) {
        return 2 * position;
    }

    /** A slot's sequence word when it holds {@code position}'s message. */
    private static long full(long position) {
        return 2 * position + 1;
    }

    /** Either end of the ring: producers only send, the receiver only receives. */
    private static final class Ring implements Channel {
        private final Shm.Mapping mapping;
        private final MemorySegment segment;
        private final Shape shape;
        private final AbortReason abortReason = new AbortReason();
        private long head;

        Ring(Shm.Mapping mapping, Shape shape) {
            this.mapping = mapping;
            this.segment = mapping.segment();
            this.shape = shape;
        }

        @Override
        public void send(MemorySegment message) {
            long position = (long) LONG.getAndAdd(segment, TAIL_OFFSET, 1L);
            long slot = SLOTS_START + position % shape.slots * shape.stride;
            // The slot is free for this position once the receiver has taken what was there a lap ago.
            await(slot, free(position));
            Memory.copy(message, 0, segment, slot + Long.BYTES, message.byteSize());
            LONG.setRelease(segment, slot, full(position));
        }

        @Override
        public void receive(MemorySegment into) {
            long slot = SLOTS_START + head % shape.slots * shape.stride;
            await(slot, full(head));
            Memory.copy(segment, slot + Long.BYTES, into, 0, into.byteSize());
            // Free for the position one lap on.
            LONG.setRelease(segment, slot, free(head + shape.slots));
            head++;
        }

        private void await(long slot, long sequence) {
            for (int spins = 0; (long) LONG.getAcquire(segment, slot) != sequence; spins++) {
                abortReason.throwIfSet();
                if (shape.yield && spins >= SPINS_BEFORE_YIELD) {
                    Thread.yield();
                } else {
                    Thread.onSpinWait();
                }
            }
        }

        @Override
        public void abort(String reason) {
            abortReason.set(reason);
        }

        @Override
        public synchronized void close() {
            mapping.closeQuietly();
        }
    }
}
