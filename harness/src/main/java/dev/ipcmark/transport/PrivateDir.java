package dev.ipcmark.transport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * A directory only this user can enter (0700), for socket files, FIFOs and peer logs: other users cannot connect
 * to or replace what is inside. Removed with its contents on {@link #close()} or at JVM shutdown.
 */
public final class PrivateDir implements AutoCloseable {
    private final Path path;
    private final Leftovers.Registration registration;

    private PrivateDir(Path path) {
        this.path = path;
        this.registration = Leftovers.register(
                "private directory " + path,
                () -> Leftovers.removeTree(path.getParent(), path.getFileName().toString()));
    }

    /** Creates a new private directory in the system's temporary directory. */
    public static PrivateDir create() {
        Path path = TempRoot.get().resolve(Leftovers.newName());
        try {
            Files.createDirectory(
                    path, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create private directory " + path, e);
        }
        return new PrivateDir(path);
    }

    /** The directory. */
    public Path path() {
        return path;
    }

    /** A path inside the directory. */
    public Path resolve(String name) {
        return path.resolve(name);
    }

    /** Removes the directory and everything in it. */
    @Override
    public void close() {
        registration.release();
    }
}
