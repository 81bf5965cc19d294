package dev.ipcmark.gate;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ConfirmationTest {
    @Test
    void shouldMeasureAgainWithHalfTheForksButAtLeastTwo() {
        assertThat(Confirmation.forks(4, null)).isEqualTo(2);
        assertThat(Confirmation.forks(5, null)).isEqualTo(3);
        assertThat(Confirmation.forks(10, null)).isEqualTo(5);
        assertThat(Confirmation.forks(3, null)).isEqualTo(2);
        assertThat(Confirmation.forks(2, null)).isEqualTo(2);
    }

    @Test
    void shouldNeverMeasureAgainWithMoreForksThanTheScenarioUnlessAsked() {
        assertThat(Confirmation.forks(1, null)).isEqualTo(1);
        assertThat(Confirmation.forks(1, 3)).isEqualTo(3);
        assertThat(Confirmation.forks(4, 1)).isEqualTo(1);
    }
}
