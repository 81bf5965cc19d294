package dev.ipcmark.transport;

import dev.ipcmark.nativeio.MappedCopier;
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
 * The segment is laid out as in {@link ShmMailboxLayout}.
 */
final class ShmMailbox implements Mailbox {
    private static final VarHandle LONG = ValueLayout.JAVA_LONG.varHandle();

    /** The ring's shape for one case. */
    private record Shape(SegmentKind kind, boolean yield, int slots, long stride) {
        static Shape of(CaseSpec spec) {
            long stride = ShmMailboxLayout.stride(spec.messageBytes());
            String capacity = spec.knob(ShmKnobs.SLOTS);
            return new Shape(
                    spec.choice(ShmKnobs.SEGMENT, SegmentKind.class),
                    spec.choice(ShmKnobs.SYNC, SyncStrategy.class) == SyncStrategy.SPIN_THEN_YIELD,
                    capacity.matches("\\d+") ? Integer.parseInt(capacity) : 0,
                    stride);
        }

        long segmentBytes() {
            return ShmMailboxLayout.segmentBytes(slots, stride);
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
        ShmMailboxLayout.initialise(made.mapping().segment(), shape.slots, shape.stride);
        return Pending.at(made.endpoint())
                .names(made.name())
                .unlessAccepted(made.mapping()::close)
                .opening(() -> new Ring(made.mapping(), shape));
    }

    @Override
    public Channel connect(CaseSpec spec, String endpoint) {
        Shape shape = Shape.of(spec);
        Shm.Mapping mapping = shape.kind.attach(endpoint, shape.segmentBytes());
        String mismatch = ShmMailboxLayout.mismatch(mapping.segment(), shape.slots, shape.stride);
        if (mismatch != null) {
            mapping.close();
            throw new TransportException(endpoint + " is not an ipcmark fan-in ring (version "
                    + ShmMailboxLayout.VERSION + ") of " + shape.slots + " slots of " + Sizes.format(shape.stride)
                    + ": " + mismatch);
        }
        return new Ring(mapping, shape);
    }

    /** Either end of the ring: producers only send, the receiver only receives. */
    private static final class Ring implements Channel {
        private final MemorySegment segment;
        // The messages' copies, which skip the shared arena's two atomic updates per downcall (see MappedCopier).
        private final MappedCopier copies;
        private final Shape shape;
        private final AbortReason abortReason = new AbortReason();
        private long head;

        Ring(Shm.Mapping mapping, Shape shape) {
            this.segment = mapping.segment();
            this.copies = new MappedCopier(mapping);
            this.shape = shape;
        }

        @Override
        public void send(MemorySegment message) {
            long position = (long) LONG.getAndAdd(segment, ShmMailboxLayout.TAIL_OFFSET, 1L);
            long slot = ShmMailboxLayout.slot(position, shape.slots, shape.stride);
            // The slot is free for this position once the receiver has taken what was there a lap ago.
            await(slot, ShmMailboxLayout.free(position));
            copies.copyIn(message, 0, slot + Long.BYTES, message.byteSize());
            LONG.setRelease(segment, slot, ShmMailboxLayout.full(position));
        }

        @Override
        public void receive(MemorySegment into) {
            long slot = ShmMailboxLayout.slot(head, shape.slots, shape.stride);
            await(slot, ShmMailboxLayout.full(head));
            copies.copyOut(slot + Long.BYTES, into, 0, into.byteSize());
            // Free for the position one lap on.
            LONG.setRelease(segment, slot, ShmMailboxLayout.free(head + shape.slots));
            head++;
        }

        private void await(long slot, long sequence) {
            for (int spins = 0; (long) LONG.getAcquire(segment, slot) != sequence; spins++) {
                abortReason.throwIfSet();
                SpinWait.idle(spins, shape.yield);
            }
        }

        @Override
        public void abort(String reason) {
            abortReason.set(reason);
        }

        @Override
        public synchronized void close() {
            copies.closeQuietly();
        }
    }
}
