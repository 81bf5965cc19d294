package dev.ipcmark.transport;

import dev.ipcmark.nativeio.Fd;

/**
 * Two anonymous pipes made by the benchmark process, one per direction, whose far ends the peer inherits as stdin and
 * stdout ({@link InheritedStdio}): the data path of the pipe transport and the doorbell of shared memory.
 */
final class PipePair {
    private final int[] toPeer;
    private final int[] fromPeer;
    private boolean handedOver;
    private boolean closed;

    private PipePair(int[] toPeer, int[] fromPeer) {
        this.toPeer = toPeer;
        this.fromPeer = fromPeer;
    }

    /** Creates both pipes; {@code configure} is applied to each write end (e.g. the pipe size). */
    static PipePair create(java.util.function.IntConsumer configure) {
        int[] toPeer = Fd.pipe();
        int[] fromPeer = null;
        try {
            fromPeer = Fd.pipe();
            configure.accept(toPeer[1]);
            configure.accept(fromPeer[1]);
            return new PipePair(toPeer, fromPeer);
        } catch (RuntimeException e) {
            closeAll(toPeer);
            if (fromPeer != null) {
                closeAll(fromPeer);
            }
            throw e;
        }
    }

    /** What the peer inherits: the read end of one pipe as stdin, the write end of the other as stdout. */
    InheritedStdio forPeer() {
        return new InheritedStdio(toPeer[0], fromPeer[1]);
    }

    /**
     * Closes this process's copies of the peer's ends once the peer holds its own (else a dead peer's pipe would never
     * read as end-of-file here).
     */
    void handOver() {
        handedOver = true;
        closeAll(toPeer[0], fromPeer[1]);
    }

    /** The end this process reads what the peer writes. */
    int readFd() {
        return fromPeer[0];
    }

    /** The end this process writes what the peer reads. */
    int writeFd() {
        return toPeer[1];
    }

    /** Closes every end not handed over; call when set-up fails. */
    void closeUnused() {
        if (!handedOver && !closed) {
            closed = true;
            closeAll(toPeer);
            closeAll(fromPeer);
        }
    }

    private static void closeAll(int... fds) {
        for (int fd : fds) {
            Fd.close(fd);
        }
    }
}
