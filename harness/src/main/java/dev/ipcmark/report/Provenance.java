package dev.ipcmark.report;

import dev.ipcmark.results.MachineIdentity;
import dev.ipcmark.results.RunRecord;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SequencedMap;
import java.util.StringJoiner;

/**
 * Where, when and from what a run was made, as the report's header shows it: the page carries these itself, so it
 * still says them when it travels without its run directory (a CI artifact, a mail).
 *
 * @param fields label → value, in the order shown; absent facts are left out
 */
record Provenance(SequencedMap<String, String> fields) {
    static Provenance of(RunRecord r) {
        SequencedMap<String, String> f = new LinkedHashMap<>();
        Map<String, Object> git = r.git() == null ? Map.of() : r.git();
        if (git.get("commit") instanceof String commit) {
            f.put(
                    "commit",
                    commit
                            + (git.get("branch") instanceof String b ? " on " + b : "")
                            + (Boolean.TRUE.equals(git.get("dirty")) ? " (with uncommitted changes)" : ""));
        }
        put(f, "command", r.command());
        if (r.scenarioFile() != null) {
            f.put(
                    "scenario",
                    r.scenarioFile() + (r.scenarioSha256() == null ? "" : " (SHA-256 " + r.scenarioSha256() + ")"));
        }
        put(f, "started", r.startedAt());
        put(f, "finished", r.finishedAt());
        Map<String, String> v = r.versions() == null ? Map.of() : r.versions();
        StringJoiner versions = new StringJoiner(", ");
        version(versions, v, "ipcmark", "ipcmark");
        version(versions, v, "jmh", "JMH");
        version(versions, v, "java", "Java");
        version(versions, v, "hdrhistogram", "HdrHistogram");
        if (versions.length() > 0) {
            f.put("versions", versions.toString());
        }
        if (r.environment() != null && !r.environment().isEmpty()) {
            Object host = r.environment().get("hostname");
            f.put(
                    "machine",
                    MachineIdentity.of(r.environment()).machineClass() + (host == null ? "" : " (host " + host + ")"));
        }
        return new Provenance(f);
    }

    private static void version(StringJoiner into, Map<String, String> versions, String key, String name) {
        if (versions.get(key) != null) {
            into.add(name + " " + versions.get(key));
        }
    }

    private static void put(Map<String, String> f, String label, String value) {
        if (value != null && !value.isBlank()) {
            f.put(label, value);
        }
    }

    /** A definition list of the fields. */
    void render(StringBuilder h) {
        if (fields.isEmpty()) {
            return;
        }
        h.append("<dl class=\"provenance\">");
        fields.forEach((k, v) -> h.append("<dt>")
                .append(Html.escape(k))
                .append("</dt><dd>")
                .append(Html.escape(v))
                .append("</dd>"));
        h.append("</dl>\n");
    }
}
