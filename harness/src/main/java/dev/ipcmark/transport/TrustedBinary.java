package dev.ipcmark.transport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A system program ipcmark runs (iproute2's {@code ip}, OpenSSH's {@code ssh}), found only at absolute paths and only
 * when root owns it and its directory and nobody else can write either: on a shared machine a writable program or a
 * {@code PATH} entry would run someone's code as the user running ipcmark, often root.
 */
final class TrustedBinary {
    private TrustedBinary() {}

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
