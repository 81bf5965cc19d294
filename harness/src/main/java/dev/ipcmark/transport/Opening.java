package dev.ipcmark.transport;

import java.util.List;
import java.util.Optional;

/**
 * Kernel objects created by the benchmark process and waiting for its peer or peers: a one-to-one {@link Listener}, or
 * a fan-in {@link Mailbox} waiting for its producers.
 *
 * @implSpec {@link #endpoint()} is everything a peer needs to connect; {@link #accept()} is called after every peer
 *     reported that it connected and must not block for long then; {@link #close()} removes every kernel object that
 *     is still named (what {@code accept} returned lives on on its own).
 */
public interface Opening extends AutoCloseable {
    /** What a peer connects to: a path, a name or a port. */
    String endpoint();

    /**
     * Descriptors every peer must inherit as stdin and stdout, for objects that have no name; empty (the default) for
     * the rest.
     */
    default Optional<InheritedStdio> inheritedStdio() {
        return Optional.empty();
    }

    /**
     * The command every peer's JVM is started under (e.g. {@code ip netns exec NAME}, to run it in a network namespace
     * of its own); empty (the default) to start it as it is.
     */
    default List<String> peerLauncher() {
        return List.of();
    }

    /** This process's end, once the peers are connected; removes names nobody needs any more. */
    Inbox accept();

    /** Removes whatever is still in the kernel's namespaces. */
    @Override
    void close();
}
