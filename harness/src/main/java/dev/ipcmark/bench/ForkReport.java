package dev.ipcmark.bench;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
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
 * @param rates operations per second of each measurement iteration by the pattern's own clock, in order; empty when
 *     it keeps none
 * @param kernelEntryNs what a null system call cost the measuring thread around each measurement iteration (the mean of
 *     {@linkplain CalibrationProbes#kernelEntryNs() one probe} before it and one after), in order
 */
public record ForkReport(
        long operations,
        long bytes,
        long measuredNs,
        ThreadUsage self,
        ThreadUsage peer,
        long[] producers,
        double[] rates,
        double[] kernelEntryNs) {
    static final String SUFFIX = ".fork.json";

    // The host reads with databind; the fork writes with the streaming generator, because a fresh JVM takes 40 to
    // 60 ms to make an ObjectMapper and introspect this record (with the fork's AOT cache; 200 ms without), and
    // every case pays its forks' starts. ForkReportTest holds the two to the same fields.
    private static final class Reader {
        static final ObjectMapper JSON = new ObjectMapper();
    }

    /** An empty report, to add iterations to. */
    static ForkReport empty() {
        return new ForkReport(0, 0, 0, ThreadUsage.ZERO, ThreadUsage.ZERO, new long[0], new double[0], new double[0]);
    }

    /**
     * This report plus one iteration; a null {@code peer} makes the peer unknown for good. {@code byProducer} is
     * added producer by producer; the iteration's rate is kept when it has a clock ({@code ns > 0}).
     */
    ForkReport plus(
            long ops,
            long iterationBytes,
            long ns,
            ThreadUsage selfUsed,
            ThreadUsage peerUsed,
            long[] byProducer,
            double kernelEntry) {
        double[] withRate = ns > 0 ? append(rates, ops * 1e9 / ns) : rates;
        return sum(
                ops, iterationBytes, ns, selfUsed, peerUsed, byProducer, withRate, append(kernelEntryNs, kernelEntry));
    }

    /** The sum of this and {@code other}, another fork's report; their per-iteration series one after the other. */
    ForkReport plus(ForkReport other) {
        return sum(
                other.operations,
                other.bytes,
                other.measuredNs,
                other.self,
                other.peer,
                other.producers,
                concat(rates, other.rates),
                concat(kernelEntryNs, other.kernelEntryNs));
    }

    private static double[] concat(double[] first, double[] second) {
        return java.util.stream.DoubleStream.concat(java.util.Arrays.stream(first), java.util.Arrays.stream(second))
                .toArray();
    }

    private ForkReport sum(
            long ops,
            long moreBytes,
            long ns,
            ThreadUsage selfUsed,
            ThreadUsage peerUsed,
            long[] byProducer,
            double[] newRates,
            double[] newKernelEntry) {
        long[] sum = java.util.Arrays.copyOf(producers, Math.max(producers.length, byProducer.length));
        for (int i = 0; i < byProducer.length; i++) {
            sum[i] += byProducer[i];
        }
        return new ForkReport(
                operations + ops,
                bytes + moreBytes,
                measuredNs + ns,
                self.plus(selfUsed),
                peer == null || peerUsed == null ? null : peer.plus(peerUsed),
                sum,
                newRates,
                newKernelEntry);
    }

    private static double[] append(double[] values, double value) {
        double[] more = java.util.Arrays.copyOf(values, values.length + 1);
        more[values.length] = value;
        return more;
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
        ForkScratch.dir()
                .ifPresent(d -> writeTo(d.resolve(ProcessHandle.current().pid() + SUFFIX)));
    }

    /** Writes this report to {@code file}, field by field as databind reads it. */
    void writeTo(Path file) {
        try (JsonGenerator json = new JsonFactory().createGenerator(file.toFile(), JsonEncoding.UTF8)) {
            json.writeStartObject();
            json.writeNumberField("operations", operations);
            json.writeNumberField("bytes", bytes);
            json.writeNumberField("measuredNs", measuredNs);
            writeUsage(json, "self", self);
            writeUsage(json, "peer", peer);
            json.writeFieldName("producers");
            json.writeArray(producers, 0, producers.length);
            json.writeFieldName("rates");
            json.writeArray(rates, 0, rates.length);
            json.writeFieldName("kernelEntryNs");
            json.writeArray(kernelEntryNs, 0, kernelEntryNs.length);
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the fork's report " + file, e);
        }
    }

    private static void writeUsage(JsonGenerator json, String name, ThreadUsage usage) throws IOException {
        json.writeFieldName(name);
        if (usage == null) {
            json.writeNull();
            return;
        }
        json.writeStartObject();
        json.writeNumberField("userNs", usage.userNs());
        json.writeNumberField("systemNs", usage.systemNs());
        json.writeNumberField("voluntarySwitches", usage.voluntarySwitches());
        json.writeNumberField("involuntarySwitches", usage.involuntarySwitches());
        json.writeNumberField("minorFaults", usage.minorFaults());
        json.writeNumberField("majorFaults", usage.majorFaults());
        json.writeEndObject();
    }

    /** Every fork's report in {@code scratch}, oldest first; empty when no fork wrote one. */
    static List<ForkReport> readAll(Path scratch) {
        try (Stream<Path> files = Files.list(scratch)) {
            List<Path> reports = files.filter(p -> p.getFileName().toString().endsWith(SUFFIX))
                    .sorted(java.util.Comparator.comparingLong(ForkReport::modified))
                    .toList();
            List<ForkReport> forks = new java.util.ArrayList<>();
            for (Path p : reports) {
                forks.add(Reader.JSON.readValue(p.toFile(), ForkReport.class));
            }
            return forks;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the forks' reports in " + scratch, e);
        }
    }

    /** The sum of {@code forks}' reports, or empty when there are none. */
    static Optional<ForkReport> sum(List<ForkReport> forks) {
        return forks.stream().reduce(ForkReport::plus);
    }

    private static long modified(Path p) {
        try {
            return Files.getLastModifiedTime(p).toMillis();
        } catch (IOException e) {
            return 0;
        }
    }
}
