package dev.ipcmark.cli;

import dev.ipcmark.transport.PeerHost;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/** The machine the peers of {@code network: remote} cases run on: {@code --peer-host} and what goes with it. */
final class PeerHostOptions {
    @Option(
            names = "--peer-host",
            paramLabel = "[USER@]HOST",
            description = "Run the peers of network: remote cases (tcp, udp) on this machine, started over ssh in batch"
                    + " mode (keys or an agent); its address towards this one is where the listener binds.")
    private String host;

    @Option(
            names = "--peer-ssh-config",
            paramLabel = "FILE",
            description = "An ssh configuration file to use instead of your own (ssh -F), e.g. for a Host alias.")
    private Path sshConfig;

    @Option(
            names = "--peer-java",
            paramLabel = "PATH",
            defaultValue = "java",
            description = "The java (25 or newer) on the peer host (default: ${DEFAULT-VALUE}).")
    private String java;

    @Option(
            names = "--peer-jar",
            paramLabel = "PATH",
            description = "ipcmark's jar on the peer host (default: the same path as here).")
    private String jar;

    /** Makes the peer host this run's, for every process of it; refuses a bad value (exit 2) before anything runs. */
    void install(CommandLine commandLine) {
        if (host == null) {
            if (sshConfig != null || jar != null) {
                throw new CommandLine.ParameterException(
                        commandLine, (sshConfig != null ? "--peer-ssh-config" : "--peer-jar") + " needs --peer-host");
            }
            return;
        }
        if (sshConfig != null && !Files.isRegularFile(sshConfig)) {
            throw new CommandLine.ParameterException(
                    commandLine, "--peer-ssh-config: " + sshConfig + " is not a readable file");
        }
        try {
            new PeerHost(host, Optional.ofNullable(sshConfig), java, jar == null ? "" : jar).install();
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(commandLine, "--peer-host: " + e.getMessage());
        }
    }
}
