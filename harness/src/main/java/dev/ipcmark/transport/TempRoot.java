package dev.ipcmark.transport;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Where ipcmark makes its temporary objects (private directories, sockets, FIFOs, shared files, JMH's scratch
 * files): {@code TMPDIR} when it is set, as every Unix tool does, else the JVM's {@code java.io.tmpdir}. Forks and
 * peers are handed the same root explicitly ({@link #jvmOptions()}), so all processes of a run agree on it and
 * {@code clean} finds what any of them left.
 */
public final class TempRoot {
    /** System property carrying the root into forks and peers. */
    public static final String PROPERTY = "ipcmark.tmpdir";

    private TempRoot() {}

    /** The root: {@value #PROPERTY}, else {@code TMPDIR}, else {@code java.io.tmpdir}. */
    public static Path get() {
        String fromProperty = System.getProperty(PROPERTY);
        if (fromProperty != null && !fromProperty.isEmpty()) {
            return Path.of(fromProperty);
        }
        String fromEnvironment = System.getenv("TMPDIR");
        if (fromEnvironment != null && !fromEnvironment.isEmpty()) {
            return Path.of(fromEnvironment);
        }
        return Path.of(System.getProperty("java.io.tmpdir"));
    }

    /**
     * Why the root cannot be used (not absolute, missing, not a directory), or empty when it can. A {@code TMPDIR}
     * that points nowhere is a mistake to report, not to paper over with {@code /tmp}.
     */
    public static Optional<String> problem() {
        Path root = get();
        String source = System.getProperty(PROPERTY) != null
                ? PROPERTY
                : System.getenv("TMPDIR") != null && !System.getenv("TMPDIR").isEmpty() ? "TMPDIR" : "java.io.tmpdir";
        if (!root.isAbsolute()) {
            return Optional.of(source + "=" + root + " is not an absolute path");
        }
        if (!Files.isDirectory(root)) {
            return Optional.of(source + "=" + root + " is not a directory");
        }
        if (!Files.isWritable(root)) {
            return Optional.of(source + "=" + root + " is not writable");
        }
        return Optional.empty();
    }

    /** The options that give a forked JVM the same root. */
    public static List<String> jvmOptions() {
        Path root = get();
        return List.of("-D" + PROPERTY + "=" + root, "-Djava.io.tmpdir=" + root);
    }
}
