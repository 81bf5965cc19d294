package dev.ipcmark.transport;

import dev.ipcmark.nativeio.DescriptorPassing;
import dev.ipcmark.nativeio.Fd;
import dev.ipcmark.nativeio.Memfd;
import dev.ipcmark.nativeio.Shm;
import dev.ipcmark.scenario.CaseSpec;
import java.util.List;

/**
 * The life of one handed-over memory file of the case's size, step by step: {@code create} (memfd_create), {@code
 * size} (ftruncate), {@code map}, {@code touch} (the first write to every page), {@code seal} (unmap, then seal against
 * writes, shrinking and growing), {@code hand-over} (sendmsg and recvmsg with SCM_RIGHTS over a socket pair), {@code
 * peer-map} (the received descriptor checked, mapped read-only, read page by page and unmapped), {@code close} (both
 * descriptors: the file is freed). Both ends are in the measuring process, as in shm's cycle: the kernel work is
 * the same as across processes, without a wake-up in the middle.
 */
final class MemfdSetupCycle implements SetupCycle {

    @Override
    public Support check(CaseSpec spec) {
        return new MemfdTransport().check(spec);
    }

    @Override
    public List<String> steps(CaseSpec spec) {
        return List.of("create", "size", "map", "touch", "seal", "hand-over", "peer-map", "close");
    }

    @Override
    public void run(CaseSpec spec, PrivateDir dir, Lap lap) {
        long bytes = spec.messageBytes();
        int[] pair = DescriptorPassing.socketPair();
        int fd = -1;
        int received = -1;
        try {
            fd = Memfd.create();
            lap.step("create");
            Fd.truncate(fd, bytes);
            lap.step("size");
            try (Shm.Mapping mine = Shm.map(fd, bytes)) {
                lap.step("map");
                Pages.touch(mine.segment(), bytes);
                lap.step("touch");
            }
            Memfd.seal(fd, Memfd.SEALED);
            lap.step("seal");
            DescriptorPassing passing = new DescriptorPassing();
            passing.send(pair[0], fd);
            received = passing.receive(pair[1]);
            lap.step("hand-over");
            if ((Memfd.seals(received) & Memfd.SEALED) != Memfd.SEALED || Memfd.size(received) != bytes) {
                throw new TransportException("the memory file received is not the one sealed and sent");
            }
            try (Shm.Mapping theirs = Memfd.mapReadOnly(received, bytes)) {
                Pages.checkTouched(theirs.segment(), bytes);
            }
            lap.step("peer-map");
        } finally {
            for (int open : new int[] {received, fd, pair[0], pair[1]}) {
                if (open >= 0) {
                    Fd.close(open);
                }
            }
        }
        lap.step("close");
    }
}
