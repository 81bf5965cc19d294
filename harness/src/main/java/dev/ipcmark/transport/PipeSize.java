package dev.ipcmark.transport;

import dev.ipcmark.nativeio.Fd;
import dev.ipcmark.nativeio.KernelFiles;
import dev.ipcmark.scenario.CaseSpec;
import dev.ipcmark.scenario.Knob;
import dev.ipcmark.scenario.Sizes;
import java.nio.file.Path;
import java.util.List;

/**
 * The {@value #KNOB} knob of pipes and FIFOs: the pipe's capacity ({@code F_SETPIPE_SZ}), from one page up to
 * {@code fs.pipe-max-size}. The kernel rounds it up to a power-of-two number of pages.
 */
final class PipeSize {
    /** The knob's name. */
    static final String KNOB = "pipe-size";

    private static final long PAGE_BYTES = 4096;
    // POSIX requires at least 512; Linux's is a page.
    private static final long PIPE_BUF = 4096;
    private static final Path PIPE_MAX_SIZE = Path.of("/proc/sys/fs/pipe-max-size");

    private PipeSize() {}

    /** The blocking-mode knob and this one: what pipes and FIFOs have. */
    static List<Knob> withMode() {
        return KNOBS;
    }

    // This machine's limits, read once per process (at class initialisation, declared after the constants they use):
    // cases read their knobs while they set up, and the setup pattern measures that path, which must not read /proc.
    private static final List<Knob> KNOBS = readKnobs();

    private static List<Knob> readKnobs() {
        return List.of(
                BlockingMode.knob(),
                Knob.bufferSize(
                        KNOB,
                        "pipe capacity (F_SETPIPE_SZ)",
                        PAGE_BYTES,
                        KernelFiles.readLong(PIPE_MAX_SIZE, 1 << 20),
                        "fs.pipe-max-size"));
    }

    /**
     * Whether several writers can share one pipe for {@code spec}'s messages: only writes of at most PIPE_BUF bytes
     * are atomic (pipe(7)), and a larger message could interleave with another writer's.
     */
    static Support checkSharedWrites(CaseSpec spec) {
        if (spec.messageBytes() > PIPE_BUF) {
            return Support.no("a " + Sizes.format(spec.messageBytes()) + " message is above PIPE_BUF (" + PIPE_BUF
                    + " bytes): writes that large are not atomic, so several producers' messages could interleave in"
                    + " one pipe");
        }
        return Support.RUNS;
    }

    /** Sets the capacity {@code spec} asks for on the pipe behind {@code fd}. */
    static void apply(int fd, CaseSpec spec) {
        String value = spec.knob(withMode(), KNOB);
        if (!value.equals(Knob.KERNEL_DEFAULT)) {
            Fd.setPipeSize(fd, Math.toIntExact(Sizes.parse(value)));
        }
    }
}
