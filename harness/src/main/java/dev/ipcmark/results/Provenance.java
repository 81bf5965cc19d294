package dev.ipcmark.results;

import java.util.Map;

/**
 * Where a run came from, as run.json records it.
 *
 * @param startedAt when it started (ISO-8601 with offset)
 * @param pid the ipcmark process that writes it (clean keeps its scratch while that process lives)
 * @param command the command line
 * @param scenarioFile the scenario file
 * @param scenarioSha256 the scenario file's SHA-256
 * @param versions ipcmark, JMH, HdrHistogram and Java versions
 * @param git the commit ipcmark was built from ({@code commit}, {@code dirty})
 */
public record Provenance(
        String startedAt,
        long pid,
        String command,
        String scenarioFile,
        String scenarioSha256,
        Map<String, String> versions,
        Map<String, Object> git) {}
