package dev.ipcmark.transport;

/**
 * The layout of an ipcmark shared file (version 1): a header, then one mailbox per direction. A mailbox holds one
 * message: the writer fills the payload and bumps {@code published} under an exclusive lock on the mailbox's data range;
 * the reader looks at {@code published} and copies the payload under a shared lock on it, then bumps
 * {@code consumed} under an exclusive lock on the ack range, which the writer reads (shared) before it writes again.
 *
 * <pre>
 *    0 | magic "IPCMFIL1" (8) | version (4) | owner PID (4) | payload bytes (8) |
 *   64 | mailbox 0, listener -> peer:  published (8), pad to 64                   |  data range
 *      |                               payload (payload bytes, padded to 64)      |  data range
 *      |                               consumed (8), pad to 64                    |  ack range
 *      | mailbox 1, peer -> listener: the same                                    |
 * </pre>
 *
 * These methods are the only offsets code may use.
 */
final class SharedFileLayout {
    /** "IPCMFIL1" as a little-endian long. */
    static final long MAGIC = 0x314C49464D435049L;
    /** Bumped whenever anything moves. */
    static final int VERSION = 1;
    /** Offset of the magic number. */
    static final long MAGIC_OFFSET = 0;
    /** Offset of the layout version. */
    static final long VERSION_OFFSET = 8;
    /** Offset of the creator's PID. */
    static final long OWNER_PID_OFFSET = 12;
    /** Offset of the payload capacity of a mailbox. */
    static final long PAYLOAD_BYTES_OFFSET = 16;

    private static final long LINE = 64;
    private static final long MAILBOXES_OFFSET = LINE;

    private final long payloadBytes;

    SharedFileLayout(long payloadBytes) {
        this.payloadBytes = payloadBytes;
    }

    private long paddedPayload() {
        return (payloadBytes + LINE - 1) & -LINE;
    }

    private long mailbox(int box) {
        return MAILBOXES_OFFSET + box * (2 * LINE + paddedPayload());
    }

    /** Offset of mailbox {@code box}'s published counter; its data range starts here. */
    long published(int box) {
        return mailbox(box);
    }

    /** Offset of mailbox {@code box}'s payload. */
    long payload(int box) {
        return mailbox(box) + LINE;
    }

    /** Bytes of mailbox {@code box}'s data range (published counter and payload). */
    long dataBytes() {
        return LINE + paddedPayload();
    }

    /** Offset of mailbox {@code box}'s consumed counter; its ack range is the line it starts. */
    long consumed(int box) {
        return mailbox(box) + LINE + paddedPayload();
    }

    /** Bytes of an ack range. */
    long ackBytes() {
        return LINE;
    }

    /** The file's size. */
    long fileBytes() {
        return mailbox(2);
    }
}
