package dev.ipcmark.gate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ipcmark.bench.CalibrationProbes;
import org.junit.jupiter.api.Test;

/** The gate's knowledge of the calibration probes, held to the probes a run takes. */
class DriftTest {
    @Test
    void shouldNameAsCrossCpuOnlyProbesThatARunTakes() {
        assertThat(CalibrationProbes.IDS).containsAll(Drift.CROSS_CPU);
    }
}
