package dev.ipcmark.nativeio;

import java.lang.foreign.MemorySegment;

/**
 * Copies between private buffers and a shared {@link Shm.Mapping} at libc's speed, for the one thread at a time that
 * uses a ring end.
 *
 * <p>Handed a segment of a shared arena, a downcall acquires and releases the arena with two atomic updates. On x86 each
 * waits until the thread's earlier stores are done, and after a copy into shared memory those are stores to lines the
 * other core holds: on this project's 2-vCPU VM that cost a 4 KiB spinning round trip (four such copies) 2.09–2.21 µs
 * against 1.75–1.86 µs without, when C speaking the same protocol took 1.72–1.78 µs (a minimal Java ring, 3
 * interleaved rounds, 2026-12-02). So the copies go through a view of the same bytes that belongs to no arena, and
 * two rules take the arena's place: a copy first checks that the mapping is open, so a copy after its close throws as
 * one through the mapping would; and {@link #closeQuietly} unmaps only on the thread that made the last copy (or
 * before any copy). Closed from another thread, which may be inside {@code memcpy} at that moment, the mapping stays
 * mapped until the process exits: the same outcome as a shared arena's close refused while a downcall holds it.
 */
// The one package allowed to call restricted FFM methods (DESIGN.md: native calls only through nativeio).
@SuppressWarnings("restricted")
public final class MappedCopier {
    private final Shm.Mapping mapping;
    private final MemorySegment view;
    // The thread of the last copy. A plain field: it is written on every copy, where a volatile store would be the very
    // fence this class avoids, and read by close, which trusts it only when it names the closing thread itself.
    private Thread user;

    /** Copies for {@code mapping}, which this copier closes from now on. */
    public MappedCopier(Shm.Mapping mapping) {
        this.mapping = mapping;
        MemorySegment segment = mapping.segment();
        this.view = MemorySegment.ofAddress(segment.address()).reinterpret(segment.byteSize());
    }

    /** Copies {@code bytes} of {@code from} at {@code fromOffset} into the mapping at {@code offset}; bounds-checked. */
    public void copyIn(MemorySegment from, long fromOffset, long offset, long bytes) {
        use();
        Memory.copy(from, fromOffset, view, offset, bytes);
    }

    /** Copies {@code bytes} of the mapping at {@code offset} into {@code to} at {@code toOffset}; bounds-checked. */
    public void copyOut(long offset, MemorySegment to, long toOffset, long bytes) {
        use();
        Memory.copy(view, offset, to, toOffset, bytes);
    }

    /**
     * Unmaps the mapping if this thread made the last copy or none was made; else leaves it to the process's exit.
     * Quietly: a mapping already closed stays closed.
     */
    public void closeQuietly() {
        Thread last = user;
        if (last == null || last == Thread.currentThread()) {
            mapping.closeQuietly();
        }
    }

    private void use() {
        user = Thread.currentThread();
        if (!mapping.segment().scope().isAlive()) {
            throw new IllegalStateException("the shared mapping is closed");
        }
    }
}
