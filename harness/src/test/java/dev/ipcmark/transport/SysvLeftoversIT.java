package dev.ipcmark.transport;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ipcmark.nativeio.SysvIpc;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** System V objects a killed process left behind are found through their keys, and only ipcmark's are. */
@Timeout(30)
class SysvLeftoversIT {
    @Test
    void shouldFindAndRemoveQueuesAndSegmentsOfADeadCreator() throws Exception {
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        int queue = SysvIpc.createQueue(SysvKeys.key(gone.pid(), 15));
        int segment = SysvIpc.createSegment(SysvKeys.key(gone.pid(), 15), 4096);
        try {
            List<Leftovers.Found> found = Leftovers.scan().stream()
                    .filter(f -> f.ownerPid() == gone.pid())
                    .toList();
            assertThat(found).extracting(Leftovers.Found::kind).containsExactlyInAnyOrder("sysv-msg", "sysv-shm");
            assertThat(found).noneMatch(Leftovers.Found::ownerAlive);
            found.forEach(Leftovers.Found::remove);
            assertThat(Leftovers.scan()).noneMatch(f -> f.ownerPid() == gone.pid());
        } finally {
            SysvIpc.removeQueue(queue);
            SysvIpc.removeSegment(segment);
        }
    }

    @Test
    void shouldRecordTheCreatorInTheKeyAndIgnoreForeignKeys() {
        assertThat(SysvKeys.ownerOf(SysvKeys.key(4_194_303, 3))).contains(4_194_303L);
        assertThat(SysvKeys.ownerOf(0x4d2)).isEmpty();
        assertThat(SysvKeys.ownerOf(0x6a000001))
                .as("an ftok key with project id 'j'")
                .isEmpty();
    }
}
