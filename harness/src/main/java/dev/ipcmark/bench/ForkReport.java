package dev.ipcmark.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ipcmark.nativeio.ThreadUsage;
import dev.ipcmark.results.Costs;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * What one JMH fork measured besides its histograms, summed over its measurement iterations, handed to the ipcmark
 * process as {@code PID.fork.json} in the {@linkplain ForkScratch scratch directory}.
 *
 * @param operations operations measured (round trips, acknowledged messages, transfers …)
 * @param bytes payload bytes those operations delivered (acknowledged bytes for stream)
 * @param measuredNs wall time over which they were delivered, by the pattern's own clock (0 when it keeps none)
 * @param self usage of the measuring thread
 * @param peer usage of the peers' working threads, or null when unknown
 * @param producers for fan-in, the messages delivered by each producer, in launch order; else empty
 */
public record ForkReport(
        long operations, long bytes, long measuredNs, ThreadUsage self, ThreadUsage peer, long[] producers) {
    static final String SUFFIX = ".fork.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** An empty report, to add iterations to. */
    static ForkReport empty() {
        return new ForkReport(0, 0, 0, ThreadUsage.ZERO, ThreadUsage.ZERO, new long[0]);
    }

    /**
     * This report plus one iteration; a null {@code peer} makes the peer unknown for good. {@code byProducer} is
     * added producer by producer.
     */
    ForkReport plus(
            long ops, long iterationBytes, long ns, ThreadUsage selfUsed, ThreadUsage peerUsed, long[] byProducer) {
        long[] sum = java.util.Arrays.copyOf(producers, Math.max(producers.length, byProducer.length));
        for (int i = 0; i < byProducer.length; i++) {
            sum[i] += byProducer[i];
        }
        return new ForkReport(
                operations + ops,
                bytes + iterationBytes,
                measuredNs + ns,
                self.plus(selfUsed),
                peer == null || peerUsed == null ? null : peer.plus(peerUsed),
                sum);
    }

    /** The sum of this and {@code other}. */
    ForkReport plus(ForkReport other) {
        return plus(other.operations, other.bytes, other.measuredNs, other.self, other.peer, other.producers);
    }

    /** Each producer's delivered messages per second over the measured time; empty unless this was fan-in. */
    List<Double> producerRates() {
        return measuredNs == 0
                ? List.of()
                : java.util.Arrays.stream(producers)
                        .mapToObj(n -> n * 1e9 / measuredNs)
                        .toList();
    }

    /** The costs part. */
    Costs costs() {
        return new Costs(operations, self, peer);
    }

    /** Writes this fork's report into the scratch directory, if there is one. */
    void write() {
        ForkScratch.dir().ifPresent(d -> {
            try {
                JSON.writeValue(
                        d.resolve(ProcessHandle.current().pid() + SUFFIX).toFile(), this);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    /** The sum of every fork's report in {@code scratch}, or empty when no fork wrote one. */
    static Optional<ForkReport> readAll(Path scratch) {
        try (Stream<Path> files = Files.list(scratch)) {
            List<Path> reports = files.filter(p -> p.getFileName().toString().endsWith(SUFFIX))
                    .toList();
            ForkReport sum = null;
            for (Path p : reports) {
                ForkReport r = JSON.readValue(p.toFile(), ForkReport.class);
                sum = sum == null ? r : sum.plus(r);
            }
            return Optional.ofNullable(sum);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the forks' reports in " + scratch, e);
        }
    }
}
