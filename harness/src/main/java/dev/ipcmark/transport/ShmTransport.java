package dev.ipcmark.transport;

import dev.ipcmark.nativeio.Fd;
import dev.ipcmark.nativeio.Memory;
import dev.ipcmark.nativeio.NativeException;
import dev.ipcmark.nativeio.Shm;
import dev.ipcmark.scenario.CaseSpec;
import dev.ipcmark.scenario.Knob;
import dev.ipcmark.scenario.Sizes;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import java.nio.file.Files;
import java.util.List;

/**
 * POSIX shared memory ({@code shm_open} + {@code mmap}) with the two processes spinning on sequence counters
 * (acquire/release), laid out as in {@link ShmLayout}. The object's name is unlinked as soon as the peer has mapped it,
 * so a crash after set-up leaves nothing in /dev/shm; the memory goes away with the last mapping.
 */
final class ShmTransport implements Transport {
    private static final int SLOTS = 1;
    private static final int MODE_0600 = 0600;
    private static final VarHandle MAGIC = ValueLayout.JAVA_LONG.varHandle();

    @Override
    public String description() {
        return "POSIX shared memory mapped in both processes (user-space copies, no syscall per message)";
    }

    @Override
    public List<Knob> knobs() {
        return List.of(Knob.choice("sync", "how each side waits for the other", List.of("spin")));
    }

    @Override
    public Support check(CaseSpec spec) {
        if (!Files.isDirectory(Leftovers.DEV_SHM) || !Files.isWritable(Leftovers.DEV_SHM)) {
            return Support.no("/dev/shm is missing or not writable, so POSIX shared memory cannot be created");
        }
        long needed = ShmLayout.segmentBytes(ShmLayout.slotBytesFor(spec.messageBytes()), SLOTS);
        try {
            long free = Files.getFileStore(Leftovers.DEV_SHM).getUsableSpace();
            if (free < needed) {
                return Support.no("the segment needs " + Sizes.human(needed) + " but /dev/shm has only "
                        + Sizes.human(free) + " free");
            }
        } catch (java.io.IOException e) {
            return Support.no("cannot read the free space of /dev/shm: " + e.getMessage());
        }
        return Support.RUNS;
    }

    @Override
    public Listener listen(CaseSpec spec, PrivateDir dir) {
        String name = "/" + Leftovers.newName();
        long slotBytes = ShmLayout.slotBytesFor(spec.messageBytes());
        long bytes = ShmLayout.segmentBytes(slotBytes, SLOTS);
        int fd = Shm.open(name, Shm.O_RDWR | Shm.O_CREAT | Shm.O_EXCL, MODE_0600);
        Leftovers.Registration registration = Leftovers.register("POSIX shm " + name, () -> Shm.unlink(name));
        Shm.Mapping mapping;
        try {
            Fd.truncate(fd, bytes);
            mapping = Shm.map(fd, bytes);
        } catch (RuntimeException e) {
            registration.release();
            throw e;
        } finally {
            Fd.close(fd);
        }
        MemorySegment s = mapping.segment();
        s.set(ValueLayout.JAVA_INT, ShmLayout.VERSION_OFFSET, ShmLayout.VERSION);
        s.set(ValueLayout.JAVA_INT, ShmLayout.OWNER_PID_OFFSET, (int)
                ProcessHandle.current().pid());
        s.set(ValueLayout.JAVA_LONG, ShmLayout.SLOT_BYTES_OFFSET, slotBytes);
        s.set(ValueLayout.JAVA_INT, ShmLayout.SLOT_COUNT_OFFSET, SLOTS);
        // The magic goes last, with release semantics: a reader that sees it sees the rest of the header.
        MAGIC.setRelease(s, ShmLayout.MAGIC_OFFSET, ShmLayout.MAGIC);
        return new Listener() {
            private boolean accepted;

            @Override
            public String endpoint() {
                return name;
            }

            @Override
            public Channel accept() {
                accepted = true;
                registration.release();
                return new SpinChannel(mapping, 0, slotBytes, SLOTS);
            }

            @Override
            public void close() {
                registration.release();
                if (!accepted) {
                    mapping.close();
                }
            }
        };
    }

