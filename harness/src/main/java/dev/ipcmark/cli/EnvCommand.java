package dev.ipcmark.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.ipcmark.results.EnvironmentProbe;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ipcmark env}: the machine fingerprint saved with every run. */
@Command(
        name = "env",
        mixinStandardHelpOptions = true,
        description = "Print this machine's fingerprint: kernel, CPU, cores, memory, the kernel's CPU vulnerability"
                + " mitigations, JVM and the kernel's IPC limits (POSIX and System V queue limits, shared memory"
                + " limits, pipe-max-size, transparent huge pages).")
final class EnvCommand implements Callable<Integer> {
    @Option(names = "--json", description = "Print JSON (as stored in run.json) instead of text.")
    private boolean json;

    @Spec
    private picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Map<String, Object> env = EnvironmentProbe.probe();
        var out = spec.commandLine().getOut();
        if (json) {
            out.println(new ObjectMapper()
                    .enable(SerializationFeature.INDENT_OUTPUT)
                    .writeValueAsString(env));
            return ExitCodes.OK;
        }
        env.forEach((key, value) -> {
            if (value instanceof Map<?, ?> nested) {
                out.println(key + ":");
                nested.forEach((k, v) -> out.printf("  %-36s %s%n", k, v));
            } else {
                out.printf("%-38s %s%n", key, value);
            }
        });
        return ExitCodes.OK;
    }
}
