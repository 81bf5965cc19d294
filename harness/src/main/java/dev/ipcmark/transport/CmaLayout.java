package dev.ipcmark.transport;

/**
 * The layout of the cma transport's control segment (version 1). The messages never pass through it: a receiver
 * announces where its buffer is, the sender copies the message straight into it with {@code process_vm_writev} and
 * says so. Every word one process writes sits alone on a 128-byte block, as in {@link ShmLayout}.
 *
 * <pre>
 *   0 +--------------------------------------------------------------+
 *     | magic "IPCMCMA1" (8) | version (4) | reserved (4)              |
 * 128 | side 0, the listener: its PID (8)                              |
 * 256 | side 1, the peer: its PID (8)                                  |
 * 384 | direction 0 (listener -> peer), written by the peer:           |
 *     |   receives announced (8) | buffer address (8) | bytes (8)      |
 * 512 |   written by the listener: messages delivered (8)             |
 * 640 | direction 1 (peer -> listener), written by the listener:       |
 *     |   receives announced (8) | buffer address (8) | bytes (8)      |
 * 768 |   written by the peer: messages delivered (8)                  |
 * 896 +--------------------------------------------------------------+
 * </pre>
 *
 * A receiver writes the address and size of its n-th receive, then n with a release store; the sender waits for n with
 * acquire loads, copies, and stores n as delivered with release semantics, which the receiver waits for. The receiver
 * announces receive n + 1 only after n was delivered, so an announcement is never overwritten while it is used.
 */
final class CmaLayout {
    /** "IPCMCMA1", little-endian. */
    static final long MAGIC = 0x31414D434D435049L;
    /** Bumped whenever an offset or a meaning changes. */
    static final int VERSION = 1;

    static final long MAGIC_OFFSET = 0;
    static final long VERSION_OFFSET = 8;
    static final long BYTES = 896;

    private static final long BLOCK = 128;
    private static final long PIDS = 128;
    private static final long DIRECTIONS = 384;

    private CmaLayout() {}

    /** Where side {@code side} (0 listener, 1 peer) keeps its PID. */
    static long pidOffset(int side) {
        return PIDS + side * BLOCK;
    }

    /** Direction {@code d}'s announcement: the count, then the buffer's address and size (8 bytes each). */
    static long readyOffset(int d) {
        return DIRECTIONS + d * 2 * BLOCK;
    }

    /** Direction {@code d}'s delivered count. */
    static long doneOffset(int d) {
        return readyOffset(d) + BLOCK;
    }
}
