package dev.ipcmark.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.ipcmark.nativeio.DirFd;
import dev.ipcmark.transport.Leftovers;
import dev.ipcmark.transport.TestResources;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.ResourceAccessMode;
import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * {@code ipcmark clean} on a shared machine, run as root against what a hostile local user can plant in the temporary
 * directory: only this user's objects with ipcmark's modes are removed, and no link, planted or swapped in during the
 * walk, ever leads it outside.
 */
@Timeout(120)
@ResourceLock(value = TestResources.CPUS, mode = ResourceAccessMode.READ)
class CleanSafetyIT {
    private static final String HEX = "0123456789abcdef";

    @TempDir
    Path scratch;

    private Path tmp;
    private Path outside;
    private long deadPid;

    @BeforeEach
    void plantTheVictim() throws Exception {
        tmp = Files.createDirectory(scratch.resolve("tmp"));
        outside = Files.createDirectory(scratch.resolve("outside"));
        Files.writeString(outside.resolve("precious"), "not ipcmark's");
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        deadPid = gone.pid();
    }

    private Path privateDir(String name) throws Exception {
        return Files.createDirectory(
                tmp.resolve(name), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    }

    @Test
    @ResourceLock(TestResources.IPCMARK_RUNS)
    void shouldRemoveOnlyOwnObjectsAndNeverFollowALink() throws Exception {
        assumeTrue(DirFd.effectiveUid() == 0, "planting another user's directory needs root (chown)");
        Path foreign = privateDir("ipcmark-" + deadPid + "-" + HEX);
        Files.writeString(foreign.resolve("file"), "someone else's");
        UserPrincipal nobody =
                foreign.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("nobody");
        Files.setOwner(foreign.resolve("file"), nobody);
        Files.setOwner(foreign, nobody);

        Path ours = privateDir("ipcmark-" + deadPid + "-" + HEX.replace('0', '1'));
        Files.createSymbolicLink(ours.resolve("link-to-dir"), outside);
        Files.createDirectory(ours.resolve("sub"));
        Files.createSymbolicLink(ours.resolve("sub").resolve("link-to-file"), outside.resolve("precious"));
        Files.writeString(ours.resolve("sub").resolve("peer.stderr"), "left behind");

        Path planted =
                Files.createSymbolicLink(tmp.resolve("ipcmark-" + deadPid + "-" + HEX.replace('0', '2')), outside);
        Path loose = Files.createDirectory(tmp.resolve("ipcmark-" + deadPid + "-" + HEX.replace('0', '3')));
        Files.setPosixFilePermissions(loose, PosixFilePermissions.fromString("rwxr-xr-x"));

        Ipcmark.Outcome clean = Ipcmark.run(scratch, Map.of("TMPDIR", tmp.toString()), "clean");

        assertThat(clean.status()).as(clean.out()).isZero();
        assertThat(ours).as("ours, with the links in it").doesNotExist();
        assertThat(outside.resolve("precious")).as(clean.out()).hasContent("not ipcmark's");
        assertThat(foreign.resolve("file")).hasContent("someone else's");
        assertThat(planted).matches(p -> Files.isSymbolicLink(p), "still a link");
        assertThat(loose).exists();
        assertThat(clean.out())
                .contains("not ours private-dir  " + foreign + " (owned by uid 65534, not by this user (uid 0))")
                .contains("not ours private-dir  " + planted + " (a symbolic link, which ipcmark never makes)")
                .contains("not ours private-dir  " + loose + " (mode 0755, not the 0700 ipcmark gives it)")
                .contains("removed  private-dir  " + ours + " (process " + deadPid + " is gone)");
    }

    @Test
    void shouldNotBeRedirectedByADirectorySwappedForALinkDuringTheWalk() throws Exception {
        // The outside files carry the victim's names: a walk that lists first and deletes by path later (as clean
        // once did) deletes them through the swapped-in link.
        for (int i = 0; i < 20_000; i += 20) {
            Files.writeString(outside.resolve("f" + i), "not ipcmark's");
        }
        for (int round = 0; round < 3; round++) {
            Path ours = privateDir("ipcmark-" + deadPid + "-" + HEX.substring(round) + HEX.substring(0, round));
            Path victim = Files.createDirectory(ours.resolve("victim"));
            for (int i = 0; i < 20_000; i++) {
                Files.createFile(victim.resolve("f" + i));
            }
            AtomicBoolean done = new AtomicBoolean();
            AtomicInteger swaps = new AtomicInteger();
            Thread attacker = new Thread(() -> {
                // What the hostile user did: once the walk has started deleting in the directory, swap it for a link
                // to elsewhere, so that what is left to delete by name resolves there.
                while (!done.get()) {
                    try {
                        Path aside = ours.resolve("aside" + swaps.get());
                        boolean started = false;
                        for (int i = 0; i < 20_000 && !started; i += 400) {
                            started = !Files.exists(victim.resolve("f" + i), LinkOption.NOFOLLOW_LINKS);
                        }
                        if (started && Files.isDirectory(victim, LinkOption.NOFOLLOW_LINKS)) {
                            Files.move(victim, aside);
                            Files.createSymbolicLink(victim, outside);
                            swaps.incrementAndGet();
                        }
                    } catch (Exception e) {
                        // The walk removed what we were about to move: try again.
                    }
                }
            });
            attacker.start();
            try {
                Leftovers.removeTree(tmp, ours.getFileName().toString());
            } catch (RuntimeException e) {
                // A tree changing under the walk may refuse to be removed whole; what matters is what it touched.
            } finally {
                done.set(true);
                attacker.join();
            }
            assertThat(swaps.get()).as("the swap happened during the walk").isPositive();
            assertThat(outside.resolve("precious")).as("round " + round).hasContent("not ipcmark's");
            try (var left = Files.list(outside)) {
                assertThat(left.count())
                        .as("round " + round + ", " + swaps.get() + " swaps")
                        .isEqualTo(1001);
            }
        }
    }

    @Test
    @ResourceLock(TestResources.IPCMARK_RUNS)
    void shouldLeaveAWrongModeShmObjectAlone() throws Exception {
        Path shm = Path.of("/dev/shm", "ipcmark-" + deadPid + "-" + HEX);
        Files.writeString(shm, "x");
        Files.setPosixFilePermissions(shm, PosixFilePermissions.fromString("rw-r--r--"));
        try {
            Ipcmark.Outcome clean = Ipcmark.run(scratch, Map.of("TMPDIR", tmp.toString()), "clean");
            assertThat(shm).exists();
            assertThat(clean.out()).contains("not ours posix-shm    " + shm + " (mode 0644, not the 0600");
        } finally {
            Files.deleteIfExists(shm);
        }
    }
}
