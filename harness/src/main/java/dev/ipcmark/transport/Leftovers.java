package dev.ipcmark.transport;

import dev.ipcmark.nativeio.DirFd;
import dev.ipcmark.nativeio.Errno;
import dev.ipcmark.nativeio.NativeException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;

/**
 * The registry of kernel objects this process created and must remove: each is registered before use and released on
 * every exit path, and whatever is still registered when the JVM shuts down is removed by a shutdown hook. Objects
 * left by a process that could not clean up (SIGKILL) are found by {@link #scan} through their names, which carry the
 * creator's PID: {@code ipcmark-<pid>-<random>}. A name alone proves nothing on a shared machine: only objects of
 * this user with ipcmark's modes are ever removed, and directories only through descriptors that never follow a link.
 */
public final class Leftovers {
    /** Where POSIX shared memory objects appear as files. */
    public static final Path DEV_SHM = Path.of("/dev/shm");
    /** Where POSIX message queues appear, when the mqueue file system is mounted (it often is not). */
    public static final Path DEV_MQUEUE = Path.of("/dev/mqueue");

    /** The mode of every private directory ipcmark makes. */
    static final int PRIVATE_DIR_MODE = 0700;
    /** The mode of every file-like object ipcmark makes (shm, queues, FIFOs, shared files). */
    static final int PRIVATE_FILE_MODE = 0600;

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

    /** What {@code clean} may do with an object it found. */
    public enum Disposition {
        /** ipcmark's, and its creator is gone: left over. */
        LEFT_OVER,
        /** ipcmark's, and its creator (or a process using it) still runs: kept unless forced. */
        IN_USE,
        /** Named like ipcmark's but not made by this user with ipcmark's mode: never touched. */
        NOT_OURS
    }

    /**
     * An object with an ipcmark name found on the machine.
     *
     * @param kind what it is ({@code posix-shm}, {@code sysv-msg}, {@code private-dir} …)
     * @param name where it shows: a path, or a System V key and id
     * @param disposition whether it is left over, in use, or not ours at all
     * @param detail why: {@code process 123 is gone}, {@code owned by uid 1000, not 0} …
     * @param pids the processes known to have made or used it (empty when none is known)
     * @param remover how to remove it (never run for {@link Disposition#NOT_OURS})
     */
    public record Found(
            String kind, String name, Disposition disposition, String detail, List<Long> pids, Runnable remover) {
        /** Copies the PIDs. */
        public Found {
            pids = List.copyOf(pids);
        }

        /** Removes the object; refuses one that is not ours. */
        public void remove() {
            if (disposition == Disposition.NOT_OURS) {
                throw new IllegalStateException(name + " is not ours: " + detail);
            }
            remover.run();
        }

        /** A found object whose creator is {@code pid}: in use while that process runs, left over after. */
        static Found byCreator(String kind, String name, long pid, Runnable remover) {
            if (pid < 0) {
                return new Found(kind, name, Disposition.IN_USE, "who made it cannot be told", List.of(), remover);
            }
            return isAlive(pid)
                    ? new Found(kind, name, Disposition.IN_USE, "process " + pid + " still runs", List.of(pid), remover)
                    : new Found(
                            kind, name, Disposition.LEFT_OVER, "process " + pid + " is gone", List.of(pid), remover);
        }

        /** A found object this user did not make, or not with ipcmark's mode. */
        static Found notOurs(String kind, String name, String why) {
            return new Found(kind, name, Disposition.NOT_OURS, why, List.of(), () -> {});
        }
    }

    /**
     * Every object with an ipcmark name in /dev/shm, /dev/mqueue (when mounted), the {@linkplain TempRoot temporary
     * directory}, the System V tables and /run/netns (network namespaces of veth cases). Only objects of this user with the mode ipcmark gives them (files 0600,
     * directories 0700; never a link) are ours; the rest are listed as not ours. POSIX queues are only visible with
     * the mqueue file system mounted; ipcmark unlinks their names right after set-up, so only a process killed
     * during set-up can leave one.
     */
    public static List<Found> scan() {
        List<Found> found = new ArrayList<>();
        scanDir(DEV_SHM, "posix-shm", false, found);
        scanDir(DEV_MQUEUE, "posix-mq", false, found);
        scanDir(TempRoot.get(), "private-dir", true, found);
        found.addAll(SysvKeys.scan());
        found.addAll(VethPair.scan());
        return found;
    }

