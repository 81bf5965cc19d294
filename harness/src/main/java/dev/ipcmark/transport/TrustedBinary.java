package dev.ipcmark.transport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * A system program ipcmark runs (iproute2's {@code ip}, OpenSSH's {@code ssh}), found only at absolute paths and only
 * when root owns it and its directory and nobody else can write either: on a shared machine a writable program or a
 * {@code PATH} entry would run someone's code as the user running ipcmark, often root.
 */
final class TrustedBinary {
    private TrustedBinary() {}

    /** What a program printed (output and errors together) and how it ended (-1: it did not end in time). */
    record Result(int status, String output) {
        boolean ok() {
            return status == 0;
        }
    }

    /** Runs {@code command} with nothing on its stdin and waits up to {@code timeoutS} seconds for it. */
    static Result run(List<String> command, long timeoutS) {
        try {
            Process process =
                    new ProcessBuilder(command).redirectErrorStream(true).start();
            process.getOutputStream().close();
            byte[] output = process.getInputStream().readAllBytes();
            if (!process.waitFor(timeoutS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return new Result(-1, String.join(" ", command) + " did not finish in " + timeoutS + " s");
            }
            return new Result(process.exitValue(), new String(output, StandardCharsets.UTF_8).strip());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TransportException("interrupted while running " + String.join(" ", command), e);
        }
    }

    /** The first of {@code places} that is trustworthy. */
    static Optional<Path> find(List<Path> places) {
        return places.stream().filter(TrustedBinary::trusted).findFirst();
    }

    private static boolean trusted(Path path) {
        return rootsOnly(path) && rootsOnly(path.toAbsolutePath().getParent());
    }

    private static boolean rootsOnly(Path path) {
        try {
            // The real file behind a link (usr-merge makes /sbin one).
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
}
