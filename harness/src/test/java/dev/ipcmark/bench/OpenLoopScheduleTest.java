package dev.ipcmark.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The coordinated-omission correction, against a stall worked out by hand. */
class OpenLoopScheduleTest {
    /**
     * A sender due every 100 ns whose round trips take 10 ns, except the third, which stalls for 350 ns. Starts
     * (intended / actual): 0/0, 100/100, 200/200, 300/550, 400/560, 500/570, 600/600. The stall delays the next three
     * messages: corrected they took 260, 170 and 80 ns; uncorrected, as a closed loop would report, 10 ns each.
     */
    @Test
    void shouldChargeAStallToEveryMessageItDelayed() {
        OpenLoopSchedule schedule = new OpenLoopSchedule(100, 0);
        long[] durations = {10, 10, 350, 10, 10, 10, 10};
        List<Long> corrected = new ArrayList<>();
        List<Long> uncorrected = new ArrayList<>();
        long free = 0; // when the sender is done with the previous message
        for (long d : durations) {
            long due = schedule.nextIntendedStart();
            long start = Math.max(due, free);
            long end = start + d;
            corrected.add(OpenLoopSchedule.corrected(due, end));
            uncorrected.add(OpenLoopSchedule.uncorrected(start, end));
            free = end;
        }
        assertThat(corrected).containsExactly(10L, 10L, 350L, 260L, 170L, 80L, 10L);
        assertThat(uncorrected).containsExactly(10L, 10L, 350L, 10L, 10L, 10L, 10L);
    }

    @Test
    void shouldTurnARateIntoAnInterval() {
        OpenLoopSchedule schedule = OpenLoopSchedule.atRate(4, 1000);
        assertThat(schedule.nextIntendedStart()).isEqualTo(1000);
        assertThat(schedule.nextIntendedStart()).isEqualTo(1000 + 250_000_000L);
    }

    @Test
    void shouldRefuseAZeroInterval() {
        assertThatThrownBy(() -> new OpenLoopSchedule(0, 0)).hasMessageContaining("at least 1 ns");
    }
}
