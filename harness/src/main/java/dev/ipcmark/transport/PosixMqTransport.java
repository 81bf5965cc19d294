package dev.ipcmark.transport;

import dev.ipcmark.nativeio.Fd;
import dev.ipcmark.nativeio.KernelFiles;
import dev.ipcmark.nativeio.Mqueue;
import dev.ipcmark.nativeio.Poll;
import dev.ipcmark.scenario.CaseSpec;
import dev.ipcmark.scenario.Knob;
import dev.ipcmark.scenario.Sizes;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * POSIX message queues: two queues ({@code mq_open}, mode 0600), one per direction. A message is one queue message, or
 * with {@code split=yes} as many as the queue's message size requires. Knobs: the blocking mode (a Linux queue
 * descriptor is a file descriptor, so {@code poll(2)} works on it), the queue depth ({@value #MAXMSG}) and message size
 * ({@value #MSGSIZE}), and the priority messages are sent with. Sizes beyond what the kernel allows this process
 * ({@code fs.mqueue.*}, RLIMIT_MSGQUEUE, unless it holds CAP_SYS_RESOURCE) are skipped with that reason. The names are
 * unlinked as soon as the peer has opened both queues.
 */
final class PosixMqTransport implements Transport {
    /** The queue depth knob. */
    static final String MAXMSG = "mq-maxmsg";
    /** The queue message size knob. */
    static final String MSGSIZE = "mq-msgsize";
    /** The send priority knob. */
    static final String PRIORITY = "priority";
    /** Whether messages larger than the queue's message size are split. */
    static final String SPLIT = "split";

    private static final Path MSGSIZE_MAX = Path.of("/proc/sys/fs/mqueue/msgsize_max");
    private static final Path MSG_MAX = Path.of("/proc/sys/fs/mqueue/msg_max");
    private static final int CAP_SYS_RESOURCE = 24;
    // The kernel's hard limits, which bind even a privileged process (ipc/mqueue.c).
    private static final long HARD_MSGMAX = 65536;
    private static final long HARD_MSGSIZEMAX = 16 << 20;
    // What the kernel charges per message on top of its bytes against RLIMIT_MSGQUEUE (a pointer, roughly).
    private static final long PER_MESSAGE_OVERHEAD = 64;
    private static final long MQ_PRIO_MAX = 32768;
    private static final String TO_PEER = "-to-peer";
    private static final String FROM_PEER = "-from-peer";
    private static final String MAILBOX = "-mailbox";

    @Override
    public String description() {
        return "POSIX message queue pair (mq_open), one queue message per message (kernel copy in and out)";
    }

    @Override
    public List<Knob> knobs() {
        return KNOBS;
    }

    // This machine's limits and the knobs they bound, read once per process (at class initialisation, declared after
    // the
    // constants they use): cases read them while they set up, and the setup pattern measures that path, which must not
    // read /proc.
    private static final Limits LIMITS = Limits.here();
    private static final List<Knob> KNOBS = readKnobs();

    /** The knobs, with this machine's LIMITS. */
    private static List<Knob> readKnobs() {
        return List.of(
                BlockingMode.knob(),
                Knob.number(MAXMSG, "queue depth (mq_maxmsg)", Math.min(10, LIMITS.maxMessages), 1, LIMITS.maxMessages),
                Knob.size(
                        MSGSIZE,
                        "queue message size (mq_msgsize)",
                        1,
                        LIMITS.maxMessageBytes,
                        LIMITS.source,
                        "the case's message size, or with split the largest allowed"),
                Knob.number(PRIORITY, "priority every message is sent with", 0, 0, MQ_PRIO_MAX - 1),
                Knob.choice(SPLIT, "split messages larger than mq-msgsize into several", List.of("no", "yes")));
    }

    /** What the kernel lets this process create: the sysctls, or the hard limits with CAP_SYS_RESOURCE. */
    private record Limits(long maxMessages, long maxMessageBytes, long queueBytes, String source) {
        static Limits here() {
            if (KernelFiles.hasCapability(CAP_SYS_RESOURCE)) {
                return new Limits(HARD_MSGMAX, HARD_MSGSIZEMAX, Long.MAX_VALUE, "the kernel's hard limit");
            }
            return new Limits(
                    KernelFiles.readLong(MSG_MAX, 10),
                    KernelFiles.readLong(MSGSIZE_MAX, 8192),
                    KernelFiles.softLimit("Max msgqueue size", Long.MAX_VALUE),
                    "fs.mqueue.msgsize_max");
        }
    }

    /** The shape of one case's queues. */
    private record Shape(long depth, long queueMessageBytes, long chunkBytes, int priority) {
        static Shape of(CaseSpec spec) {
            List<Knob> knobs = KNOBS;
            long depth = Long.parseLong(spec.knob(knobs, MAXMSG));
            String size = spec.knob(knobs, MSGSIZE);
            boolean split = spec.knob(knobs, SPLIT).equals("yes");
            // By default a queue message is the case's message, or with split the most this process may have.
            long queueBytes = size.equals(Knob.KERNEL_DEFAULT)
                    ? (split ? Math.min(spec.messageBytes(), LIMITS.maxMessageBytes) : spec.messageBytes())
                    : Sizes.parse(size);
            long chunk = split ? Math.min(queueBytes, spec.messageBytes()) : spec.messageBytes();
            int priority = Integer.parseInt(spec.knob(knobs, PRIORITY));
            return new Shape(depth, queueBytes, chunk, priority);
        }
    }

    @Override
    public Support check(CaseSpec spec) {
        Shape shape = Shape.of(spec);
        String size = Sizes.format(spec.messageBytes());
        if (shape.chunkBytes > shape.queueMessageBytes) {
            return Support.no("a " + size + " message does not fit in a queue message of "
                    + Sizes.format(shape.queueMessageBytes) + "; set split: yes to send it in several");
        }
        if (shape.queueMessageBytes > LIMITS.maxMessageBytes) {
            return Support.no("a " + Sizes.format(shape.queueMessageBytes) + " queue message exceeds " + LIMITS.source
                    + " (" + LIMITS.maxMessageBytes + " bytes); raise it with sysctl fs.mqueue.msgsize_max="
                    + shape.queueMessageBytes + ", set split: yes, or use smaller messages");
        }
        long charged = 2 * shape.depth * (shape.queueMessageBytes + PER_MESSAGE_OVERHEAD);
        if (charged > LIMITS.queueBytes) {
            return Support.no("two queues of " + shape.depth + " × " + Sizes.format(shape.queueMessageBytes)
                    + " need about " + Sizes.human(charged) + ", more than this user's RLIMIT_MSGQUEUE ("
                    + Sizes.human(LIMITS.queueBytes) + "); lower mq-maxmsg or raise the limit (ulimit -q)");
        }
        return Support.RUNS;
    }

    @Override
    public Listener listen(CaseSpec spec, PrivateDir dir) {
        String base = "/" + Leftovers.newName();
        Shape shape = Shape.of(spec);
        int toPeer = Mqueue.create(base + TO_PEER, shape.depth, shape.queueMessageBytes);
        Leftovers.Registration toName =
                Leftovers.register("POSIX queue " + base + TO_PEER, () -> Mqueue.unlink(base + TO_PEER));
        int fromPeer;
        try {
            fromPeer = Mqueue.create(base + FROM_PEER, shape.depth, shape.queueMessageBytes);
        } catch (RuntimeException e) {
            Mqueue.close(toPeer);
            toName.release();
            throw e;
        }
        Leftovers.Registration fromName =
                Leftovers.register("POSIX queue " + base + FROM_PEER, () -> Mqueue.unlink(base + FROM_PEER));
        return Pending.at(base)
                .names(toName, fromName)
                .unlessAccepted(() -> Mqueue.close(toPeer))
                .unlessAccepted(() -> Mqueue.close(fromPeer))
                .listener(() -> new QueueChannel(toPeer, fromPeer, shape, BlockingMode.of(spec)));
    }

    @Override
    public Optional<Mailbox> mailbox() {
        return Optional.of(new Mailbox() {
            @Override
            public Opening listen(CaseSpec spec, PrivateDir dir, int producers) {
                // One queue that every producer sends into: the kernel serialises their mq_send calls.
                String name = "/" + Leftovers.newName() + MAILBOX;
                int fd = Mqueue.create(name, Shape.of(spec).depth, Shape.of(spec).queueMessageBytes);
                Leftovers.Registration registration =
                        Leftovers.register("POSIX queue " + name, () -> Mqueue.unlink(name));
                return Pending.at(name)
                        .names(registration)
                        .unlessAccepted(() -> Mqueue.close(fd))
                        .opening(() -> new QueueChannel(fd, fd, Shape.of(spec), BlockingMode.of(spec)));
            }

            @Override
            public Channel connect(CaseSpec spec, String endpoint) {
                int fd = Mqueue.open(endpoint);
                return new QueueChannel(fd, fd, Shape.of(spec), BlockingMode.of(spec));
            }
        });
    }

    @Override
    public Channel connect(CaseSpec spec, String endpoint) {
        int in = Mqueue.open(endpoint + TO_PEER);
        try {
            return new QueueChannel(Mqueue.open(endpoint + FROM_PEER), in, Shape.of(spec), BlockingMode.of(spec));
        } catch (RuntimeException e) {
            Mqueue.close(in);
            throw e;
        }
    }

    /** Sends into one queue and receives from the other. */
    private static final class QueueChannel implements Channel {
        // How long one blocking system call may wait before the thread looks for an abort; the message path never
        // waits this long.
        private static final long WAIT_SLICE_MS = 100;

        private final int out;
        private final int in;
        private final Shape shape;
        // Automatic, not shared: a downcall given a segment of a shared arena acquires and releases it with two
        // atomic updates on every message. Freed once the channel is unreachable.
        private final Arena arena = Arena.ofAuto();
        private final MemorySegment sendDeadline;
        private final MemorySegment receiveDeadline;
        // mq_receive wants room for a whole queue message; a shorter one (the last chunk, an 8-byte acknowledgement)
        // lands here first.
        private final MemorySegment staging;
        private final AbortReason abortReason = new AbortReason();
        private final FdWait sendWait;
        private final FdWait receiveWait;
        private boolean closed;

        QueueChannel(int out, int in, Shape shape, BlockingMode mode) {
            this.out = out;
            this.in = in;
            this.shape = shape;
            // Blocking calls take a deadline so a waiting thread can look for an abort; non-blocking ones return at
            // once.
            this.sendDeadline = mode.nonBlocking() ? MemorySegment.NULL : Mqueue.deadlineBuffer(arena);
            this.receiveDeadline = mode.nonBlocking() ? MemorySegment.NULL : Mqueue.deadlineBuffer(arena);
            this.staging = arena.allocate(shape.queueMessageBytes, 64);
            this.sendWait = new FdWait(mode, abortReason);
            this.receiveWait = new FdWait(mode, abortReason);
            if (mode.nonBlocking()) {
                Fd.setNonBlocking(out, true);
                Fd.setNonBlocking(in, true);
            }
        }

        @Override
        public void send(MemorySegment message) {
            long length = message.byteSize();
            for (long done = 0; done < length; done += shape.chunkBytes) {
                MemorySegment chunk = shape.chunkBytes == length
                        ? message
                        : message.asSlice(done, Math.min(shape.chunkBytes, length - done));
                while (!Mqueue.send(out, chunk, shape.priority, sendDeadline, WAIT_SLICE_MS)) {
                    sendWait.await(out, Poll.POLLOUT);
                }
            }
        }

        @Override
        public void receive(MemorySegment into) {
            long length = into.byteSize();
            for (long done = 0; done < length; done += shape.chunkBytes) {
                long expected = Math.min(shape.chunkBytes, length - done);
                MemorySegment target = expected < shape.queueMessageBytes
                        ? staging
                        : expected == length ? into : into.asSlice(done, expected);
                long n;
                while ((n = Mqueue.receive(in, target, receiveDeadline, WAIT_SLICE_MS)) < 0) {
                    receiveWait.await(in, Poll.POLLIN);
                }
                if (n != expected) {
                    throw new TransportException("received a " + n + "-byte queue message, expected " + expected
                            + ": the two ends disagree about message sizes");
                }
                if (target == staging) {
                    MemorySegment.copy(staging, 0, into, done, n);
                }
            }
        }

        @Override
        public void abort(String reason) {
            abortReason.set(reason);
        }

        @Override
        public synchronized void close() {
            if (!closed) {
                closed = true;
                Mqueue.close(out);
                if (in != out) {
                    Mqueue.close(in);
                }
            }
        }
    }
}
