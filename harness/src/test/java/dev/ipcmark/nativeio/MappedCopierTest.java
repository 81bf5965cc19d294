package dev.ipcmark.nativeio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class MappedCopierTest {
    private static final long BYTES = 64 * 1024;

    private int fd;
    private Shm.Mapping mapping;

    @BeforeEach
    void map() {
        fd = Memfd.create();
        Fd.truncate(fd, BYTES);
        mapping = Shm.map(fd, BYTES);
    }

    @AfterEach
    void unmap() {
        mapping.closeQuietly();
        Fd.close(fd);
    }

    @Test
    void shouldCopyInAndOutAtEverySizeOnEitherSideOfTheLibcThreshold() {
        MappedCopier copier = new MappedCopier(mapping);
        for (long size : new long[] {1, 64, Memory.LIBC_FROM_BYTES - 1, Memory.LIBC_FROM_BYTES, 16 * 1024}) {
            MemorySegment from = Arena.ofAuto().allocate(size);
            MemorySegment to = Arena.ofAuto().allocate(size);
            for (long i = 0; i < size; i++) {
                from.set(ValueLayout.JAVA_BYTE, i, (byte) (i * 31 + size));
            }
            copier.copyIn(from, 0, 640, size);
            copier.copyOut(640, to, 0, size);
            assertThat(to.mismatch(from)).as("size %d", size).isEqualTo(-1);
            // The same bytes as the mapping's own segment sees them.
            assertThat(mapping.segment().asSlice(640, size).mismatch(from)).isEqualTo(-1);
        }
    }

    @Test
    void shouldRefuseACopyPastTheMappingsEnd() {
        MappedCopier copier = new MappedCopier(mapping);
        MemorySegment from = Arena.ofAuto().allocate(8192);
        assertThatThrownBy(() -> copier.copyIn(from, 0, BYTES - 4096, 8192))
                .isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> copier.copyOut(BYTES - 4096, from, 0, 8192))
                .isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void shouldUnmapWhenClosedByTheThreadThatCopiedAndRefuseCopiesAfterwards() {
        MappedCopier copier = new MappedCopier(mapping);
        MemorySegment buffer = Arena.ofAuto().allocate(8192);
        copier.copyIn(buffer, 0, 0, 8192);
        copier.closeQuietly();
        assertThat(mapping.segment().scope().isAlive()).isFalse();
        assertThatThrownBy(() -> copier.copyIn(buffer, 0, 0, 8192)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> copier.copyOut(0, buffer, 0, 8192)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void shouldUnmapWhenClosedBeforeAnyCopy() {
        new MappedCopier(mapping).closeQuietly();
        assertThat(mapping.segment().scope().isAlive()).isFalse();
    }

    @Test
    void shouldLeaveTheMappingWhenClosedByAnotherThreadThanTheOneThatCopies() {
        MappedCopier copier = new MappedCopier(mapping);
        MemorySegment buffer = Arena.ofAuto().allocate(8192);
        copier.copyIn(buffer, 0, 0, 8192);
        // This thread may be inside memcpy when another closes: the pages must stay until the process exits.
        CompletableFuture.runAsync(copier::closeQuietly).join();
        assertThat(mapping.segment().scope().isAlive()).isTrue();
        copier.copyOut(0, buffer, 0, 8192);
    }
}
