package dev.ipcmark.gate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ipcmark.nativeio.ThreadUsage;
import dev.ipcmark.scenario.GateSpec;
import dev.ipcmark.scenario.Metric;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The gate's verdicts on runs written by the real writer: what counts as a change, and what the gate will not pass. */
class ComparisonTest {
    private static final String PIPE = "ping-pong/pipe/mode=blocking/size=64";
    private static final String SHM = "ping-pong/shm/sync=spin/size=64";
    private static final String STREAM = "stream/unix-stream/size=4KiB";

    @TempDir
    Path dir;

    /**
     * A baseline of {@code runs} runs of the fixtures {@code cases} makes, each run shifted as a whole by up to
     * ± {@code runNoise} (the machine's run-to-run noise), with probes around fixed values.
     */
    private Baseline baseline(int runs, double runNoise, long seed, CaseMaker cases) {
        SplittableRandom random = new SplittableRandom(seed);
        List<RunSamples> read = new ArrayList<>();
        for (int r = 0; r < runs; r++) {
            double shift = 1 + runNoise * (2 * random.nextDouble() - 1);
            read.add(cases.make(RunFixtures.run("base-" + r), shift, seed * 100 + r * 10)
                    .probes(100, 40_000, 150, 30_000, 0.02, seed + r)
                    .read(dir));
        }
        return Baseline.of(dir.resolve("baseline"), read);
    }

    /** Makes the cases of one run, each value multiplied by {@code shift}. */
    @FunctionalInterface
    private interface CaseMaker {
        RunFixtures make(RunFixtures run, double shift, long seed);
    }

    private RunSamples current(String id, double shift, long seed, CaseMaker cases) {
        return cases.make(RunFixtures.run(id), shift, seed)
                .probes(100, 40_000, 150, 30_000, 0.02, seed)
                .read(dir);
    }

    /** A run of the pipe fixture, each value × {@code shift}, on a machine whose probes all took × {@code machine}. */
    private RunSamples onMachine(String id, double shift, long seed, double machine) {
        return pipe(0.02)
                .make(RunFixtures.run(id), shift, seed)
                .probes(100 * machine, 40_000 * machine, 150 * machine, 30_000 * machine, 0.02, seed)
                .read(dir);
    }

    private static CaseMaker pipe(double noise) {
        return (run, shift, seed) -> run.ok(PIPE, 45_000 * shift, noise, seed);
    }

    private static Comparison compare(Baseline base, RunSamples cur) {
        return Comparison.of(base, List.of(cur), base.thresholds(), Comparison.DEFAULT_ALPHA);
    }

    @Test
    void shouldCallAnUnchangedRunUnchangedAgainstAFiveRunBaseline() {
        Baseline base = baseline(5, 0.02, 1, pipe(0.02));
        Comparison c = compare(base, current("cur", 1.0, 7, pipe(0.02)));
        assertThat(verdict(c, PIPE, Metric.P50)).isEqualTo(Verdict.UNCHANGED);
        assertThat(note(c, PIPE, Metric.P50))
                .contains("lies within ±10%")
                .contains("the spread of the baseline's 5 runs");
        assertThat(c.failures()).isEmpty();
    }

    /**
     * As the blocking round trips measure on a shared VM: every run at one level within ±0.5 %, but in half the forks
     * two of five iterations are slowed +20 to +40 % by something else on the CPU. A run's median does not move with
     * them; resampling the pooled values of four forks (forks with replacement, then iterations) makes it look ±2 to
     * 3 % uncertain, which, taken as a floor under the runs' spread, made the gate "too noisy" for a 10 % threshold.
     */
    @Test
    void shouldTakeTheRunsSpreadNotResamplingWithinAQuietRunAsItsNoise() {
        SplittableRandom random = new SplittableRandom(11);
        List<RunSamples> runs = new ArrayList<>();
        for (int r = 0; r < 6; r++) {
            double level = 7100 * (1 + 0.005 * (2 * random.nextDouble() - 1));
            List<List<Double>> forks = new ArrayList<>();
            for (int f = 0; f < 4; f++) {
                List<Double> fork = new ArrayList<>();
                for (int i = 0; i < 5; i++) {
                    boolean disturbed = f % 2 == r % 2 && (i == 0 || i == 2 + (r + f) % 3);
                    double by = disturbed ? 1.2 + 0.2 * random.nextDouble() : 1 + 0.01 * random.nextDouble();
                    fork.add(level * by);
                }
                forks.add(fork);
            }
            runs.add(RunFixtures.run("run-" + r)
                    .exact(PIPE, forks)
                    .probes(100, 40_000, 150, 30_000, 0.02, r)
                    .read(dir));
        }
        Baseline base = Baseline.of(dir.resolve("baseline"), runs.subList(0, 5));
        MetricResult r = result(compare(base, runs.get(5)), PIPE, Metric.P50);
        assertThat(r.verdict()).as(r.note()).isEqualTo(Verdict.UNCHANGED);
        assertThat(r.detectablePercent()).as(r.note()).isLessThan(10);
    }

    /**
     * A run whose forks fell apart (two at the usual level, two 35 % slower, as in a slow spell the probes did not
     * explain) is noisier than the baseline's runs ever were: that excess counts, and the run cannot convict the code.
     */
    @Test
    void shouldCountTheExcessNoiseOfARunWhoseForksFellApart() {
        Baseline base = baseline(5, 0.005, 12, pipe(0.01));
        List<List<Double>> apart = new ArrayList<>();
        for (double level : new double[] {1.0, 1.35, 1.0, 1.35}) {
            apart.add(List.of(45_000 * level, 45_100 * level, 44_900 * level, 45_050 * level, 44_950 * level));
        }
        RunSamples cur = RunFixtures.run("apart")
                .exact(PIPE, apart)
                .probes(100, 40_000, 150, 30_000, 0.02, 12)
                .read(dir);
        MetricResult r = result(compare(base, cur), PIPE, Metric.P50);
        assertThat(r.changePercent()).as(r.note()).isGreaterThan(10);
        assertThat(r.verdict()).as(r.note()).isEqualTo(Verdict.NOISY);
        assertThat(r.note()).contains("and this run's forks, which disagree more than theirs did");
    }

