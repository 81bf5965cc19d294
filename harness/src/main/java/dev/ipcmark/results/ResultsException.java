package dev.ipcmark.results;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Path;

/**
 * A results file or directory that could not be written: the file system is full, read-only or gone. It names the
 * path and the system's reason in one line, because that is all a user needs to act; it is the machine's fault, not a
 * bug of ipcmark's.
 */
public final class ResultsException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient Path path;

    /** {@code what} failed on {@code path} because of {@code cause}: "cannot write /r/run.json: No space left on device". */
    public ResultsException(String what, Path path, IOException cause) {
        super(what + " " + path + ": " + reason(cause), cause);
        this.path = path;
    }

    /** The path that could not be written. */
    public Path path() {
        return path;
    }

    /** The system's words for {@code e}: "No space left on device", "Read-only file system". */
    static String reason(IOException e) {
        if (e instanceof FileSystemException f && f.getReason() != null) {
            return f.getReason();
        }
        if (e instanceof java.nio.file.FileAlreadyExistsException) {
            return "it exists already";
        }
        if (e instanceof java.nio.file.NoSuchFileException) {
            return "no such file or directory";
        }
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }
}