    private static void scanDir(Path dir, String kind, boolean directories, List<Found> found) {
        if (!Files.isDirectory(dir)) {
            return;
        }
        List<String> names;
        try (DirFd parent = DirFd.open(dir.toString())) {
            names = parent.list();
        } catch (RuntimeException e) {
            throw new TransportException("cannot list " + dir + ": " + e.getMessage(), e);
        }
        long self = ProcessHandle.current().pid();
        for (String name : names) {
            // This process's own objects (the launcher's session directory of `clean` itself) are in use by definition.
            ownerOf(name)
                    .filter(pid -> pid != self)
                    .ifPresent(pid -> found.add(examine(dir, name, kind, directories, pid)));
        }
    }

    /**
     * The verdict on {@code dir/name}, an object made by process {@code pid} (-1 when unknown): ours when it is a
     * directory with mode 0700 (or a file with 0600) owned by this user, else not ours.
     */
    public static Found examine(Path dir, String name, String kind, boolean directory, long pid) {
        String shown = dir.resolve(name).toString();
        DirFd.Stat stat;
        try (DirFd parent = DirFd.open(dir.toString())) {
            stat = parent.statChild(name);
        } catch (NativeException e) {
            return Found.notOurs(kind, shown, "cannot be examined: " + e.getMessage());
        }
        Optional<String> problem = notOurs(stat, directory);
        if (problem.isPresent()) {
            return Found.notOurs(kind, shown, problem.get());
        }
        Runnable remover = directory
                ? () -> removeTree(dir, name)
                : () -> {
                    try (DirFd parent = DirFd.open(dir.toString())) {
                        parent.unlinkChild(name, false);
                    }
                };
        return Found.byCreator(kind, shown, pid, remover);
    }

    /**
     * Why {@code stat} is not something ipcmark made for this user: wrong type (a link, for one), wrong owner or wrong
     * mode; empty when it is ours.
     */
    static Optional<String> notOurs(DirFd.Stat stat, boolean directory) {
        long uid = DirFd.effectiveUid();
        if (directory ? !stat.isDirectory() : !stat.isRegularFile()) {
            return Optional.of(
                    (stat.type() == DirFd.S_IFLNK ? "a symbolic link" : "not a " + (directory ? "directory" : "file"))
                            + ", which ipcmark never makes");
        }
        if (stat.uid() != uid) {
            return Optional.of("owned by uid " + stat.uid() + ", not by this user (uid " + uid + ")");
        }
        int expected = directory ? PRIVATE_DIR_MODE : PRIVATE_FILE_MODE;
        if (stat.permissions() != expected) {
            return Optional.of("mode " + stat.octal() + ", not the " + String.format(Locale.ROOT, "%04o", expected)
                    + " ipcmark" + " gives it");
        }
        return Optional.empty();
    }

    /**
     * Removes what process {@code pid} (a JMH fork that was killed) left: every object of this user that it made or
     * used and that no running process uses any more. Failures are reported on stderr, never thrown: this is
     * clean-up after a failure that is being reported already.
     */
    public static void removeLeftOversOf(long pid) {
        try {
            for (Found f : scan()) {
                if (f.disposition() == Disposition.LEFT_OVER && f.pids().contains(pid)) {
                    f.remove();
                }
            }
        } catch (RuntimeException e) {
            System.err.println("ipcmark: could not remove what process " + pid + " left: " + e.getMessage());
        }
    }

    /** Whether process {@code pid} runs. */
    static boolean isAlive(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    /** The creator PID recorded in an ipcmark name, or empty for a name that is not ipcmark's. */
    public static Optional<Long> ownerOf(String name) {
        Matcher m = NAME.matcher(name);
        if (!m.matches() || m.group(1).length() > 10) {
            return Optional.empty();
        }
        return Optional.of(Long.parseLong(m.group(1)));
    }

    /**
     * Removes the directory {@code dir/name} and everything in it without ever following a link, after checking on the
     * opened directory itself that it is this user's with mode 0700 (so a name swapped between the check and the
     * removal cannot redirect it).
     */
    public static void removeTree(Path dir, String name) {
        try (DirFd parent = DirFd.open(dir.toString())) {
            parent.removeTree(name, s -> notOurs(s, true));
        } catch (NativeException e) {
            if (e.errno() != Errno.ENOENT) {
                throw new TransportException("cannot remove " + dir.resolve(name) + ": " + e.getMessage(), e);
            }
        }
    }
}