    /**
     * The 64 B tcp round trip's forks in five baseline runs on the 2-vCPU VM (2026-12-01, µs): each at about 13.4 or
     * 15.4, most runs mixed. An A/A run drew all four forks at 13.2: pooled, 13 % below the baseline, which five runs
     * and the quieter cases' prior put at ±3 %, so it was called "improved". Drawn from the baseline's twenty forks, a
     * run of four lands there often enough.
     */
    @Test
    void shouldKnowARunCanDrawAllItsForksAtOneLevel() {
        double[][] baseline = {
            {15.58, 15.54, 15.57, 15.54},
            {15.42, 15.08, 13.84, 13.60},
            {12.93, 15.58, 15.14, 15.42},
            {15.71, 15.23, 13.30, 13.73},
            {13.59, 13.56, 15.86, 15.52}
        };
        Baseline base = baselineOf(baseline, 60, this::tcpLike);
        MetricResult r =
                result(compare(base, tcpLike("cur", new double[] {13.31, 13.22, 12.90, 13.28}, 70)), PIPE, Metric.P50);
        assertThat(r.changePercent()).as(r.note()).isLessThan(-10);
        assertThat(r.verdict()).as(r.note()).isNotEqualTo(Verdict.IMPROVED);
        assertThat(r.note()).contains("at least what a run of 4 forks drawn from the baseline's 20 shows");
    }

