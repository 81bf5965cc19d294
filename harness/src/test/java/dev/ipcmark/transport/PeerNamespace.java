package dev.ipcmark.transport;

import dev.ipcmark.nativeio.Sockets;
import dev.ipcmark.scenario.CaseSpec;
import java.util.List;
import java.util.Optional;

/**
 * A stand-in for another machine in tests: a network namespace joined to this one by a veth pair (the same {@link
 * VethPair} a {@code network: veth} case makes), so that a server started inside it under {@link #launcher()} is
 * reached over a network path, with its own IP stack, not over loopback. {@link #close} deletes the namespace's name;
 * the kernel ends the namespace, and the pair with it, once the last process inside has exited.
 */
public final class PeerNamespace implements AutoCloseable {
    private final VethPair pair;

    private PeerNamespace(VethPair pair) {
        this.pair = pair;
    }

    /** A new namespace and pair, or why none can be made here (not root, no trustworthy {@code ip}). */
    public static Optional<PeerNamespace> create(StringBuilder whyNot) {
        Support support = NetworkPath.check(CaseSpec.parse("ping-pong/tcp/network=veth/size=64"));
        if (!support.runs()) {
            whyNot.append(support.reason().orElseThrow());
            return Optional.empty();
        }
        return Optional.of(new PeerNamespace(VethPair.create()));
    }

    /** The command to start a program inside the namespace with (append the program and its arguments). */
    public List<String> launcher() {
        return pair.launcher();
    }

    /** The address of the namespace's end of the pair, dotted. */
    public String address() {
        return Sockets.dotted(pair.hostAddress() + 1);
    }

    @Override
    public void close() {
        pair.name().release();
    }
}
