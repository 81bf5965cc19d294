package dev.ipcmark.transport;

import dev.ipcmark.nativeio.KernelFiles;
import dev.ipcmark.nativeio.Mqueue;
import dev.ipcmark.scenario.CaseSpec;
import dev.ipcmark.scenario.Sizes;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;

/**
 * POSIX message queues: two queues ({@code mq_open}, mode 0600), one per direction, each message one queue message.
 * A message larger than {@code fs.mqueue.msgsize_max} is skipped with that limit as its reason. The names are unlinked
 * as soon as the peer has opened both queues.
 */
final class PosixMqTransport implements Transport {
    private static final Path MSGSIZE_MAX = Path.of("/proc/sys/fs/mqueue/msgsize_max");
    private static final Path MSG_MAX = Path.of("/proc/sys/fs/mqueue/msg_max");
    private static final String TO_PEER = "-to-peer";
    private static final String FROM_PEER = "-from-peer";
    // Ping-pong never has more than one message in flight; a little room keeps the sender from ever waiting.
    private static final long DEPTH = 10;

    @Override
    public String description() {
        return "POSIX message queue pair (mq_open), one message per message (kernel copy in and out)";
    }

    @Override
    public Support check(CaseSpec spec) {
        long limit = KernelFiles.readLong(MSGSIZE_MAX, 8192);
        if (spec.messageBytes() > limit) {
            return Support.no("a " + Sizes.format(spec.messageBytes()) + " message exceeds fs.mqueue.msgsize_max ("
                    + limit + " bytes); raise it with sysctl fs.mqueue.msgsize_max=" + spec.messageBytes()
                    + " or use smaller messages");
        }
        return Support.RUNS;
    }

    @Override
    public Listener listen(CaseSpec spec, PrivateDir dir) {
        String base = "/" + Leftovers.newName();
        long depth = Math.min(DEPTH, KernelFiles.readLong(MSG_MAX, DEPTH));
        int toPeer = Mqueue.create(base + TO_PEER, depth, spec.messageBytes());
        Leftovers.Registration toName =
                Leftovers.register("POSIX queue " + base + TO_PEER, () -> Mqueue.unlink(base + TO_PEER));
        int fromPeer;
        try {
            fromPeer = Mqueue.create(base + FROM_PEER, depth, spec.messageBytes());
        } catch (RuntimeException e) {
            Mqueue.close(toPeer);
            toName.release();
            throw e;
        }
        Leftovers.Registration fromName =
                Leftovers.register("POSIX queue " + base + FROM_PEER, () -> Mqueue.unlink(base + FROM_PEER));
        return new Listener() {
            private boolean accepted;

            @Override
            public String endpoint() {
                return base;
            }

            @Override
            public Channel accept() {
                accepted = true;
                toName.release();
                fromName.release();
                return new QueueChannel(toPeer, fromPeer);
            }

            @Override
            public void close() {
                toName.release();
                fromName.release();
                if (!accepted) {
                    Mqueue.close(toPeer);
                    Mqueue.close(fromPeer);
                }
            }
        };
    }

    @Override
    public Channel connect(CaseSpec spec, String endpoint) {
        int in = Mqueue.open(endpoint + TO_PEER);
        try {
            return new QueueChannel(Mqueue.open(endpoint + FROM_PEER), in);
        } catch (RuntimeException e) {
            Mqueue.close(in);
            throw e;
        }
    }

    /** Sends into one queue and receives from the other. */
    private static final class QueueChannel implements Channel {
        // How long one system call may wait before the thread looks for an abort; the message path never waits this
        // long.
        private static final long WAIT_SLICE_MS = 100;

        private final int out;
        private final int in;
        private final Arena arena = Arena.ofShared();
        private final MemorySegment sendDeadline = Mqueue.deadlineBuffer(arena);
        private final MemorySegment receiveDeadline = Mqueue.deadlineBuffer(arena);
        private final AbortReason abortReason = new AbortReason();
        private boolean closed;

        QueueChannel(int out, int in) {
            this.out = out;
            this.in = in;
        }

        @Override
        public void send(MemorySegment message) {
            while (!Mqueue.send(out, message, 0, sendDeadline, WAIT_SLICE_MS)) {
                abortReason.throwIfSet();
            }
        }

        @Override
        public void receive(MemorySegment into) {
            long n;
            while ((n = Mqueue.receive(in, into, receiveDeadline, WAIT_SLICE_MS)) < 0) {
                abortReason.throwIfSet();
            }
            if (n != into.byteSize()) {
                throw new TransportException("received a " + n + "-byte message, expected " + into.byteSize()
                        + ": the two ends disagree about message sizes");
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
                Mqueue.close(in);
                arena.close();
            }
        }
    }
}
