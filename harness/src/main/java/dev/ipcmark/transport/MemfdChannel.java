package dev.ipcmark.transport;

import dev.ipcmark.nativeio.DescriptorPassing;
import dev.ipcmark.nativeio.Fd;
import dev.ipcmark.nativeio.Memfd;
import dev.ipcmark.nativeio.NativeException;
import dev.ipcmark.nativeio.Shm;
import java.lang.foreign.MemorySegment;

/**
 * Every message is a sealed memory file handed over with {@code SCM_RIGHTS} on a connected AF_UNIX stream socket.
 * {@link #send} writes the message into a new memfd (one copy) and {@link #receive} reads it out (one copy); the
 * {@link HandOver} path maps instead, the sender producing in the file and the receiver reading the mapping (no copy).
 * A received descriptor is used only when it is a memory file sealed against writing, shrinking and growing and holds
 * exactly the message: the sender can change nothing afterwards, and a mapping of it cannot fault beyond its end.
 */
final class MemfdChannel extends FdChannel implements HandOver {
    private final DescriptorPassing sending = new DescriptorPassing();
    private final DescriptorPassing receiving = new DescriptorPassing();
    private int freshFd = -1;
    private Shm.Mapping fresh;
    private int takenFd = -1;
    private Shm.Mapping taken;

    MemfdChannel(int socket, BlockingMode mode) {
        super(socket, socket, true, mode);
    }

    @Override
    public void send(MemorySegment message) {
        int fd = Memfd.create();
        try {
            Fd.writeFully(fd, message, 0);
            pass(fd);
        } finally {
            Fd.close(fd);
        }
    }

    @Override
    public void receive(MemorySegment into) {
        int fd = takeDescriptor(into.byteSize());
        try {
            Fd.readFully(fd, into, 0);
        } finally {
            Fd.close(fd);
        }
    }

    @Override
    public MemorySegment fresh(long bytes) {
        freshFd = Memfd.create();
        try {
            Fd.truncate(freshFd, bytes);
            fresh = Shm.map(freshFd, bytes);
            return fresh.segment();
        } catch (RuntimeException e) {
            Fd.close(freshFd);
            freshFd = -1;
            throw e;
        }
    }

    @Override
    public void handOver() {
        try {
            // F_SEAL_WRITE is refused while a writable shared mapping exists.
            fresh.close();
            pass(freshFd);
        } finally {
            Fd.close(freshFd);
            freshFd = -1;
        }
    }

    @Override
    public MemorySegment take(long bytes) {
        takenFd = takeDescriptor(bytes);
        try {
            taken = Memfd.mapReadOnly(takenFd, bytes);
            return taken.segment();
        } catch (RuntimeException e) {
            Fd.close(takenFd);
            takenFd = -1;
            throw e;
        }
    }

    @Override
    public void release() {
        try {
            taken.close();
        } finally {
            Fd.close(takenFd);
            takenFd = -1;
        }
    }

    // Seals the file for good and sends its descriptor.
    private void pass(int fd) {
        try {
            Memfd.seal(fd, Memfd.SEALED);
            while (!sending.send(writeFd, fd)) {
                awaitWritable();
            }
        } catch (NativeException e) {
            throw failure("send", e);
        }
    }

    // The next descriptor, checked to be a sealed memory file of exactly {@code bytes}; closed if it is not.
    private int takeDescriptor(long bytes) {
        int fd;
        try {
            while ((fd = receiving.receive(readFd)) == DescriptorPassing.NOTHING_YET) {
                awaitReadable();
            }
        } catch (NativeException | IllegalStateException e) {
            throw failure("receive failed: " + e.getMessage());
        }
        if (fd == DescriptorPassing.CLOSED) {
            throw failure("the other end closed");
        }
        try {
            int seals = Memfd.seals(fd);
            long size = Memfd.size(fd);
            if ((seals & Memfd.SEALED) != Memfd.SEALED || size != bytes) {
                throw new TransportException("the descriptor handed over is a file of " + size + " bytes with seals "
                        + Integer.toBinaryString(seals) + ": expected " + bytes + " bytes sealed against writing,"
                        + " shrinking and growing");
            }
            return fd;
        } catch (NativeException e) {
            Fd.close(fd);
            throw new TransportException("the descriptor handed over is not a memory file: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            Fd.close(fd);
            throw e;
        }
    }
}
