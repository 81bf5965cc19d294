package dev.ipcmark.nativeio;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Reads the kernel's text files under {@code /proc} and {@code /sys}. Their reported sizes are not their contents'
 * ({@code Files.readString} returned "8" for an {@code fs.mqueue.msgsize_max} of 8192), so they are read as streams, to
 * end of file.
 */
public final class KernelFiles {
    private KernelFiles() {}

    /** The file's text with surrounding white space removed, or empty when it cannot be read. */
    public static Optional<String> read(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return Optional.of(new String(in.readAllBytes(), StandardCharsets.UTF_8).strip());
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /**
     * True when this process holds capability {@code bit} in its effective set ({@code CapEff} in
     * {@code /proc/self/status}); e.g. 24, CAP_SYS_RESOURCE, which lifts the message queue limits.
     */
    public static boolean hasCapability(int bit) {
        return read(Path.of("/proc/self/status"))
                .flatMap(status ->
                        status.lines().filter(l -> l.startsWith("CapEff:")).findFirst())
                .map(l -> (Long.parseUnsignedLong(l.substring(7).strip(), 16) >>> bit & 1) == 1)
                .orElse(false);
    }

    /** This process's real user id ({@code Uid} in {@code /proc/self/status}), or -1. */
    public static long uid() {
        return idOf("Uid:", 0);
    }

    /** This process's effective group id ({@code Gid} in {@code /proc/self/status}), or -1. */
    public static long gid() {
        return idOf("Gid:", 1);
    }

    // The {@code column}-th id (real, effective, saved, file system) of a Uid: or Gid: line of /proc/self/status.
    private static long idOf(String line, int column) {
        return read(Path.of("/proc/self/status"))
                .flatMap(
                        status -> status.lines().filter(l -> l.startsWith(line)).findFirst())
                .map(l -> Long.parseLong(l.substring(line.length()).strip().split("\\s+")[column]))
                .orElse(-1L);
    }

    /**
     * The soft limit named {@code name} in {@code /proc/self/limits} (e.g. "Max msgqueue size"), or {@code fallback}
     * when it is missing or unlimited.
     */
    public static long softLimit(String name, long fallback) {
        return read(Path.of("/proc/self/limits"))
                .flatMap(
                        limits -> limits.lines().filter(l -> l.startsWith(name)).findFirst())
                .map(l -> l.substring(name.length()).strip().split("\\s+")[0])
                .filter(v -> v.matches("\\d+"))
                .map(Long::parseLong)
                .orElse(fallback);
    }

    /** The file's value as a number, or {@code fallback} when it cannot be read or is not a number. */
    public static long readLong(Path file, long fallback) {
        try {
            return read(file).map(Long::parseLong).orElse(fallback);
        } catch (NumberFormatException e) {
            return fallback;
        }
    }
}