    @Override
    public Channel connect(CaseSpec spec, String endpoint) {
        long slotBytes = ShmLayout.slotBytesFor(spec.messageBytes());
        long bytes = ShmLayout.segmentBytes(slotBytes, SLOTS);
        int fd = Shm.open(endpoint, Shm.O_RDWR, 0);
        Shm.Mapping mapping;
        try {
            mapping = Shm.map(fd, bytes);
        } finally {
            Fd.close(fd);
        }
        MemorySegment s = mapping.segment();
        long magic = (long) MAGIC.getAcquire(s, ShmLayout.MAGIC_OFFSET);
        int version = s.get(ValueLayout.JAVA_INT, ShmLayout.VERSION_OFFSET);
        long actualSlotBytes = s.get(ValueLayout.JAVA_LONG, ShmLayout.SLOT_BYTES_OFFSET);
        if (magic != ShmLayout.MAGIC || version != ShmLayout.VERSION || actualSlotBytes != slotBytes) {
            mapping.close();
            throw new TransportException(endpoint + " is not an ipcmark segment of layout " + ShmLayout.VERSION
                    + " with " + slotBytes + "-byte slots (magic " + Long.toHexString(magic) + ", version " + version
                    + ", slots of " + actualSlotBytes + " bytes)");
        }
        return new SpinChannel(mapping, 1, slotBytes, SLOTS);
    }

    /** One side of the two rings: it produces into ring {@code out} and consumes from the other. */
    private static final class SpinChannel implements Channel {
        private static final VarHandle COUNTER = ValueLayout.JAVA_LONG.varHandle();
        // How often a spin loop looks at the thread's interrupt flag (JMH's timeout interrupts hung iterations).
        private static final int INTERRUPT_CHECK_MASK = (1 << 16) - 1;

        private final Shm.Mapping mapping;
        private final MemorySegment segment;
        private final long slotBytes;
        private final int slots;
        private final int out;
        private final int in;
        private long sent;
        private long received;
        // Slot indices kept wrapping by hand: a % per chunk is an integer division on the measured path.
        private int sendSlot;
        private int receiveSlot;
        private final AbortReason abortReason = new AbortReason();

        SpinChannel(Shm.Mapping mapping, int out, long slotBytes, int slots) {
            this.mapping = mapping;
            this.segment = mapping.segment();
            this.slotBytes = slotBytes;
            this.slots = slots;
            this.out = out;
            this.in = 1 - out;
        }

        @Override
        public void send(MemorySegment message) {
            long length = message.byteSize();
            long offset = 0;
            do {
                long chunk = Math.min(slotBytes, length - offset);
                long consumedAt = ShmLayout.consumedOffset(out);
                // Wait for a free slot: at most `slots` chunks may be in flight.
                for (int spins = 0; sent - (long) COUNTER.getAcquire(segment, consumedAt) >= slots; spins++) {
                    idle(spins);
                }
                long slot = ShmLayout.slotOffset(out, sendSlot, slotBytes, slots);
                sendSlot = sendSlot + 1 == slots ? 0 : sendSlot + 1;
                segment.set(ValueLayout.JAVA_LONG, slot, chunk);
                Memory.copy(message, offset, segment, slot + ShmLayout.SLOT_HEADER_BYTES, chunk);
                COUNTER.setRelease(segment, ShmLayout.publishedOffset(out), ++sent);
                offset += chunk;
            } while (offset < length);
        }

        @Override
        public void receive(MemorySegment into) {
            long length = into.byteSize();
            long offset = 0;
            do {
                long publishedAt = ShmLayout.publishedOffset(in);
                for (int spins = 0; (long) COUNTER.getAcquire(segment, publishedAt) <= received; spins++) {
                    idle(spins);
                }
                long slot = ShmLayout.slotOffset(in, receiveSlot, slotBytes, slots);
                receiveSlot = receiveSlot + 1 == slots ? 0 : receiveSlot + 1;
                long chunk = segment.get(ValueLayout.JAVA_LONG, slot);
                long expected = Math.min(slotBytes, length - offset);
                if (chunk != expected) {
                    throw new TransportException("chunk " + received + " is " + chunk + " bytes, expected " + expected
                            + ": the two ends disagree about message sizes");
                }
                Memory.copy(segment, slot + ShmLayout.SLOT_HEADER_BYTES, into, offset, chunk);
                COUNTER.setRelease(segment, ShmLayout.consumedOffset(in), ++received);
                offset += chunk;
            } while (offset < length);
        }

        private void idle(int spins) {
            // Without onSpinWait a spinning hyper-thread starves its sibling; on 2 cores that is the peer.
            Thread.onSpinWait();
            abortReason.throwIfSet();
            if ((spins & INTERRUPT_CHECK_MASK) == INTERRUPT_CHECK_MASK
                    && Thread.currentThread().isInterrupted()) {
                throw new TransportException("interrupted while waiting for the other process (it may be hung)");
            }
        }

        @Override
        public void abort(String reason) {
            abortReason.set(reason);
        }

        @Override
        public void close() {
            try {
                mapping.close();
            } catch (IllegalStateException | NativeException e) {
                // Already closed, or closing races with an abort: the mapping is gone either way.
            }
        }
    }
}
