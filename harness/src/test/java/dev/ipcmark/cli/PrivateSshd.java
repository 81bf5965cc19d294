package dev.ipcmark.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ipcmark.transport.PeerNamespace;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A real OpenSSH server of the test's own, for network: remote: host and client keys made for it, key-only login as
 * this user, and an ssh configuration naming it {@value #HOST}; stopped and deleted by {@link #close}. The packages
 * come from {@code scripts/install-sshd} when missing. The "other machine" is a network namespace joined to this one
 * by a veth pair ({@link PeerNamespace}): sshd listens on the namespace's address, and the peers it starts run inside,
 * so ssh, the control link and every message cross a network path with an IP stack of its own, as they would to
 * another host (what remains untested is a physical wire). Where no namespace can be made it falls back to 127.0.0.1
 * and says so in {@link #where}.
 */
final class PrivateSshd implements AutoCloseable {
    /** The host alias the configuration gives it. */
    static final String HOST = "ipcmark-peer";

    private final Path dir;
    private final Process sshd;
    private final String where;

    private PrivateSshd(Path dir, Process sshd, String where) {
        this.dir = dir;
        this.sshd = sshd;
        this.where = where;
    }

    /** Installs the packages if needed, makes the keys and configuration, and starts the server. */
    static PrivateSshd start() throws IOException, InterruptedException {
        run(List.of(Ipcmark.ROOT.resolve("scripts/install-sshd").toString()));
        Path dir = Files.createTempDirectory(
                "ipcmark-sshd-", PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        run(List.of(
                "ssh-keygen",
                "-q",
                "-t",
                "ed25519",
                "-N",
                "",
                "-f",
                dir.resolve("host").toString()));
        run(List.of(
                "ssh-keygen",
                "-q",
                "-t",
                "ed25519",
                "-N",
                "",
                "-f",
                dir.resolve("id").toString()));
        Files.copy(dir.resolve("id.pub"), dir.resolve("authorized_keys"));
        StringBuilder whyNot = new StringBuilder();
        Optional<PeerNamespace> namespace = PeerNamespace.create(whyNot);
        try {
            return startIn(dir, namespace, whyNot);
        } finally {
            // Once sshd is inside (or failed to start), the name goes: the namespace lives as long as its processes.
            namespace.ifPresent(PeerNamespace::close);
        }
    }

    // Keys in {@code dir}, sshd listening in {@code namespace} (or on 127.0.0.1), and its configuration.
    private static PrivateSshd startIn(Path dir, Optional<PeerNamespace> namespace, StringBuilder whyNot)
            throws IOException, InterruptedException {
        String address = namespace.map(PeerNamespace::address).orElse("127.0.0.1");
        String where = namespace.isPresent()
                ? "in network namespace at " + address + ", over a veth pair"
                : "on 127.0.0.1 (no network namespace here: " + whyNot + ")";
        // A port free here is free in a new namespace too, which has nothing listening.
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        Files.writeString(
                dir.resolve("sshd_config"),
                String.join(
                        "\n",
                        "Port " + port,
                        "ListenAddress " + address,
                        "HostKey " + dir.resolve("host"),
                        "AuthorizedKeysFile " + dir.resolve("authorized_keys"),
                        "PidFile " + dir.resolve("sshd.pid"),
                        "PasswordAuthentication no",
                        "KbdInteractiveAuthentication no",
                        "PermitRootLogin prohibit-password",
                        "UsePAM no",
                        // The keys live in a private directory under /tmp, whose sticky, world-writable
                        // parent StrictModes refuses.
                        "StrictModes no",
                        "LogLevel ERROR",
                        ""));
        Files.writeString(
                dir.resolve("known_hosts"),
                "[" + address + "]:" + port + " " + Files.readString(dir.resolve("host.pub")));
        Files.writeString(
                dir.resolve("ssh_config"),
                String.join(
                        "\n",
                        "Host " + HOST,
                        "  HostName " + address,
                        "  Port " + port,
                        "  User " + System.getProperty("user.name"),
                        "  IdentityFile " + dir.resolve("id"),
                        "  IdentitiesOnly yes",
                        "  UserKnownHostsFile " + dir.resolve("known_hosts"),
                        "  StrictHostKeyChecking yes",
                        ""));
        List<String> command =
                new ArrayList<>(namespace.map(PeerNamespace::launcher).orElse(List.of()));
        command.addAll(List.of(
                "/usr/sbin/sshd", "-D", "-e", "-f", dir.resolve("sshd_config").toString()));
        Process sshd = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("sshd.log").toFile())
                .start();
        PrivateSshd server = new PrivateSshd(dir, sshd, where);
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (true) {
            try {
                new Socket(address, port).close();
                return server;
            } catch (IOException e) {
                if (!sshd.isAlive() || System.nanoTime() > deadline) {
                    String log = Files.readString(dir.resolve("sshd.log"));
                    server.close();
                    throw new AssertionError("sshd did not start: " + log, e);
                }
                Thread.sleep(50);
            }
        }
    }

    /** Where the server listens, for the test's messages. */
    String where() {
        return where;
    }

    /** The ssh configuration that names the server {@value #HOST}. */
    Path sshConfig() {
        return dir.resolve("ssh_config");
    }

    private static void run(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor()).as("%s: %s", command, output).isZero();
    }

    @Override
    public void close() throws IOException {
        sshd.destroy();
        try {
            sshd.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