    private RunSamples tcpLike(String id, double[] forkMicros, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<List<Double>> forks = new ArrayList<>();
        for (double level : forkMicros) {
            List<Double> fork = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                fork.add(level * 1000 * (1 + 0.005 * (2 * random.nextDouble() - 1)));
            }
            forks.add(fork);
        }
        RunFixtures run = RunFixtures.run(id).exact(PIPE, forks);
        for (String size : List.of("256", "1KiB", "4KiB", "16KiB", "64KiB")) {
            run.ok("ping-pong/pipe/mode=blocking/size=" + size, 45_000, 0.005, seed * 10 + size.length());
        }
        return run.probes(100, 40_000, 150, 30_000, 0.02, seed).read(dir);
    }

    @Test
    void shouldCallASignificantChangeBeyondTheThresholdARegression() {
        Baseline base = baseline(5, 0.02, 1, pipe(0.02));
        MetricResult r = result(compare(base, current("cur", 1.15, 7, pipe(0.04))), PIPE, Metric.P50);
        assertThat(r.verdict()).isEqualTo(Verdict.REGRESSED);
        assertThat(r.changePercent()).isBetween(11.0, 20.0);
        assertThat(r.note()).contains("Holm over").contains("beyond ±10%");
        assertThat(verdict(compare(base, current("cur2", 0.7, 8, pipe(0.02))), PIPE, Metric.P50))
                .isEqualTo(Verdict.IMPROVED);
    }

    /**
     * Four runs of the pipe fixture whose forks followed the kernel-entry probe, 20 ns per ns, a few of them in slow
     * spells (probe 231 to 261 ns against about 200).
     */
    private Baseline spelledBaseline() {
        double[][] levels = {{199, 201, 256, 200}, {202, 238, 198, 201}, {247, 200, 203, 261}, {200, 199, 231, 202}};
        List<RunSamples> runs = new ArrayList<>();
        for (int r = 0; r < levels.length; r++) {
            runs.add(RunFixtures.run("base-" + r)
                    .spelled(PIPE, 5000, 20, levels[r], 0.01, 10 + r)
                    .probes(100, 40_000, 150, 30_000, 0.02, r)
                    .read(dir));
        }
        return Baseline.of(dir.resolve("baseline"), runs);
    }

    @Test
    void shouldNotBlameTheCodeForForksThatMetTheMachinesSlowSpell() {
        Baseline base = spelledBaseline();
        // Same code, every fork in a spell (+20 to +23 % as measured).
        RunSamples spell = RunFixtures.run("spell")
                .spelled(PIPE, 5000, 20, new double[] {250, 255, 252, 258}, 0.01, 20)
                .probes(100, 40_000, 150, 30_000, 0.02, 20)
                .read(dir);
        MetricResult aa = result(compare(base, spell), PIPE, Metric.P50);
        assertThat(aa.verdict()).isNotIn(Verdict.REGRESSED, Verdict.IMPROVED);
        assertThat(aa.changePercent()).isBetween(-5.0, 5.0);
        assertThat(aa.current() / aa.baseline())
                .as("the medians shown are as measured")
                .isGreaterThan(1.15);
        assertThat(aa.note()).containsPattern("\\+2\\d\\.\\d% as measured, values adjusted to a kernel entry of");
        // Slower code at the baseline's usual level: +15 %, called.
        RunSamples slower = RunFixtures.run("slower")
                .spelled(PIPE, 5750, 20, new double[] {200, 201, 199, 202}, 0.01, 21)
                .probes(100, 40_000, 150, 30_000, 0.02, 21)
                .read(dir);
        assertThat(verdict(compare(base, slower), PIPE, Metric.P50)).isEqualTo(Verdict.REGRESSED);
    }

    /**
     * A run whose forks met a slower kernel entry than any of the baseline's forks (2026-12-04 14:47: the 64 B tcp round
     * trip +29.7 % as measured with the probe at 1158 ns against 1009 to 1068 ns in the baseline): held within the
     * range the baseline met, the adjustment leaves part of the spell in the values (+11.2 %, called regressed, and
     * confirmed by a re-measurement in the same spell). Adjusted along the same slope past that range it shows no
     * change, so the gate withholds its verdict; slower code in the same spell still shows past the range and is
     * called.
     */
    @Test
    void shouldWithholdAChangeThatTheSlopePastTheBaselinesRangeExplains() {
        Baseline base = spelledBaseline();
        MetricResult aa = result(compare(base, inDeeperSpell("deeper", 5000, 30)), PIPE, Metric.P50);
        assertThat(aa.verdict()).as(aa.note()).isEqualTo(Verdict.WITHHELD);
        assertThat(aa.note()).contains("slower kernel entry than any of the baseline's forks");

        MetricResult caught = result(compare(base, inDeeperSpell("slower-in-spell", 6250, 31)), PIPE, Metric.P50);
        assertThat(caught.verdict()).as(caught.note()).isEqualTo(Verdict.REGRESSED);
    }

    /** A run of the pipe case at {@code p50} ns whose forks all met a kernel entry of 290 to 305 ns. */
    private RunSamples inDeeperSpell(String id, double p50, long seed) {
        return RunFixtures.run(id)
                .spelled(PIPE, p50, 20, new double[] {290, 300, 295, 305}, 0.01, seed)
                .probes(100, 40_000, 150, 30_000, 0.02, seed)
                .read(dir);
    }

    /**
     * A case whose measuring thread never enters the kernel (shared memory with spinning) has no path for the
     * kernel-entry probe to measure: when its baseline forks follow the probe anyway, both follow the host, and a run
     * whose forks sat where the host put them with the probe at its fastest moves by that slope into a change that is
     * not there (2026-12-03: the spinning 64 B round trip +6.9 % as measured, +20.7 % adjusted, called regressed in an
     * A/A run). It is still judged on its adjusted values, but called only when the values as measured agree. The
     * same forks, from a thread that spends most of its time in the kernel, are called on the adjustment alone.
     */
    @Test
    void shouldCallACaseThatNeverEntersTheKernelOnlyWhenItsValuesAsMeasuredAgree() {
        // Baseline forks whose p50 follows the probe, 20 ns per ns: most at a probe of about 250 ns (6000 ns).
        double[][] levels = {
            {250, 252, 248, 251}, {200, 201, 199, 202}, {249, 251, 250, 252}, {251, 249, 248, 250}, {200, 199, 201, 198}
        };
        for (double systemShare : new double[] {0.005, 0.7}) {
            ThreadUsage usage =
                    new ThreadUsage(Math.round(1e9 * (1 - systemShare)), Math.round(1e9 * systemShare), 0, 0, 0, 0);
            List<RunSamples> runs = new ArrayList<>();
            for (int r = 0; r < levels.length; r++) {
                runs.add(RunFixtures.run("base-" + systemShare + "-" + r)
                        .usage(usage)
                        .spelled(PIPE, 5000, 20, levels[r], 0.005, 10 + r)
                        .probes(100, 40_000, 150, 30_000, 0.02, r)
                        .read(dir));
            }
            Baseline base = Baseline.of(dir.resolve("baseline-" + systemShare), runs);
            // As measured level with the baseline's median (about 6000 ns), but at the fastest probe, where the slope
            // expects 5000: adjusted, about +16 %.
            RunSamples current = RunFixtures.run("fast-" + systemShare)
                    .usage(usage)
                    .spelled(PIPE, 6000, 20, new double[] {199, 200, 201, 198}, 0.005, 20)
                    .probes(100, 40_000, 150, 30_000, 0.02, 20)
                    .read(dir);
            MetricResult r = result(compare(base, current), PIPE, Metric.P50);
            assertThat(r.note()).as(r.note()).contains("values adjusted to a kernel entry");
            if (systemShare < KernelEntryAdjustment.MIN_KERNEL_SHARE) {
                assertThat(r.verdict()).as(r.note()).isNotIn(Verdict.REGRESSED, Verdict.IMPROVED);
                assertThat(r.note()).contains("does not enter the kernel");
            } else {
                assertThat(r.verdict()).as(r.note()).isEqualTo(Verdict.REGRESSED);
            }
        }
    }

    @Test
    void shouldNeverLoseATripledMetricInNoise() {
        // A machine whose runs differ by ±40%: nothing small can be seen, but three times slower must be.
        Baseline base = baseline(5, 0.4, 3, pipe(0.3));
        Comparison c = compare(base, current("cur", 3.0, 9, pipe(0.3)));
        assertThat(verdict(c, PIPE, Metric.P50)).isEqualTo(Verdict.REGRESSED);
        assertThat(verdict(c, PIPE, Metric.P99)).isEqualTo(Verdict.REGRESSED);
    }

    /**
     * The 64 B spinning round trip's forks in five baseline runs on the 2-vCPU VM (2026-12-01): each fork at about
     * 180 ns or about 640 ns, as the host placed the two vCPUs, whole runs at the far level.
     */
    private static final double[][] SPIN_BASELINE = {
        {651, 181, 180, 180}, {631, 580, 571, 641}, {641, 640, 651, 641}, {180, 190, 180, 180}, {180, 180, 180, 180}
    };

    private RunSamples levelled(String id, double[] forkLevels, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<List<Double>> forks = new ArrayList<>();
        for (double level : forkLevels) {
            List<Double> fork = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                fork.add(level * (1 + 0.03 * (2 * random.nextDouble() - 1)));
            }
            forks.add(fork);
        }
        // Beside it, as in a scenario, quiet cases of one level: the noise prior of every p50 comes from them.
        RunFixtures run = RunFixtures.run(id).exact(SHM, forks);
        for (String size : List.of("64", "256", "1KiB", "4KiB", "16KiB", "64KiB")) {
            run.ok("ping-pong/pipe/mode=blocking/size=" + size, 45_000, 0.02, seed * 10 + size.length());
        }
        return run.probes(100, 40_000, 150, 30_000, 0.02, seed).read(dir);
    }

    private Baseline spinBaseline() {
        return baselineOf(SPIN_BASELINE, 40, this::levelled);
    }

    /** A run made from its forks' levels, as {@link #levelled} and {@link #tcpLike} make them. */
    private interface ForkRun {
        RunSamples make(String id, double[] forkLevels, long seed);
    }

    /** A baseline of one run per row of {@code forks}, run {@code r} made with seed {@code firstSeed + r}. */
    private Baseline baselineOf(double[][] forks, long firstSeed, ForkRun run) {
        List<RunSamples> runs = new ArrayList<>();
        for (int r = 0; r < forks.length; r++) {
            runs.add(run.make("base-" + r, forks[r], firstSeed + r));
        }
        return Baseline.of(dir.resolve("baseline"), runs);
    }

    @Test
    void shouldJudgeAMetricWhoseForksMetLevelsAtTheLevelMostOfThemMet() {
        MetricResult r =
                result(compare(spinBaseline(), levelled("cur", new double[] {180, 180, 190, 671}, 9)), SHM, Metric.P50);
        assertThat(r.verdict()).as(r.note()).isEqualTo(Verdict.UNCHANGED);
        assertThat(r.detectablePercent()).as(r.note()).isLessThan(10);
        assertThat(r.note())
                .contains("the baseline's forks settled at 2 levels")
                .contains("11 of 20 at about 181 ns")
                .contains("judged at that level (below 325 ns), where 3 of this run's 4 forks are");
    }

    @Test
    void shouldCatchAChangeWithinTheLevel() {
        MetricResult r =
                result(compare(spinBaseline(), levelled("cur", new double[] {234, 640, 238, 230}, 9)), SHM, Metric.P50);
        assertThat(r.verdict()).as(r.note()).isEqualTo(Verdict.REGRESSED);
        assertThat(r.changePercent()).as(r.note()).isBetween(20.0, 40.0);
    }

    /** A suspect measured again: the second look may land all its forks at the far level, and the first still counts. */
    @Test
    void shouldJudgeARunAndItsSecondLookAtTheLevelThoughOneMissedIt() {
        Baseline base = spinBaseline();
        Comparison c = Comparison.of(
                base,
                List.of(
                        levelled("cur", new double[] {180, 185, 640, 650}, 9),
                        levelled("again", new double[] {640, 650, 660, 631}, 10)),
                base.thresholds(),
                Comparison.DEFAULT_ALPHA);
        MetricResult r = result(c, SHM, Metric.P50);
        assertThat(r.verdict()).as(r.note()).isEqualTo(Verdict.UNCHANGED);
        assertThat(r.note()).contains("where 2 of the current runs' 8 forks are");
        // The medians shown are of the forks judged: six of the eight current forks sit near 640 ns.
        assertThat(r.current()).isBetween(175.0, 190.0);
    }

    /**
     * The 64 B spinning round trip's forks in five baseline runs of 2026-12-01 09:19, when the host kept the two vCPUs
     * close: nineteen forks at 270 to 320 ns and one at 981. Pooled, that one fork made every A/A run "too noisy"
     * (detects ≥ 140 %): a run of four forks drawn from the twenty may draw it twice. Nineteen of twenty at one level is
     * the level to judge at.
     */
    @Test
    void shouldJudgeAtTheLevelOfNearlyAllForksWhenOneFellFarFromTheRest() {
        double[][] forks = {
            {271, 271, 271, 280}, {271, 280, 270, 271}, {271, 271, 280, 280}, {280, 280, 280, 320}, {981, 310, 271, 271}
        };
        Baseline base = baselineOf(forks, 50, this::levelled);
        MetricResult same =
                result(compare(base, levelled("cur", new double[] {280, 271, 271, 290}, 9)), SHM, Metric.P50);
        assertThat(same.verdict()).as(same.note()).isEqualTo(Verdict.UNCHANGED);
        assertThat(same.note()).contains("the baseline's forks settled at 2 levels", "19 of 20 at about");
        MetricResult slower =
                result(compare(base, levelled("slow", new double[] {360, 350, 355, 365}, 9)), SHM, Metric.P50);
        assertThat(slower.verdict()).as(slower.note()).isEqualTo(Verdict.REGRESSED);
    }

    /**
     * A run whose forks all fell at the far level could be the host or the code: it is judged on all its forks, as
     * without levels, which cannot call it unchanged; far beyond every level the baseline met, it is a regression.
     */
    @Test
    void shouldJudgeARunThatMetNoForkAtTheLevelOnAllItsForks() {
        Baseline base = spinBaseline();
        MetricResult far =
                result(compare(base, levelled("far", new double[] {640, 650, 631, 660}, 9)), SHM, Metric.P50);
        assertThat(far.verdict()).as(far.note()).isNotIn(Verdict.UNCHANGED, Verdict.IMPROVED);
        assertThat(far.note()).contains("none of this run's 4 forks is at that level (below 325 ns)");
        MetricResult tripled =
                result(compare(base, levelled("x3", new double[] {1_950, 2_000, 1_980, 1_960}, 9)), SHM, Metric.P50);
        assertThat(tripled.verdict()).as(tripled.note()).isEqualTo(Verdict.REGRESSED);
    }

    @Test
    void shouldSayWhenAMetricIsTooNoisyToGateAndWhatWouldFixIt() {
        Baseline base = baseline(5, 0.12, 4, pipe(0.02));
        MetricResult r = result(compare(base, current("cur", 1.05, 5, pipe(0.02))), PIPE, Metric.P50);
        assertThat(r.verdict()).isEqualTo(Verdict.NOISY);
        assertThat(r.detectablePercent()).isGreaterThan(10);
        assertThat(r.note())
                .startsWith("too noisy to gate here (detects ≥ ")
                // Its runs moved as a whole (±12 %), which forks do not average away.
                .contains("neither more baseline runs nor up to 32 forks per run can bring it within the threshold");
    }

    /** With one fork per run, the draw of forks cannot be told from the machine's minutes: the gate says so. */
    @Test
    void shouldNotClaimWhatForksBringFromRunsOfOneFork() {
        CaseMaker single = (run, shift, seed) -> run.shape(1, 20).ok(PIPE, 45_000 * shift, 0.02, seed);
        Baseline base = baseline(5, 0.12, 4, single);
        MetricResult r = result(compare(base, current("cur", 1.05, 5, single)), PIPE, Metric.P50);
        assertThat(r.verdict()).isEqualTo(Verdict.NOISY);
        assertThat(r.note())
                .contains("with one fork per run the gate cannot tell the draw of forks from the machine's");
    }

    @Test
    void shouldRefuseToJudgeWithTooFewSamples() {
        CaseMaker few = (run, shift, seed) -> run.shape(1, 2).ok(PIPE, 45_000 * shift, 0.02, seed);
        Baseline base = baseline(3, 0.02, 1, few);
        Comparison c = compare(base, current("cur", 3.0, 7, few));
        assertThat(verdict(c, PIPE, Metric.P50)).isEqualTo(Verdict.UNTESTABLE);
        assertThat(c.blind()).hasSize(2);
        assertThat(note(c, PIPE, Metric.P50)).contains("too few samples");
    }

    @Test
    void shouldTreatLowerThroughputAsTheRegression() {
        CaseMaker stream = (run, shift, seed) -> run.stream(STREAM, 40_000, 500_000 * shift, 0.02, seed);
        Baseline base = baseline(5, 0.02, 1, stream);
        assertThat(verdict(compare(base, current("slow", 0.7, 5, stream)), STREAM, Metric.THROUGHPUT))
                .isEqualTo(Verdict.REGRESSED);
        assertThat(verdict(compare(base, current("slow2", 0.7, 6, stream)), STREAM, Metric.P50))
                .isEqualTo(Verdict.UNCHANGED);
        assertThat(verdict(compare(base, current("fast", 1.3, 9, stream)), STREAM, Metric.THROUGHPUT))
                .isEqualTo(Verdict.IMPROVED);
    }

    /**
     * A scenario gates throughput on its few stream cases only (three in ci.yaml), too few to fit a noise prior from;
     * their throughput borrows the prior of the run's central figures, fitted over the round trips' p50s as well.
     */
    @Test
    void shouldModerateALoneThroughputByThePriorOfEveryCentralFigure() {
        CaseMaker cases = (run, shift, seed) -> {
            for (String size : List.of("64", "256", "1KiB", "4KiB", "16KiB", "64KiB")) {
                run.ok("ping-pong/pipe/mode=blocking/size=" + size, 45_000 * shift, 0.02, seed + size.length());
            }
            return run.stream(STREAM, 40_000 * shift, 500_000 / shift, 0.02, seed);
        };
        Baseline base = baseline(5, 0.03, 1, cases);
        Comparison c = compare(base, current("cur", 1.0, 7, cases));
        assertThat(note(c, STREAM, Metric.THROUGHPUT)).contains("moderated by the other cases'");
        assertThat(verdict(c, STREAM, Metric.THROUGHPUT)).isEqualTo(Verdict.UNCHANGED);
    }

    @Test
    void shouldNotBlameTheCodeForTheMachinesOwnSlowdown() {
        Baseline base = baseline(5, 0.02, 1, pipe(0.02));
        // Every probe 40% slower, the case 25% slower: within what the machine did.
        RunSamples slowMachine = onMachine("slow-machine", 1.25, 21, 1.4);
        Comparison c = compare(base, slowMachine);
        assertThat(c.drift().moved()).isTrue();
        assertThat(verdict(c, PIPE, Metric.P50)).isEqualTo(Verdict.WITHHELD);
        assertThat(c.failures()).isEmpty();
        assertThat(c.warnings()).anySatisfy(w -> assertThat(w).startsWith("the machine itself slowed down"));
        // Twice as slow is beyond what the machine did: still a regression.
        RunSamples worse = onMachine("worse", 2.0, 22, 1.4);
        assertThat(verdict(compare(base, worse), PIPE, Metric.P50)).isEqualTo(Verdict.REGRESSED);
    }

    /**
     * As on the 2-vCPU VM (2026-12-01): a baseline made while the host was slow (the null system call 135 ns, memcpy
     * 40 µs), then the host sped up (113 ns, 32 µs: ×0.84) and the futex round trip's p99 fell ×0.2 to ×0.33, five
     * A/A runs "improved". The probes' medians do not bound how far a tail moves with the machine, so a p99 change
     * the way the machine moved is withheld, however large; a p50 beyond the machine's move still counts.
     */
    @Test
    void shouldNotAttributeATailsMoveToTheCodeWhenTheMachineMovedTheSameWay() {
        Baseline base = baseline(5, 0.02, 1, pipe(0.02));
        RunSamples faster = onMachine("fast-machine", 0.5, 31, 0.84);
        Comparison c = compare(base, faster);
        assertThat(c.drift().moved()).isTrue();
        assertThat(verdict(c, PIPE, Metric.P50)).isEqualTo(Verdict.IMPROVED);
        MetricResult tail = result(c, PIPE, Metric.P99);
        assertThat(tail.verdict()).as(tail.note()).isEqualTo(Verdict.WITHHELD);
        assertThat(tail.note()).contains("a tail moves further than the probes' medians");
        RunSamples slower = onMachine("slow-machine", 2.0, 32, 1.4);
        Comparison d = compare(base, slower);
        assertThat(verdict(d, PIPE, Metric.P50)).isEqualTo(Verdict.REGRESSED);
        assertThat(verdict(d, PIPE, Metric.P99)).isEqualTo(Verdict.WITHHELD);
    }

    /**
     * The host moved the two vCPUs apart (the cache line across them ×5, as on this project's VM between runs): a case
     * whose processes share one CPU does not cross between them, so its regression is not withheld for it; a case on
     * two CPUs is.
     */
    @Test
    void shouldWidenACaseOnlyByTheProbesItCanFollow() {
        String oneCpu = "ping-pong/pipe/cpus=same/mode=blocking/size=64";
        CaseMaker two =
                (run, shift, seed) -> run.ok(oneCpu, 5_000 * shift, 0.01, seed).ok(SHM, 200 * shift, 0.01, seed + 1);
        Baseline base = baseline(5, 0.01, 13, two);
        RunSamples apart = two.make(RunFixtures.run("apart"), 1.3, 131)
                .probes(100, 40_000, 750, 30_000, 0.02, 131)
                .read(dir);
        Comparison c = compare(base, apart);
        assertThat(c.drift().moved()).isTrue();
        assertThat(verdict(c, oneCpu, Metric.P50))
                .as(note(c, oneCpu, Metric.P50))
                .isEqualTo(Verdict.REGRESSED);
        assertThat(verdict(c, SHM, Metric.P50)).as(note(c, SHM, Metric.P50)).isEqualTo(Verdict.WITHHELD);
        assertThat(c.warnings())
                .anySatisfy(w -> assertThat(w).contains("cache-line").contains("cases on one CPU (cpus: same)"));
    }

    @Test
    void shouldSayWhenTheMachineMovedWhileTheBaselineWasMade() {
        List<RunSamples> read = new ArrayList<>();
        for (int r = 0; r < 5; r++) {
            // The null system call 100 ns in the first runs, 112 ns in the last two; the other probes steady.
            read.add(pipe(0.02)
                    .make(RunFixtures.run("moving-" + r), 1, 50 + r)
                    .probes(r < 3 ? 100 : 112, 40_000, 150, 30_000, 0.02, 60 + r)
                    .read(dir));
        }
        Baseline moving = Baseline.of(dir.resolve("moving"), read);
        assertThat(compare(moving, current("now", 1, 70, pipe(0.02))).warnings())
                .anySatisfy(w -> assertThat(w)
                        .startsWith("the machine itself moved while the baseline's 5 runs were measured")
                        .containsPattern("null-syscall (99|100|101) ns to 1(11|12|13) ns per operation")
                        .doesNotContain("futex-wake"));
        assertThat(compare(baseline(5, 0.02, 1, pipe(0.02)), current("steady", 1, 71, pipe(0.02)))
                        .warnings())
                .noneSatisfy(w -> assertThat(w).contains("moved while the baseline"));
    }

    @Test
    void shouldSayWhenTheMachineRanAtLevelsFarApartWithinARun() {
        Baseline base = baseline(5, 0.02, 1, pipe(0.02));
        // The cache-line round trip of one ci.yaml run on the 2-vCPU AMD VM: ~65 ns, and ~320 ns in four rounds.
        RunSamples placed = pipe(0.02)
                .make(RunFixtures.run("placed"), 1, 93)
                .probes(100, 40_000, 150, 30_000, 0.02, 93)
                .probeRounds("cache-line", 318.9, 65.8, 331.8, 62.9, 63.0, 67.8, 68.9, 333.3, 309.1, 68.9)
                .read(dir);
        assertThat(compare(base, placed).warnings()).anySatisfy(w -> assertThat(w)
                .startsWith("the machine ran at levels far apart within a run (calibration probes), in the"
                        + " current run placed (cache-line: 62.9 ns to 68.9 ns in 6 rounds, 309.1 ns to"
                        + " 333.3 ns in 4)")
                .contains("a case whose two processes work on two CPUs")
                .doesNotContain("of the baseline's"));
        assertThat(compare(base, current("unplaced", 1, 94, pipe(0.02))).warnings())
                .noneSatisfy(w -> assertThat(w).contains("levels far apart"));
        List<RunSamples> read = new ArrayList<>();
        for (int r = 0; r < 5; r++) {
            RunFixtures run = pipe(0.02)
                    .make(RunFixtures.run("levels-" + r), 1, 95 + r)
                    .probes(100, 40_000, 150, 30_000, 0.02, 100 + r);
            read.add((r < 2 ? run.probeRounds("futex-wake", 40_000, 41_000, 90_000, 39_000) : run).read(dir));
        }
        assertThat(compare(Baseline.of(dir.resolve("levels"), read), current("after", 1, 105, pipe(0.02)))
                        .warnings())
                .anySatisfy(w -> assertThat(w)
                        .startsWith("the machine ran at levels far apart within a run (calibration probes), in 2 of"
                                + " the baseline's 5 runs:"));
    }

    @Test
    void shouldWarnWhenACaseBlockWarmedUpDifferently() {
        Baseline base = baseline(5, 0.02, 1, pipe(0.02));
        RunSamples longer = pipe(0.02)
                .make(RunFixtures.run("longer-warmup"), 1, 91)
                .scenario("cases", List.of(Map.of("pattern", "ping-pong", "warmup", Map.of("iterations", 10))))
                .probes(100, 40_000, 150, 30_000, 0.02, 91)
                .read(dir);
        assertThat(compare(base, longer).warnings()).anySatisfy(w -> assertThat(w)
                .startsWith("the runs were measured with different JMH settings")
                .contains("case block 1 warmup={iterations=10}"));
        assertThat(compare(base, current("same", 1, 92, pipe(0.02))).warnings())
                .noneSatisfy(w -> assertThat(w).contains("different JMH settings"));
    }

    @Test
    void shouldWarnWhenTheRunsJvmsRanWithOtherOptions() {
        Baseline base = baseline(5, 0.02, 1, pipe(0.02));
        RunSamples c1 = pipe(0.02)
                .make(RunFixtures.run("c1-only"), 1, 96)
                .env("extraJvmOptions", "-XX:TieredStopAtLevel=1")
                .probes(100, 40_000, 150, 30_000, 0.02, 96)
                .read(dir);
        assertThat(compare(base, c1).warnings()).anySatisfy(w -> assertThat(w)
                .isEqualTo("the runs' JVMs ran with other options (IPCMARK_JVM_OPTIONS): baseline none,"
                        + " current -XX:TieredStopAtLevel=1; their numbers differ by that too"));
        assertThat(compare(base, current("plain", 1, 97, pipe(0.02))).warnings())
                .noneSatisfy(w -> assertThat(w).contains("IPCMARK_JVM_OPTIONS"));
    }

    @Test
    void shouldMeasureAgainAChangePastTheThresholdThatOneRunCouldNotTell() {
        Baseline base = baseline(5, 0.05, 3, pipe(0.08));
        RunSamples first = current("noisy-first", 1.14, 81, pipe(0.08));
        Comparison c = compare(base, first);
        assertThat(verdict(c, PIPE, Metric.P50)).as(note(c, PIPE, Metric.P50)).isEqualTo(Verdict.NOISY);
        assertThat(c.regressedCases()).isEmpty();
        assertThat(c.suspectCases()).containsExactly(PIPE);
        // +14 %: past the 10 % threshold, but one run cannot tell it. Seen again in a second run, over both the same
        // shift is told from the noise.
        Comparison both = c.confirmedBy(current("noisy-again", 1.14, 82, pipe(0.08)));
        assertThat(verdict(both, PIPE, Metric.P50))
                .as(note(both, PIPE, Metric.P50))
                .isEqualTo(Verdict.REGRESSED);
        assertThat(note(both, PIPE, Metric.P50)).contains("judged over both runs with its re-measurement noisy-again");
        // A change within the threshold is not measured again, however noisy.
        assertThat(compare(base, current("noisy-small", 1.05, 83, pipe(0.08))).suspectCases())
                .isEmpty();
    }

    @Test
    void shouldJudgeASuspectOverBothMeasurements() {
        CaseMaker two =
                (run, shift, seed) -> run.ok(PIPE, 45_000 * shift, 0.02, seed).ok(SHM, 200 * shift, 0.02, seed + 1);
        Baseline base = baseline(5, 0.02, 1, two);
        // The pipe case slowed down in one run only (a fluke); shm in both (a real change).
        RunSamples first = RunFixtures.run("first")
                .ok(PIPE, 45_000 * 1.27, 0.02, 31)
                .ok(SHM, 200 * 1.27, 0.02, 32)
                .probes(100, 40_000, 150, 30_000, 0.02, 33)
                .read(dir);
        RunSamples again = RunFixtures.run("again")
                .ok(PIPE, 45_000 * 0.99, 0.02, 41)
                .ok(SHM, 200 * 1.26, 0.02, 42)
                .probes(100, 40_000, 150, 30_000, 0.02, 43)
                .read(dir);
        Comparison c = compare(base, first);
        assertThat(c.regressedCases()).containsExactly(PIPE, SHM);
        Comparison confirmed = c.confirmedBy(again);
        assertThat(verdict(confirmed, SHM, Metric.P50)).isEqualTo(Verdict.REGRESSED);
        assertThat(note(confirmed, SHM, Metric.P50)).contains("confirmed with again");
        assertThat(verdict(confirmed, PIPE, Metric.P50)).isNotEqualTo(Verdict.REGRESSED);
        assertThat(note(confirmed, PIPE, Metric.P50)).contains("not confirmed");
        assertThat(confirmed.warnings()).anySatisfy(w -> assertThat(w).contains("judged over both runs"));
    }

    @Test
    void shouldCallNothingInAFamilyOfUnchangedMetricsAcrossManyComparisons() {
        // Thirty unchanged cases, compared ten times: Holm's correction keeps false calls away.
        CaseMaker many = (run, shift, seed) -> {
            for (int i = 0; i < 30; i++) {
                run.ok("ping-pong/pipe/n=" + i + "/size=64", 45_000 * shift, 0.03, seed + i);
            }
            return run;
        };
        Baseline base = baseline(5, 0.03, 2, many);
        for (int k = 0; k < 10; k++) {
            Comparison c = compare(base, current("cur" + k, 1.0, 1000 + k * 50, many));
            assertThat(c.count(Verdict.REGRESSED) + c.count(Verdict.IMPROVED))
                    .as("run " + k)
                    .isZero();
        }
    }

    @Test
    void shouldSayWhichCasesWereStillWarmingUpWhenMeasured() {
        // Every fork's first measured iteration twice its later ones: ci.yaml's futex case after 2 × 100 ms.
        List<List<Double>> warming = List.of(
                List.of(4500.0, 2900.0, 2350.0, 2250.0, 2240.0),
                List.of(4300.0, 2500.0, 2250.0, 2170.0, 2140.0),
                List.of(5000.0, 2850.0, 2330.0, 2250.0, 2210.0));
        CaseMaker cases =
                (run, shift, seed) -> run.ok(PIPE, 45_000 * shift, 0.02, seed).exact(SHM, warming);
        Baseline base = baseline(3, 0.02, 1, cases);
        Comparison c = compare(base, current("cur", 1.0, 7, cases));
        assertThat(c.warnings())
                .filteredOn(w -> w.startsWith("not at steady state"))
                .singleElement()
                .satisfies(w -> assertThat(w)
                        .contains(SHM + " (current run 2.00×, 3 of 3 baseline runs)")
                        .doesNotContain(PIPE));
    }

    @Test
    void shouldSayWhenOnlyTheRunMeasuredAgainWasStillWarmingUp() {
        List<List<Double>> warming = List.of(
                List.of(4500.0, 2900.0, 2350.0, 2250.0, 2240.0), List.of(4300.0, 2500.0, 2250.0, 2170.0, 2140.0));
        CaseMaker settled = (run, shift, seed) -> run.ok(SHM, 2_200 * shift, 0.02, seed);
        CaseMaker unsettled = (run, shift, seed) -> run.exact(SHM, warming);
        Baseline base = baseline(3, 0.02, 1, settled);
        RunSamples first = current("cur", 1.0, 7, settled);
        RunSamples again = current("again", 1.0, 8, unsettled);
        Comparison c = Comparison.of(base, List.of(first, again), base.thresholds(), Comparison.DEFAULT_ALPHA);
        assertThat(c.warnings())
                .filteredOn(w -> w.startsWith("not at steady state"))
                .singleElement()
                .satisfies(
                        w -> assertThat(w).contains(SHM + " (measured again ").doesNotContain("current run"));
    }

    @Test
    void shouldMatchCasesByKeyAndListTheRest() {
        UnaryOperator<RunFixtures> base = r -> r.ok(PIPE, 45_000, 0.02, 1)
                .ok(SHM, 200, 0.02, 2)
                .ok("ping-pong/tcp/size=64", 50_000, 0.02, 3)
                .notRun("ping-pong/udp/size=64", "skipped", "udp loses messages");
        Baseline b = Baseline.read(base.apply(RunFixtures.run("base")).write(dir));
        RunSamples cur = RunFixtures.run("cur")
                .ok(PIPE, 45_000, 0.02, 11)
                .notRun(SHM, "failed", "the peer crashed\nstack")
                .ok("ping-pong/fifo/size=64", 45_000, 0.02, 13)
                .ok("ping-pong/udp/size=64", 60_000, 0.02, 14)
                .read(dir);
        Comparison c = compare(b, cur);
        assertThat(c.onlyInBaseline()).containsExactly("ping-pong/tcp/size=64");
        assertThat(c.onlyInCurrent()).containsExactly("ping-pong/fifo/size=64");
        assertThat(c.notCompared())
                .containsExactly("ping-pong/udp/size=64: skipped in the baseline (udp loses messages)");
        assertThat(c.failures()).singleElement().satisfies(f -> {
            assertThat(f.caseKey()).isEqualTo(SHM);
            assertThat(f.verdict()).isEqualTo(Verdict.FAILED);
            assertThat(f.note()).isEqualTo("ran in the baseline but failed now: the peer crashed");
        });
        assertThat(c.warnings()).anySatisfy(w -> assertThat(w).contains("its run-to-run noise is unknown"));
    }

    @Test
    void shouldTakeThresholdsFromTheBaselineNeverFromTheRunJudged() {
        Baseline base = baseline(5, 0.02, 1, pipe(0.02));
        RunSamples ungated = pipe(0.02)
                .make(RunFixtures.run("ungated").scenario("gate", Map.of("p50", "off", "p99", "off")), 1.5, 7)
                .probes(100, 40_000, 150, 30_000, 0.02, 7)
                .read(dir);
        Comparison c = compare(base, ungated);
        assertThat(verdict(c, PIPE, Metric.P50)).isEqualTo(Verdict.REGRESSED);
        assertThat(c.warnings()).anySatisfy(w -> assertThat(w).contains("never by its own"));
        Comparison off = Comparison.of(base, List.of(ungated), base.thresholds().with(Metric.P50, GateSpec.OFF), 0.01);
        assertThat(off.results()).extracting(MetricResult::metric).containsExactly(Metric.P99);
    }

    @Test
    void shouldRefuseRunsWithNoCaseInCommon() {
        Baseline base =
                Baseline.read(RunFixtures.run("a").ok(PIPE, 1000, 0.02, 1).write(dir));
        RunSamples cur = RunFixtures.run("b").ok(SHM, 1000, 0.02, 2).read(dir);
        assertThatThrownBy(() -> compare(base, cur))
                .isInstanceOf(GateException.class)
                .hasMessageContaining("no case in common");
    }

    @Test
    void shouldTellMachineTypesApartByWhatMattersOnly() {
        Baseline base =
                Baseline.read(RunFixtures.run("a").ok(PIPE, 1000, 0.02, 1).write(dir));
        RunSamples sameType = RunFixtures.run("b")
                .env("kernel", "Linux 6.1.0-15-cloud-amd64")
                .env("memTotal", "24000012 kB")
                .ok(PIPE, 1000, 0.02, 2)
                .read(dir);
        assertThat(compare(base, sameType).environmentDifferences()).isEmpty();
        RunSamples other = RunFixtures.run("c")
                .env("cpuModel", "Other CPU")
                .env("memTotal", "16000000 kB")
                .scenario("inject", Map.of("peerDelay", "20us"))
                .ok(PIPE, 1000, 0.02, 3)
                .read(dir);
        Comparison c = compare(base, other);
        assertThat(c.environmentDifferences())
                .containsExactly("CPU model: Test CPU ≠ Other CPU", "memory: 22.9 GiB ≠ 15.3 GiB (more than 5% apart)");
        assertThat(c.warnings()).anySatisfy(w -> assertThat(w).contains("injected peer delay of 20us"));
    }

    @Test
    void shouldTellMachinesApartByTheirKernelEntryMitigations() {
        Map<String, Object> pti = Map.of("meltdown", "Mitigation: PTI", "spectre_v2", "Mitigation: Retpolines");
        Baseline base = Baseline.read(RunFixtures.run("a")
                .env("cpuVulnerabilities", pti)
                .ok(PIPE, 1000, 0.02, 1)
                .write(dir));
        RunSamples same = RunFixtures.run("b")
                .env("cpuVulnerabilities", new java.util.TreeMap<>(pti))
                .ok(PIPE, 1000, 0.02, 2)
                .read(dir);
        assertThat(compare(base, same).environmentDifferences()).isEmpty();
        RunSamples noPti = RunFixtures.run("c")
                .env("cpuVulnerabilities", Map.of("meltdown", "Not affected", "spectre_v2", "Mitigation: Retpolines"))
                .ok(PIPE, 1000, 0.02, 3)
                .read(dir);
        assertThat(compare(base, noPti).environmentDifferences())
                .containsExactly("CPU vulnerability mitigation meltdown: Mitigation: PTI ≠ Not affected");
        RunSamples newer = RunFixtures.run("d")
                .env("cpuVulnerabilities", Map.of("meltdown", "Mitigation: PTI"))
                .ok(PIPE, 1000, 0.02, 4)
                .read(dir);
        assertThat(compare(base, newer).environmentDifferences())
                .containsExactly("CPU vulnerability mitigation spectre_v2: Mitigation: Retpolines ≠ not reported");
        // A run made before ipcmark recorded mitigations (the committed baselines' runs) says nothing about them.
        RunSamples older = RunFixtures.run("e").ok(PIPE, 1000, 0.02, 5).read(dir);
        assertThat(compare(base, older).environmentDifferences()).isEmpty();
    }

    private static MetricResult result(Comparison c, String key, Metric metric) {
        return c.results().stream()
                .filter(r -> r.caseKey().equals(key) && r.metric() == metric)
                .findFirst()
                .orElseThrow(() -> new AssertionError("no " + metric + " result for " + key + " in " + c.results()));
    }

    private static Verdict verdict(Comparison c, String key, Metric metric) {
        return result(c, key, metric).verdict();
    }

    private static String note(Comparison c, String key, Metric metric) {
        return result(c, key, metric).note();
    }
}
