package dev.ipcmark.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ipcmark.nativeio.SysvIpc;
import dev.ipcmark.nativeio.SysvSemaphores;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.parallel.ResourceAccessMode;
import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * System V objects a killed process left behind are found through their marked keys, judged by the processes the
 * kernel recorded as using them, and only ipcmark's are.
 */
@Timeout(60)
@ResourceLock(TestResources.THIS_JVM_OBJECTS)
@ResourceLock(value = TestResources.CPUS, mode = ResourceAccessMode.READ)
class SysvLeftoversIT {
    /**
     * Run in a child JVM: creates a queue, a segment and a semaphore set as ipcmark does (the set's "free" semaphore
     * set, which stamps the creator's PID on it), prints their ids, exits without removing.
     */
    public static void main(String[] args) {
        int queue = SysvKeys.createQueue();
        int segment = SysvKeys.createExclusive(key -> SysvIpc.createSegment(key, 4096));
        int semaphores = SysvKeys.createSemaphores(2);
        SysvSemaphores.set(semaphores, 1, 1);
        System.out.println(queue + " " + segment + " " + semaphores);
    }

    @Test
    void shouldFindAndRemoveQueuesSegmentsAndSemaphoresOfADeadCreator() throws Exception {
        Process creator = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "--enable-native-access=ALL-UNNAMED",
                        "-cp",
                        System.getProperty("java.class.path"),
                        SysvLeftoversIT.class.getName())
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        String[] ids = new String(creator.getInputStream().readAllBytes(), StandardCharsets.UTF_8)
                .strip()
                .split(" ");
        assertThat(creator.waitFor(30, TimeUnit.SECONDS)).isTrue();
        int queue = Integer.parseInt(ids[0]);
        int segment = Integer.parseInt(ids[1]);
        int semaphores = Integer.parseInt(ids[2]);
        try {
            List<Leftovers.Found> found = Leftovers.scan().stream()
                    .filter(f -> f.pids().contains(creator.pid()))
                    .toList();
            assertThat(found)
                    .extracting(Leftovers.Found::kind)
                    .containsExactlyInAnyOrder("sysv-msg", "sysv-shm", "sysv-sem");
            assertThat(found).allMatch(f -> f.disposition() == Leftovers.Disposition.LEFT_OVER);
            assertThat(found).extracting(Leftovers.Found::name).anyMatch(n -> n.endsWith("msqid " + queue));
            found.forEach(Leftovers.Found::remove);
            assertThat(Leftovers.scan()).noneMatch(f -> f.pids().contains(creator.pid()));
        } finally {
            SysvIpc.removeQueue(queue);
            SysvIpc.removeSegment(segment);
            SysvSemaphores.remove(semaphores);
        }
    }

    @Test
    void shouldRefuseASemaphoreSetIdFromASegmentUnlessIpcmarkMadeItForThisUser() {
        // IPC_PRIVATE (key 0) carries no mark: it could be anybody's set whose id an attacker wrote into the segment.
        int stranger = SysvSemaphores.create(0, 2);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment segment = arena.allocate(ShmLayout.SLOTS_OFFSET, 128);
            MemorySegment area = SyncStrategy.syncArea(segment, ShmLayout.publishedOffset(0));
            area.set(ValueLayout.JAVA_INT, 0, stranger);
            assertThatThrownBy(() -> new SysvSemSync(segment, 0, new AbortReason(), area))
                    .isInstanceOf(TransportException.class)
                    .hasMessageContaining("is not one ipcmark made for this user");
            Runnable remove = SysvSemSync.initialize(area, 1);
            try {
                assertThat(new SysvSemSync(segment, 0, new AbortReason(), area)).isNotNull();
            } finally {
                remove.run();
            }
        } finally {
            SysvSemaphores.remove(stranger);
        }
    }

    @Test
    void shouldKeepAQueueWhileItsUserRuns() {
        int queue = SysvKeys.createQueue();
        try {
            assertThat(Leftovers.scan())
                    .filteredOn(f -> f.name().endsWith("msqid " + queue))
                    .singleElement()
                    .satisfies(f -> {
                        assertThat(f.disposition()).isEqualTo(Leftovers.Disposition.IN_USE);
                        assertThat(f.pids())
                                .containsExactly(ProcessHandle.current().pid());
                    });
        } finally {
            SysvIpc.removeQueue(queue);
        }
    }

    @Test
    void shouldMarkKeysWithUnpredictableBits() {
        Set<Integer> keys = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            int key = SysvKeys.newKey();
            assertThat(SysvKeys.marked(key)).isTrue();
            keys.add(key);
        }
        assertThat(keys).as("1000 keys from 2^26 random values").hasSizeGreaterThan(990);
        assertThat(SysvKeys.marked(0x4d2)).isFalse();
        assertThat(SysvKeys.marked(0x6a000001))
                .as("an ftok key with project id 'j'")
                .isFalse();
    }
}
