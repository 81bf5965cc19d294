package dev.ipcmark.nativeio;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

/**
 * POSIX shared memory objects ({@code shm_open}, {@code shm_unlink}) and mappings ({@code mmap}, {@code munmap}), shared
 * or anonymous.
 */
// The one package allowed to call restricted FFM methods (DESIGN.md: native calls only through nativeio).
@SuppressWarnings("restricted")
public final class Shm {
    /** Open for reading and writing. */
    public static final int O_RDWR = 02;
    /** Create if missing. */
    public static final int O_CREAT = 0100;
    /** With {@link #O_CREAT}: fail if it exists. */
    public static final int O_EXCL = 0200;

    private static final int PROT_READ = 1;
    private static final int PROT_WRITE = 2;
    private static final int MAP_SHARED = 1;
    private static final int MAP_PRIVATE = 2;
    private static final int MAP_ANONYMOUS = 0x20;
    private static final int MAP_POPULATE = 0x8000;
    private static final long MAP_FAILED = -1L;

    private static final class ShmOpen {
        static final MethodHandle HANDLE =
                Libc.withErrno("shm_open", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT));
    }

    private static final class ShmUnlink {
        static final MethodHandle HANDLE = Libc.withErrno("shm_unlink", FunctionDescriptor.of(JAVA_INT, ADDRESS));
    }

    private static final MethodHandle MMAP = Libc.withErrno(
            "mmap", FunctionDescriptor.of(ADDRESS, ADDRESS, JAVA_LONG, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_LONG));
    private static final MethodHandle MUNMAP =
            Libc.withErrno("munmap", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG));

    private Shm() {}

    /** Opens the POSIX shared memory object {@code name} (which starts with a slash) and returns its descriptor. */
    public static int open(String name, int flags, int mode) {
        MemorySegment state = Libc.state();
        try (Arena arena = Arena.ofConfined()) {
            int fd = (int) ShmOpen.HANDLE.invokeExact(state, arena.allocateFrom(name), flags, mode);
            if (fd < 0) {
                throw Libc.failure("shm_open", name, state);
            }
            return fd;
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        }
    }

    /** Removes the name {@code name}; existing mappings stay valid until unmapped. */
    public static void unlink(String name) {
        MemorySegment state = Libc.state();
        try (Arena arena = Arena.ofConfined()) {
            if ((int) ShmUnlink.HANDLE.invokeExact(state, arena.allocateFrom(name)) != 0) {
                throw Libc.failure("shm_unlink", name, state);
            }
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        }
    }

    /**
     * Maps {@code bytes} of {@code fd} shared and read-write. The segment belongs to a shared arena whose closing
     * unmaps it, so a use after unmapping throws instead of crashing the JVM.
     */
    public static Mapping map(int fd, long bytes) {
        MemorySegment state = Libc.state();
        try {
            MemorySegment address = (MemorySegment)
                    MMAP.invokeExact(state, MemorySegment.NULL, bytes, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0L);
            if (address.address() == MAP_FAILED) {
                throw Libc.failure("mmap", "fd " + fd + ", " + bytes + " bytes", state);
            }
            return mapping(address, bytes);
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        }
    }

    /**
     * Maps {@code bytes} of private anonymous memory, zeroed and read-write, every page of it faulted in by the kernel
     * at once ({@code MAP_POPULATE}) instead of one fault per page at its first touch: on this project's VM, whose
     * kernel isolates its page tables, writing 128 MiB page by page took 330 ms, populating it and then writing it
     * 165 ms (2 rounds each, 2026-12-03).
     */
    public static Mapping anonymous(long bytes) {
        MemorySegment state = Libc.state();
        try {
            MemorySegment address = (MemorySegment) MMAP.invokeExact(
                    state,
                    MemorySegment.NULL,
                    bytes,
                    PROT_READ | PROT_WRITE,
                    MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE,
                    -1,
                    0L);
            if (address.address() == MAP_FAILED) {
                throw Libc.failure("mmap", bytes + " anonymous bytes", state);
            }
            return mapping(address, bytes);
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        }
    }

    /** The mapping of {@code bytes} that {@code mmap} returned at {@code address}, unmapped when it is closed. */
    static Mapping mapping(MemorySegment address, long bytes) {
        Arena arena = Arena.ofShared();
        return new Mapping(arena, address.reinterpret(bytes, arena, Shm::unmap));
    }

    private static void unmap(MemorySegment segment) {
        MemorySegment state = Libc.state();
        try {
            if ((int) MUNMAP.invokeExact(state, segment, segment.byteSize()) != 0) {
                throw Libc.failure("munmap", segment.byteSize() + " bytes", state);
            }
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        }
    }

    /** A live shared mapping; {@link #close()} unmaps it. */
    public record Mapping(Arena arena, MemorySegment segment) implements AutoCloseable {
        @Override
        public void close() {
            arena.close();
        }

        /** Unmaps unless that is done already: a close may race with an abort, and the mapping goes either way. */
        public void closeQuietly() {
            try {
                close();
            } catch (IllegalStateException | NativeException e) {
                // Already closed, or being closed by the other party to the race.
            }
        }
    }
}
