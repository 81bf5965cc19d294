package dev.ipcmark.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ipcmark.nativeio.DescriptorPassing;
import dev.ipcmark.nativeio.Fd;
import dev.ipcmark.nativeio.Memfd;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.IntConsumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * A descriptor handed over is the other process's word: memfd's receiver maps or reads it only when it is a memory file
 * sealed against writing, shrinking and growing that holds exactly the message (an unsealed or short file could be
 * changed under the reader, or fault it beyond its end), and every refused descriptor is closed. The round trips
 * themselves are in TransportContractIT.
 */
@ResourceLock(TestResources.THIS_JVM_OBJECTS)
class MemfdHandOverTrustIT {
    private static final int BYTES = 4096;

    @Test
    void shouldTakeASealedMemoryFileOfTheMessagesSizeAndReadWhatWasWrittenInPlace() {
        handOver(socket -> sendMemfd(socket, BYTES, Memfd.SEALED, (byte) 42), channel -> {
            MemorySegment taken = channel.take(BYTES);
            assertThat(taken.get(ValueLayout.JAVA_BYTE, BYTES - 1)).isEqualTo((byte) 42);
            channel.release();
        });
    }

    @Test
    void shouldRefuseAMemoryFileTheSenderCouldStillChange() {
        refused(socket -> sendMemfd(socket, BYTES, Memfd.F_SEAL_SHRINK | Memfd.F_SEAL_GROW, (byte) 1), "seals");
    }

    @Test
    void shouldRefuseAMemoryFileShorterThanTheMessage() {
        refused(socket -> sendMemfd(socket, BYTES / 2, Memfd.SEALED, (byte) 1), "2048 bytes");
    }

    @Test
    void shouldRefuseADescriptorThatIsNotAMemoryFile() {
        refused(
                socket -> {
                    int[] pipe = Fd.pipe();
                    PIPE.set(target(pipe[0]));
                    new DescriptorPassing().send(socket, pipe[0]);
                    Fd.close(pipe[0]);
                    Fd.close(pipe[1]);
                },
                "not a memory file");
        // The pipe's descriptor that came in was closed: nothing here refers to that pipe any more.
        assertThat(targets()).doesNotContain(PIPE.get());
    }

    @Test
    void shouldRefuseAMessageWithoutADescriptor() {
        refused(
                socket -> {
                    try (Arena arena = Arena.ofConfined()) {
                        Fd.write(socket, arena.allocate(1), 0, 1);
                    }
                },
                "did not carry exactly one descriptor");
    }

    private static void refused(IntConsumer send, String why) {
        handOver(send, channel -> assertThatThrownBy(() -> channel.take(BYTES))
                .isInstanceOf(TransportException.class)
                .hasMessageContaining(why));
    }

    // Runs {@code send} on one end of a socket pair and {@code receive} on a memfd channel over the other, then checks
    // that no memory file is left open in this process (other tests may open pipes and sockets meanwhile, but no
    // memory files: they share THIS_JVM_OBJECTS).
    private static void handOver(IntConsumer send, java.util.function.Consumer<MemfdChannel> receive) {
        assertThat(memoryFiles()).isEmpty();
        int[] pair = DescriptorPassing.socketPair();
        try (MemfdChannel channel = new MemfdChannel(pair[1], BlockingMode.BLOCKING)) {
            send.accept(pair[0]);
            receive.accept(channel);
        } finally {
            Fd.close(pair[0]);
        }
        assertThat(memoryFiles()).as("memory files left open").isEmpty();
    }

    private static void sendMemfd(int socket, int size, int seals, byte fill) {
        int fd = Memfd.create();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment data = arena.allocate(size);
            data.fill(fill);
            Fd.writeFully(fd, data, 0);
            Memfd.seal(fd, seals);
            new DescriptorPassing().send(socket, fd);
        } finally {
            Fd.close(fd);
        }
    }

    private static final java.util.concurrent.atomic.AtomicReference<String> PIPE =
            new java.util.concurrent.atomic.AtomicReference<>();

    private static List<String> memoryFiles() {
        return targets().stream().filter(t -> t.startsWith("/memfd:")).toList();
    }

    // What every descriptor of this process refers to, e.g. "pipe:[1234]" or "/memfd:ipcmark (deleted)".
    private static List<String> targets() {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.map(f -> {
                        try {
                            return Files.readSymbolicLink(f).toString();
                        } catch (IOException e) {
                            return ""; // closed meanwhile (the listing's own descriptor)
                        }
                    })
                    .toList();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String target(int fd) {
        try {
            return Files.readSymbolicLink(Path.of("/proc/self/fd/" + fd)).toString();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
