package dev.ipcmark.transport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * iproute2's {@code ip}, which makes network namespaces and veth pairs (netlink spoken by hand would be a second
 * iproute2). Only a binary root owns and nobody else can write, in a directory of the same kind, is ever run, by its
 * absolute path: on a shared machine a writable {@code ip} or a {@code PATH} entry would run someone's code as root.
 */
final class IpTool {
    private static final List<Path> PLACES =
            List.of(Path.of("/usr/sbin/ip"), Path.of("/sbin/ip"), Path.of("/usr/bin/ip"), Path.of("/bin/ip"));
    private static final long TIMEOUT_S = 10;

    private IpTool() {}

    /** What a run printed and how it ended. */
    record Result(int status, String output) {
        boolean ok() {
            return status == 0;
        }
    }

    /** The trusted binary, or why there is none. */
    static Optional<Path> binary() {
        return PLACES.stream().filter(IpTool::trusted).findFirst();
    }

    /** Why no {@code ip} can be run, for a skip reason; empty when one can. */
    static String missing() {
        return "no iproute2 ip owned by root and writable by root only in " + PLACES;
    }

    private static boolean trusted(Path path) {
        return rootsOnly(path) && rootsOnly(path.toAbsolutePath().getParent());
    }

    private static boolean rootsOnly(Path path) {
        try {
            // The real file behind a link (usr-merge makes /sbin one), checked as a whole chain from there.
            Path real = path.toRealPath();
            PosixFileAttributes a = Files.readAttributes(real, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            Set<PosixFilePermission> p = a.permissions();
            return a.owner().getName().equals("root")
                    && !p.contains(PosixFilePermission.GROUP_WRITE)
                    && !p.contains(PosixFilePermission.OTHERS_WRITE);
        } catch (IOException e) {
            return false;
        }
    }

    /** Runs {@code ip args…} and waits for it (at most 10 s); its output and error output come back together. */
    static Result run(String... args) {
        Path ip = binary().orElseThrow(() -> new TransportException(missing()));
        List<String> command = new ArrayList<>(List.of(ip.toString()));
        command.addAll(List.of(args));
        try {
            Process process =
                    new ProcessBuilder(command).redirectErrorStream(true).start();
            process.getOutputStream().close();
            byte[] output = process.getInputStream().readAllBytes();
            if (!process.waitFor(TIMEOUT_S, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new TransportException(String.join(" ", command) + " did not finish in " + TIMEOUT_S + " s");
            }
            return new Result(process.exitValue(), new String(output, StandardCharsets.UTF_8).strip());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TransportException("interrupted while running " + String.join(" ", command), e);
        }
    }

    /** Runs {@code ip args…} and fails with what it said unless it succeeded. */
    static String require(String... args) {
        Result result = run(args);
        if (!result.ok()) {
            throw new TransportException("ip " + String.join(" ", args) + " failed: " + result.output());
        }
        return result.output();
    }
}
