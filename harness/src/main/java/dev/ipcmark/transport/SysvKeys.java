package dev.ipcmark.transport;

import dev.ipcmark.nativeio.DirFd;
import dev.ipcmark.nativeio.Errno;
import dev.ipcmark.nativeio.KernelFiles;
import dev.ipcmark.nativeio.NativeException;
import dev.ipcmark.nativeio.SysvIpc;
import dev.ipcmark.nativeio.SysvSemaphores;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.IntConsumer;
import java.util.function.IntUnaryOperator;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * Keys of ipcmark's System V objects, which have numbers, not names: the top six bits are a mark ({@code 111011},
 * outside the printable project ids {@code ftok} keys usually start with), the other 26 are random, so no other user
 * can predict a key and take it first. Objects are passed to the peer by id, so the key serves only {@code clean},
 * which requires the mark, mode 0600 and this user as creator before it touches anything, and learns who uses an
 * object from the kernel's own tables in {@code /proc/sysvipc}: a segment's creator ({@code cpid}) and last user
 * ({@code lpid}), a queue's last sender and receiver ({@code lspid}, {@code lrpid}), which {@link SysvIpc#stamp} sets to the
 * creator as soon as the queue exists, and a semaphore set's last operators ({@code semctl GETPID}).
 */
final class SysvKeys {
    private static final int MARK = 0b111011;
    private static final int MARK_SHIFT = 26;
    private static final int RANDOM_MASK = (1 << MARK_SHIFT) - 1;
    private static final int ATTEMPTS = 64;
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Path MSG_TABLE = Path.of("/proc/sysvipc/msg");
    private static final Path SHM_TABLE = Path.of("/proc/sysvipc/shm");
    private static final Path SEM_TABLE = Path.of("/proc/sysvipc/sem");
    // A queue that no process has used yet (its creator died between msgget and the stamp) has no pid to go by: it
    // counts as in use for this long after its creation, then as left over.
    private static final long UNSTAMPED_GRACE_SECONDS = 60;

    private SysvKeys() {}

    /** A fresh random key carrying ipcmark's mark. */
    static int newKey() {
        return MARK << MARK_SHIFT | RANDOM.nextInt(RANDOM_MASK + 1);
    }

    /** Whether {@code key} carries ipcmark's mark. */
    static boolean marked(int key) {
        return key >>> MARK_SHIFT == MARK;
    }

