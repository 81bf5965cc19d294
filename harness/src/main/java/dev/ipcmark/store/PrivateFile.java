package dev.ipcmark.store;

import dev.ipcmark.nativeio.DirFd;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * The SQLite store's file, made private to its user before SQLite opens it: SQLite would create it world-readable
 * (umask), and would follow a link planted in its place. SQLite gives its {@code -wal} and {@code -shm} files the
 * database file's permissions, so they are private too.
 */
final class PrivateFile {
    private PrivateFile() {}

    /** Creates {@code file} (mode 0600, its missing directories 0700), or checks the one there is ours and plain. */
    static void ensure(Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (!Files.isDirectory(parent)) {
            Files.createDirectories(
                    parent, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        }
        try {
            // O_CREAT|O_EXCL: never through a link, never someone else's file.
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            return;
        } catch (FileAlreadyExistsException e) {
            // There already: check it below.
        }
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            throw new StoreException(file + " is not a plain file (a link or something else): not opened as the store");
        }
        Object owner = Files.getAttribute(file, "unix:uid", LinkOption.NOFOLLOW_LINKS);
        if (((Number) owner).longValue() != DirFd.effectiveUid()) {
            throw new StoreException(file + " belongs to user " + owner + ", not to this one: not opened as the store");
        }
    }
}
