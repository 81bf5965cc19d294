package dev.ipcmark.scenario;

import java.util.List;

/**
 * One entry of a scenario's {@code cases} list: a pattern crossed with transports and message sizes.
 *
 * @param pattern what is measured
 * @param transports transport ids, in file order
 * @param messageSizes payload sizes in bytes, in file order
 */
public record CaseBlock(Pattern pattern, List<String> transports, List<Long> messageSizes) {
    /** Copies the lists so the block is immutable. */
    public CaseBlock {
        transports = List.copyOf(transports);
        messageSizes = List.copyOf(messageSizes);
    }
}
