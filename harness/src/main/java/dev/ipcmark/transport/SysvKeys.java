package dev.ipcmark.transport;

import dev.ipcmark.nativeio.Errno;
import dev.ipcmark.nativeio.KernelFiles;
import dev.ipcmark.nativeio.NativeException;
import dev.ipcmark.nativeio.SysvIpc;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.IntConsumer;
import java.util.function.IntUnaryOperator;

/**
 * Keys of ipcmark's System V objects, which have numbers, not names: the top six bits are a mark ({@code 111011},
 * outside the printable project ids {@code ftok} keys usually start with), the next 22 the creator's PID (Linux PIDs
 * stay below 2^22), the low four a sequence number. So {@code clean} can find what a killed process left in
 * {@code /proc/sysvipc} and tell whether its creator still runs; it also requires mode 0600 and this user as creator
 * before it touches anything.
 */
final class SysvKeys {
    private static final int MARK = 0b111011;
    private static final int MARK_SHIFT = 26;
    private static final int PID_SHIFT = 4;
    private static final int PID_MASK = (1 << 22) - 1;
    private static final int SEQUENCES = 16;
    private static final Path MSG_TABLE = Path.of("/proc/sysvipc/msg");
    private static final Path SHM_TABLE = Path.of("/proc/sysvipc/shm");
    // Both tables: key, id, perms first; the creator's uid (cuid) tenth.
    private static final int CUID_COLUMN = 9;

    private SysvKeys() {}

    /** The key for sequence number {@code seq} of process {@code pid}. */
    static int key(long pid, int seq) {
        if (pid > PID_MASK) {
            throw new TransportException("PID " + pid + " does not fit in a System V key (at most " + PID_MASK + ")");
        }
        return MARK << MARK_SHIFT | (int) pid << PID_SHIFT | seq;
    }

    /** The creator PID a key records, or empty for a key that is not ipcmark's. */
    static Optional<Long> ownerOf(int key) {
        return key >>> MARK_SHIFT == MARK ? Optional.of((long) (key >>> PID_SHIFT & PID_MASK)) : Optional.empty();
    }

    /**
     * Creates an object with {@code create} (which must fail with EEXIST when the key is taken) under the first free
     * key of this process, and returns what it returned.
     */
    static int createExclusive(IntUnaryOperator create) {
        for (int seq = 0; seq < SEQUENCES; seq++) {
            try {
                return create.applyAsInt(key(ProcessHandle.current().pid(), seq));
            } catch (NativeException e) {
                if (e.errno() != Errno.EEXIST) {
                    throw e;
                }
            }
        }
        throw new TransportException("all " + SEQUENCES + " System V keys of process "
                + ProcessHandle.current().pid() + " are taken; run ipcmark clean");
    }

    /** ipcmark's System V message queues and shared memory segments (mode 0600, created by this user). */
    static List<Leftovers.Found> scan() {
        List<Leftovers.Found> found = new ArrayList<>();
        scan(MSG_TABLE, "sysv-msg", "msqid", SysvIpc::removeQueue, found);
        scan(SHM_TABLE, "sysv-shm", "shmid", SysvIpc::removeSegment, found);
        return found;
    }

    private static void scan(Path table, String kind, String idName, IntConsumer remover, List<Leftovers.Found> found) {
        long uid = KernelFiles.uid();
        KernelFiles.read(table).ifPresent(text -> text.lines().skip(1).forEach(line -> {
            String[] f = line.strip().split("\\s+");
            int key = (int) Long.parseLong(f[0]);
            int id = Integer.parseInt(f[1]);
            boolean ours = f[2].equals("600") && Long.parseLong(f[CUID_COLUMN]) == uid;
            ownerOf(key)
                    .filter(pid -> ours)
                    .ifPresent(pid -> found.add(new Leftovers.Found(
                            kind,
                            "key 0x" + Integer.toHexString(key) + " " + idName + " " + id,
                            pid,
                            Leftovers.isAlive(pid),
                            () -> remover.accept(id))));
        }));
    }
}
