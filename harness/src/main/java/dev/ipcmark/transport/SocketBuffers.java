package dev.ipcmark.transport;

import dev.ipcmark.nativeio.KernelFiles;
import dev.ipcmark.nativeio.Sockets;
import dev.ipcmark.scenario.CaseSpec;
import dev.ipcmark.scenario.Knob;
import dev.ipcmark.scenario.Sizes;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code sndbuf} and {@code rcvbuf} knobs of socket transports: {@code SO_SNDBUF}/{@code SO_RCVBUF}, up to the
 * kernel's {@code net.core.wmem_max}/{@code rmem_max} (beyond them the kernel would silently cap the value). The kernel
 * doubles the value it is given, for its own bookkeeping; the knob is the value passed in.
 */
final class SocketBuffers {
    /** The send buffer knob. */
    static final String SNDBUF = "sndbuf";
    /** The receive buffer knob. */
    static final String RCVBUF = "rcvbuf";

    private static final long MIN_BYTES = 4096;
    private static final Path WMEM_MAX = Path.of("/proc/sys/net/core/wmem_max");
    private static final Path RMEM_MAX = Path.of("/proc/sys/net/core/rmem_max");
    private static final long FALLBACK_MAX = 212992;

    private SocketBuffers() {}

    /** Both knobs, with this machine's maxima. */
    static List<Knob> knobs() {
        return KNOBS;
    }

    // This machine's limits, read once per process (at class initialisation, declared after the constants they use):
    // cases read their knobs while they set up, and the setup pattern measures that path, which must not read /proc.
    private static final List<Knob> KNOBS = readKnobs();

    private static List<Knob> readKnobs() {
        return List.of(
                Knob.bufferSize(
                        SNDBUF,
                        "socket send buffer (SO_SNDBUF)",
                        MIN_BYTES,
                        KernelFiles.readLong(WMEM_MAX, FALLBACK_MAX),
                        "net.core.wmem_max"),
                Knob.bufferSize(
                        RCVBUF,
                        "socket receive buffer (SO_RCVBUF)",
                        MIN_BYTES,
                        KernelFiles.readLong(RMEM_MAX, FALLBACK_MAX),
                        "net.core.rmem_max"));
    }

    /** The {@link BlockingMode} knob and both buffer knobs: what every socket transport has. */
    static List<Knob> withMode() {
        List<Knob> knobs = new ArrayList<>();
        knobs.add(BlockingMode.knob());
        knobs.addAll(knobs());
        return knobs;
    }

    /** Sets the buffers {@code spec} asks for on {@code fd}; call before connect or listen (TCP sizes its window then). */
    static void apply(int fd, CaseSpec spec) {
        List<Knob> declared = knobs();
        set(fd, Sockets.SO_SNDBUF, spec.knob(declared, SNDBUF));
        set(fd, Sockets.SO_RCVBUF, spec.knob(declared, RCVBUF));
    }

    private static void set(int fd, int option, String value) {
        if (!value.equals(Knob.KERNEL_DEFAULT)) {
            Sockets.setOption(fd, Sockets.SOL_SOCKET, option, Math.toIntExact(Sizes.parse(value)));
        }
    }
}
