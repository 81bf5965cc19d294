package dev.ipcmark.transport;

import dev.ipcmark.nativeio.Sockets;
import dev.ipcmark.scenario.CaseSpec;
import dev.ipcmark.scenario.Identified;
import dev.ipcmark.scenario.Knob;
import java.util.List;

/**
 * Where the two processes of a TCP or UDP case meet: the {@value #KNOB} knob. On loopback both ends use 127.0.0.1;
 * over veth the peer runs in a network namespace of its own, joined to this one by a veth pair ({@link VethPair}):
 * what a network path adds to IPC, measured on one machine.
 */
enum NetworkPath implements Identified {
    /** 127.0.0.1 on both ends. */
    LOOPBACK("loopback"),
    /** The peer in its own network namespace, across a veth pair. */
    VETH("veth"),
    /** The peer on another machine ({@link PeerHost}), across the network between them. */
    REMOTE("remote");

    static final String KNOB = "network";

    static final Knob DECLARED = Knob.choice(
                    KNOB,
                    "loopback: both ends on 127.0.0.1; veth: the peer in a network namespace of its own, joined by a"
                            + " veth pair (two devices and the IP stack on each side; needs root); remote: the peer on"
                            + " the machine --peer-host names, started over ssh (the wire between them)",
                    Identified.ids(NetworkPath.class))
            // Keys (and the baselines that hold them) stay as they were before the knob existed.
            .unkeyedAtDefault();

    private final String id;

    NetworkPath(String id) {
        this.id = id;
    }

    @Override
    public String id() {
        return id;
    }

    static NetworkPath of(CaseSpec spec) {
        return spec.choice(DECLARED, NetworkPath.class);
    }

    /**
     * Whether {@code spec}'s path can be made here: a veth pair needs root, iproute2 and network namespaces; a remote
     * peer needs a peer host and ssh.
     */
    static Support check(CaseSpec spec) {
        return switch (of(spec)) {
            case LOOPBACK -> Support.RUNS;
            case VETH -> Probe.VERDICT;
            case REMOTE -> {
                if (PeerHost.current().isEmpty()) {
                    yield Support.no("network: remote needs the machine to run the peer on: run with"
                            + " --peer-host=[USER@]HOST (and --peer-jar, --peer-java where they differ there)");
                }
                yield PeerHost.sshMissing().map(Support::no).orElse(Support.RUNS);
            }
        };
    }

    /** Whether {@code spec}'s peer runs on another machine. */
    static boolean remote(CaseSpec spec) {
        return spec.knobs().containsKey(KNOB) && of(spec) == REMOTE;
    }

    // Made once per JVM: a namespace made and deleted is the one test that says what the kernel allows here.
    private static final class Probe {
        static final Support VERDICT = probe();

        private static Support probe() {
            if (IpTool.binary().isEmpty()) {
                return Support.no(IpTool.missing());
            }
            String name = Leftovers.newName();
            TrustedBinary.Result made = IpTool.run("netns", "add", name);
            if (!made.ok()) {
                return Support.no("network namespaces cannot be made here (ip netns add: " + made.output() + ")");
            }
            IpTool.run("netns", "del", name);
            return Support.RUNS;
        }
    }

    /**
     * Where a listener binds and how its peer reaches it.
     *
     * @param address the listener's IPv4 address (host order)
     * @param launcher the command the peer's JVM runs under (empty on loopback)
     * @param name what to release once the peer is there (null on loopback)
     */
    record Side(int address, List<String> launcher, Leftovers.Registration name) {
        /** The side of {@code spec}'s path, made now (a veth pair and its namespace). */
        static Side open(CaseSpec spec) {
            return switch (of(spec)) {
                case LOOPBACK -> new Side(Sockets.loopback(), List.of(), null);
                case VETH -> {
                    VethPair pair = VethPair.create();
                    yield new Side(pair.hostAddress(), pair.launcher(), pair.name());
                }
                // The peer is started over ssh (Peer): nothing to make here but the address it can reach.
                case REMOTE -> new Side(PeerHost.current().orElseThrow().localAddress(), List.of(), null);
            };
        }

        /** The endpoint of a port here: the port alone on loopback, {@code a.b.c.d:port} elsewhere. */
        String endpoint(int port) {
            return address == Sockets.loopback() ? Integer.toString(port) : Sockets.dotted(address) + ":" + port;
        }

        /** Removes what was made for this side (the namespace's name), if anything. */
        void release() {
            if (name != null) {
                name.release();
            }
        }
    }

    /** The address in an endpoint (host order). */
    static int address(String endpoint) {
        int colon = endpoint.lastIndexOf(':');
        return colon < 0 ? Sockets.loopback() : Sockets.parseDotted(endpoint.substring(0, colon));
    }

    /** The port in an endpoint. */
    static int port(String endpoint) {
        return Integer.parseInt(endpoint.substring(endpoint.lastIndexOf(':') + 1));
    }

    /** An endpoint as a reader knows it: {@code a.b.c.d:port}. */
    static String shown(String endpoint) {
        return Sockets.dotted(address(endpoint)) + ":" + port(endpoint);
    }
}
