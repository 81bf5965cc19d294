package dev.ipcmark.transport;

import dev.ipcmark.nativeio.Mqueue;
import dev.ipcmark.nativeio.Shm;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.stream.Stream;

/**
 * The registry of kernel objects this process created and must remove: each is registered before use and released on
 * every exit path, and whatever is still registered when the JVM shuts down is removed by a shutdown hook. Objects
 * left by a process that could not clean up (SIGKILL) are found by {@link #scan} through their names, which carry the
 * creator's PID: {@code ipcmark-<pid>-<random>}.
 */
public final class Leftovers {
    /** Where POSIX shared memory objects appear as files. */
    public static final Path DEV_SHM = Path.of("/dev/shm");
    /** Where POSIX message queues appear, when the mqueue file system is mounted (it often is not). */
    public static final Path DEV_MQUEUE = Path.of("/dev/mqueue");

    private static final java.util.regex.Pattern NAME =
            java.util.regex.Pattern.compile("ipcmark-(\\d+)-[0-9a-f]{16}.*");
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Map<Long, Registration> OUTSTANDING = new LinkedHashMap<>();
    private static final AtomicLong IDS = new AtomicLong();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(Leftovers::releaseAll, "ipcmark-leftovers"));
    }

    private Leftovers() {}

    /** A fresh, unpredictable name that records this process as its creator: {@code ipcmark-<pid>-<16 hex>}. */
    public static String newName() {
        byte[] random = new byte[8];
        RANDOM.nextBytes(random);
        return "ipcmark-" + ProcessHandle.current().pid() + "-" + HexFormat.of().formatHex(random);
    }

    /** Registers an object ({@code what} names it for messages) and how to remove it. */
    public static Registration register(String what, Runnable remover) {
        Registration r = new Registration(IDS.incrementAndGet(), what, remover);
        synchronized (OUTSTANDING) {
            OUTSTANDING.put(r.id, r);
        }
        return r;
    }

    /** What this process has registered and not yet released, oldest first (tests check it is empty). */
    public static List<String> outstanding() {
        synchronized (OUTSTANDING) {
            return OUTSTANDING.values().stream().map(r -> r.what).toList();
        }
    }

    private static void releaseAll() {
        List<Registration> all;
        synchronized (OUTSTANDING) {
            all = new ArrayList<>(OUTSTANDING.values());
        }
        for (Registration r : all.reversed()) {
            try {
                r.release();
            } catch (RuntimeException e) {
                System.err.println("ipcmark: could not remove " + r.what + ": " + e.getMessage());
            }
        }
    }

    /** One registered object. */
    public static final class Registration {
        private final long id;
        private final String what;
        private final Runnable remover;

        private Registration(long id, String what, Runnable remover) {
            this.id = id;
            this.what = what;
            this.remover = remover;
        }

        /** Removes the object (once; later calls do nothing) and forgets it. */
        public void release() {
            if (forget()) {
                remover.run();
            }
        }

        /** Forgets the object without removing it (it is gone already); true the first time. */
        public boolean forget() {
            synchronized (OUTSTANDING) {
                return OUTSTANDING.remove(id) != null;
            }
        }
    }

    /**
     * An ipcmark object found on the machine.
     *
     * @param kind what it is ({@code posix-shm}, {@code sysv-msg}, {@code private-dir} …)
     * @param name where it shows: a path, or a System V key and id
     * @param ownerPid the PID of the process that created it
     * @param ownerAlive whether that process still runs (then the object is in use, not left over)
     * @param remover how to remove it
     */
    public record Found(String kind, String name, long ownerPid, boolean ownerAlive, Runnable remover) {
        /** Removes the object. */
        public void remove() {
            remover.run();
        }
    }

    /**
     * Every ipcmark object in /dev/shm, /dev/mqueue (when mounted), the temporary directory and the System V tables,
     * whoever created it. POSIX queues are only visible with the mqueue file system mounted; ipcmark unlinks their
     * names right after set-up, so only a process killed during set-up can leave one.
     */
    public static List<Found> scan() {
        List<Found> found = new ArrayList<>();
        scanDir(DEV_SHM, "posix-shm", p -> Shm.unlink("/" + p.getFileName()), found);
        scanDir(DEV_MQUEUE, "posix-mq", p -> Mqueue.unlink("/" + p.getFileName()), found);
        scanDir(Path.of(System.getProperty("java.io.tmpdir")), "private-dir", Leftovers::deleteTree, found);
        found.addAll(SysvKeys.scan());
        return found;
    }

    private static void scanDir(Path dir, String kind, java.util.function.Consumer<Path> remover, List<Found> found) {
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (Stream<Path> entries = Files.list(dir)) {
            entries.forEach(p -> ownerOf(p.getFileName().toString())
                    .ifPresent(pid ->
                            found.add(new Found(kind, p.toString(), pid, isAlive(pid), () -> remover.accept(p)))));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
    }

    /** Whether process {@code pid} runs. */
    static boolean isAlive(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    /** The creator PID recorded in an ipcmark name, or empty for a name that is not ipcmark's. */
    public static Optional<Long> ownerOf(String name) {
        Matcher m = NAME.matcher(name);
        return m.matches() ? Optional.of(Long.parseLong(m.group(1))) : Optional.empty();
    }

    static void deleteTree(Path root) {
        if (!Files.exists(root, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove " + root, e);
        }
    }
}
