package dev.ipcmark.transport;

import dev.ipcmark.nativeio.KernelFiles;
import dev.ipcmark.nativeio.NativeException;
import dev.ipcmark.nativeio.SysvIpc;
import dev.ipcmark.scenario.CaseSpec;
import dev.ipcmark.scenario.Knob;
import dev.ipcmark.scenario.Sizes;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * System V message queues ({@code msgget}, {@code msgsnd}, {@code msgrcv}). With {@code receive=any} there is one
 * queue per direction and each side takes the first message; with {@code receive=by-type} both directions share one
 * queue and each side selects its own message type ({@code msgtyp}), the selective receive a pipe cannot do. Knobs:
 * the message type, the queue capacity ({@code msg_qbytes}), splitting messages above {@code kernel.msgmax}, and the
 * blocking mode ({@code IPC_NOWAIT} for non-blocking; a System V queue has no descriptor, so there is nothing to poll
 * and {@code nonblocking-poll} is skipped). The queues are removed when the case closes; a process blocked on one wakes
 * with EIDRM, which is also how an abort wakes a blocked receive.
 */
final class SysvMqTransport implements Transport {
    /** The message type knob. */
    static final String MSG_TYPE = "msg-type";
    /** The receive selection knob. */
    static final String RECEIVE = "receive";
    /** The queue capacity knob. */
    static final String QBYTES = "qbytes";
    /** Whether messages larger than kernel.msgmax are split. */
    static final String SPLIT = "split";

    private static final Path MSGMAX = Path.of("/proc/sys/kernel/msgmax");
    private static final Path MSGMNB = Path.of("/proc/sys/kernel/msgmnb");
    private static final String ANY = "any";
    private static final String BY_TYPE = "by-type";

    /** One queue per direction, or one shared queue read by type. */
    private static final Knob RECEIVING = Knob.choice(
                    RECEIVE,
                    "any: a queue per direction, first message; by-type: one shared queue, msgrcv selects the type",
                    List.of(ANY, BY_TYPE))
            .asStrategy();

    @Override
    public String description() {
        return "System V message queue (msgget), typed messages (kernel copy in and out)";
    }

    @Override
    public List<Knob> knobs() {
        return KNOBS;
    }

    // This machine's limits, read once per process (at class initialisation, declared after the constants they use):
    // cases read their knobs while they set up, and the setup pattern measures that path, which must not read /proc.
    private static final List<Knob> KNOBS = readKnobs();

    /** The knobs, with this machine's limits. */
    private static List<Knob> readKnobs() {
        return List.of(
                BlockingMode.knob(),
                Knob.number(MSG_TYPE, "message type (mtype) sent; by-type replies use type + 1", 1, 1, 1L << 30),
                RECEIVING,
                Knob.size(
                        QBYTES,
                        "queue capacity in bytes (msg_qbytes)",
                        1,
                        KernelFiles.readLong(MSGMNB, 16384),
                        "kernel.msgmnb",
                        "kernel.msgmnb"),
                Knob.choice(SPLIT, "split messages larger than kernel.msgmax into several", List.of("no", "yes")));
    }

    /** The shape of one case's queues. */
    private record Shape(long chunkBytes, long queueBytes, long type, boolean byType) {
        static Shape of(CaseSpec spec) {
            long msgmax = KernelFiles.readLong(MSGMAX, 8192);
            List<Knob> knobs = KNOBS;
            boolean split = spec.knob(knobs, SPLIT).equals("yes");
            String qbytes = spec.knob(knobs, QBYTES);
            return new Shape(
                    split ? Math.min(msgmax, spec.messageBytes()) : spec.messageBytes(),
                    qbytes.equals(Knob.KERNEL_DEFAULT) ? KernelFiles.readLong(MSGMNB, 16384) : Sizes.parse(qbytes),
                    Long.parseLong(spec.knob(knobs, MSG_TYPE)),
                    spec.knob(RECEIVING).equals(BY_TYPE));
        }
    }

    @Override
    public Support check(CaseSpec spec) {
        if (BlockingMode.of(spec) == BlockingMode.NONBLOCKING_POLL) {
            return Support.no("a System V message queue has no file descriptor, so there is nothing to wait on with"
                    + " poll(2) or epoll; use blocking or nonblocking-spin");
        }
        Shape shape = Shape.of(spec);
        long msgmax = KernelFiles.readLong(MSGMAX, 8192);
        if (shape.chunkBytes > msgmax) {
            return Support.no("a " + Sizes.format(spec.messageBytes()) + " message exceeds kernel.msgmax (" + msgmax
                    + " bytes); set split: yes, raise it with sysctl kernel.msgmax=" + spec.messageBytes()
                    + ", or use smaller messages");
        }
        if (shape.chunkBytes > shape.queueBytes) {
            return Support.no("a " + Sizes.format(shape.chunkBytes) + " queue message can never fit in a queue of "
                    + Sizes.format(shape.queueBytes) + " (qbytes)");
        }
        return Support.RUNS;
    }

    @Override
    public Listener listen(CaseSpec spec, PrivateDir dir) {
        Shape shape = Shape.of(spec);
        List<Integer> queues = new ArrayList<>();
        List<Leftovers.Registration> registrations = new ArrayList<>();
        try {
            for (int i = 0; i < (shape.byType ? 1 : 2); i++) {
                int id = SysvKeys.createQueue();
                queues.add(id);
                registrations.add(Leftovers.register("System V queue " + id, () -> SysvIpc.removeQueue(id)));
                if (!spec.knob(KNOBS, QBYTES).equals(Knob.KERNEL_DEFAULT)) {
                    SysvIpc.setQueueBytes(id, shape.queueBytes);
                }
            }
        } catch (RuntimeException e) {
            registrations.forEach(Leftovers.Registration::release);
            throw e;
        }
        int toPeer = queues.getFirst();
        int fromPeer = queues.getLast();
        // Queues have no name to drop early: they go when the case ends.
        return Pending.at(toPeer + "," + fromPeer)
                .whenClosed(() -> registrations.forEach(Leftovers.Registration::release))
                .listener(() -> new QueueChannel(toPeer, fromPeer, shape, false, BlockingMode.of(spec)));
    }

