package dev.ipcmark.peer;

import dev.ipcmark.scenario.CaseSpec;
import dev.ipcmark.transport.ExtraJvmOptions;
import dev.ipcmark.transport.InheritedStdio;
import dev.ipcmark.transport.PeerHost;
import dev.ipcmark.transport.PeerToken;
import dev.ipcmark.transport.TempRoot;
import java.io.File;
import java.lang.ProcessBuilder.Redirect;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The peer JVM's command line and standard streams, as {@link Peer} starts it. */
public final class PeerCommand {
    /**
     * What every JVM of a case (fork and peer) runs with: native calls allowed (FFM, and the frameworks' own
     * libraries); sun.misc.Unsafe's memory access allowed, which Agrona (under Aeron) uses and JDK 24+ warns about on
     * stderr; and no performance-data file. HotSpot writes that file to {@code /tmp/hsperfdata_<user>/<pid>} whatever
     * TMPDIR says, which would put an object of every case outside the run's own directory, and leave one behind for
     * each JVM killed (a crashed peer, a stall); nothing of ipcmark reads it ({@code jps} does), and not making it
     * saves each JVM's start a file and a mapping.
     */
    public static final List<String> JVM_OPTIONS =
            List.of("--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow", "-XX:-UsePerfData");

    /**
     * Sends what a peer's JVM prints to its stderr, since a pipe peer's stdout is the pipe it echoes on and a remote
     * peer's is its control link: HotSpot's own output (-XX:+PrintCompilation in IPCMARK_JVM_OPTIONS, say) and unified
     * logging's warnings and errors (on stdout by default; an AOT cache that cannot be mapped, say). The two flags HotSpot
     * still maps onto unified logging on stdout (-XX:+PrintGC, -XX:+PrintGCDetails) are refused in ExtraJvmOptions.
     */
    static final List<String> VM_OUTPUT_TO_STDERR =
            List.of("-XX:+DisplayVMOutputToStderr", "-Xlog:disable", "-Xlog:all=warning:stderr");

    /** System property: the class path of the peer JVM, when not this JVM's (tests run peers from the built jar). */
    static final String CLASSPATH_PROPERTY = "ipcmark.peerClasspath";

    private PeerCommand() {}

    /**
     * The process of a peer for {@code spec} that connects to {@code endpoint} and its control socket {@code control},
     * pins its working thread to {@code cpu} (none when -1; both may be {@link PeerMain#FROM_CONTROL}), checks messages with {@code verify}, writes its
     * stderr to {@code stderr}, and has {@code stdio}'s descriptors as its stdin and stdout (else nothing); its JVM
     * runs under {@code launcher} (a command that execs its arguments, e.g. into a network namespace) when not empty.
     */
    static ProcessBuilder builder(
            CaseSpec spec,
            String endpoint,
            Optional<InheritedStdio> stdio,
            List<String> launcher,
            String cpu,
            boolean verify,
            Path control,
            Path stderr) {
        List<String> command = new ArrayList<>(launcher);
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(JVM_OPTIONS);
        // The peer only echoes; a small serial-GC heap keeps its own threads off the two cores being measured.
        command.add("-XX:+UseSerialGC");
        command.add("-Xmx256m");
        command.addAll(VM_OUTPUT_TO_STDERR);
        command.addAll(AotCaches.peerOptions());
        command.addAll(StartupCompilation.OPTIONS);
        command.addAll(TempRoot.jvmOptions());
        command.addAll(RunFlags.current().jvmOptions());
        command.addAll(ExtraJvmOptions.current());
        agentOption().ifPresent(command::add);
        command.add("-cp");
        command.add(System.getProperty(CLASSPATH_PROPERTY, System.getProperty("java.class.path")));
        command.add(PeerMain.class.getName());
        command.addAll(PeerMain.arguments(spec.key(), endpoint, control.toString(), cpu, verify));
        ProcessBuilder builder = new ProcessBuilder(command).redirectError(stderr.toFile());
        // The environment, not the command line: /proc/PID/environ is readable only by the same user.
        builder.environment().putAll(PeerToken.environment());
        // ProcessBuilder passes on only stdin, stdout and stderr. Opening /proc/self/fd/N opens the very object behind
        // descriptor N (for a pipe: the same pipe), which the child then inherits as that stream.
        builder.redirectInput(stdio.filter(s -> s.stdinFd() != InheritedStdio.NONE)
                .map(s -> Redirect.from(ownDescriptor(s.stdinFd())))
                .orElse(Redirect.from(new File("/dev/null"))));
        builder.redirectOutput(
                stdio.map(s -> Redirect.to(ownDescriptor(s.stdoutFd()))).orElse(Redirect.DISCARD));
        return builder;
    }

    /**
     * The process of a peer for {@code spec} on {@code host}, started over ssh: its JVM runs there with the same
     * options (no ahead-of-time cache or agent, which are files of this machine), unpinned, from the peer host's jar
     * (or this classpath, when the same path is there too), its control link the session's stdin and stdout; the
     * peer token is the first line it reads, never on a command line. Its stderr, which ssh forwards, goes to
     * {@code stderr}.
     */
    static ProcessBuilder remote(CaseSpec spec, String endpoint, boolean verify, PeerHost host, Path stderr) {
        List<String> words = new ArrayList<>();
        words.add(host.java());
        words.addAll(JVM_OPTIONS);
        words.add("-XX:+UseSerialGC");
        words.add("-Xmx256m");
        words.addAll(VM_OUTPUT_TO_STDERR);
        words.addAll(StartupCompilation.OPTIONS);
        words.addAll(RunFlags.current().jvmOptions());
        words.add("-cp");
        words.add(
                host.jar().isEmpty()
                        ? System.getProperty(CLASSPATH_PROPERTY, System.getProperty("java.class.path"))
                        : host.jar());
        words.add(PeerMain.class.getName());
        words.addAll(PeerMain.arguments(spec.key(), endpoint, PeerMain.STDIO_CONTROL, "-1", verify));
        return new ProcessBuilder(host.sshReadingFirst(PeerToken.ENVIRONMENT, words)).redirectError(stderr.toFile());
    }

    /**
     * The agent the fork was told to load into its peers ({@value Peer#AGENT_PROPERTY}: the flame profiler's), if any; only
     * an {@code -agentpath} option is taken from it.
     */
    private static Optional<String> agentOption() {
        return Optional.ofNullable(System.getProperty(Peer.AGENT_PROPERTY)).filter(o -> o.startsWith("-agentpath:/"));
    }

    private static File ownDescriptor(int fd) {
        return new File("/proc/self/fd/" + fd);
    }
}
