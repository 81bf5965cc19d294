package dev.ipcmark.transport;

import dev.ipcmark.nativeio.Fd;
import dev.ipcmark.scenario.CaseSpec;
import dev.ipcmark.scenario.Knob;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Named pipes: two FIFOs ({@code mkfifo}, mode 0600) in the listener's private directory, one per direction, read and
 * written through FFM. The names are unlinked once both processes have them open.
 *
 * <p>Opening a FIFO blocks until the other end opens too, which would deadlock the hand-off (the peer connects before
 * the listener accepts). So each reading end is opened non-blocking first (that never waits) and switched to blocking
 * once open, and each writing end is opened only where its reader exists. Both writing ends exist before the peer
 * reports ready: a FIFO without a writer reads as end-of-file, so the listener opens {@code to-peer} for writing in
 * {@link #listen}, behind a reading end it holds only until {@code accept}.
 */
final class FifoTransport implements Transport {
    private static final int MODE_0600 = 0600;
    private static final String TO_PEER = "to-peer.fifo";
    private static final String FROM_PEER = "from-peer.fifo";
    private static final String MAILBOX = "mailbox.fifo";

    @Override
    public String description() {
        return "named pipe pair (mkfifo), one per direction (kernel copy in and out, byte stream)";
    }

    @Override
    public List<Knob> knobs() {
        return PipeSize.withMode();
    }

    @Override
    public Listener listen(CaseSpec spec, PrivateDir dir) {
        Path toPeer = dir.resolve(TO_PEER);
        Path fromPeer = dir.resolve(FROM_PEER);
        Leftovers.Registration names = Leftovers.register("FIFOs in " + dir.path(), () -> {
            deleteIfExists(toPeer);
            deleteIfExists(fromPeer);
        });
        int readFd = -1;
        int placeholderReader = -1;
        int writeFd = -1;
        try {
            Fd.mkfifo(toPeer.toString(), MODE_0600);
            Fd.mkfifo(fromPeer.toString(), MODE_0600);
            readFd = openReader(fromPeer);
            placeholderReader = Fd.open(toPeer.toString(), Fd.O_RDONLY | Fd.O_NONBLOCK);
            writeFd = Fd.open(toPeer.toString(), Fd.O_WRONLY);
            PipeSize.apply(readFd, spec);
            PipeSize.apply(writeFd, spec);
        } catch (RuntimeException e) {
            closeAll(readFd, placeholderReader, writeFd);
            names.release();
            throw e;
        }
        int reader = readFd;
        int placeholder = placeholderReader;
        int writer = writeFd;
        return Pending.at(dir.path().toString())
                .names(names)
                .unlessAccepted(() -> closeAll(reader, placeholder, writer))
                .listener(() -> {
                    // The peer holds its own reading end of to-peer by now.
                    Fd.close(placeholder);
                    return FdStreamChannel.ofPipes(reader, writer, BlockingMode.of(spec));
                });
    }

    @Override
    public Optional<Mailbox> mailbox() {
        return Optional.of(new Mailbox() {
            @Override
            public Support check(CaseSpec spec) {
                return PipeSize.checkSharedWrites(spec);
            }

            @Override
            public Opening listen(CaseSpec spec, PrivateDir dir, int producers) {
                // One FIFO every producer opens for writing; the receiver's end exists first, so their opens never
                // wait, and it reads nothing before accept, so no placeholder writer is needed.
                Path fifo = dir.resolve(MAILBOX);
                Leftovers.Registration name = Leftovers.register("FIFO " + fifo, () -> deleteIfExists(fifo));
                int reader;
                try {
                    Fd.mkfifo(fifo.toString(), MODE_0600);
                    reader = openReader(fifo);
                } catch (RuntimeException e) {
                    name.release();
                    throw e;
                }
                try {
                    PipeSize.apply(reader, spec);
                } catch (RuntimeException e) {
                    Fd.close(reader);
                    name.release();
                    throw e;
                }
                return Pending.at(fifo.toString())
                        .names(name)
                        .unlessAccepted(() -> Fd.close(reader))
                        .opening(() -> FdStreamChannel.ofPipes(reader, reader, BlockingMode.of(spec)));
            }

            @Override
            public Channel connect(CaseSpec spec, String endpoint) {
                int writer = Fd.open(endpoint, Fd.O_WRONLY);
                return FdStreamChannel.ofPipes(writer, writer, BlockingMode.of(spec));
            }
        });
    }

    @Override
    public Channel connect(CaseSpec spec, String endpoint) {
        Path dir = Path.of(endpoint);
        int readFd = openReader(dir.resolve(TO_PEER));
        try {
            int writeFd = Fd.open(dir.resolve(FROM_PEER).toString(), Fd.O_WRONLY);
            return FdStreamChannel.ofPipes(readFd, writeFd, BlockingMode.of(spec));
        } catch (RuntimeException e) {
            Fd.close(readFd);
            throw e;
        }
    }

    private static int openReader(Path fifo) {
        int fd = Fd.open(fifo.toString(), Fd.O_RDONLY | Fd.O_NONBLOCK);
        Fd.setNonBlocking(fd, false);
        return fd;
    }

    private static void closeAll(int... fds) {
        for (int fd : fds) {
            if (fd >= 0) {
                Fd.close(fd);
            }
        }
    }

    private static void deleteIfExists(Path path) {
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
