package dev.ipcmark.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ScenarioLoaderTest {
    private final ScenarioLoader loader =
            new ScenarioLoader(TransportCatalog.withoutKnobs(List.of("unix-stream", "shm")));

    @Test
    void shouldLoadAFullScenarioWithUnitsAndFlowStyle() {
        Scenario s = loader.parse("""
                name: quick
                description: Every transport.
                jmh: { forks: 2, warmup: { iterations: 1, time: 500ms }, measurement: { iterations: 3, time: 2s } }
                cases:
                  - pattern: ping-pong
                    transports: [unix-stream, shm]
                    messageSizes: [64, 4KiB, 1MiB]
                gate: { p50: 10%, p99: 25%, throughput: 5% }
                """, "quick.yaml");
        assertThat(s.name()).isEqualTo("quick");
        assertThat(s.jmh())
                .isEqualTo(new JmhSettings(
                        2, 1, Duration.ofMillis(500), 3, Duration.ofSeconds(2), JmhSettings.DEFAULTS.timeout()));
        assertThat(s.cases())
                .containsExactly(
                        new CaseBlock(Pattern.PING_PONG, List.of("unix-stream", "shm"), List.of(64L, 4096L, 1L << 20)));
        assertThat(s.gate()).isEqualTo(GateSpec.DEFAULTS.with(Metric.THROUGHPUT, 5));
    }

    @Test
    void shouldFillDefaultsAndAcceptASingleValueForAList() {
        Scenario s = loader.parse(
                "name: x\ncases:\n  - pattern: ping-pong\n    transports: shm\n    messageSizes: 64\n", "x.yaml");
        assertThat(s.jmh()).isEqualTo(JmhSettings.DEFAULTS);
        assertThat(s.gate()).isEqualTo(GateSpec.DEFAULTS);
        assertThat(s.cases().getFirst().transports()).containsExactly("shm");
    }

    @Test
    void shouldReadGatesThatSwitchAMetricOffAndAnInjectedPeerDelay() {
        Scenario s = loader.parse("""
                name: x
                cases:
                  - pattern: ping-pong
                    transports: shm
                    messageSizes: 64
                gate: { p50: 12.5%, p99: off }
                inject: { peerDelay: 20us }
                """, "x.yaml");
        assertThat(s.gate()).isEqualTo(GateSpec.DEFAULTS.with(Metric.P50, 12.5).with(Metric.P99, GateSpec.OFF));
        assertThat(s.peerDelay()).isEqualTo(Duration.ofNanos(20_000));
        assertThat(s.toDocument().get("gate")).isEqualTo(Map.of("p50", "12.5%", "p99", "off", "throughput", "10%"));
        assertThat(s.toDocument().get("inject")).isEqualTo(Map.of("peerDelay", "20us"));
        assertThat(loader.parse("name: x\ncases:\n  - {pattern: ping-pong, transports: shm, messageSizes: 64}\n", "y")
                        .toDocument())
                .doesNotContainKey("inject");
    }

    @Test
    void shouldRejectBadGateThresholdsAndPeerDelays() {
        String cases = "name: x\ncases:\n  - {pattern: ping-pong, transports: shm, messageSizes: 64}\n";
        assertError(
                cases + "gate: { p50: fast }\n",
                "bad.yaml:4:14: 'p50': 'fast' is not a percentage from 0% to 1000% (e.g. 10%), or off");
        assertError(
                cases + "inject: { peerDelay: 1s }\n",
                "bad.yaml:4:22: 'peerDelay' 1s is out of range; allowed: 0ns to 100ms");
        assertError(
                cases + "inject: { delay: 1ms }\n",
                "bad.yaml:4:11: unknown key 'delay' in 'inject'; allowed: peerDelay");
    }

    @Test
    void shouldNameFileLineColumnAndAllowedKeysForAnUnknownKey() {
        assertError(
                "name: x\ncases:\n  - pattern: ping-pong\n    transport: shm\n    messageSizes: 64\n",
                "bad.yaml:4:5: unknown key 'transport' in case 1; allowed: pattern, transports, messageSizes, knobs, warmup, forks");
    }

    @Test
    void shouldRejectABadSizeWithWhatIsAccepted() {
        assertError(
                "name: x\ncases:\n  - pattern: ping-pong\n    transports: [shm]\n    messageSizes: [64, 4KB]\n",
                "bad.yaml:5:24: bad size in 'messageSizes': '4KB' is not a size; expected a whole number of bytes,"
                        + " optionally with B, KiB, MiB or GiB (e.g. 64, 4KiB, 1MiB)");
    }

    @Test
    void shouldRejectAnUnknownTransportListingTheAllowedOnes() {
        assertError(
                "name: x\ncases:\n  - pattern: ping-pong\n    transports: [shm, shmem]\n    messageSizes: 64\n",
                "bad.yaml:4:23: unknown transport 'shmem' in case 1; allowed: unix-stream, shm");
    }

    @Test
    void shouldRejectAWrongType() {
        assertError(
                "name: x\njmh: { forks: two }\ncases:\n  - pattern: ping-pong\n    transports: shm\n    messageSizes: 64\n",
                "bad.yaml:2:15: 'forks' must be a whole number from 1 to 100, got 'two'");
        assertError(
                "name: x\njmh: { profilers: [gc, perf] }\ncases:\n  - pattern: ping-pong\n    transports: shm\n"
                        + "    messageSizes: 64\n",
                "bad.yaml:2:24: unknown profilers value 'perf'; allowed: gc, perfnorm, flame");
        assertError(
                "name: x\ncases: { pattern: ping-pong }\n",
                "bad.yaml:2:8: 'cases' must be a non-empty list of case blocks (each with [pattern, transports,"
                        + " messageSizes, knobs, warmup, forks])");
    }

    @Test
    void shouldRejectUnknownPatternMissingKeyDuplicateKeyAndBadDuration() {
        assertError(
                "name: x\ncases:\n  - pattern: pong\n    transports: shm\n    messageSizes: 64\n",
                "bad.yaml:3:14: unknown pattern 'pong' in case 1; allowed: ping-pong, stream, fan-in, rate, setup, transfer");
        assertError(
                "name: x\ncases:\n  - pattern: ping-pong\n    messageSizes: 64\n",
                "bad.yaml:3:5: case 1 is missing the required key 'transports'");
        assertError("name: x\nname: y\n", "bad.yaml:2:1: duplicate key 'name'");
        assertError(
                "name: x\njmh: { warmup: { time: 5 } }\ncases:\n  - pattern: ping-pong\n    transports: shm\n"
                        + "    messageSizes: 64\n",
                "bad.yaml:2:24: bad duration in 'time': '5' is not a duration; expected a whole number with ns, us,"
                        + " ms, s or min (e.g. 20us, 500ms, 2s, 1min)");
    }

    @Test
    void shouldReportYamlSyntaxErrorsWithTheirPosition() {
        assertThatThrownBy(() -> loader.parse("name: [x\n", "bad.yaml"))
                .isInstanceOf(ScenarioException.class)
                .hasMessageStartingWith("bad.yaml:1:9: not valid YAML: while parsing a flow sequence");
    }

    @Test
    void shouldApplyCommandLineOverridesWithTheSameValidation() {
        Scenario s = loader.parse(
                "name: x\ncases:\n  - pattern: ping-pong\n    transports: [shm, unix-stream]\n    messageSizes: 64\n",
                "x.yaml");
        ScenarioOverrides o = new ScenarioOverrides(
                true, 3, null, null, null, Duration.ofMillis(100), Map.of("messageSizes", "1,4KiB"));
        Scenario changed = o.applyTo(s, loader);
        assertThat(changed.jmh().forks()).isEqualTo(3);
        assertThat(changed.jmh().warmupIterations()).isEqualTo(JmhSettings.QUICK.warmupIterations());
        assertThat(changed.jmh().measurementTime()).isEqualTo(Duration.ofMillis(100));
        assertThat(changed.cases().getFirst().messageSizes()).containsExactly(1L, 4096L);

        ScenarioOverrides bad = new ScenarioOverrides(false, null, null, null, null, null, Map.of("transports", "tcp"));
        assertThatThrownBy(() -> bad.applyTo(s, loader))
                .hasMessage("command line (-p transports=tcp): unknown transport 'tcp' in the command line; allowed:"
                        + " unix-stream, shm");
        ScenarioOverrides unknown = new ScenarioOverrides(false, null, null, null, null, null, Map.of("sizes", "1"));
        assertThatThrownBy(() -> unknown.applyTo(s, loader))
                .hasMessage("command line (-p sizes=1): unknown parameter 'sizes' (not a knob of this scenario's"
                        + " transports); allowed: transports, messageSizes, cpus");
    }

    @Test
    void shouldGiveABlocksCasesItsOwnWarmupUntilTheCommandLineSetsOne() throws Exception {
        String yaml = """
                name: x
                jmh: { warmup: { iterations: 4, time: 100ms } }
                cases:
                  - { pattern: ping-pong, transports: unix-stream, messageSizes: 64 }
                  - pattern: ping-pong
                    transports: [shm, unix-stream]
                    messageSizes: 64
                    warmup: { iterations: 10 }
                """;
        Scenario s = loader.parse(yaml, "x.yaml");
        List<CaseMatrix.PlannedCase> cases = CaseMatrix.expand(s, loader.catalog(), c -> java.util.Optional.empty());
        // unix-stream comes from the first block, which keeps the scenario's warm-up; time left out is the scenario's.
        assertThat(cases)
                .extracting(c -> c.spec().transport() + " " + c.jmh(s.jmh()).warmupIterations() + " x "
                        + c.jmh(s.jmh()).warmupTime().toMillis() + " ms")
                .containsExactly("unix-stream 4 x 100 ms", "shm 10 x 100 ms");
        assertThat(s.toDocument().get("cases").toString()).contains("warmup={iterations=10, time=100ms}");
        Scenario again = loader.parse(
                new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(s.toDocument()), "run.json");
        assertThat(again.cases().get(1).warmup()).contains(new Phase(10, Duration.ofMillis(100)));

        Scenario quick = new ScenarioOverrides(true, null, null, null, null, null, Map.of()).applyTo(s, loader);
        assertThat(quick.cases()).allSatisfy(b -> assertThat(b.warmup()).isEmpty());
        assertError(
                yaml.replace("{ iterations: 10 }", "{ iterations: 10, length: 1s }"),
                "bad.yaml:8:31: unknown key 'length' in 'warmup' in case 2; allowed: iterations, time");
    }

    @Test
    void shouldGiveABlocksCasesTheirOwnForksUntilTheCommandLineSetsThem() throws Exception {
        String yaml = """
                name: x
                jmh: { forks: 4 }
                cases:
                  - { pattern: ping-pong, transports: unix-stream, messageSizes: 64 }
                  - pattern: ping-pong
                    transports: [shm]
                    messageSizes: 4KiB
                    forks: 8
                """;
        Scenario s = loader.parse(yaml, "x.yaml");
        List<CaseMatrix.PlannedCase> cases = CaseMatrix.expand(s, loader.catalog(), c -> java.util.Optional.empty());
        assertThat(cases)
                .extracting(c -> c.spec().transport() + " " + c.jmh(s.jmh()).forks())
                .containsExactly("unix-stream 4", "shm 8");
        assertThat(CaseMatrix.mostForks(cases, s.jmh())).isEqualTo(8);
        Scenario again = loader.parse(
                new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(s.toDocument()), "run.json");
        assertThat(again.cases().get(1).forks()).contains(8);

        Scenario forks = new ScenarioOverrides(false, 2, null, null, null, null, Map.of()).applyTo(s, loader);
        assertThat(forks.cases()).allSatisfy(b -> assertThat(b.forks()).isEmpty());
        assertError(
                yaml.replace("forks: 8", "forks: 0"),
                "bad.yaml:8:12: 'forks' must be a whole number from 1 to 100, got '0'");
    }

    /** Two fake transports with knobs shaped like the real ones; the loader knows nothing else about them. */
    private static final ScenarioLoader KNOBBED =
            new ScenarioLoader(new TransportCatalog(new java.util.LinkedHashMap<>(Map.of(
                    "pipe",
                    List.of(
                            Knob.choice("mode", "waiting", List.of("blocking", "nonblocking-spin")),
                            Knob.bufferSize("pipe-size", "capacity", 4096, 1 << 20, "fs.pipe-max-size")),
                    "shared-file",
                    List.of(
                            Knob.choice("mode", "waiting", List.of("blocking", "nonblocking-spin")),
                            Knob.choice("lock", "lock kind", List.of("flock", "fcntl", "ofd")))))));

    private static final String KNOB_HEAD =
            "name: k\ncases:\n  - pattern: ping-pong\n    transports: [pipe, shared-file]\n    messageSizes: 64\n";

    @Test
    void shouldExpandKnobsPerTransportWithDefaultsAndCanonicalValues() {
        Scenario s = KNOBBED.parse(
                KNOB_HEAD + "    knobs:\n      mode: [blocking, nonblocking-spin]\n      pipe-size: [default, 65536]\n",
                "k.yaml");
        List<String> keys = CaseMatrix.expand(s, KNOBBED.catalog(), c -> java.util.Optional.empty()).stream()
                .map(c -> c.spec().key())
                .toList();
        assertThat(keys)
                .containsExactly(
                        "ping-pong/pipe/mode=blocking/pipe-size=default/size=64",
                        "ping-pong/pipe/mode=blocking/pipe-size=64KiB/size=64",
                        "ping-pong/pipe/mode=nonblocking-spin/pipe-size=default/size=64",
                        "ping-pong/pipe/mode=nonblocking-spin/pipe-size=64KiB/size=64",
                        "ping-pong/shared-file/lock=flock/mode=blocking/size=64",
                        "ping-pong/shared-file/lock=flock/mode=nonblocking-spin/size=64");
        assertThat(s.toDocument().get("cases").toString()).contains("knobs={mode=[blocking, nonblocking-spin]");
    }

    @Test
    void shouldRejectAKnobNoTransportOfTheBlockHas() {
        assertKnobError(
                KNOB_HEAD + "    knobs:\n      sync: spin\n",
                "bad.yaml:7:7: unknown knob 'sync' in case 1 for pipe, shared-file; allowed: mode, pipe-size, cpus, lock");
    }

    @Test
    void shouldRejectAnUnknownLockKindNamingTheAllowedOnes() {
        assertKnobError(
                KNOB_HEAD + "    knobs:\n      lock: [flock, posix]\n",
                "bad.yaml:7:21: bad value 'posix' for knob 'lock' of shared-file in case 1: it is not one of the"
                        + " choices; allowed: flock, fcntl, ofd");
    }

    @Test
    void shouldRejectNegativeAndOverTheKernelMaximumBufferSizes() {
        assertKnobError(
                KNOB_HEAD + "    knobs:\n      pipe-size: -4096\n",
                "bad.yaml:7:18: bad value '-4096' for knob 'pipe-size' of pipe in case 1: '-4096' is not a size;"
                        + " expected a whole number of bytes, optionally with B, KiB, MiB or GiB (e.g. 64, 4KiB, 1MiB);"
                        + " allowed: default (the kernel's), or 4KiB to 1MiB (fs.pipe-max-size)");
        assertKnobError(
                KNOB_HEAD + "    knobs:\n      pipe-size: 2MiB\n",
                "bad.yaml:7:18: bad value '2MiB' for knob 'pipe-size' of pipe in case 1: 2MiB is out of range;"
                        + " allowed: default (the kernel's), or 4KiB to 1MiB (fs.pipe-max-size)");
    }

    @Test
    void shouldAddThePatternsKnobsBeforeTheTransportsAndValidateThem() {
        String stream = "name: k\ncases:\n  - pattern: stream\n    transports: [pipe]\n    messageSizes: 64\n";
        Scenario s = KNOBBED.parse(stream + "    knobs:\n      batch: [1, 64]\n", "k.yaml");
        assertThat(CaseMatrix.expand(s, KNOBBED.catalog(), c -> java.util.Optional.empty()).stream()
                        .map(c -> c.spec().key()))
                .containsExactly(
                        "stream/pipe/batch=1/mode=blocking/pipe-size=default/window=2/size=64",
                        "stream/pipe/batch=64/mode=blocking/pipe-size=default/window=2/size=64");
        assertKnobError(
                stream + "    knobs:\n      batch: 0\n",
                "bad.yaml:7:14: bad value '0' for knob 'batch' of pipe in case 1: 0 is out of range; allowed: a whole"
                        + " number from 1 to 65536");
        // A pattern knob of one transport only: placement belongs to shm transfers.
        assertKnobError(
                "name: k\ncases:\n  - pattern: transfer\n    transports: [pipe]\n    messageSizes: 64\n"
                        + "    knobs:\n      placement: in-place\n",
                "bad.yaml:7:7: unknown knob 'placement' in case 1 for pipe; allowed: mode, pipe-size, cpus");
    }

    @Test
    void shouldSetAKnobFromTheCommandLineOnlyWhereItApplies() {
        Scenario s = KNOBBED.parse(KNOB_HEAD, "k.yaml");
        Scenario changed =
                new ScenarioOverrides(false, null, null, null, null, null, Map.of("lock", "ofd")).applyTo(s, KNOBBED);
        assertThat(changed.cases().getFirst().knobs()).containsEntry("lock", List.of("ofd"));
        ScenarioOverrides bad = new ScenarioOverrides(false, null, null, null, null, null, Map.of("lock", "nfs"));
        assertThatThrownBy(() -> bad.applyTo(s, KNOBBED))
                .hasMessage("command line (-p lock=nfs): bad value 'nfs' for knob 'lock' of shared-file in the command"
                        + " line: it is not one of the choices; allowed: flock, fcntl, ofd");
    }

    private static void assertKnobError(String yaml, String message) {
        assertThatThrownBy(() -> KNOBBED.parse(yaml, "bad.yaml"))
                .isInstanceOf(ScenarioException.class)
                .hasMessage(message);
    }

    private void assertError(String yaml, String message) {
        assertThatThrownBy(() -> loader.parse(yaml, "bad.yaml"))
                .isInstanceOf(ScenarioException.class)
                .hasMessage(message);
    }
}
