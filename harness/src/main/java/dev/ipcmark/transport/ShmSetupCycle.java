package dev.ipcmark.transport;

import dev.ipcmark.nativeio.Fd;
import dev.ipcmark.nativeio.KernelFiles;
import dev.ipcmark.nativeio.Memory;
import dev.ipcmark.nativeio.Shm;
import dev.ipcmark.nativeio.SysvIpc;
import dev.ipcmark.scenario.CaseSpec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * The life of a shared segment of the case's size, step by step: {@code create} (the name), {@code size} (ftruncate;
 * System V sizes as it creates), {@code map}, {@code advise} (only with {@code thp} on or off), {@code touch} (the
 * writer's first write to every page: the page faults that allocate it), {@code peer-map} (a second mapping of the same
 * segment, attached by name and read page by page, as the receiving process would), {@code unmap} (both mappings) and
 * {@code destroy}. Both mappings are made by the measuring process: the kernel work is the same as across processes,
 * without a wake-up of the other process in the middle.
 */
final class ShmSetupCycle implements SetupCycle {
    private static final int MODE_0600 = 0600;
    private static final Path SHMEM_THP = Path.of("/sys/kernel/mm/transparent_hugepage/shmem_enabled");

    @Override
    public Support check(CaseSpec spec) {
        SegmentKind kind = kind(spec);
        Support space = kind.check(spec.messageBytes());
        if (!space.runs() || !thp(spec).equals("on")) {
            return space;
        }
        if (kind == SegmentKind.FILE) {
            return Support.no("Linux gives no transparent huge pages to the page cache of a writable regular file");
        }
        if (kind.huge()) {
            return Support.no("a sysv-huge segment has huge pages from the pool already; thp is for the others");
        }
        String policy = KernelFiles.read(SHMEM_THP).orElse("[unknown]");
        String chosen = policy.replaceAll(".*\\[(\\w[\\w-]*)\\].*", "$1");
        if (!List.of("always", "within_size", "advise").contains(chosen)) {
            return Support.no("transparent huge pages for shared memory are off here (" + SHMEM_THP + " is " + policy
                    + "); echo advise into it as root to measure them");
        }
        return Support.RUNS;
    }

    @Override
    public List<String> steps(CaseSpec spec) {
        List<String> steps = new ArrayList<>();
        steps.add("create");
        if (!kind(spec).sysv()) {
            steps.add("size");
        }
        steps.add("map");
        if (!thp(spec).equals("default")) {
            steps.add("advise");
        }
        steps.addAll(List.of("touch", "peer-map", "unmap", "destroy"));
        return steps;
    }

    @Override
    public void run(CaseSpec spec, PrivateDir dir, Lap lap) {
        long bytes = spec.messageBytes();
        String thp = thp(spec);
        Made made = create(kind(spec), bytes, dir, lap);
        Shm.Mapping peer = null;
        try {
            if (!thp.equals("default")) {
                Memory.advise(made.mapping.segment(), thp.equals("on") ? Memory.MADV_HUGEPAGE : Memory.MADV_NOHUGEPAGE);
                lap.step("advise");
            }
            Pages.touch(made.mapping.segment(), bytes);
            lap.step("touch");
            peer = made.attach.get();
            Pages.checkTouched(peer.segment(), bytes);
            lap.step("peer-map");
            made.mapping.close();
            peer.close();
            peer = null;
            lap.step("unmap");
        } finally {
            if (peer != null) {
                peer.close();
            }
            if (made.mapping.arena().scope().isAlive()) {
                made.mapping.close();
            }
            made.name.release();
        }
        lap.step("destroy");
    }

    /** A created segment: the writer's mapping, how the reader attaches, and the name to remove. */
    private record Made(Shm.Mapping mapping, Supplier<Shm.Mapping> attach, Leftovers.Registration name) {}

    private static Made create(SegmentKind kind, long bytes, PrivateDir dir, Lap lap) {
        return switch (kind) {
            case POSIX -> {
                String name = "/" + Leftovers.newName();
                int fd = Shm.open(name, Shm.O_RDWR | Shm.O_CREAT | Shm.O_EXCL, MODE_0600);
                Leftovers.Registration registration = Leftovers.register("POSIX shm " + name, () -> Shm.unlink(name));
                lap.step("create");
                yield new Made(
                        SegmentKind.sizeAndMap(fd, bytes, registration, lap),
                        () -> SegmentKind.POSIX.attach(name, bytes),
                        registration);
            }
            case SYSV, SYSV_HUGE -> {
                int id = SysvKeys.createExclusive(key -> SysvIpc.createSegment(key, bytes, kind.huge()));
                Leftovers.Registration registration =
                        Leftovers.register("System V shm " + id, () -> SysvIpc.removeSegment(id));
                lap.step("create");
                try {
                    Shm.Mapping mapping = SysvIpc.attach(id, bytes);
                    lap.step("map");
                    yield new Made(mapping, () -> SysvIpc.attach(id, bytes), registration);
                } catch (RuntimeException e) {
                    registration.release();
                    throw e;
                }
            }
            case FILE -> {
                Path file = dir.resolve("segment");
                int fd = Fd.create(file.toString(), MODE_0600);
                Leftovers.Registration registration =
                        Leftovers.register("mapped file " + file, () -> SocketListener.deleteQuietly(file));
                lap.step("create");
                yield new Made(
                        SegmentKind.sizeAndMap(fd, bytes, registration, lap),
                        () -> SegmentKind.FILE.attach(file.toString(), bytes),
                        registration);
            }
        };
    }

    private static SegmentKind kind(CaseSpec spec) {
        return spec.choice(ShmKnobs.SEGMENT, SegmentKind.class);
    }

    private static String thp(CaseSpec spec) {
        return spec.knob(ShmKnobs.THP);
    }
}
