package dev.ipcmark.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ipcmark.scenario.CaseSpec;
import dev.ipcmark.scenario.CpuPlacement;
import dev.ipcmark.scenario.Knob;
import dev.ipcmark.scenario.Pattern;
import dev.ipcmark.transport.Support;
import dev.ipcmark.transport.Transport;
import dev.ipcmark.transport.TransportKind;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
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

    @Option(names = "--json", description = "Print JSON instead: patterns, transports, knobs, and what runs here.")
    private boolean json;

    @Override
    public Integer call() {
        var out = spec.commandLine().getOut();
        if (json) {
            out.println(asJson());
            return ExitCodes.OK;
        }
        out.println("Patterns:");
        for (Pattern p : Pattern.values()) {
            out.printf("  %-14s %s%n", p.id(), p.description());
            for (Knob knob : knobs(p)) {
                out.printf(
                        "  %-14s knob %s: %s; default %s; allowed: %s%n",
                        "", knob.name(), knob.description(), knob.defaultValue(), knob.allowed());
            }
        }
        Knob cpus = CpuPlacement.KNOB;
        out.printf(
                "  %-14s knob %s: %s; default %s; allowed: %s%n",
                "(all but setup)", cpus.name(), cpus.description(), cpus.defaultValue(), cpus.allowed());
        out.println();
        out.println("Transports (checked with a 64-byte ping-pong case, or one of the only size a transport carries):");
        out.printf("  %-14s %-10s %s%n", "id", "here", "what it is, and its knobs (set per case block under knobs:)");
        for (TransportKind kind : TransportKind.values()) {
            Transport t = kind.create();
            Support support = t.check(CaseSpec.of(Pattern.PING_PONG, kind.id(), t.sampleMessageBytes()));
            out.printf("  %-14s %-10s %s%n", kind.id(), support.runs() ? "runs" : "cannot run", t.description());
            support.reason().ifPresent(r -> out.printf("  %-14s %-10s why not: %s%n", "", "", r));
            for (Knob knob : t.knobs()) {
                out.printf(
                        "  %-14s %-10s knob %s: %s; default %s; allowed: %s%n",
                        "", "", knob.name(), knob.description(), knob.defaultValue(), knob.allowed());
            }
        }
        return ExitCodes.OK;
    }

    /** The knobs {@code pattern} adds to a case, with those a transport adds for it, each once. */
    private static java.util.Collection<Knob> knobs(Pattern pattern) {
        Map<String, Knob> knobs = new LinkedHashMap<>();
        pattern.knobs().forEach(k -> knobs.putIfAbsent(k.name(), k));
        for (TransportKind kind : TransportKind.values()) {
            kind.create().knobs(pattern).forEach(k -> knobs.putIfAbsent(k.name(), k));
        }
        return knobs.values();
    }

    /** The same as the text, for scripts. */
    private static String asJson() {
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode root = mapper.createObjectNode();
        ArrayNode patterns = root.putArray("patterns");
        for (Pattern p : Pattern.values()) {
            ObjectNode node = patterns.addObject().put("id", p.id()).put("description", p.description());
            knobs(node.putArray("knobs"), knobs(p));
        }
        knobs(root.putArray("everyPatternButSetup"), List.of(CpuPlacement.KNOB));
        ArrayNode transports = root.putArray("transports");
        for (TransportKind kind : TransportKind.values()) {
            Transport t = kind.create();
            Support support = t.check(CaseSpec.of(Pattern.PING_PONG, kind.id(), t.sampleMessageBytes()));
            ObjectNode node = transports
                    .addObject()
                    .put("id", kind.id())
                    .put("family", kind.family().title())
                    .put("description", t.description())
                    .put("runsHere", support.runs());
            support.reason().ifPresent(r -> node.put("whyNot", r));
            knobs(node.putArray("knobs"), t.knobs());
        }
        try {
            return mapper.writerWithDefaultPrettyPrinter().writeValueAsString(root);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void knobs(ArrayNode into, java.util.Collection<Knob> knobs) {
        for (Knob k : knobs) {
            into.addObject()
                    .put("name", k.name())
                    .put("description", k.description())
                    .put("default", k.defaultValue())
                    .put("allowed", k.allowed());
        }
    }
}
