package dev.ipcmark.transport;

import dev.ipcmark.nativeio.DirFd;
import dev.ipcmark.nativeio.SysvSemaphores;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * The {@code sysv-sem} sync of a ring: a System V set of two semaphores, "filled" (0) and "free" (1), as the
 * bounded-buffer classic has them, waited on with {@code semtimedop} in slices so that an abort is noticed. The set's id
 * lives in the ring's published sync area:
 *
 * <pre>
 *   sync area + 0 | semid (4) |
 * </pre>
 *
 * Both processes check the id before they use it: a set of two, made by this user with mode 0600 under an
 * ipcmark-marked key. The listener removes the set when the case ends.
 */
final class SysvSemSync extends RingSync {
    private static final int FILLED = 0;
    private static final int FREE = 1;
    private static final long ID_AT = 0;

    private final SysvSemaphores semaphores = new SysvSemaphores();
    private final int id;

    SysvSemSync(MemorySegment segment, int ring, AbortReason abortReason, MemorySegment area) {
        super(segment, ring, abortReason);
        this.id = area.get(ValueLayout.JAVA_INT, ID_AT);
        check(id);
    }

    /**
     * Makes ring's set with {@code freeSlots} room, writes its id into {@code area}, and returns what removes it; the
     * set is registered as a leftover until then.
     */
    static Runnable initialize(MemorySegment area, int freeSlots) {
        int id = SysvKeys.createSemaphores(2);
        Leftovers.Registration registration =
                Leftovers.register("System V semaphore set " + id, () -> SysvSemaphores.remove(id));
        try {
            SysvSemaphores.set(id, FREE, freeSlots);
        } catch (RuntimeException e) {
            registration.release();
            throw e;
        }
        area.set(ValueLayout.JAVA_INT, ID_AT, id);
        return registration::release;
    }

    // An id read from shared memory is trusted only once the kernel says the set is one of ours.
    private static void check(int id) {
        SysvSemaphores.Stat stat = SysvSemaphores.stat(id);
        long uid = DirFd.effectiveUid();
        if (!SysvKeys.marked(stat.key())
                || stat.creatorUid() != uid
                || (stat.mode() & 0777) != 0600
                || stat.semaphores() != 2) {
            throw new TransportException("System V semaphore set " + id + " is not one ipcmark made for this user (key"
                    + " 0x" + Integer.toHexString(stat.key()) + ", creator uid " + stat.creatorUid() + ", mode "
                    + Integer.toOctalString(stat.mode() & 0777) + ", " + stat.semaphores() + " semaphores)");
        }
    }

    @Override
    void awaitData(long received) {
        while (!semaphores.await(id, FILLED, WAIT_SLICE_MS)) {
            checkAbort();
        }
    }

    @Override
    void signalData() {
        semaphores.post(id, FILLED);
    }

    @Override
    void awaitRoom(long sent, int slots) {
        while (!semaphores.await(id, FREE, WAIT_SLICE_MS)) {
            checkAbort();
        }
    }

    @Override
    void signalRoom() {
        semaphores.post(id, FREE);
    }
}
