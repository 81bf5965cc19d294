package dev.ipcmark.transport;

import dev.ipcmark.scenario.CaseSpec;
import dev.ipcmark.scenario.Knob;
import dev.ipcmark.scenario.Pattern;
import java.util.List;
import java.util.Optional;

/**
 * An IPC mechanism that can move messages between two processes. The benchmark process {@linkplain #listen listens}
 * (creating the kernel objects), the peer process {@linkplain #connect connects} to the endpoint it is handed.
 *
 * @implSpec Every kernel object is created exclusively (it must not exist yet), with 0600 permissions, under a name
 *     from {@link Leftovers#newName()}, and is registered in {@link Leftovers} before it is used so that no exit path
 *     leaves it behind.
 */
public interface Transport {
    /** One line saying what the mechanism is. */
    String description();

    /** The knobs this transport understands, with the values each accepts; none unless it says so. */
    default List<Knob> knobs() {
        return List.of();
    }

    /** The knobs this transport adds for cases of {@code pattern} only (e.g. shm's huge pages for setup); none by default. */
    default List<Knob> knobs(Pattern pattern) {
        return List.of();
    }

    /**
     * How many times a message's bytes are copied between where the sender has them and where the receiver reads them:
     * 2 when the kernel copies in and out (pipes, sockets, queues) or a ring is written and read out, 1 when one copy
     * lands them where the receiver reads (cma; a transfer copied into shared memory), 0 when the receiver reads the
     * very memory the sender produced in. The rungs of the copy ladder.
     */
    default int copies(CaseSpec spec) {
        return 2;
    }

    /**
     * The transport this one is a library on top of (gRPC: unix-stream; Aeron: shm), whose cases the report puts
     * beside its own to show what the library costs; empty for a raw mechanism.
     */
    default Optional<String> builtOn() {
        return Optional.empty();
    }

    /** What a transfer case of this transport makes before its first payload, and when; a connection by default. */
    default TransferSetup transferSetup(CaseSpec spec) {
        return new TransferSetup.Connection();
    }

    /** The message size {@code ipcmark list} checks a ping-pong case with: 64 bytes, unless that is a size it cannot carry. */
    default long sampleMessageBytes() {
        return 64;
    }

    /**
     * Whether {@code spec} can run on this machine, and if not, why (a kernel limit, a missing feature …); it can,
     * unless the transport says otherwise.
     */
    default Support check(CaseSpec spec) {
        return Support.RUNS;
    }

    /**
     * How the setup pattern makes and destroys this transport's channel, step by step; by default listen, connect in
     * the same process, accept and close ({@link ConnectCycle}); empty when it cannot.
     */
    default Optional<SetupCycle> setupCycle() {
        return Optional.of(new ConnectCycle(this));
    }

    /** The one mailbox several producers share for the fan-in pattern; empty when the transport has none. */
    default Optional<Mailbox> mailbox() {
        return Optional.empty();
    }

    /**
     * Whether the peer process of {@code spec} can only be started once {@link #listen} has made the endpoint, because
     * it starts with what that made: descriptors it inherits ({@link Opening#inheritedStdio}), a launcher into a
     * namespace ({@link Opening#peerLauncher}). By default it cannot: the peer's JVM then starts while this process
     * makes the endpoint, and is told the endpoint over its control link (a case starts a tenth of a second or more
     * sooner).
     */
    default boolean peerStartsWithEndpoint(CaseSpec spec) {
        return false;
    }

    /** Creates the kernel objects for {@code spec} in {@code dir} (a private 0700 directory) and waits for a peer. */
    Listener listen(CaseSpec spec, PrivateDir dir);

    /** Connects to a listener's {@code endpoint} from the peer process. */
    Channel connect(CaseSpec spec, String endpoint);
}
