package dev.ipcmark.transport;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ShmLayoutTest {
    private static final long PAGE = 4096;

    @Test
    void shouldKeepTheCountersBeforeTheSlots() {
        assertThat(ShmLayout.consumedOffset(1) + ShmLayout.COUNTER_STRIDE).isLessThanOrEqualTo(ShmLayout.SLOTS_OFFSET);
    }

    @Test
    void shouldStartEachRingOnAPageOfItsOwnAndKeepItsSlotsApart() {
        for (long slotBytes : new long[] {8, 64, 1000, 4096, 65536}) {
            for (int slots : new int[] {1, 2, 16, 1024}) {
                long stride = ShmLayout.slotStride(slotBytes);
                long ring0 = ShmLayout.slotOffset(0, 0, slotBytes, slots);
                long ring1 = ShmLayout.slotOffset(1, 0, slotBytes, slots);
                long ring0End = ShmLayout.slotOffset(0, slots - 1, slotBytes, slots) + stride;
                long ring1End = ShmLayout.slotOffset(1, slots - 1, slotBytes, slots) + stride;
                String shape = slots + " slots of " + slotBytes + " B";
                assertThat(ring0 % PAGE).as(shape).isZero();
                assertThat(ring1 % PAGE).as(shape).isZero();
                // No page holds lines of both rings.
                assertThat(ring1).as(shape).isGreaterThanOrEqualTo((ring0End + PAGE - 1) / PAGE * PAGE);
                assertThat(ring1End).as(shape).isLessThanOrEqualTo(ShmLayout.segmentBytes(slotBytes, slots));
                assertThat(ShmLayout.areaOffset(slotBytes, slots) % PAGE)
                        .as(shape)
                        .isZero();
                assertThat(ShmLayout.areaOffset(slotBytes, slots))
                        .as(shape)
                        .isGreaterThanOrEqualTo(ShmLayout.segmentBytes(slotBytes, slots));
            }
        }
    }
}
