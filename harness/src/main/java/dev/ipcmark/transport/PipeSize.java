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
    private static final Path PIPE_MAX_SIZE = Path.of("/proc/sys/fs/pipe-max-size");

    private PipeSize() {}

    /** The blocking-mode knob and this one: what pipes and FIFOs have. */
    static List<Knob> withMode() {
        return List.of(
                BlockingMode.knob(),
                Knob.bufferSize(
                        KNOB,
                        "pipe capacity (F_SETPIPE_SZ)",
                        PAGE_BYTES,
                        KernelFiles.readLong(PIPE_MAX_SIZE, 1 << 20),
                        "fs.pipe-max-size"));
    }

    /** Sets the capacity {@code spec} asks for on the pipe behind {@code fd}. */
    static void apply(int fd, CaseSpec spec) {
        String value = spec.knobs().getOrDefault(KNOB, Knob.KERNEL_DEFAULT);
        if (!value.equals(Knob.KERNEL_DEFAULT)) {
            Fd.setPipeSize(fd, Math.toIntExact(Sizes.parse(value)));
        }
    }
}
