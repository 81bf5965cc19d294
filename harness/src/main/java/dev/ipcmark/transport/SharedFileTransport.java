package dev.ipcmark.transport;

import dev.ipcmark.nativeio.Fd;
import dev.ipcmark.nativeio.MappedCopier;
import dev.ipcmark.nativeio.Shm;
import dev.ipcmark.scenario.CaseSpec;
import dev.ipcmark.scenario.Knob;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Path;
import java.util.List;

/**
 * A regular file both processes open, laid out as in {@link SharedFileLayout}, guarded by file locks: writers take an
 * exclusive lock and readers a shared one, with {@code flock}, {@code fcntl} record locks or open-file-description
 * locks ({@link LockKind}). Data moves with {@code pread}/{@code pwrite} or through a shared mapping of the same file
 * (the {@value #IO} knob). A reader finds new messages by polling under its shared lock, so every look is a pair of
 * lock calls: the cost this transport exists to show. The file lives in the private directory and is unlinked once
 * both processes have it open.
 */
final class SharedFileTransport implements Transport {
    /** The data-movement knob. */
    static final String IO = "io";

    private static final String PWRITE = "pwrite";
    private static final String MMAP = "mmap";
    private static final String FILE = "shared.file";
    private static final int MODE_0600 = 0600;

    @Override
    public String description() {
        return "shared regular file guarded by file locks, polled by the reader (syscalls per look and per message)";
    }

    /** Which file lock guards the file. */
    private static final Knob LOCK = Knob.choice(
                    LockKind.KNOB, "flock, fcntl record locks, or open-file-description locks", LockKind.ids())
            .asStrategy();

    /** How the file is read and written. */
    private static final Knob ACCESS = Knob.choice(
                    IO, "pread/pwrite, or a shared mapping of the file", List.of(PWRITE, MMAP))
            .asStrategy();

    @Override
    public List<Knob> knobs() {
        return List.of(LOCK, ACCESS);
    }

