package dev.ipcmark.transport;

/**
 * The initiating side of a channel being set up: it has created the kernel objects and waits for the peer.
 *
 * @implSpec {@link #endpoint()} is everything the peer needs to {@link Transport#connect connect}; {@link #accept()}
 *     is called after the peer reported that it connected and must not block for long then; {@link #close()} removes
 *     every kernel object that is still named (the channel from {@code accept} lives on on its own).
 */
public interface Listener extends AutoCloseable {
    /** What the peer passes to {@link Transport#connect}: a path, a name or a port. */
    String endpoint();

    /**
     * Descriptors the peer must inherit as stdin and stdout, for transports whose objects have no name; empty (the
     * default) for the rest.
     */
    default java.util.Optional<InheritedStdio> inheritedStdio() {
        return java.util.Optional.empty();
    }

    /** Completes the channel once the peer has connected; removes names nobody needs any more. */
    Channel accept();

    /** Removes whatever this listener still has in the kernel's namespaces. */
    @Override
    void close();
}
