package dev.ipcmark.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The fleet recipes in {@code deploy/} checked as far as this machine can: the manifests parse and say what a
 * measurement needs, every ipcmark command line in them is one ipcmark accepts, and the image builds where a
 * container engine runs (nowhere here: the test says so and is skipped).
 */
class FleetRecipesTest {
    private static final Path DEPLOY = Ipcmark.ROOT.resolve("deploy");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    /** Parses {@code args} as ipcmark's command line would (no execution); fails naming what it refuses. */
    private static void accepted(List<String> args) {
        picocli.CommandLine cli = Main.commandLine();
        cli.parseArgs(args.toArray(String[]::new));
        assertThat(cli.getParseResult().subcommand())
                .as("%s names a command", args)
                .isNotNull();
    }

    @Test
    void shouldRunOnePodPerNodeWithPrivateIpcAndTheStoreFromASecret() throws IOException {
        JsonNode job = YAML.readTree(DEPLOY.resolve("kubernetes-job.yaml").toFile());
        assertThat(job.at("/kind").asText()).isEqualTo("Job");
        assertThat(job.at("/spec/parallelism").asInt())
                .isEqualTo(job.at("/spec/completions").asInt());
        JsonNode pod = job.at("/spec/template/spec");
        assertThat(pod.at("/affinity/podAntiAffinity/requiredDuringSchedulingIgnoredDuringExecution/0/topologyKey")
                        .asText())
                .isEqualTo("kubernetes.io/hostname");
        assertThat(pod.at("/hostIPC").asBoolean(true))
                .as("the pod's own IPC namespace")
                .isFalse();
        JsonNode container = pod.at("/containers/0");
        assertThat(container.at("/resources/requests")).isEqualTo(container.at("/resources/limits"));
        List<String> secrets = new ArrayList<>();
        container.at("/env").forEach(e -> {
            if (e.at("/valueFrom/secretKeyRef").isObject()) {
                secrets.add(e.at("/name").asText());
            }
        });
        assertThat(secrets).containsExactlyInAnyOrder("IPCMARK_STORE", "IPCMARK_STORE_PASSWORD");
        String shmVolume = null;
        for (JsonNode mount : container.at("/volumeMounts")) {
            if (mount.at("/mountPath").asText().equals("/dev/shm")) {
                shmVolume = mount.at("/name").asText();
            }
        }
        assertThat(shmVolume).as("/dev/shm mounted").isNotNull();
        for (JsonNode volume : pod.at("/volumes")) {
            if (volume.at("/name").asText().equals(shmVolume)) {
                assertThat(volume.at("/emptyDir/medium").asText()).isEqualTo("Memory");
                assertThat(volume.at("/emptyDir/sizeLimit").asText()).isNotEmpty();
            }
        }
        List<String> args = new ArrayList<>();
        container.at("/args").forEach(a -> args.add(a.asText()));
        accepted(args);
        assertThat(Ipcmark.ROOT.resolve(args.get(1))).isRegularFile();
    }

    @Test
    void shouldOnlyUseIpcmarkCommandLinesThatIpcmarkAccepts() throws IOException {
        JsonNode workflow =
                YAML.readTree(DEPLOY.resolve("github-actions-fleet.yml").toFile());
        Pattern invocation = Pattern.compile("\\./ipcmark ((?:[^\\n\\\\]|\\\\\\n)+)");
        int checked = 0;
        for (JsonNode step : workflow.at("/jobs/measure/steps")) {
            Matcher m = invocation.matcher(step.at("/run").asText(""));
            while (m.find()) {
                // The expressions GitHub fills in become plain words; the shell's quotes and line breaks go.
                String line = m.group(1)
                        .replaceAll("\\$\\{\\{[^}]*}}", "x")
                        .replace("\\\n", " ")
                        .replace("\"", "");
                accepted(Arrays.asList(line.trim().split("\\s+")));
                checked++;
            }
        }
        assertThat(checked).isEqualTo(2);
        assertThat(workflow.at("/jobs/measure/strategy/matrix/runner").size()).isGreaterThan(1);
    }

    @Test
    void shouldBuildTheImageWhereAContainerEngineRuns() throws Exception {
        String dockerfile = Files.readString(DEPLOY.resolve("Dockerfile"));
        assertThat(dockerfile)
                .containsPattern("(?m)^FROM \\S*temurin-25")
                .contains("ENTRYPOINT [\"/opt/ipcmark/ipcmark\"]");
        Matcher cmd = Pattern.compile("(?m)^CMD \\[(.*)]$").matcher(dockerfile);
        assertThat(cmd.find()).isTrue();
        accepted(Arrays.stream(cmd.group(1).split(","))
                .map(s -> s.trim().replace("\"", ""))
                .toList());
        Assumptions.assumeTrue(
                engineRuns(), "no container engine runs here (docker info fails): the image is not built");
        Process build = new ProcessBuilder("docker", "build", "-f", "deploy/Dockerfile", "-t", "ipcmark-test", ".")
                .directory(Ipcmark.ROOT.toFile())
                .redirectErrorStream(true)
                .start();
        String output = new String(build.getInputStream().readAllBytes());
        assertThat(build.waitFor()).as(output).isZero();
    }

    private static boolean engineRuns() {
        try {
            Process info = new ProcessBuilder("docker", "info")
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            return info.waitFor(20, TimeUnit.SECONDS) && info.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
