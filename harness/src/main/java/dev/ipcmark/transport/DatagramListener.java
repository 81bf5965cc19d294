package dev.ipcmark.transport;

import dev.ipcmark.nativeio.Fd;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;

/**
 * The listening side of a connectionless datagram socket (AF_UNIX datagram, UDP): there is no accept, so the peer binds
 * its own address, connects to the listener's, and announces its address in one first datagram; {@link #accept} reads
 * that announcement and connects back, after which each side receives only from the other.
 */
final class DatagramListener implements Listener {
    /** Connects the listener's socket to the peer address a handshake announced and wraps it as a channel. */
    interface ConnectBack {
        /** Connects {@code fd} to {@code announced} and returns the channel. */
        Channel connect(int fd, String announced);
    }

    private static final long ANNOUNCEMENT_MAX_BYTES = 512;

    private final int fd;
    private final String endpoint;
    private final ConnectBack connectBack;
    private final Leftovers.Registration names;
    private boolean accepted;
    private boolean closed;

    /** A listener over the bound socket {@code fd}; {@code names} (may be null) is released on accept or close. */
    DatagramListener(int fd, String endpoint, ConnectBack connectBack, Leftovers.Registration names) {
        this.fd = fd;
        this.endpoint = endpoint;
        this.connectBack = connectBack;
        this.names = names;
    }

    /** Sends the peer's own address as the first datagram on its connected socket {@code fd}. */
    static void announce(int fd, String self) {
        try (Arena arena = Arena.ofConfined()) {
            byte[] bytes = self.getBytes(StandardCharsets.UTF_8);
            MemorySegment datagram = arena.allocate(bytes.length);
            MemorySegment.copy(bytes, 0, datagram, java.lang.foreign.ValueLayout.JAVA_BYTE, 0, bytes.length);
            if (Fd.write(fd, datagram, 0, bytes.length) != bytes.length) {
                throw new TransportException("could not announce " + self + " to the listener");
            }
        }
    }

    @Override
    public String endpoint() {
        return endpoint;
    }

    @Override
    public Channel accept() {
        String announced;
        try (Arena arena = Arena.ofConfined()) {
            // The peer announced itself before it reported ready, so the datagram is queued and this does not wait.
            MemorySegment buffer = arena.allocate(ANNOUNCEMENT_MAX_BYTES);
            long n = Fd.read(fd, buffer, 0, ANNOUNCEMENT_MAX_BYTES);
            if (n <= 0) {
                throw new TransportException("the peer's announcement datagram did not arrive");
            }
            announced = new String(
                    buffer.asSlice(0, n).toArray(java.lang.foreign.ValueLayout.JAVA_BYTE), StandardCharsets.UTF_8);
        }
        Channel channel = connectBack.connect(fd, announced);
        accepted = true;
        if (names != null) {
            names.release();
        }
        return channel;
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            try {
                if (!accepted) {
                    Fd.close(fd);
                }
            } finally {
                if (names != null) {
                    names.release();
                }
            }
        }
    }
}
