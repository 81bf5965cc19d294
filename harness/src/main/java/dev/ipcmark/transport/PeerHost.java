package dev.ipcmark.transport;

import dev.ipcmark.nativeio.Sockets;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Another machine the peer of a {@code network: remote} case runs on, reached with OpenSSH's {@code ssh} (in batch
 * mode: keys or an agent, never a prompt). The peer's JVM is {@code java} there, run from {@code jar} there; its
 * control link is the ssh session's stdin and stdout, so nothing on the other machine listens; only the data socket
 * crosses the network, from the peer to this machine's address towards it.
 *
 * @param host where the peer runs: {@code [user@]host}, or a {@code Host} of the ssh configuration
 * @param sshConfig an ssh configuration file to use instead of the user's ({@code ssh -F}), or empty
 * @param java the {@code java} (25 or newer) to run there
 * @param jar ipcmark's jar there
 */
public record PeerHost(String host, Optional<Path> sshConfig, String java, String jar) {
    private static final String HOST = "ipcmark.peerHost";
    private static final String SSH_CONFIG = "ipcmark.peerSshConfig";
    private static final String JAVA = "ipcmark.peerJava";
    private static final String JAR = "ipcmark.peerJar";
    private static final List<Path> SSH = List.of(Path.of("/usr/bin/ssh"), Path.of("/bin/ssh"));
    private static final Pattern HOSTNAME = Pattern.compile("(?m)^hostname (\\S+)$");
    private static final long TIMEOUT_S = 20;

    /** Validates what a user typed: a host name is never an ssh option. */
    public PeerHost {
        // Starts with a letter, a digit or '[': ssh would read anything starting with '-' as an option.
        if (!host.matches("([A-Za-z0-9_][A-Za-z0-9._-]*@)?[A-Za-z0-9\\[][A-Za-z0-9._:\\[\\]-]*")) {
            throw new IllegalArgumentException("peer host '" + host + "' is not [user@]host");
        }
    }

    /** The peer host this JVM was started with, if any (see {@link #jvmOptions}). */
    public static Optional<PeerHost> current() {
        String host = System.getProperty(HOST);
        if (host == null || host.isBlank()) {
            return Optional.empty();
        }
        return Optional.of(new PeerHost(
                host,
                Optional.ofNullable(System.getProperty(SSH_CONFIG)).map(Path::of),
                System.getProperty(JAVA, "java"),
                System.getProperty(JAR, "")));
    }

    /** Makes this the peer host of this JVM and of every JVM it starts for a case (see {@link #jvmOptions}). */
    public void install() {
        System.setProperty(HOST, host);
        System.setProperty(JAVA, java);
        sshConfig.ifPresentOrElse(
                c -> System.setProperty(SSH_CONFIG, c.toAbsolutePath().toString()),
                () -> System.clearProperty(SSH_CONFIG));
        if (jar.isEmpty()) {
            System.clearProperty(JAR);
        } else {
            System.setProperty(JAR, jar);
        }
    }

    /** Whether {@code spec}'s peer runs on the peer host ({@code network: remote}). */
    public static boolean runs(dev.ipcmark.scenario.CaseSpec spec) {
        return NetworkPath.remote(spec);
    }

    /** The options that give a forked JVM this peer host. */
    public List<String> jvmOptions() {
        List<String> options = new ArrayList<>(List.of("-D" + HOST + "=" + host, "-D" + JAVA + "=" + java));
        sshConfig.ifPresent(c -> options.add("-D" + SSH_CONFIG + "=" + c.toAbsolutePath()));
        if (!jar.isEmpty()) {
            options.add("-D" + JAR + "=" + jar);
        }
        return options;
    }

    /** Why no ssh can be run, or empty when one can. */
    static Optional<String> sshMissing() {
        return TrustedBinary.find(SSH).isPresent()
                ? Optional.empty()
                : Optional.of("no OpenSSH ssh owned by root and writable by root only in " + SSH);
    }

