package dev.ipcmark.transport;

import dev.ipcmark.nativeio.Fd;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/** The {@code doorbell} sync of a ring: a byte through a pipe per published chunk. */
final class DoorbellSync extends RingSync {
    private final SyncStrategy.Doorbell bell;
    private final MemorySegment bellByte = Arena.ofAuto().allocate(1);

    DoorbellSync(MemorySegment segment, int ring, AbortReason abortReason, SyncStrategy.Doorbell bell) {
        super(segment, ring, abortReason);
        this.bell = bell;
    }

    @Override
    void awaitData(long received) {
        // One byte per published chunk, always read, so rings and chunks stay paired.
        long n = Fd.read(bell.readFd(), bellByte, 0, 1);
        checkAbort();
        if (n != 1) {
            throw new TransportException("the other process closed its doorbell");
        }
    }

    @Override
    void signalData() {
        Fd.write(bell.writeFd(), bellByte, 0, 1);
    }

    @Override
    void awaitRoom(long sent, int slots) {
        spinForRoom(sent, slots);
    }

    @Override
    void signalRoom() {}
}
