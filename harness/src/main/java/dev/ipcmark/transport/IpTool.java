package dev.ipcmark.transport;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * iproute2's {@code ip}, which makes network namespaces and veth pairs (netlink spoken by hand would be a second
 * iproute2), run by absolute path only when it is a {@link TrustedBinary}.
 */
final class IpTool {
    private static final List<Path> PLACES =
            List.of(Path.of("/usr/sbin/ip"), Path.of("/sbin/ip"), Path.of("/usr/bin/ip"), Path.of("/bin/ip"));
    private static final long TIMEOUT_S = 10;

    private IpTool() {}

    /** The trusted binary, if there is one. */
    static Optional<Path> binary() {
        return TrustedBinary.find(PLACES);
    }

    /** Why no {@code ip} can be run, for a skip reason. */
    static String missing() {
        return "no iproute2 ip owned by root and writable by root only in " + PLACES;
    }

    /** Runs {@code ip args…} and waits for it (at most 10 s); its output and error output come back together. */
    static TrustedBinary.Result run(String... args) {
        Path ip = binary().orElseThrow(() -> new TransportException(missing()));
        List<String> command = new ArrayList<>(List.of(ip.toString()));
        command.addAll(List.of(args));
        return TrustedBinary.run(command, TIMEOUT_S);
    }

    /** Runs {@code ip args…} and fails with what it said unless it succeeded. */
    static String require(String... args) {
        TrustedBinary.Result result = run(args);
        if (!result.ok()) {
            throw new TransportException("ip " + String.join(" ", args) + " failed: " + result.output());
        }
        return result.output();
    }
}