    /**
     * The command that runs {@code words} on the peer host: {@code ssh [-F config] -o BatchMode=yes -T host -- 'w1'
     * 'w2' …}, each word quoted for the remote shell.
     */
    public List<String> ssh(List<String> words) {
        List<String> command = sshPrefix();
        command.add("--");
        command.add(String.join(" ", words.stream().map(PeerHost::quoted).toList()));
        return command;
    }

    /**
     * As {@link #ssh}, for a command that first reads one line from stdin into {@code variable} and exports it: how a
     * secret reaches the peer without appearing on any command line there.
     */
    public List<String> sshReadingFirst(String variable, List<String> words) {
        List<String> command = sshPrefix();
        command.add("--");
        command.add("read -r " + variable + " && export " + variable + " && exec "
                + String.join(" ", words.stream().map(PeerHost::quoted).toList()));
        return command;
    }

    private List<String> sshPrefix() {
        String ssh = TrustedBinary.find(SSH)
                .orElseThrow(() -> new TransportException(sshMissing().orElseThrow()))
                .toString();
        List<String> command = new ArrayList<>(List.of(ssh));
        sshConfig.ifPresent(c -> command.addAll(List.of("-F", c.toAbsolutePath().toString())));
        command.addAll(List.of("-o", "BatchMode=yes", "-o", "ConnectTimeout=10", "-T", host));
        return command;
    }

    /** A word as a POSIX shell reads it back unchanged: in single quotes. */
    static String quoted(String word) {
        return "'" + word.replace("'", "'\\''") + "'";
    }

    /** This machine's IPv4 address towards the peer host (host order), where a listener binds for it. */
    public int localAddress() {
        String name = resolvedName();
        try (DatagramSocket probe = new DatagramSocket()) {
            InetAddress remote = InetAddress.getByName(name);
            if (!(remote instanceof Inet4Address)) {
                throw new TransportException("peer host " + host + " (" + name + ") has no IPv4 address");
            }
            // Connecting a UDP socket sends nothing: it only asks the routing table which address this side uses.
            probe.connect(new InetSocketAddress(remote, 9));
            return Sockets.parseDotted(probe.getLocalAddress().getHostAddress());
        } catch (IOException e) {
            throw new TransportException("cannot find the way to peer host " + host + ": " + e.getMessage(), e);
        }
    }

    // The host name ssh would connect to (an alias of the ssh configuration resolved), from ssh -G.
    private String resolvedName() {
        List<String> command = sshPrefix();
        command.add(1, "-G");
        Matcher m = HOSTNAME.matcher(run(command).output());
        return m.find() ? m.group(1) : host.substring(host.indexOf('@') + 1);
    }

    /** What the peer host is: kernel, CPUs, model, its java's version; said by the host itself over ssh. */
    public Map<String, Object> describe() {
        TrustedBinary.Result result = run(ssh(List.of(
                "sh",
                "-c",
                "uname -srm; nproc; grep -m1 'model name' /proc/cpuinfo | cut -d: -f2; \"$1\" -version 2>&1 | head -1",
                "sh",
                java)));
        Map<String, Object> description = new LinkedHashMap<>();
        description.put("host", host);
        description.put("java", java);
        description.put("jar", jar);
        if (!result.ok()) {
            description.put("error", result.output());
            return description;
        }
        String[] lines = result.output().split("\n", -1);
        description.put("kernel", lines.length > 0 ? lines[0].strip() : "");
        description.put("cpus", lines.length > 1 ? lines[1].strip() : "");
        description.put("cpuModel", lines.length > 2 ? lines[2].strip() : "");
        description.put("javaVersion", lines.length > 3 ? lines[3].strip() : "");
        return description;
    }

    private static TrustedBinary.Result run(List<String> command) {
        return TrustedBinary.run(command, TIMEOUT_S);
    }
}
