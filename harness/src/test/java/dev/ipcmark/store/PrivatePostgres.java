package dev.ipcmark.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ipcmark.cli.Ipcmark;
import dev.ipcmark.nativeio.DirFd;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real PostgreSQL server of the test's own: a fresh cluster in a temporary directory, on a free port of 127.0.0.1,
 * with password authentication, stopped and deleted by {@link #close}. The Debian package's binaries are installed by
 * {@code scripts/install-postgres} when missing; as root the server runs as the {@code postgres} user (PostgreSQL
 * refuses root).
 */
public final class PrivatePostgres implements AutoCloseable {
    private final Path dir;
    private final Path bin;
    private final int port;
    private final String password;
    private final boolean asPostgres;

    private PrivatePostgres(Path dir, Path bin, int port, String password, boolean asPostgres) {
        this.dir = dir;
        this.bin = bin;
        this.port = port;
        this.password = password;
        this.asPostgres = asPostgres;
    }

    /** Installs the binaries if needed, creates a cluster and starts it. */
    public static PrivatePostgres start() throws IOException, InterruptedException {
        Process install = new ProcessBuilder(
                        Ipcmark.ROOT.resolve("scripts/install-postgres").toString())
                .redirectErrorStream(true)
                .start();
        String installOutput = new String(install.getInputStream().readAllBytes());
        assertThat(install.waitFor())
                .as("scripts/install-postgres: %s", installOutput)
                .isZero();
        Path bin;
        try (Stream<Path> versions = Files.list(Path.of("/usr/lib/postgresql"))) {
            bin = versions.map(v -> v.resolve("bin"))
                    .filter(b -> Files.isExecutable(b.resolve("initdb")))
                    .max(Comparator.comparing(b -> Integer.parseInt(
                            b.getParent().getFileName().toString().replaceAll("\\D", "0"))))
                    .orElseThrow(() -> new IllegalStateException("no PostgreSQL binaries in /usr/lib/postgresql"));
        }
        boolean asPostgres = DirFd.effectiveUid() == 0;
        Path dir = Files.createTempDirectory("ipcmark-pg-");
        String password = HexFormat.of().formatHex(SecureRandom.getSeed(12));
        Path passwordFile = Files.writeString(dir.resolve("password"), password);
        if (asPostgres) {
            UserPrincipalLookupService users = dir.getFileSystem().getUserPrincipalLookupService();
            Files.setOwner(dir, users.lookupPrincipalByName("postgres"));
            Files.setOwner(passwordFile, users.lookupPrincipalByName("postgres"));
        }
        Files.setPosixFilePermissions(passwordFile, PosixFilePermissions.fromString("rw-------"));
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        PrivatePostgres server = new PrivatePostgres(dir, bin, port, password, asPostgres);
        server.run(
                "initdb",
                "-D",
                dir.resolve("data").toString(),
                "-U",
                "ipcmark",
                "--auth=scram-sha-256",
                "--pwfile=" + passwordFile,
                "-E",
                "UTF8",
                "--no-sync");
        server.run(
                "pg_ctl",
                "-D",
                dir.resolve("data").toString(),
                "-l",
                dir.resolve("server.log").toString(),
                "-w",
                "-t",
                "60",
                "-o",
                "-p " + port + " -k " + dir + " -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=60",
                "start");
        return server;
    }

    private void run(String program, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        if (asPostgres) {
            command.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        command.add(bin.resolve(program).toString());
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .start();
        String output = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(120, TimeUnit.SECONDS))
                .as("%s did not finish", program)
                .isTrue();
        assertThat(p.exitValue()).as("%s: %s", program, output).isZero();
    }

    private static PrivatePostgres shared;
    private static final java.util.concurrent.atomic.AtomicInteger DATABASES =
            new java.util.concurrent.atomic.AtomicInteger();

    /**
     * The one server of this test JVM, started on first use and stopped when the JVM exits: tests share it, each in
     * databases of its own ({@link #createDatabase}).
     */
    public static synchronized PrivatePostgres shared() throws IOException, InterruptedException {
        if (shared == null) {
            PrivatePostgres server = start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    server.close();
                } catch (IOException e) {
                    System.err.println("PrivatePostgres: " + e.getMessage());
                }
            }));
            shared = server;
        }
        return shared;
    }

    /** A new, empty database on this server; returns its store spec. */
    public String createDatabase() throws java.sql.SQLException {
        String name = "db" + DATABASES.incrementAndGet();
        try (java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:" + spec(), "ipcmark", password);
                java.sql.Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        }
        return spec().replace("/postgres?", "/" + name + "?");
    }

    /** The store spec for this server's {@code postgres} database. */
    public String spec() {
        return "postgresql://127.0.0.1:" + port + "/postgres?user=ipcmark";
    }

    /** The password of its {@code ipcmark} user. */
    public String password() {
        return password;
    }

    /** Stops the server and deletes its cluster. */
    @Override
    public void close() throws IOException {
        try {
            run("pg_ctl", "-D", dir.resolve("data").toString(), "-m", "immediate", "-w", "stop");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            try (Stream<Path> all = Files.walk(dir)) {
                for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }
}
