package dev.ipcmark.transport;

import dev.ipcmark.nativeio.KernelFiles;
import dev.ipcmark.scenario.Sizes;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The huge page pool ({@code vm.nr_hugepages}) that {@code segment: sysv-huge} takes its pages from: whether it has
 * room for a segment and whether this process may use it. The kernel reserves nothing by default, so on most
 * machines such a case is skipped with the command that would make room.
 */
final class HugePages {
    private static final Path MEMINFO = Path.of("/proc/meminfo");
    private static final Path SHM_GROUP = Path.of("/proc/sys/vm/hugetlb_shm_group");
    private static final int CAP_IPC_LOCK = 14;

    private HugePages() {}

    /** Whether a segment of {@code bytes} can have its pages from the pool now, and if not, why. */
    static Support check(long bytes) {
        Optional<String> meminfo = KernelFiles.read(MEMINFO);
        long pageKb = field(meminfo, "Hugepagesize");
        long free = field(meminfo, "HugePages_Free");
        if (pageKb <= 0) {
            return Support.no("this kernel has no huge pages (no Hugepagesize in " + MEMINFO + ")");
        }
        long pageBytes = pageKb * 1024;
        long needed = (bytes + pageBytes - 1) / pageBytes;
        if (free < needed) {
            return Support.no("the segment needs " + needed + " huge page" + (needed == 1 ? "" : "s") + " of "
                    + Sizes.human(pageBytes) + " and the pool has " + Math.max(free, 0) + " free (vm.nr_hugepages;"
                    + " as root: echo " + needed + " > /proc/sys/vm/nr_hugepages)");
        }
        long group = KernelFiles.readLong(SHM_GROUP, -1);
        if (!KernelFiles.hasCapability(CAP_IPC_LOCK) && group != KernelFiles.gid()) {
            return Support.no("System V segments of huge pages need CAP_IPC_LOCK or the group in vm.hugetlb_shm_group ("
                    + group + ")");
        }
        return Support.RUNS;
    }

    // A "Name:   123 kB" line of /proc/meminfo, as a number; -1 when missing.
    private static long field(Optional<String> meminfo, String name) {
        return meminfo.flatMap(text ->
                        text.lines().filter(l -> l.startsWith(name + ":")).findFirst())
                .map(l -> l.substring(name.length() + 1).strip().split("\\s+")[0])
                .map(Long::parseLong)
                .orElse(-1L);
    }
}
