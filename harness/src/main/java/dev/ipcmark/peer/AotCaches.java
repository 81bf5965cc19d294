package dev.ipcmark.peer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The ahead-of-time caches (JDK 25, JEP 483/514) ipcmark's three kinds of JVM start with, each trained on what that
 * JVM does: the command's ({@code ipcmark.aot}, made by {@code AotTraining}), a JMH fork's and a peer's
 * ({@value #FORK_FILE} and {@value #PEER_FILE}, written by the fork and the peer of a one-case run during the build,
 * with {@value #TRAINING} set). A JVM maps every class of its cache at start, loaded and linked: one cache for all
 * three gave each thousands of classes it never uses and left out the ones it does (JMH's link to its fork, Jackson in
 * the fork). The launcher names the caches it found fresh for the jar in system properties; the command hands them to
 * its forks, which hand the peer's on.
 */
public final class AotCaches {
    /** System property: the command's cache (the launcher's), used by a fork or peer that has none of its own. */
    static final String COMMAND = "ipcmark.aotCache";
    /** System property: the JMH forks' cache. */
    static final String FORK = "ipcmark.forkAotCache";
    /** System property: the peers' cache. */
    static final String PEER = "ipcmark.peerAotCache";
    /** System property of a training run: the directory every fork and peer JVM writes its cache into as it exits. */
    public static final String TRAINING = "ipcmark.aotTrainingDir";
    /** The file a training fork writes. */
    public static final String FORK_FILE = "ipcmark-fork.aot";
    /** The file a training peer writes. */
    public static final String PEER_FILE = "ipcmark-peer.aot";

    private AotCaches() {}

    /** The options that start a JMH fork with its cache (they come after, and so override, the command's own). */
    public static List<String> forkOptions() {
        return options(FORK, FORK_FILE);
    }

    /** The options that start a peer JVM with its cache. */
    static List<String> peerOptions() {
        return options(PEER, PEER_FILE);
    }

    private static List<String> options(String property, String trainedFile) {
        String training = System.getProperty(TRAINING);
        if (training != null) {
            return List.of("-XX:AOTCacheOutput=" + Path.of(training, trainedFile), "-Xlog:aot=error");
        }
        return existing(property)
                .or(() -> existing(COMMAND))
                .map(cache -> List.of("-XX:AOTCache=" + cache, "-Xlog:aot=off", "-Xlog:cds=off"))
                .orElse(List.of());
    }

    private static Optional<String> existing(String property) {
        return Optional.ofNullable(System.getProperty(property)).filter(cache -> Files.isRegularFile(Path.of(cache)));
    }
}