    @Override
    public Optional<Mailbox> mailbox() {
        return Optional.of(new Mailbox() {
            @Override
            public Opening listen(CaseSpec spec, PrivateDir dir, int producers) {
                // One queue every producer sends into. Producers send as the peer side does, so by-type receives
                // select their type (type + 1) and any-type receives take everything.
                Shape shape = Shape.of(spec);
                int id = SysvKeys.createQueue();
                Leftovers.Registration registration =
                        Leftovers.register("System V queue " + id, () -> SysvIpc.removeQueue(id));
                try {
                    if (!spec.knob(KNOBS, QBYTES).equals(Knob.KERNEL_DEFAULT)) {
                        SysvIpc.setQueueBytes(id, shape.queueBytes);
                    }
                } catch (RuntimeException e) {
                    registration.release();
                    throw e;
                }
                return Pending.at(Integer.toString(id))
                        .whenClosed(registration::release)
                        .opening(() -> new QueueChannel(id, id, shape, false, BlockingMode.of(spec)));
            }

            @Override
            public Channel connect(CaseSpec spec, String endpoint) {
                int id = Integer.parseInt(endpoint);
                return new QueueChannel(id, id, Shape.of(spec), true, BlockingMode.of(spec));
            }
        });
    }

    @Override
    public Channel connect(CaseSpec spec, String endpoint) {
        String[] ids = endpoint.split(",");
        try {
            return new QueueChannel(
                    Integer.parseInt(ids[1]), Integer.parseInt(ids[0]), Shape.of(spec), true, BlockingMode.of(spec));
        } catch (RuntimeException e) {
            throw new TransportException("bad System V endpoint '" + endpoint + "': " + e.getMessage(), e);
        }
    }

    /**
     * Sends into one queue and receives from the other (or both through one, by type). Each message goes through a
     * {@code struct msgbuf} (type, then text), so the text is copied in and out of it.
     */
    private static final class QueueChannel implements Channel {
        private final int out;
        private final int in;
        private final Shape shape;
        private final long sendType;
        private final long receiveType;
        private final boolean noWait;
        // Automatic, not shared: a downcall given a segment of a shared arena acquires and releases it with two
        // atomic updates on every message. Freed once the channel is unreachable.
        private final Arena arena = Arena.ofAuto();
        private final MemorySegment sendBuffer;
        private final MemorySegment receiveBuffer;
        private final AbortReason abortReason = new AbortReason();

        QueueChannel(int out, int in, Shape shape, boolean peerSide, BlockingMode mode) {
            this.out = out;
            this.in = in;
            this.shape = shape;
            // By type, the listener sends type T and the peer T + 1; each receives the other's. Otherwise any type.
            long own = shape.byType && peerSide ? shape.type + 1 : shape.type;
            long other = shape.byType && !peerSide ? shape.type + 1 : shape.type;
            this.sendType = own;
            this.receiveType = shape.byType ? other : 0;
            this.noWait = mode.nonBlocking();
            this.sendBuffer = arena.allocate(SysvIpc.TYPE_BYTES + shape.chunkBytes, 8);
            this.receiveBuffer = arena.allocate(SysvIpc.TYPE_BYTES + shape.chunkBytes, 8);
        }

        @Override
        public void send(MemorySegment message) {
            long length = message.byteSize();
            try {
                for (long done = 0; done < length; done += shape.chunkBytes) {
                    long chunk = Math.min(shape.chunkBytes, length - done);
                    sendBuffer.set(ValueLayout.JAVA_LONG, 0, sendType);
                    MemorySegment.copy(message, done, sendBuffer, SysvIpc.TYPE_BYTES, chunk);
                    while (!SysvIpc.send(out, sendBuffer, chunk, noWait)) {
                        abortReason.throwIfSet();
                        Thread.onSpinWait();
                    }
                }
            } catch (NativeException e) {
                throw failure("send", e);
            }
        }

        @Override
        public void receive(MemorySegment into) {
            long length = into.byteSize();
            try {
                for (long done = 0; done < length; done += shape.chunkBytes) {
                    long expected = Math.min(shape.chunkBytes, length - done);
                    long n;
                    while ((n = SysvIpc.receive(in, receiveBuffer, shape.chunkBytes, receiveType, noWait)) < 0) {
                        abortReason.throwIfSet();
                        Thread.onSpinWait();
                    }
                    if (n != expected) {
                        throw new TransportException("received a " + n + "-byte queue message, expected " + expected);
                    }
                    MemorySegment.copy(receiveBuffer, SysvIpc.TYPE_BYTES, into, done, n);
                }
            } catch (NativeException e) {
                throw failure("receive", e);
            }
        }

        private TransportException failure(String what, NativeException e) {
            String reason = abortReason.get();
            return new TransportException(reason != null ? reason : what + " failed: " + e.getMessage(), e);
        }

        @Override
        public void abort(String reason) {
            abortReason.set(reason);
            // Nothing else wakes a process blocked in msgsnd/msgrcv: removing the queue makes them fail with EIDRM.
            SysvIpc.removeQueue(out);
            SysvIpc.removeQueue(in);
        }

        @Override
        public void close() {
            // Nothing to do: the queues belong to the listener, which removes them; the buffers go with the channel.
        }
    }
}
