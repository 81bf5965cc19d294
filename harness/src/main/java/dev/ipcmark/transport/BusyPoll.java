package dev.ipcmark.transport;

import dev.ipcmark.nativeio.KernelFiles;
import dev.ipcmark.nativeio.Sockets;
import dev.ipcmark.scenario.CaseSpec;
import dev.ipcmark.scenario.Knob;
import java.nio.file.Path;
import java.util.List;

/**
 * The {@value #KNOB} knob of TCP and UDP: {@code SO_BUSY_POLL}, the microseconds a blocking receive on the socket
 * busy-polls the network device's queue before it sleeps (asked for on rigtorp/ipc-bench, issue 13). It acts on
 * devices with NAPI; loopback has none, so on 127.0.0.1 the figures show what the option costs rather than what it
 * saves. Above {@code net.core.busy_read} the kernel allows it only with CAP_NET_ADMIN: without it such a case is
 * skipped with that reason.
 */
final class BusyPoll {
    /** The knob's name. */
    static final String KNOB = "busy-poll";

    private static final int SO_BUSY_POLL = 46;
    private static final int CAP_NET_ADMIN = 12;
    private static final Path BUSY_READ = Path.of("/proc/sys/net/core/busy_read");

    /** The knob: left out of case keys at its default, so TCP and UDP keys made before it stay the same. */
    static final Knob DECLARED = Knob.numberOr(
                    KNOB,
                    "microseconds a blocking receive busy-polls the device queue before it sleeps (SO_BUSY_POLL);"
                            + " default: not set (net.core.busy_read)",
                    Knob.KERNEL_DEFAULT,
                    0,
                    1_000_000,
                    List.of(Knob.KERNEL_DEFAULT))
            .unkeyedAtDefault();

    private BusyPoll() {}

    /** Whether the kernel lets this process set {@code spec}'s value, and if not, why. */
    static Support check(CaseSpec spec) {
        String value = spec.knob(DECLARED);
        if (value.equals(Knob.KERNEL_DEFAULT)) {
            return Support.RUNS;
        }
        long busyRead = KernelFiles.readLong(BUSY_READ, 0);
        if (Long.parseLong(value) > busyRead && !KernelFiles.hasCapability(CAP_NET_ADMIN)) {
            return Support.no("busy-poll " + value + " is above net.core.busy_read (" + busyRead + "), which the"
                    + " kernel allows only with CAP_NET_ADMIN; run as root or raise net.core.busy_read");
        }
        return Support.RUNS;
    }

    /** Sets {@code spec}'s value on the socket {@code fd}, unless it is the default. */
    static void apply(int fd, CaseSpec spec) {
        String value = spec.knob(DECLARED);
        if (!value.equals(Knob.KERNEL_DEFAULT)) {
            Sockets.setOption(fd, Sockets.SOL_SOCKET, SO_BUSY_POLL, Integer.parseInt(value));
        }
    }
}
