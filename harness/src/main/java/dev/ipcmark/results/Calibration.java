package dev.ipcmark.results;

import java.util.List;

/**
 * The machine's own speed during a run, measured by probes that involve no transport: between the cases (every few
 * forks), ipcmark times a null system call, a wake-up of a thread on another core through a futex, a cache line
 * bounced between two cores, and memcpy. A comparison looks at these first: when the machine itself moved, a case's
 * change may be the machine's, not the code's.
 *
 * @param probes each probe's measurements, in the order taken
 */
public record Calibration(List<Probe> probes) {
    /** Copies the list. */
    public Calibration {
        probes = List.copyOf(probes);
    }

    /**
     * One probe.
     *
     * @param id its name: {@code null-syscall}, {@code futex-wake}, {@code cache-line}, {@code memcpy-1MiB}
     * @param what what one operation is
     * @param nanosPerOp one value per probe round: the median time of one operation in that round, in ns
     */
    public record Probe(String id, String what, List<Double> nanosPerOp) {
        /** Copies the list. */
        public Probe {
            nanosPerOp = List.copyOf(nanosPerOp);
        }
    }
}
