package dev.ipcmark.peer;

import dev.ipcmark.transport.PeerHost;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The run-wide flags every process of a run must agree on, carried one way: the ipcmark process makes them, hands
 * them to each JMH fork as system properties ({@link #jvmOptions()}), the fork reads them once ({@link #current()})
 * and hands the same options on to its peers. Nothing else reads these properties.
 *
 * @param verify whether both processes check every message's sequence number and checksum
 * @param peerDelay a delay the peer adds to every message (only to test the gate); zero for none
 * @param stallTimeout how long a case may go without completing an operation before it fails as hung
 */
public record RunFlags(boolean verify, Duration peerDelay, Duration stallTimeout) {
    /** Flags of a plain run: no verification, no delay, a minute's stall timeout. */
    public static final RunFlags DEFAULTS = new RunFlags(false, Duration.ZERO, Duration.ofMinutes(1));

    private static final String VERIFY = "ipcmark.verify";
    private static final String PEER_DELAY_NS = "ipcmark.peerDelayNs";
    private static final String STALL_MS = "ipcmark.stallTimeoutMs";

    private static final RunFlags CURRENT = new RunFlags(
            Boolean.getBoolean(VERIFY),
            Duration.ofNanos(Long.getLong(PEER_DELAY_NS, 0)),
            Duration.ofMillis(Long.getLong(STALL_MS, DEFAULTS.stallTimeout().toMillis())));

    /** The flags this JVM was started with (the defaults in a JVM started without them, e.g. under raw JMH). */
    public static RunFlags current() {
        return CURRENT;
    }

    /** The options that give a forked JVM these flags, and this JVM's peer host (--peer-host) if it has one. */
    public List<String> jvmOptions() {
        List<String> options = new ArrayList<>(List.of(
                "-D" + VERIFY + "=" + verify,
                "-D" + PEER_DELAY_NS + "=" + peerDelay.toNanos(),
                "-D" + STALL_MS + "=" + stallTimeout.toMillis()));
        PeerHost.current().ifPresent(host -> options.addAll(host.jvmOptions()));
        return options;
    }
}
