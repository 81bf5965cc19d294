package dev.ipcmark.cli;

import dev.ipcmark.scenario.CaseSpec;
import dev.ipcmark.scenario.Pattern;
import dev.ipcmark.transport.Support;
import dev.ipcmark.transport.Transport;
import dev.ipcmark.transport.TransportKind;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Spec;

/** {@code ipcmark list}: every pattern and transport, with knobs and whether it can run on this machine. */
@Command(
        name = "list",
        mixinStandardHelpOptions = true,
        description = "List every pattern and transport with its knobs, and whether it can run on this machine"
                + " (and if not, why).")
final class ListCommand implements Callable<Integer> {
    @Spec
    private picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        var out = spec.commandLine().getOut();
        out.println("Patterns:");
        for (Pattern p : Pattern.values()) {
            out.printf("  %-14s %s%n", p.id(), p.description());
        }
        out.println();
        out.println("Transports (checked with a 64-byte ping-pong case):");
        out.printf("  %-14s %-10s %-22s %s%n", "id", "here", "knobs", "what it is");
        for (TransportKind kind : TransportKind.values()) {
            Transport t = kind.create();
            Support support = t.check(CaseSpec.of(Pattern.PING_PONG, kind.id(), 64));
            out.printf(
                    "  %-14s %-10s %-22s %s%n",
                    kind.id(), support.runs() ? "runs" : "cannot run", knobs(t.knobs()), t.description());
            support.reason().ifPresent(r -> out.printf("  %-14s   why not: %s%n", "", r));
        }
        return ExitCodes.OK;
    }

    private static String knobs(Map<String, List<String>> knobs) {
        if (knobs.isEmpty()) {
            return "-";
        }
        return knobs.entrySet().stream()
                .map(e -> e.getKey() + "=" + String.join("|", e.getValue()))
                .collect(Collectors.joining(" "));
    }
}
