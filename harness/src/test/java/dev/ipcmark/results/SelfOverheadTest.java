package dev.ipcmark.results;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The harness's own cost per timed operation: its parts are all there and add up the way they must. */
class SelfOverheadTest {
    @Test
    void shouldMeasureTheWholeBookkeepingAboveTheLatencyFloorAndTheFloorAboutOneClockRead() {
        Map<String, Double> overhead = SelfOverhead.measure();

        assertThat(overhead).containsOnlyKeys("perOperation", "latencyFloor", "clockRead");
        double perOperation = overhead.get("perOperation");
        double floor = overhead.get("latencyFloor");
        double clock = overhead.get("clockRead");
        assertThat(clock).isPositive();
        // Two clock reads and the histogram per operation: more than one read; what an empty operation records is
        // about one read (the histogram's resolution and the median allow a few ns either way).
        assertThat(perOperation).isGreaterThan(clock).isGreaterThanOrEqualTo(floor);
        assertThat(floor).isBetween(0.0, 3 * clock + 5);
        // Sanity: a loop without IPC takes nanoseconds per operation, never microseconds.
        assertThat(perOperation).isLessThan(5_000);
    }
}
