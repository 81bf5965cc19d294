package dev.ipcmark.transport;

import dev.ipcmark.nativeio.CrossMemory;
import dev.ipcmark.nativeio.Shm;
import dev.ipcmark.scenario.CaseSpec;
import dev.ipcmark.scenario.Knob;
import dev.ipcmark.scenario.Pattern;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import java.util.List;
import java.util.Optional;

/**
 * Cross-memory attach: the sender copies each message straight from its buffer into the receiver's with {@code
 * process_vm_writev(2)}, one copy where a pipe or a socket makes two (into the kernel and out again) and shared memory
 * makes one into the segment and one out. A small shared control segment ({@link CmaLayout}) carries who is where: the
 * receiver announces its buffer, the sender writes and says so; both wait by spinning ({@code sync}).
 */
final class CmaTransport implements Transport {
    private static final VarHandle LONG = ValueLayout.JAVA_LONG.varHandle();

    /** How each process waits for the other's announcement or delivery. */
    static final Knob SYNC = Knob.choice(
                    SyncStrategy.KNOB,
                    "how each process waits for the other: spin, or spin-then-yield (sched_yield after a while)",
                    List.of(SyncStrategy.SPIN.id(), SyncStrategy.SPIN_THEN_YIELD.id()))
            .asStrategy();

    @Override
    public String description() {
        return "process_vm_writev: the sender copies into the receiver's buffer (one copy, cross-memory attach)";
    }

    @Override
    public List<Knob> knobs() {
        return List.of(SYNC);
    }

    @Override
    public int copies(CaseSpec spec) {
        return 1;
    }

    @Override
    public Support check(CaseSpec spec) {
        Optional<Support> yama = Kin.refusedByYama("write into the memory of");
        if (yama.isPresent()) {
            return yama.get();
        }
        try (Arena arena = Arena.ofConfined()) {
            // The kernel (or a seccomp filter) may refuse the call altogether: try it on this process's own memory.
            MemorySegment probe = arena.allocate(8);
            new CrossMemory().write(ProcessHandle.current().pid(), probe.asSlice(0, 4), probe.address() + 4);
        } catch (RuntimeException e) {
            return Support.no("process_vm_writev is refused here: " + e.getMessage());
        }
        if (spec.pattern() == Pattern.STREAM && spec.number(Pattern.WINDOW) > 1) {
            return Support.no("a message is copied only into a buffer its receiver has announced, so the receiver's"
                    + " acknowledgement waits for the sender to receive, which it does not while it runs a window"
                    + " ahead: set window: 1");
        }
        return Support.RUNS;
    }

    @Override
    public Listener listen(CaseSpec spec, PrivateDir dir) {
        SegmentKind.Made made = SegmentKind.POSIX.create(CmaLayout.BYTES, dir);
        MemorySegment s = made.mapping().segment();
        s.set(ValueLayout.JAVA_INT, CmaLayout.VERSION_OFFSET, CmaLayout.VERSION);
        s.set(
                ValueLayout.JAVA_LONG,
                CmaLayout.pidOffset(0),
                ProcessHandle.current().pid());
        LONG.setRelease(s, CmaLayout.MAGIC_OFFSET, CmaLayout.MAGIC);
        boolean yield = spec.choice(SYNC, SyncStrategy.class) == SyncStrategy.SPIN_THEN_YIELD;
        return Pending.at(made.endpoint())
                .names(made.name())
                .unlessAccepted(made.mapping()::close)
                .listener(() -> new CmaChannel(made.mapping(), 0, yield));
    }

    @Override
    public Channel connect(CaseSpec spec, String endpoint) {
        Shm.Mapping mapping = SegmentKind.POSIX.attach(endpoint, CmaLayout.BYTES);
        MemorySegment s = mapping.segment();
        long magic = (long) LONG.getAcquire(s, CmaLayout.MAGIC_OFFSET);
        int version = s.get(ValueLayout.JAVA_INT, CmaLayout.VERSION_OFFSET);
        if (magic != CmaLayout.MAGIC || version != CmaLayout.VERSION) {
            mapping.close();
            throw new TransportException(endpoint + " is not an ipcmark cma control segment of version "
                    + CmaLayout.VERSION + " (magic " + Long.toHexString(magic) + ", version " + version + ")");
        }
        LONG.setRelease(s, CmaLayout.pidOffset(1), ProcessHandle.current().pid());
        return new CmaChannel(mapping, 1, spec.choice(SYNC, SyncStrategy.class) == SyncStrategy.SPIN_THEN_YIELD);
    }

    /** One side's end: it sends in direction {@code side} and receives in the other. */
    private static final class CmaChannel implements Channel {
        private final Shm.Mapping mapping;
        private final MemorySegment s;
        private final int side;
        private final boolean yield;
        private final long otherPid;
        private final CrossMemory copier = new CrossMemory();
        private final AbortReason abortReason = new AbortReason();
        private long sent;
        private long received;

        CmaChannel(Shm.Mapping mapping, int side, boolean yield) {
            this.mapping = mapping;
            this.s = mapping.segment();
            this.side = side;
            this.yield = yield;
            this.otherPid = (long) LONG.getAcquire(s, CmaLayout.pidOffset(1 - side));
            checkOther(otherPid);
        }

        // A PID read from shared memory is written into only when it is this process or its parent or child: the
        // listener's peer is its child (or itself, in the set-up pattern), the peer's listener its parent.
        private static void checkOther(long pid) {
            if (!Kin.selfParentOrChild(pid)) {
                throw new TransportException("the cma control segment names PID " + pid + ", which is neither this"
                        + " process nor its parent or child: refusing to write into its memory");
            }
        }

        @Override
        public void send(MemorySegment message) {
            long n = ++sent;
            long ready = CmaLayout.readyOffset(side);
            await(ready, n);
            long address = s.get(ValueLayout.JAVA_LONG, ready + 8);
            long bytes = s.get(ValueLayout.JAVA_LONG, ready + 16);
            if (bytes != message.byteSize()) {
                throw new TransportException("the receiver announced a buffer of " + bytes + " bytes for message " + n
                        + ", which has " + message.byteSize() + ": the two ends disagree about message sizes");
            }
            copier.write(otherPid, message, address);
            LONG.setRelease(s, CmaLayout.doneOffset(side), n);
        }

        @Override
        public void receive(MemorySegment into) {
            if (!into.isNative()) {
                throw new IllegalArgumentException("cma receives into native memory only");
            }
            long n = ++received;
            long ready = CmaLayout.readyOffset(1 - side);
            s.set(ValueLayout.JAVA_LONG, ready + 8, into.address());
            s.set(ValueLayout.JAVA_LONG, ready + 16, into.byteSize());
            LONG.setRelease(s, ready, n);
            await(CmaLayout.doneOffset(1 - side), n);
        }

        private void await(long counterAt, long n) {
            for (int spins = 0; (long) LONG.getAcquire(s, counterAt) < n; spins++) {
                abortReason.throwIfSet();
                SpinWait.idle(spins, yield);
            }
        }

        @Override
        public void abort(String reason) {
            abortReason.set(reason);
        }

        @Override
        public void close() {
            mapping.closeQuietly();
        }
    }
}
