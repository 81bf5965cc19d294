package dev.ipcmark.transport;

import static dev.ipcmark.transport.ShmKnobs.SEGMENT;
import static dev.ipcmark.transport.ShmKnobs.SLOTS;
import static dev.ipcmark.transport.ShmKnobs.SYNC;

import dev.ipcmark.nativeio.Fd;
import dev.ipcmark.nativeio.MappedCopier;
import dev.ipcmark.nativeio.Shm;
import dev.ipcmark.scenario.CaseSpec;
import dev.ipcmark.scenario.Knob;
import dev.ipcmark.scenario.Pattern;
import dev.ipcmark.scenario.PeerRole;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Shared memory mapped in both processes, laid out as in {@link ShmLayout}: two single-producer single-consumer rings
 * of slots, user-space copies and no system call per message unless the sync strategy makes one. Three knobs compose:
 * where the segment comes from ({@link SegmentKind}), how the processes wait for each other ({@link SyncStrategy}),
 * and the ring's {@code capacity}: {@code 0} (rendezvous: a send returns once the receiver has copied the message
 * out), {@code N} slots (a bounded ring: the writer waits when N chunks are unconsumed), or {@code unbounded} (the
 * writer never waits; a ring of {@value #UNBOUNDED_MAX_SLOTS} slots, at most {@code 64 MiB}, stands in for infinity,
 * and running out of it fails the case instead of waiting).
 */
final class ShmTransport implements Transport {
    private static final String UNBOUNDED = ShmKnobs.UNBOUNDED;
    private static final int UNBOUNDED_MAX_SLOTS = 1024;
    private static final long UNBOUNDED_RING_BYTES = 64L << 20;
    private static final VarHandle MAGIC = ValueLayout.JAVA_LONG.varHandle();

    @Override
    public String description() {
        return "shared memory mapped in both processes (user-space copies, no system call per message when spinning)";
    }

    @Override
    public List<Knob> knobs() {
        return List.of(SEGMENT, SYNC, SLOTS);
    }

    @Override
    public int copies(CaseSpec spec) {
        return ShmKnobs.copies(spec);
    }

    @Override
    public TransferSetup transferSetup(CaseSpec spec) {
        String kind = spec.knob(SEGMENT);
        return ShmKnobs.fresh(spec)
                ? new TransferSetup.EveryTransfer(
                        "a new " + kind + " segment", "mapping a new " + kind + " segment in every transfer")
                : new TransferSetup.Segment(kind, ShmKnobs.areaBytes(spec));
    }

    @Override
    public List<Knob> knobs(Pattern pattern) {
        return switch (pattern) {
            case SETUP -> List.of(ShmKnobs.THP);
            case TRANSFER -> List.of(ShmKnobs.PLACEMENT, ShmKnobs.CHUNK, ShmKnobs.SEGMENTS);
            default -> List.of();
        };
    }

    /** The rings' shape for one case. */
    private record Shape(
            SegmentKind kind,
            SyncStrategy sync,
            long slotBytes,
            int slots,
            boolean rendezvous,
            boolean unbounded,
            long areaBytes) {
        static Shape of(CaseSpec spec) {
            // A transfer's payload lives in a shared area after the rings, which carry only 8-byte notifications.
            boolean transfer = spec.pattern() == Pattern.TRANSFER;
            long slotBytes = ShmLayout.slotBytesFor(transfer ? Long.BYTES : spec.messageBytes());
            String capacity = spec.knob(SLOTS);
            boolean unbounded = capacity.equals(UNBOUNDED);
            int slots = unbounded
                    ? Math.clamp(UNBOUNDED_RING_BYTES / ShmLayout.slotStride(slotBytes), 2, UNBOUNDED_MAX_SLOTS)
                    : Math.max(1, Integer.parseInt(capacity));
            return new Shape(
                    spec.choice(SEGMENT, SegmentKind.class),
                    spec.choice(SYNC, SyncStrategy.class),
                    slotBytes,
                    slots,
                    capacity.equals("0"),
                    unbounded,
                    transfer && !ShmKnobs.fresh(spec) ? ShmKnobs.areaBytes(spec) : 0);
        }

        long segmentBytes() {
            return areaBytes == 0 ? ShmLayout.segmentBytes(slotBytes, slots) : areaOffset() + areaBytes;
        }

        long areaOffset() {
            return ShmLayout.areaOffset(slotBytes, slots);
        }

        /** Room the producer starts with: none for a rendezvous (it waits after publishing instead). */
        int freeSlots() {
            return rendezvous ? 0 : slots;
        }
    }

    @Override
    public Optional<SetupCycle> setupCycle() {
        return Optional.of(new ShmSetupCycle());
    }

    @Override
    public boolean peerStartsWithEndpoint(CaseSpec spec) {
        // The doorbell is a pair of pipes the peer inherits.
        return Shape.of(spec).sync.needsDoorbell();
    }

    @Override
    public Support check(CaseSpec spec) {
        if (spec.pattern().peer().facet() == PeerRole.Facet.MAILBOX) {
            // Its ring is not this one: the mailbox checks it.
            return Support.RUNS;
        }
        Shape shape = Shape.of(spec);
        Optional<Support> transfer = transferVariant(spec, shape);
        if (transfer.isPresent()) {
            return transfer.get();
        }
        if (spec.pattern() == Pattern.STREAM && shape.rendezvous && spec.number(Pattern.WINDOW) > 1) {
            return Support.no("a rendezvous (capacity 0) hands an acknowledgement over only when the sender takes it,"
                    + " which it does not while it runs a window ahead: set window: 1");
        }
        Support sync = shape.sync.check(shape.slots);
        return sync.runs() ? shape.kind.check(shape.segmentBytes()) : sync;
    }

    // The transfer variants' own limits: chunked rounds keep two chunks in flight; a fresh segment needs a name.
    private static Optional<Support> transferVariant(CaseSpec spec, Shape shape) {
        if (spec.pattern() != Pattern.TRANSFER) {
            return Optional.empty();
        }
        boolean chunked = ShmKnobs.chunked(spec);
        if (chunked && ShmKnobs.fresh(spec)) {
            return Optional.of(Support.no("a fresh segment per transfer holds the whole payload; chunk is a size for"
                    + " the pooled area (segments: pool)"));
        }
        if (chunked && shape.rendezvous) {
            return Optional.of(Support.no("chunked rounds keep the next chunk's notice in the ring while the peer"
                    + " reads the last, which a rendezvous (capacity 0) cannot hold: use capacity 1 or more"));
        }
        if (ShmKnobs.fresh(spec) && !shape.kind.named()) {
            return Optional.of(Support.no("a fresh " + shape.kind.id() + " segment would have to announce its id"
                    + " through shared memory; the fresh variant names each segment so that the peer derives the name"
                    + " itself: use segment: posix or file"));
        }
        return Optional.empty();
    }

    @Override
    public Optional<Mailbox> mailbox() {
        return Optional.of(new ShmMailbox());
    }

    @Override
    public Listener listen(CaseSpec spec, PrivateDir dir) {
        Shape shape = Shape.of(spec);
        SegmentKind.Made made = shape.kind.create(shape.segmentBytes(), dir);
        PipePair bells;
        List<Runnable> syncObjects = new ArrayList<>();
        try {
            writeHeader(made.mapping().segment(), shape, syncObjects);
            bells = shape.sync.needsDoorbell() ? PipePair.create(fd -> {}) : null;
        } catch (RuntimeException e) {
            syncObjects.forEach(Runnable::run);
            made.name().release();
            made.mapping().close();
            throw e;
        }
        Pending pending = Pending.at(made.endpoint())
                .names(made.name())
                .stdio(Optional.ofNullable(bells).map(PipePair::forPeer))
                .unlessAccepted(made.mapping()::close);
        // Kernel objects of the sync strategy (System V semaphore sets) serve the channel until the case ends.
        syncObjects.forEach(pending::whenClosed);
        if (bells != null) {
            pending.unlessAccepted(bells::closeUnused);
        }
        return pending.listener(() -> {
            SyncStrategy.Doorbell bell = SyncStrategy.Doorbell.NONE;
            if (bells != null) {
                bells.handOver();
                bell = new SyncStrategy.Doorbell(bells.readFd(), bells.writeFd());
            }
            return fresh(spec, new ShmChannel(made.mapping(), 0, shape, bell), made.endpoint(), true);
        });
    }

    /** Writes the header and the rings' sync areas; what removes the sync's kernel objects goes into {@code made}. */
    private static void writeHeader(MemorySegment s, Shape shape, List<Runnable> made) {
        s.set(ValueLayout.JAVA_INT, ShmLayout.VERSION_OFFSET, ShmLayout.VERSION);
        s.set(ValueLayout.JAVA_INT, ShmLayout.OWNER_PID_OFFSET, (int)
                ProcessHandle.current().pid());
        s.set(ValueLayout.JAVA_LONG, ShmLayout.SLOT_BYTES_OFFSET, shape.slotBytes);
        s.set(ValueLayout.JAVA_INT, ShmLayout.SLOT_COUNT_OFFSET, shape.slots);
        for (int ring = 0; ring < 2; ring++) {
            made.add(shape.sync.initialize(s, ring, shape.freeSlots()));
        }
        // The magic goes last, with release semantics: a reader that sees it sees the rest of the header.
        MAGIC.setRelease(s, ShmLayout.MAGIC_OFFSET, ShmLayout.MAGIC);
    }

    @Override
    public Channel connect(CaseSpec spec, String endpoint) {
        Shape shape = Shape.of(spec);
        Shm.Mapping mapping = shape.kind.attach(endpoint, shape.segmentBytes());
        MemorySegment s = mapping.segment();
        long magic = (long) MAGIC.getAcquire(s, ShmLayout.MAGIC_OFFSET);
        int version = s.get(ValueLayout.JAVA_INT, ShmLayout.VERSION_OFFSET);
        long slotBytes = s.get(ValueLayout.JAVA_LONG, ShmLayout.SLOT_BYTES_OFFSET);
        int slots = s.get(ValueLayout.JAVA_INT, ShmLayout.SLOT_COUNT_OFFSET);
        if (magic != ShmLayout.MAGIC
                || version != ShmLayout.VERSION
                || slotBytes != shape.slotBytes
                || slots != shape.slots) {
            mapping.close();
            throw new TransportException(endpoint + " is not an ipcmark segment of layout " + ShmLayout.VERSION
                    + " with " + shape.slots + " slots of " + shape.slotBytes + " bytes (magic "
                    + Long.toHexString(magic) + ", version " + version + ", " + slots + " slots of " + slotBytes
                    + " bytes)");
        }
        // The doorbell, if any, came as stdin (rings from the listener) and stdout (rings to it).
        SyncStrategy.Doorbell bell =
                shape.sync.needsDoorbell() ? new SyncStrategy.Doorbell(0, 1) : SyncStrategy.Doorbell.NONE;
        return fresh(spec, new ShmChannel(mapping, 1, shape, bell), endpoint, false);
    }

    /** The rings as they are, or under a fresh segment per transfer when the case asks for it. */
    private static Channel fresh(CaseSpec spec, ShmChannel rings, String endpoint, boolean sender) {
        return ShmKnobs.fresh(spec)
                ? new FreshSegmentChannel(rings, spec.choice(SEGMENT, SegmentKind.class), endpoint, sender)
                : rings;
    }

    /** One side of the two rings: it produces into ring {@code out} and consumes from the other. */
    private static final class ShmChannel implements Channel, SharedArea {
        private static final VarHandle COUNTER = ValueLayout.JAVA_LONG.varHandle();

        private final MemorySegment segment;
        // The slots' and the area's copies, which skip the shared arena's two atomic updates per downcall (see
        // MappedCopier).
        private final MappedCopier copies;
        private final Shape shape;
        private final int out;
        private final int in;
        private final RingSync outSync;
        private final RingSync inSync;
        private final SyncStrategy.Doorbell bell;
        private final AbortReason abortReason = new AbortReason();
        private long sent;
        private long received;
        private long consumedSeen;
        // Slot indices kept wrapping by hand: a % per chunk is an integer division on the measured path.
        private int sendSlot;
        private int receiveSlot;

        ShmChannel(Shm.Mapping mapping, int out, Shape shape, SyncStrategy.Doorbell bell) {
            this.segment = mapping.segment();
            this.copies = new MappedCopier(mapping);
            this.shape = shape;
            this.out = out;
            this.in = 1 - out;
            this.bell = bell;
            this.outSync = shape.sync.open(segment, out, abortReason, bell);
            this.inSync = shape.sync.open(segment, in, abortReason, bell);
        }

        @Override
        public void send(MemorySegment message) {
            long length = message.byteSize();
            long offset = 0;
            do {
                long chunk = Math.min(shape.slotBytes, length - offset);
                if (shape.unbounded) {
                    // The consumer's counter is read only when the last value seen says the ring is full: the line
                    // it lives on then stays in the consumer's cache (the usual SPSC trick).
                    if (sent - consumedSeen >= shape.slots
                            && sent - (consumedSeen = (long) COUNTER.getAcquire(segment, ShmLayout.consumedOffset(out)))
                                    >= shape.slots) {
                        throw new TransportException("the unbounded ring's " + shape.slots + " slots ran out: the"
                                + " reader is that far behind");
                    }
                } else if (!shape.rendezvous) {
                    outSync.awaitRoom(sent, shape.slots);
                }
                long slot = ShmLayout.slotOffset(out, sendSlot, shape.slotBytes, shape.slots);
                sendSlot = sendSlot + 1 == shape.slots ? 0 : sendSlot + 1;
                segment.set(ValueLayout.JAVA_LONG, slot, chunk);
                copies.copyIn(message, offset, slot + ShmLayout.SLOT_HEADER_BYTES, chunk);
                COUNTER.setRelease(segment, ShmLayout.publishedOffset(out), ++sent);
                outSync.signalData();
                if (shape.rendezvous) {
                    // Zero capacity: the hand-over completes only when the receiver has taken the message.
                    outSync.awaitRoom(sent, 1);
                }
                offset += chunk;
            } while (offset < length);
        }

        @Override
        public void receive(MemorySegment into) {
            long length = into.byteSize();
            long offset = 0;
            do {
                inSync.awaitData(received);
                long slot = ShmLayout.slotOffset(in, receiveSlot, shape.slotBytes, shape.slots);
                receiveSlot = receiveSlot + 1 == shape.slots ? 0 : receiveSlot + 1;
                long chunk = segment.get(ValueLayout.JAVA_LONG, slot);
                long expected = Math.min(shape.slotBytes, length - offset);
                if (chunk != expected) {
                    throw new TransportException("chunk " + received + " is " + chunk + " bytes, expected " + expected
                            + ": the two ends disagree about message sizes");
                }
                copies.copyOut(slot + ShmLayout.SLOT_HEADER_BYTES, into, offset, chunk);
                COUNTER.setRelease(segment, ShmLayout.consumedOffset(in), ++received);
                if (!shape.unbounded) {
                    inSync.signalRoom();
                }
                offset += chunk;
            } while (offset < length);
        }

        @Override
        public MemorySegment sharedArea() {
            if (shape.areaBytes == 0) {
                throw new IllegalStateException("this segment has no shared area: only transfer cases have one");
            }
            return segment.asSlice(shape.areaOffset(), shape.areaBytes);
        }

        @Override
        public void copyIntoArea(MemorySegment from, long fromOffset, long offset, long bytes) {
            Objects.checkFromIndexSize(offset, bytes, shape.areaBytes);
            copies.copyIn(from, fromOffset, shape.areaOffset() + offset, bytes);
        }

        @Override
        public void abort(String reason) {
            abortReason.set(reason);
            outSync.wake();
            inSync.wake();
        }

        @Override
        public synchronized void close() {
            outSync.close();
            inSync.close();
            copies.closeQuietly();
            if (bell.readFd() > 1) {
                // The listener's doorbell ends; the peer's are its stdin and stdout, which go with it.
                Fd.close(bell.readFd());
                Fd.close(bell.writeFd());
            }
        }
    }
}
