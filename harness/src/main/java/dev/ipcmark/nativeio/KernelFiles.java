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

    /** The file's value as a number, or {@code fallback} when it cannot be read or is not a number. */
    public static long readLong(Path file, long fallback) {
        try {
            return read(file).map(Long::parseLong).orElse(fallback);
        } catch (NumberFormatException e) {
            return fallback;
        }
    }
}
