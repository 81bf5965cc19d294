package dev.ipcmark.transport;

import dev.ipcmark.nativeio.Errno;
import dev.ipcmark.nativeio.KernelFiles;
import dev.ipcmark.nativeio.NativeException;
import dev.ipcmark.nativeio.SysvIpc;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
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

    private SysvKeys() {}

    /** The key for sequence number {@code seq} of this process. */
    static int key(int seq) {
        long pid = ProcessHandle.current().pid();
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
                return create.applyAsInt(key(seq));
            } catch (NativeException e) {
                if (e.errno() != Errno.EEXIST) {
                    throw e;
                }
            }
        }
        throw new TransportException("all " + SEQUENCES + " System V keys of process "
                + ProcessHandle.current().pid() + " are taken; run ipcmark clean");
    }

    /** ipcmark's System V message queues (mode 0600, created by this user), from /proc/sysvipc. */
    static List<Leftovers.Found> scan() {
        List<Leftovers.Found> found = new ArrayList<>();
        long uid = KernelFiles.uid();
        KernelFiles.read(MSG_TABLE).ifPresent(table -> table.lines().skip(1).forEach(line -> {
            // key msqid perms cbytes qnum lspid lrpid uid gid cuid cgid stime rtime ctime
            String[] f = line.strip().split("\\s+");
            int key = (int) Long.parseLong(f[0]);
            int id = Integer.parseInt(f[1]);
            boolean ours = f[2].equals("600") && Long.parseLong(f[9]) == uid;
            ownerOf(key)
                    .filter(pid -> ours)
                    .ifPresent(pid -> found.add(new Leftovers.Found(
                            "sysv-msg",
                            "key 0x" + Integer.toHexString(key) + " msqid " + id,
                            pid,
                            Leftovers.isAlive(pid),
                            () -> SysvIpc.removeQueue(id))));
        }));
        return found;
    }
}
