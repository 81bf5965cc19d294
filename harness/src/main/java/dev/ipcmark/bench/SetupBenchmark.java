package dev.ipcmark.bench;

import dev.ipcmark.nativeio.Affinity;
import dev.ipcmark.results.LatencyRecorder;
import dev.ipcmark.scenario.Pattern;
import dev.ipcmark.transport.PrivateDir;
import dev.ipcmark.transport.SetupCycle;
import dev.ipcmark.transport.TransportKind;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The cost of making a channel rather than using it: one operation is a whole {@link SetupCycle} of the case's
 * transport at the case's size (for shm: create, size, map, first touch, a second mapping, unmap, destroy). The main
 * histogram holds whole cycles; a tagged histogram per step ({@code step:touch} …) holds that step's share.
 */
@Measures(Pattern.SETUP)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class SetupBenchmark extends CaseBenchmark {
    /** The prefix of the step histograms' tags. */
    public static final String STEP_TAG = "step:";

    private final Map<String, LatencyRecorder.Part> steps = new LinkedHashMap<>();
    private SetupCycle cycle;
    private PrivateDir dir;
    private long lapStart;

    @Override
    protected void prepare() {
        cycle = TransportKind.require(spec.transport())
                .create()
                .setupCycle()
                .orElseThrow(() -> new IllegalArgumentException(spec.transport() + " has no set-up cycle"));
        for (String step : cycle.steps(spec)) {
            steps.put(step, recorder.part(STEP_TAG + step));
        }
        dir = PrivateDir.create();
        List<Integer> cpus = Affinity.allowedCpus();
        if (!cpus.isEmpty()) {
            Affinity.pinCurrentThread(cpus.getFirst());
        }
    }

    /** One whole cycle. */
    @Benchmark
    public void cycle() {
        try {
            long start = System.nanoTime();
            lapStart = start;
            cycle.run(spec, dir, this::lap);
            long took = System.nanoTime() - start;
            recorder.record(took);
            counted(1, spec.messageBytes(), took);
        } catch (RuntimeException e) {
            throw failed(e);
        }
    }

    private void lap(String step) {
        long now = System.nanoTime();
        steps.get(step).record(now - lapStart);
        lapStart = now;
    }

    @Override
    public void closeSession() {
        try {
            super.closeSession();
        } finally {
            if (dir != null) {
                dir.close();
            }
        }
    }
}
