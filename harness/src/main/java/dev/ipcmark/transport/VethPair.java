package dev.ipcmark.transport;

import dev.ipcmark.nativeio.DirFd;
import dev.ipcmark.nativeio.Sockets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;

/**
 * A network namespace for the peer and a veth pair into it: a real network path (two devices, the IP stack twice, a
 * softirq hand-over between them) on one machine. The pair's host end gets {@code 10.231.x.(4n+1)/30} here, its
 * other end {@code …+2} inside the namespace; both and the namespace's loopback are up.
 *
 * <pre>
 *   this process (host namespace)              peer (namespace ipcmark-&lt;pid&gt;-&lt;hex&gt;)
 *   ipcm&lt;8 hex&gt;h  10.231.x.y+1/30  ==veth==  ipcm&lt;8 hex&gt;p  10.231.x.y+2/30
 * </pre>
 *
 * The namespace's name is the only name: once the peer runs inside it, it goes ({@link #name()} is released on accept)
 * and the namespace, with both ends of the pair, lives until its last process ends. Made with iproute2 ({@link
 * IpTool}).
 */
final class VethPair {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Path NETNS = Path.of("/run/netns");
    private static final String KIND = "netns";
    private static final int BASE = 10 << 24 | 231 << 16;
    private static final java.util.regex.Pattern INET =
            java.util.regex.Pattern.compile("inet (\\d+\\.\\d+\\.\\d+\\.\\d+)/(\\d+)");

    private final String namespace;
    private final int hostAddress;
    private final Leftovers.Registration name;

    private VethPair(String namespace, int hostAddress, Leftovers.Registration name) {
        this.namespace = namespace;
        this.hostAddress = hostAddress;
        this.name = name;
    }

    /** Makes the namespace and the pair; on any failure removes what it made. */
    static VethPair create() {
        String namespace = Leftovers.newName();
        String tag = namespace.substring(namespace.length() - 8);
        String hostIf = "ipcm" + tag + "h";
        String peerIf = "ipcm" + tag + "p";
        int host = freeSubnet() + 1;
        IpTool.require("netns", "add", namespace);
        Leftovers.Registration name = Leftovers.register("network namespace " + namespace, () -> remove(namespace));
        try {
            IpTool.require("link", "add", hostIf, "type", "veth", "peer", "name", peerIf, "netns", namespace);
            IpTool.require("addr", "add", Sockets.dotted(host) + "/30", "dev", hostIf);
            IpTool.require("link", "set", hostIf, "up");
            IpTool.require("-n", namespace, "addr", "add", Sockets.dotted(host + 1) + "/30", "dev", peerIf);
            IpTool.require("-n", namespace, "link", "set", peerIf, "up");
            IpTool.require("-n", namespace, "link", "set", "lo", "up");
        } catch (RuntimeException e) {
            name.release();
            throw e;
        }
        return new VethPair(namespace, host, name);
    }

    // Deleting the namespace's name ends it once no process is inside (at once before the peer starts, when the peer
    // ends after), and the pair goes with it: never the link itself, which the running peer may still be using.
    private static void remove(String namespace) {
        TrustedBinary.Result deleted = IpTool.run("netns", "del", namespace);
        if (!deleted.ok() && !deleted.output().contains("No such file")) {
            throw new TransportException("ip netns del " + namespace + " failed: " + deleted.output());
        }
    }

    // A /30 in 10.231.0.0/16 that no interface here uses yet.
    private static int freeSubnet() {
        Set<Integer> used = new HashSet<>();
        Matcher m = INET.matcher(IpTool.require("-o", "-4", "addr", "show"));
        while (m.find()) {
            int address = Sockets.parseDotted(m.group(1));
            if ((address & 0xffff0000) == BASE) {
                used.add(address & ~3);
            }
        }
        for (int attempt = 0; attempt < 64; attempt++) {
            int subnet = BASE | (RANDOM.nextInt(1 << 14) << 2);
            if (!used.contains(subnet) && (subnet & 0xff) != 0xfc) {
                return subnet;
            }
        }
        throw new TransportException("no free /30 left in 10.231.0.0/16 for a veth pair");
    }

    /**
     * The network namespaces with ipcmark names, for {@code ipcmark clean}: each is its creator's until that process
     * is gone. Only root makes namespaces, so one of another owner is not ours.
     */
    static List<Leftovers.Found> scan() {
        if (!Files.isDirectory(NETNS)) {
            return List.of();
        }
        List<Leftovers.Found> found = new ArrayList<>();
        try (DirFd dir = DirFd.open(NETNS.toString())) {
            for (String name : dir.list()) {
                // This process's own are listed too (in use while it runs): tests look for what a case left.
                Optional<Long> creator = Leftovers.ownerOf(name);
                if (creator.isEmpty()) {
                    continue;
                }
                DirFd.Stat stat = dir.statChild(name);
                String shown = NETNS.resolve(name).toString();
                found.add(
                        stat.uid() == DirFd.effectiveUid() && stat.isRegularFile()
                                ? Leftovers.Found.byCreator(KIND, shown, creator.get(), () -> remove(name))
                                : Leftovers.Found.notOurs(KIND, shown, "owned by uid " + stat.uid()));
            }
        } catch (RuntimeException e) {
            throw new TransportException("cannot list " + NETNS + ": " + e.getMessage(), e);
        }
        return found;
    }

    /** The host end's address, where the listener binds (host order). */
    int hostAddress() {
        return hostAddress;
    }

    /** The command the peer's JVM is started under: inside the namespace. */
    List<String> launcher() {
        return List.of(IpTool.binary().orElseThrow().toString(), "netns", "exec", namespace);
    }

    /** The namespace's name, released (the namespace deleted by name) once the peer is inside it. */
    Leftovers.Registration name() {
        return name;
    }
}