    @Override
    public Listener listen(CaseSpec spec, PrivateDir dir) {
        SharedFileLayout layout = new SharedFileLayout(spec.messageBytes());
        Path file = dir.resolve(FILE);
        int fd = Fd.create(file.toString(), MODE_0600);
        Leftovers.Registration name =
                Leftovers.register("shared file " + file, () -> SocketListener.deleteQuietly(file));
        try {
            Fd.truncate(fd, layout.fileBytes());
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment header = arena.allocate(64);
                header.set(ValueLayout.JAVA_LONG, SharedFileLayout.MAGIC_OFFSET, SharedFileLayout.MAGIC);
                header.set(ValueLayout.JAVA_INT, SharedFileLayout.VERSION_OFFSET, SharedFileLayout.VERSION);
                header.set(ValueLayout.JAVA_INT, SharedFileLayout.OWNER_PID_OFFSET, (int)
                        ProcessHandle.current().pid());
                header.set(ValueLayout.JAVA_LONG, SharedFileLayout.PAYLOAD_BYTES_OFFSET, spec.messageBytes());
                Fd.writeFully(fd, header, 0);
            }
        } catch (RuntimeException e) {
            Fd.close(fd);
            name.release();
            throw e;
        }
        return Pending.at(file.toString())
                .names(name)
                .unlessAccepted(() -> Fd.close(fd))
                .listener(() -> new FileChannel(fd, 0, layout, spec));
    }

    @Override
    public Channel connect(CaseSpec spec, String endpoint) {
        SharedFileLayout layout = new SharedFileLayout(spec.messageBytes());
        int fd = Fd.open(endpoint, Fd.O_RDWR);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment header = arena.allocate(64);
            Fd.readFully(fd, header, 0);
            if (header.get(ValueLayout.JAVA_LONG, SharedFileLayout.MAGIC_OFFSET) != SharedFileLayout.MAGIC
                    || header.get(ValueLayout.JAVA_INT, SharedFileLayout.VERSION_OFFSET) != SharedFileLayout.VERSION
                    || header.get(ValueLayout.JAVA_LONG, SharedFileLayout.PAYLOAD_BYTES_OFFSET)
                            != spec.messageBytes()) {
                throw new TransportException(endpoint + " is not an ipcmark shared file of layout "
                        + SharedFileLayout.VERSION + " for " + spec.messageBytes() + "-byte messages");
            }
            return new FileChannel(fd, 1, layout, spec);
        } catch (RuntimeException e) {
            Fd.close(fd);
            throw e;
        }
    }

    /** Reads and writes the file: through pread/pwrite, or through a mapping. */
    private interface FileAccess {
        long readLong(long position);

        void writeLong(long position, long value);

        void read(long position, MemorySegment into);

        void write(long position, MemorySegment from);

        void close();
    }

    private static final class PositionedIo implements FileAccess {
        private final int fd;
        private final MemorySegment word = Arena.ofAuto().allocate(8, 8);

        PositionedIo(int fd) {
            this.fd = fd;
        }

        @Override
        public long readLong(long position) {
            Fd.readFully(fd, word, position);
            return word.get(ValueLayout.JAVA_LONG, 0);
        }

        @Override
        public void writeLong(long position, long value) {
            word.set(ValueLayout.JAVA_LONG, 0, value);
            Fd.writeFully(fd, word, position);
        }

        @Override
        public void read(long position, MemorySegment into) {
            Fd.readFully(fd, into, position);
        }

        @Override
        public void write(long position, MemorySegment from) {
            Fd.writeFully(fd, from, position);
        }

        @Override
        public void close() {}
    }

    private static final class MappedIo implements FileAccess {
        private final MemorySegment file;
        // The payloads' copies, which skip the shared arena's two atomic updates per downcall (see MappedCopier).
        private final MappedCopier payloads;

        MappedIo(int fd, long bytes) {
            Shm.Mapping mapping = Shm.map(fd, bytes);
            this.file = mapping.segment();
            this.payloads = new MappedCopier(mapping);
        }

        // The lock calls around every access are full barriers: plain accesses suffice.
        @Override
        public long readLong(long position) {
            return file.get(ValueLayout.JAVA_LONG, position);
        }

        @Override
        public void writeLong(long position, long value) {
            file.set(ValueLayout.JAVA_LONG, position, value);
        }

        @Override
        public void read(long position, MemorySegment into) {
            payloads.copyOut(position, into, 0, into.byteSize());
        }

        @Override
        public void write(long position, MemorySegment from) {
            payloads.copyIn(from, 0, position, from.byteSize());
        }

        @Override
        public void close() {
            payloads.closeQuietly();
        }
    }

    /** One side: writes mailbox {@code out}, reads the other. */
    private static final class FileChannel implements Channel {
        private final int fd;
        private final int out;
        private final int in;
        private final SharedFileLayout layout;
        private final FileAccess file;
        private final LockKind.Locker sendLocks;
        private final LockKind.Locker receiveLocks;
        private final AbortReason abortReason = new AbortReason();
        private long sent;
        private long received;
        private boolean closed;

        FileChannel(int fd, int out, SharedFileLayout layout, CaseSpec spec) {
            this.fd = fd;
            this.out = out;
            this.in = 1 - out;
            this.layout = layout;
            LockKind kind = spec.choice(LOCK, LockKind.class);
            this.sendLocks = kind.locker(fd);
            this.receiveLocks = kind.locker(fd);
            this.file = spec.knob(ACCESS).equals(MMAP) ? new MappedIo(fd, layout.fileBytes()) : new PositionedIo(fd);
        }

        @Override
        public void send(MemorySegment message) {
            // One message per mailbox: wait (shared lock on the ack range) until the last one was taken.
            long ack = layout.consumed(out);
            for (int spins = 0; ; spins++) {
                sendLocks.lock(ack, layout.ackBytes(), false);
                long consumed = file.readLong(ack);
                sendLocks.unlock(ack, layout.ackBytes());
                if (consumed == sent) {
                    break;
                }
                idle();
            }
            long data = layout.published(out);
            sendLocks.lock(data, layout.dataBytes(), true);
            try {
                file.write(layout.payload(out), message);
                file.writeLong(data, ++sent);
            } finally {
                sendLocks.unlock(data, layout.dataBytes());
            }
        }

        @Override
        public void receive(MemorySegment into) {
            long data = layout.published(in);
            while (true) {
                receiveLocks.lock(data, layout.dataBytes(), false);
                try {
                    if (file.readLong(data) > received) {
                        file.read(layout.payload(in), into);
                        break;
                    }
                } finally {
                    receiveLocks.unlock(data, layout.dataBytes());
                }
                idle();
            }
            long ack = layout.consumed(in);
            receiveLocks.lock(ack, layout.ackBytes(), true);
            try {
                file.writeLong(ack, ++received);
            } finally {
                receiveLocks.unlock(ack, layout.ackBytes());
            }
        }

        private void idle() {
            abortReason.throwIfSet();
            Thread.onSpinWait();
        }

        @Override
        public void abort(String reason) {
            abortReason.set(reason);
        }

        @Override
        public synchronized void close() {
            if (!closed) {
                closed = true;
                file.close();
                Fd.close(fd);
            }
        }
    }
}
