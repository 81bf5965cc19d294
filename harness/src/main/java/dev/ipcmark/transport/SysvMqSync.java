package dev.ipcmark.transport;

import dev.ipcmark.nativeio.DirFd;
import dev.ipcmark.nativeio.KernelFiles;
import dev.ipcmark.nativeio.NativeException;
import dev.ipcmark.nativeio.SysvIpc;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Path;

/**
 * The {@code sysv-mq} sync of a ring: the posix-mq sync's protocol through a System V queue, the other queue API the
 * textbooks offer. The data stays in the segment; a one-byte message of type "ready" goes through the ring's queue per
 * published chunk and one of type "ok" back per consumed one ({@code msgrcv} selects the type), so the queue holds
 * both semaphores. The queue's id lives in the ring's published sync area:
 *
 * <pre>
 *   sync area + 0 | msqid (4) |
 * </pre>
 *
 * Both processes check the id before they use it: a queue made by this user with mode 0600 under an ipcmark-marked
 * key. {@code msgrcv} has no timeout, so an abort wakes a blocked receive the way the sysv-mq transport's does: it
 * removes the queue (EIDRM), which the listener would remove at the end of the case anyway.
 */
final class SysvMqSync extends RingSync {
    private static final long READY = 1;
    private static final long OK = 2;
    private static final long ID_AT = 0;
    private static final Path MSGMNB = Path.of("/proc/sys/kernel/msgmnb");

    private final MemorySegment message = Arena.ofAuto().allocate(SysvIpc.TYPE_BYTES + 8, 8);
    private final int id;

    SysvMqSync(MemorySegment segment, int ring, AbortReason abortReason, MemorySegment area) {
        super(segment, ring, abortReason);
        this.id = area.get(ValueLayout.JAVA_INT, ID_AT);
        checkId(id);
    }

    /**
     * Makes ring's queue with {@code freeSlots} "ok" tokens, writes its id into {@code area}, and returns what removes
     * it; the queue is registered as a leftover until then.
     */
    static Runnable initialize(MemorySegment area, int freeSlots) {
        int id = SysvKeys.createQueue();
        Leftovers.Registration registration = Leftovers.register("System V queue " + id, () -> SysvIpc.removeQueue(id));
        try (Arena local = Arena.ofConfined()) {
            MemorySegment token = local.allocate(SysvIpc.TYPE_BYTES + 8, 8);
            token.set(ValueLayout.JAVA_LONG, 0, OK);
            for (int i = 0; i < freeSlots; i++) {
                if (!SysvIpc.send(id, token, 1, true)) {
                    throw new TransportException("System V queue " + id + " cannot hold " + freeSlots + " tokens");
                }
            }
        } catch (RuntimeException e) {
            registration.release();
            throw e;
        }
        area.set(ValueLayout.JAVA_INT, ID_AT, id);
        return registration::release;
    }

    /** Whether a queue here can hold a token per slot of a ring of {@code slots} (one byte each), and if not, why. */
    static Support check(int slots) {
        long room = KernelFiles.readLong(MSGMNB, 16_384);
        if (slots > room) {
            return Support.no("the sysv-mq sync keeps a one-byte token per ring slot in a queue of at most " + room
                    + " bytes (kernel.msgmnb); use a capacity of at most " + room);
        }
        return Support.RUNS;
    }

    // An id read from shared memory is trusted only once the kernel says the queue is one of ours.
    private static void checkId(int id) {
        SysvIpc.QueueStat stat = SysvIpc.statQueue(id);
        if (!SysvKeys.marked(stat.key()) || stat.creatorUid() != DirFd.effectiveUid() || (stat.mode() & 0777) != 0600) {
            throw new TransportException("System V queue " + id + " is not one ipcmark made for this user (key 0x"
                    + Integer.toHexString(stat.key()) + ", creator uid " + stat.creatorUid() + ", mode "
                    + Integer.toOctalString(stat.mode() & 0777) + ")");
        }
    }

    @Override
    void awaitData(long received) {
        take(READY);
    }

    @Override
    void signalData() {
        give(READY);
    }

    @Override
    void awaitRoom(long sent, int slots) {
        take(OK);
    }

    @Override
    void signalRoom() {
        give(OK);
    }

    private void take(long type) {
        try {
            SysvIpc.receive(id, message, 8, type, false);
        } catch (NativeException e) {
            checkAbort();
            throw new TransportException("waiting on System V queue " + id + " failed: " + e.getMessage(), e);
        }
    }

    private void give(long type) {
        message.set(ValueLayout.JAVA_LONG, 0, type);
        try {
            SysvIpc.send(id, message, 1, false);
        } catch (NativeException e) {
            checkAbort();
            throw new TransportException("signalling on System V queue " + id + " failed: " + e.getMessage(), e);
        }
    }

    @Override
    void wake() {
        SysvIpc.removeQueue(id);
    }
}
