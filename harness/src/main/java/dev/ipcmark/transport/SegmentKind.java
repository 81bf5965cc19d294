package dev.ipcmark.transport;

import dev.ipcmark.nativeio.Fd;
import dev.ipcmark.nativeio.KernelFiles;
import dev.ipcmark.nativeio.Shm;
import dev.ipcmark.nativeio.SysvIpc;
import dev.ipcmark.scenario.Identified;
import dev.ipcmark.scenario.Sizes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where a shared segment comes from: the {@value #KNOB} knob. Each kind creates the segment under a fresh name,
 * registers the name in {@link Leftovers}, and lets the peer attach by an endpoint; the name is removed as soon as both
 * processes have the memory, which then lives as long as the last mapping.
 */
enum SegmentKind implements Identified {
    /** {@code shm_open} + {@code ftruncate} + {@code mmap}, in /dev/shm. */
    POSIX("posix") {
        @Override
        Made create(long bytes, PrivateDir dir) {
            return createAt("/" + Leftovers.newName(), bytes);
        }

        @Override
        Made createAt(String name, long bytes) {
            int fd = Shm.open(name, Shm.O_RDWR | Shm.O_CREAT | Shm.O_EXCL, MODE_0600);
            Leftovers.Registration registration = Leftovers.register("POSIX shm " + name, () -> Shm.unlink(name));
            return mapOrRelease(fd, bytes, name, registration);
        }

        @Override
        Shm.Mapping attach(String endpoint, long bytes) {
            return mapAndClose(Shm.open(endpoint, Shm.O_RDWR, 0), bytes);
        }

        @Override
        Support check(long bytes) {
            return freeSpace(Leftovers.DEV_SHM, bytes, "POSIX shared memory");
        }
    },
    /** {@code shmget} + {@code shmat}; marked for removal ({@code IPC_RMID}) once the peer has attached. */
    SYSV("sysv") {
        @Override
        Made create(long bytes, PrivateDir dir) {
            return createSysv(bytes, false);
        }

        @Override
        Shm.Mapping attach(String endpoint, long bytes) {
            return SysvIpc.attach(Integer.parseInt(endpoint), bytes);
        }

        @Override
        Support check(long bytes) {
            return withinShmmax(bytes);
        }
    },
    /**
     * As {@link #SYSV}, with its pages from the huge page pool ({@code SHM_HUGETLB}: 2 MiB pages on x86-64, reserved
     * by root in {@code vm.nr_hugepages}): one TLB entry where 4 KiB pages need 512, and no page faults after the pool
     * was filled.
     */
    SYSV_HUGE("sysv-huge") {
        @Override
        Made create(long bytes, PrivateDir dir) {
            return createSysv(bytes, true);
        }

        @Override
        Shm.Mapping attach(String endpoint, long bytes) {
            return SysvIpc.attach(Integer.parseInt(endpoint), bytes);
        }

        @Override
        Support check(long bytes) {
            Support shmmax = withinShmmax(bytes);
            return shmmax.runs() ? HugePages.check(bytes) : shmmax;
        }
    },
    /** A regular file in the private directory, mapped shared by both processes (page cache backed). */
    FILE("file") {
        @Override
        Made create(long bytes, PrivateDir dir) {
            return createAt(dir.resolve("segment").toString(), bytes);
        }

        @Override
        Made createAt(String name, long bytes) {
            Path file = Path.of(name);
            int fd = Fd.create(name, MODE_0600);
            Leftovers.Registration registration =
                    Leftovers.register("mapped file " + file, () -> SocketListener.deleteQuietly(file));
            return mapOrRelease(fd, bytes, name, registration);
        }

        @Override
        Shm.Mapping attach(String endpoint, long bytes) {
            return mapAndClose(Fd.open(endpoint, Fd.O_RDWR), bytes);
        }

        @Override
        Support check(long bytes) {
            return freeSpace(TempRoot.get(), bytes, "a file-backed mapping");
        }
    };

    /** Whether this kind's segments take their pages from the huge page pool. */
    boolean huge() {
        return this == SYSV_HUGE;
    }

    /** Whether this is a System V segment (sized as it is created, attached by id). */
    boolean sysv() {
        return this == SYSV || this == SYSV_HUGE;
    }

    private static Made createSysv(long bytes, boolean huge) {
        int id = SysvKeys.createExclusive(key -> SysvIpc.createSegment(key, bytes, huge));
        Leftovers.Registration registration = Leftovers.register("System V shm " + id, () -> SysvIpc.removeSegment(id));
        try {
            return new Made(SysvIpc.attach(id, bytes), Integer.toString(id), registration);
        } catch (RuntimeException e) {
            registration.release();
            throw e;
        }
    }

    private static Support withinShmmax(long bytes) {
        long shmmax = KernelFiles.readLong(Path.of("/proc/sys/kernel/shmmax"), Long.MAX_VALUE);
        if (bytes > shmmax) {
            return Support.no("the segment needs " + Sizes.human(bytes) + ", more than kernel.shmmax ("
                    + Sizes.human(shmmax) + ")");
        }
        return Support.RUNS;
    }

    /** The knob's name. */
    static final String KNOB = "segment";

    private static final int MODE_0600 = 0600;

    private final String id;

    SegmentKind(String id) {
        this.id = id;
    }

    /** The external id. */
    @Override
    public String id() {
        return id;
    }

    /**
     * A segment the listener made.
     *
     * @param mapping the listener's mapping
     * @param endpoint what the peer attaches by
     * @param name the registration of its name, released once the peer has attached
     */
    record Made(Shm.Mapping mapping, String endpoint, Leftovers.Registration name) {}

    /** Creates a segment of {@code bytes} (zero-filled) and maps it. */
    abstract Made create(long bytes, PrivateDir dir);

    /**
     * Creates a segment of {@code bytes} under {@code name}, a name the other process can derive (a fresh segment per
     * transfer, named after the channel's own); only the kinds that have names can.
     */
    Made createAt(String name, long bytes) {
        throw new UnsupportedOperationException(id + " segments have ids, not names another process can derive");
    }

    /** Whether {@link #createAt} can name a segment of this kind. */
    boolean named() {
        return !sysv();
    }

    /** Maps the segment the listener made, from the peer. */
    abstract Shm.Mapping attach(String endpoint, long bytes);

    /** Whether a segment of {@code bytes} can be made here. */
    abstract Support check(long bytes);

    private static Made mapOrRelease(int fd, long bytes, String endpoint, Leftovers.Registration registration) {
        return new Made(sizeAndMap(fd, bytes, registration, step -> {}), endpoint, registration);
    }

    /**
     * Sizes the new object behind {@code fd} to {@code bytes} and maps it, telling {@code lap} after each step; closes
     * {@code fd} either way and removes the object's name when a step fails.
     */
    static Shm.Mapping sizeAndMap(int fd, long bytes, Leftovers.Registration registration, SetupCycle.Lap lap) {
        try {
            Fd.truncate(fd, bytes);
            lap.step("size");
            Shm.Mapping mapping = Shm.map(fd, bytes);
            lap.step("map");
            return mapping;
        } catch (RuntimeException e) {
            registration.release();
            throw e;
        } finally {
            Fd.close(fd);
        }
    }

    private static Shm.Mapping mapAndClose(int fd, long bytes) {
        try {
            return Shm.map(fd, bytes);
        } finally {
            Fd.close(fd);
        }
    }

    private static Support freeSpace(Path where, long bytes, String what) {
        if (!Files.isDirectory(where) || !Files.isWritable(where)) {
            return Support.no(where + " is missing or not writable, so " + what + " cannot be created");
        }
        try {
            long free = Files.getFileStore(where).getUsableSpace();
            if (free < bytes) {
                return Support.no("the segment needs " + Sizes.human(bytes) + " but " + where + " has only "
                        + Sizes.human(free) + " free");
            }
        } catch (IOException e) {
            return Support.no("cannot read the free space of " + where + ": " + e.getMessage());
        }
        return Support.RUNS;
    }
}