    /**
     * Creates an object with {@code create} (which must fail with EEXIST when the key is taken) under a fresh random
     * key, trying again with another on EEXIST, and returns what it returned.
     */
    static int createExclusive(IntUnaryOperator create) {
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            try {
                return create.applyAsInt(newKey());
            } catch (NativeException e) {
                if (e.errno() != Errno.EEXIST) {
                    throw e;
                }
            }
        }
        throw new TransportException(ATTEMPTS + " random System V keys in a row were taken: the key space is full of"
                + " ipcmark-marked objects; run ipcmark clean");
    }

    /** Creates a queue and stamps it with this process's PID, so that clean can tell whether its user still runs. */
    static int createQueue() {
        int id = createExclusive(SysvIpc::createQueue);
        try {
            SysvIpc.stamp(id);
        } catch (RuntimeException e) {
            SysvIpc.removeQueue(id);
            throw e;
        }
        return id;
    }

    /**
     * Creates a set of {@code count} semaphores (all 0) under a fresh marked key (the caller registers it for removal);
     * the kernel's table has no user PIDs for a set, so clean asks each semaphore for the last process that operated
     * on it.
     */
    static int createSemaphores(int count) {
        return createExclusive(key -> SysvSemaphores.create(key, count));
    }

    /**
     * ipcmark's System V message queues, shared memory segments and semaphore sets: this user's with mode 0600, or not
     * ours.
     */
    static List<Leftovers.Found> scan() {
        List<Leftovers.Found> found = new ArrayList<>();
        scan(MSG_TABLE, "sysv-msg", "msqid", columns("lspid", "lrpid"), SysvIpc::removeQueue, found);
        scan(SHM_TABLE, "sysv-shm", "shmid", columns("cpid", "lpid"), SysvIpc::removeSegment, found);
        scan(SEM_TABLE, "sysv-sem", "semid", SysvKeys::semaphorePids, SysvSemaphores::remove, found);
        return found;
    }

    /** Where the PIDs of an object's users come from: columns of its row, or the kernel asked by its id. */
    @FunctionalInterface
    private interface Users {
        long[] pids(String[] fields, Map<String, Integer> column, int id);
    }

    private static Users columns(String... names) {
        return (f, column, id) -> Arrays.stream(names)
                .mapToLong(c -> Long.parseLong(f[column.get(c)]))
                .toArray();
    }

    private static long[] semaphorePids(String[] f, Map<String, Integer> column, int id) {
        int count = Integer.parseInt(f[column.get("nsems")]);
        long[] pids = new long[count];
        for (int i = 0; i < count; i++) {
            try {
                pids[i] = SysvSemaphores.lastPid(id, i);
            } catch (NativeException e) {
                pids[i] = 0; // removed meanwhile
            }
        }
        return pids;
    }

    private static void scan(
            Path table, String kind, String idColumn, Users users, IntConsumer remover, List<Leftovers.Found> found) {
        long uid = DirFd.effectiveUid();
        KernelFiles.read(table).ifPresent(text -> {
            List<String> lines = text.lines().toList();
            if (lines.isEmpty()) {
                return;
            }
            String[] header = lines.getFirst().strip().split("\\s+");
            Map<String, Integer> column = IntStream.range(0, header.length)
                    .boxed()
                    .collect(Collectors.toMap(i -> header[i], i -> i, (a, b) -> a));
            for (String line : lines.subList(1, lines.size())) {
                String[] f = line.strip().split("\\s+");
                if (f.length < header.length) {
                    continue;
                }
                int key = (int) Long.parseLong(f[column.get("key")]);
                if (!marked(key)) {
                    continue;
                }
                int id = Integer.parseInt(f[column.get(idColumn)]);
                String name = "key 0x" + Integer.toHexString(key) + " " + idColumn + " " + id;
                String perms = f[column.get("perms")];
                long cuid = Long.parseLong(f[column.get("cuid")]);
                if (cuid != uid) {
                    found.add(Leftovers.Found.notOurs(
                            kind, name, "created by uid " + cuid + ", not by this user (uid " + uid + ")"));
                } else if (!perms.equals("600")) {
                    found.add(Leftovers.Found.notOurs(kind, name, "mode " + perms + ", not the 0600 ipcmark gives it"));
                } else {
                    long[] pids = Arrays.stream(users.pids(f, column, id))
                            .filter(p -> p > 0)
                            .toArray();
                    found.add(
                            judge(kind, name, pids, Long.parseLong(f[column.get("ctime")]), () -> remover.accept(id)));
                }
            }
        });
    }

    private static Leftovers.Found judge(String kind, String name, long[] pids, long createdEpochSeconds, Runnable rm) {
        List<Long> known = Arrays.stream(pids).boxed().distinct().toList();
        for (long pid : known) {
            if (Leftovers.isAlive(pid)) {
                return new Leftovers.Found(
                        kind, name, Leftovers.Disposition.IN_USE, "process " + pid + " still uses it", known, rm);
            }
        }
        if (!known.isEmpty()) {
            String gone = String.join(", ", known.stream().map(Object::toString).toList());
            return new Leftovers.Found(
                    kind, name, Leftovers.Disposition.LEFT_OVER, "its processes are gone (" + gone + ")", known, rm);
        }
        long age = System.currentTimeMillis() / 1000 - createdEpochSeconds;
        Leftovers.Disposition disposition =
                age < UNSTAMPED_GRACE_SECONDS ? Leftovers.Disposition.IN_USE : Leftovers.Disposition.LEFT_OVER;
        return new Leftovers.Found(kind, name, disposition, "never used, created " + age + " s ago", known, rm);
    }
}
