package dev.ipcmark.peer;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.junit.jupiter.api.parallel.Resources;

@ResourceLock(Resources.SYSTEM_PROPERTIES)
class AotCachesTest {
    @TempDir
    Path dir;

    @AfterEach
    void clear() {
        for (String p : new String[] {AotCaches.COMMAND, AotCaches.FORK, AotCaches.PEER, AotCaches.TRAINING}) {
            System.clearProperty(p);
        }
    }

    @Test
    void shouldStartEachJvmWithItsOwnCacheAndFallBackToTheCommands() throws Exception {
        Path command = Files.createFile(dir.resolve("ipcmark.aot"));
        Path fork = Files.createFile(dir.resolve(AotCaches.FORK_FILE));
        System.setProperty(AotCaches.COMMAND, command.toString());
        System.setProperty(AotCaches.FORK, fork.toString());
        // The peer's cache is gone since the launcher named it: the command's serves.
        System.setProperty(AotCaches.PEER, dir.resolve(AotCaches.PEER_FILE).toString());

        assertThat(AotCaches.forkOptions()).startsWith("-XX:AOTCache=" + fork);
        assertThat(AotCaches.peerOptions()).startsWith("-XX:AOTCache=" + command);
    }

    @Test
    void shouldStartNoCacheWhenThereIsNone() {
        System.setProperty(AotCaches.COMMAND, dir.resolve("missing.aot").toString());
        assertThat(AotCaches.forkOptions()).isEmpty();
        assertThat(AotCaches.peerOptions()).isEmpty();
    }

    @Test
    void shouldWriteTheTrainedCachesIntoTheTrainingDirectory() {
        System.setProperty(AotCaches.TRAINING, dir.toString());
        assertThat(AotCaches.forkOptions()).startsWith("-XX:AOTCacheOutput=" + dir.resolve(AotCaches.FORK_FILE));
        assertThat(AotCaches.peerOptions()).startsWith("-XX:AOTCacheOutput=" + dir.resolve(AotCaches.PEER_FILE));
    }
}
