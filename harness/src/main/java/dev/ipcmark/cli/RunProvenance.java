package dev.ipcmark.cli;

import dev.ipcmark.results.Provenance;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** Where a run comes from: the command, the scenario file and its hash, the versions, the git commit and branch. */
final class RunProvenance {
    private RunProvenance() {}

    /** The provenance of a run of {@code scenarioFile} started now by {@code command}. */
    static Provenance of(String command, String scenarioFile) {
        var v = Main.versions();
        Map<String, String> versions = new LinkedHashMap<>();
        versions.put("ipcmark", v.getProperty("version", "unknown"));
        versions.put("jmh", v.getProperty("jmh", "unknown"));
        versions.put("hdrhistogram", v.getProperty("hdrhistogram", "unknown"));
        versions.put("java", System.getProperty("java.version"));
        return new Provenance(
                OffsetDateTime.now().toString(),
                ProcessHandle.current().pid(),
                command,
                scenarioFile,
                sha256(Path.of(scenarioFile)),
                versions,
                git());
    }

    private static String sha256(Path file) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file));
            return HexFormat.of().formatHex(digest);
        } catch (IOException | NoSuchAlgorithmException e) {
            return "unknown";
        }
    }

    /** The commit ipcmark was built from, and its branch; never on a measured path. */
    private static Map<String, Object> git() {
        Optional<String> commit = gitOutput("rev-parse", "HEAD");
        if (commit.isEmpty()) {
            return Map.of("commit", "unknown");
        }
        Map<String, Object> git = new LinkedHashMap<>();
        git.put("commit", commit.get());
        gitOutput("rev-parse", "--abbrev-ref", "HEAD").ifPresent(b -> git.put("branch", b));
        git.put(
                "dirty",
                gitOutput("status", "--porcelain", "--untracked-files=no")
                        .map(s -> !s.isBlank())
                        .orElse(false));
        return git;
    }

    private static Optional<String> gitOutput(String... args) {
        List<String> command = new ArrayList<>(List.of("git", "-C", Main.home().toString()));
        command.addAll(List.of(args));
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0 ? Optional.of(text) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }
}
