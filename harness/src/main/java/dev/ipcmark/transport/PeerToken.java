package dev.ipcmark.transport;

import dev.ipcmark.nativeio.Fd;
import dev.ipcmark.nativeio.Poll;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Map;

/**
 * The secret with which a peer proves itself on a socket any local user can reach (TCP and UDP on loopback): 16
 * random bytes made by the benchmark process and handed to its peers in their environment ({@value #ENVIRONMENT}),
 * which only the same user (and root) can read, unlike a command line. A peer sends it first thing on the data socket;
 * the listener drops every connection or datagram that does not start with it and keeps waiting. Sockets in the
 * case's private 0700 directory need no token: no other user can reach them.
 */
public final class PeerToken {
    /** The environment variable a peer finds the token in. */
    public static final String ENVIRONMENT = "IPCMARK_PEER_TOKEN";
    /** The token's length. */
    static final int BYTES = 16;

    private static final byte[] TOKEN = load();

    private PeerToken() {}

    private static byte[] load() {
        String inherited = System.getenv(ENVIRONMENT);
        if (inherited != null && inherited.matches("[0-9a-f]{" + 2 * BYTES + "}")) {
            return HexFormat.of().parseHex(inherited);
        }
        byte[] fresh = new byte[BYTES];
        new SecureRandom().nextBytes(fresh);
        return fresh;
    }

    /** The environment a peer of this process must be started with. */
    public static Map<String, String> environment() {
        return Map.of(ENVIRONMENT, HexFormat.of().formatHex(TOKEN));
    }

    /** The token, to send. */
    static byte[] bytes() {
        return TOKEN.clone();
    }

    /** Whether {@code candidate} starts with the token (compared in constant time). */
    static boolean opens(byte[] candidate) {
        if (candidate.length < BYTES) {
            return false;
        }
        return MessageDigest.isEqual(java.util.Arrays.copyOf(candidate, BYTES), TOKEN);
    }

    /** Writes the token on the connected, blocking stream socket {@code fd}. */
    static void send(int fd) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment token = arena.allocateFrom(ValueLayout.JAVA_BYTE, TOKEN);
            for (long done = 0; done < BYTES; ) {
                long n = Fd.write(fd, token, done, BYTES - done);
                if (n <= 0) {
                    throw new TransportException("could not send the peer token");
                }
                done += n;
            }
        }
    }

    /**
     * Reads {@value #BYTES} bytes from the freshly accepted, blocking stream socket {@code fd}, waiting at most
     * {@code waitMs} for them, and says whether they are the token. A stranger that sends nothing, too little or
     * something else is told apart without ever blocking the listener for long.
     */
    static boolean receivedOn(int fd, int waitMs) {
        long deadline = System.nanoTime() + waitMs * 1_000_000L;
        Poll poll = new Poll();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment buffer = arena.allocate(BYTES);
            for (long done = 0; done < BYTES; ) {
                int left = (int) Math.max(0, (deadline - System.nanoTime()) / 1_000_000);
                if (!poll.await(fd, Poll.POLLIN, left)) {
                    return false;
                }
                long n = Fd.read(fd, buffer, done, BYTES - done);
                if (n <= 0) {
                    return false;
                }
                done += n;
            }
            return opens(buffer.toArray(ValueLayout.JAVA_BYTE));
        } catch (RuntimeException e) {
            // A stranger's connection reset under us is a stranger refused, not a failure of the case.
            return false;
        }
    }
}
