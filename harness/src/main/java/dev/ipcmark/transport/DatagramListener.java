package dev.ipcmark.transport;

import dev.ipcmark.nativeio.Fd;
import dev.ipcmark.nativeio.Poll;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

/**
 * The listening side of a connectionless datagram socket (AF_UNIX datagram, UDP): there is no accept, so the peer binds
 * its own address, connects to the listener's, and announces its address in one first datagram that opens with the
 * {@linkplain PeerToken peer token}; {@link #accept} takes the first datagram that does (a loopback UDP port can be
 * reached by any local user: whatever else arrives is dropped) and connects back, after which the kernel delivers to
 * each side only what the other sends. Strays that arrived before the connect are drained, on both sides, before any
 * message flows: in every pattern the peer speaks only after it has heard from the listener.
 */
final class DatagramListener implements Listener {
    /** Connects the listener's socket to the peer address a handshake announced and wraps it as a channel. */
    interface ConnectBack {
        /** Connects {@code fd} to {@code announced} and returns the channel. */
        Channel connect(int fd, String announced);
    }

    private static final long ANNOUNCEMENT_MAX_BYTES = 512;
    private static final Duration AUTHENTICATION_DEADLINE = Duration.ofSeconds(10);

    private final int fd;
    private final String endpoint;
    private final ConnectBack connectBack;
    private final Leftovers.Registration names;
    private final List<String> launcher;
    private boolean accepted;
    private boolean closed;

    /** A listener over the bound socket {@code fd}; {@code names} (may be null) is released on accept or close. */
    DatagramListener(int fd, String endpoint, ConnectBack connectBack, Leftovers.Registration names) {
        this(fd, endpoint, connectBack, names, List.of());
    }

    /** As {@link #DatagramListener(int, String, ConnectBack, Leftovers.Registration)}, its peers started under {@code launcher}. */
    DatagramListener(
            int fd, String endpoint, ConnectBack connectBack, Leftovers.Registration names, List<String> launcher) {
        this.fd = fd;
        this.endpoint = endpoint;
        this.connectBack = connectBack;
        this.names = names;
        this.launcher = List.copyOf(launcher);
    }

    /**
     * Sends the peer token and the peer's own address as the first datagram on its connected socket {@code fd}, after
     * dropping whatever strangers sent to it before it was connected.
     */
    static void announce(int fd, String self) {
        drain(fd);
        byte[] token = PeerToken.bytes();
        byte[] address = self.getBytes(StandardCharsets.UTF_8);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment datagram = arena.allocate(token.length + address.length);
            MemorySegment.copy(token, 0, datagram, ValueLayout.JAVA_BYTE, 0, token.length);
            MemorySegment.copy(address, 0, datagram, ValueLayout.JAVA_BYTE, token.length, address.length);
            if (Fd.write(fd, datagram, 0, datagram.byteSize()) != datagram.byteSize()) {
                throw new TransportException("could not announce " + self + " to the listener");
            }
        }
    }

    @Override
    public String endpoint() {
        return endpoint;
    }

    @Override
    public List<String> peerLauncher() {
        return launcher;
    }

    @Override
    public Channel accept() {
        String announced = awaitAnnouncement();
        Channel channel = connectBack.connect(fd, announced);
        drain(fd);
        accepted = true;
        if (names != null) {
            names.release();
        }
        return channel;
    }

    /** The address in the first datagram that opens with the peer token; every other datagram is dropped. */
    private String awaitAnnouncement() {
        long deadline = System.nanoTime() + AUTHENTICATION_DEADLINE.toNanos();
        Poll poll = new Poll();
        int strangers = 0;
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment buffer = arena.allocate(ANNOUNCEMENT_MAX_BYTES);
            while (true) {
                // The peer announced itself before it reported ready, so its datagram is queued and this does not wait.
                int left = (int) Math.max(0, (deadline - System.nanoTime()) / 1_000_000);
                if (left == 0 || !poll.await(fd, Poll.POLLIN, left)) {
                    throw new TransportException("no datagram to " + endpoint + " proved to come from the peer within "
                            + AUTHENTICATION_DEADLINE.toSeconds() + " s"
                            + (strangers > 0 ? " (" + strangers + " datagram(s) without the peer token dropped)" : ""));
                }
                long n = Fd.read(fd, buffer, 0, ANNOUNCEMENT_MAX_BYTES);
                byte[] datagram = n > 0 ? buffer.asSlice(0, n).toArray(ValueLayout.JAVA_BYTE) : new byte[0];
                if (PeerToken.opens(datagram)) {
                    if (strangers > 0) {
                        System.err.printf(
                                "ipcmark: dropped %d datagram(s) to %s without the peer token%n", strangers, endpoint);
                    }
                    return new String(
                            datagram, PeerToken.BYTES, datagram.length - PeerToken.BYTES, StandardCharsets.UTF_8);
                }
                strangers++;
            }
        }
    }

    /** Reads and drops every datagram queued on {@code fd}, without waiting for more. */
    private static void drain(int fd) {
        Poll poll = new Poll();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment buffer = arena.allocate(ANNOUNCEMENT_MAX_BYTES);
            while (poll.await(fd, Poll.POLLIN, 0)) {
                if (Fd.read(fd, buffer, 0, ANNOUNCEMENT_MAX_BYTES) <= 0) {
                    return;
                }
            }
        }
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
