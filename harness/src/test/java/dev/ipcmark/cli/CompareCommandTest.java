package dev.ipcmark.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ipcmark.gate.RunFixtures;
import dev.ipcmark.nativeio.ThreadUsage;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code ipcmark compare} and {@code ipcmark baseline} in-process on written run directories: statuses and messages. */
class CompareCommandTest {
    private static final String PIPE = "ping-pong/pipe/mode=blocking/size=64";
    private static final String SHM = "ping-pong/shm/sync=spin/size=64";

    @TempDir
    Path dir;

    private record Outcome(int status, String out, String err) {}

    private Outcome ipcmark(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = Main.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int status = cli.execute(args);
        return new Outcome(status, out.toString(), err.toString());
    }

    private Path run(String id, double pipeNs, long seed) {
        return RunFixtures.run(id)
                .ok(PIPE, pipeNs, 0.02, seed)
                .ok(SHM, 200, 0.02, seed + 100)
                .write(dir);
    }

    @Test
    void shouldExitZeroWhenNothingRegressed() {
        Outcome o = ipcmark(
                "compare", run("a", 45_000, 1).toString(), run("b", 45_500, 2).toString());
        assertThat(o.status()).isZero();
        assertThat(o.out()).contains("No regression.").contains("unchanged");
    }

    @Test
    void shouldExitOneOnARegressionAndWriteEveryFormat() throws Exception {
        Path junit = dir.resolve("out/gate.xml");
        Path md = dir.resolve("out/gate.md");
        Path json = dir.resolve("out/gate.json");
        Outcome o = ipcmark(
                "compare",
                run("a", 45_000, 1).toString(),
                run("b", 65_000, 2).toString(),
                "--junit",
                junit.toString(),
                "--markdown",
                md.toString(),
                "--json",
                json.toString());
        assertThat(o.status()).isEqualTo(1);
        assertThat(o.out()).contains("REGRESSED").contains("2 regressions.");
        assertThat(Files.readString(junit)).contains("<failure type=\"regressed\"");
        assertThat(Files.readString(md)).startsWith("## ipcmark: 2 regressions");
        assertThat(new ObjectMapper().readTree(json.toFile()).get("regressions").asInt())
                .isEqualTo(2);
    }

    @Test
    void shouldLetTheCommandLineOverrideTheScenariosThresholds() {
        Path a = run("a", 45_000, 1);
        Path b = run("b", 65_000, 2);
        assertThat(ipcmark("compare", a.toString(), b.toString(), "--threshold", "p50=off,p99=60%")
                        .status())
                .isZero();
        Outcome nothing = ipcmark("compare", a.toString(), b.toString(), "--threshold", "p50=off,p99=off");
        assertThat(nothing.status())
                .as("a gate that compares nothing cannot pass")
                .isEqualTo(2);
        assertThat(nothing.err()).contains("nothing was compared");
        assertThat(ipcmark("compare", a.toString(), b.toString(), "--threshold", "p50=60%,p99=60%")
                        .status())
                .isZero();
        Outcome bad = ipcmark("compare", a.toString(), b.toString(), "--threshold", "p95=5%");
        assertThat(bad.status()).isEqualTo(2);
        assertThat(bad.err()).contains("unknown metric 'p95'; allowed: p50, p99, throughput");
        assertThat(ipcmark("compare", a.toString(), b.toString(), "--threshold", "p50=lots")
                        .err())
                .contains("'lots' is not a percentage from 0% to 1000% (e.g. 10%), or off");
    }

    @Test
    void shouldExitTwoWhenTheComparisonCannotBeMade() throws Exception {
        Path a = run("a", 45_000, 1);
        Outcome missing = ipcmark("compare", a.toString(), dir.resolve("nope").toString());
        assertThat(missing.status()).isEqualTo(2);
        assertThat(missing.err()).contains("'" + dir.resolve("nope") + "' is neither a run directory");

        Path broken = Files.createDirectories(dir.resolve("broken"));
        Files.writeString(broken.resolve("run.json"), "{\"runId\": \"x\", \"cases\": [");
        Outcome malformed = ipcmark("compare", a.toString(), broken.toString());
        assertThat(malformed.status()).isEqualTo(2);
        assertThat(malformed.err()).contains(broken.resolve("run.json") + " is not a valid ipcmark run.json");

        Path other =
                RunFixtures.run("other").ok("ping-pong/tcp/size=64", 1, 0, 1).write(dir);
        Outcome disjoint = ipcmark("compare", a.toString(), other.toString());
        assertThat(disjoint.status()).isEqualTo(2);
        assertThat(disjoint.err()).contains("no case in common");
    }

    @Test
    void shouldWarnAboutAnotherMachineAndRefuseItWhenStrict() {
        Path a = run("a", 45_000, 1);
        Path b = RunFixtures.run("b")
                .env("cpus", 64)
                .ok(PIPE, 45_000, 0.02, 2)
                .ok(SHM, 200, 0.02, 3)
                .write(dir);
        Outcome lenient = ipcmark("compare", a.toString(), b.toString());
        assertThat(lenient.status()).isZero();
        assertThat(lenient.out()).contains("Different machine").contains("logical CPUs: 2 ≠ 64");
        Outcome strict = ipcmark("compare", a.toString(), b.toString(), "--strict-env");
        assertThat(strict.status()).isEqualTo(2);
        assertThat(strict.err()).contains("different machine types (--strict-env): logical CPUs: 2 ≠ 64");
    }

    @Test
    void shouldSaveABaselineAndCompareWithItByName() {
        Path baselines = dir.resolve("baselines");
        Path a = run("a", 45_000, 1);
        Outcome saved = ipcmark("baseline", "save", a.toString(), "vm-2core", "--baselines-dir", baselines.toString());
        assertThat(saved.status()).isZero();
        assertThat(saved.out()).contains("Saved baseline 'vm-2core'");
        Outcome o =
                ipcmark("compare", "vm-2core", run("b", 45_000, 2).toString(), "--baselines-dir", baselines.toString());
        assertThat(o.status()).isZero();
        assertThat(o.out()).contains("Baseline a (" + baselines.resolve("vm-2core") + ")");
        assertThat(ipcmark("baseline", "list", "--baselines-dir", baselines.toString())
                        .out())
                .contains("vm-2core");
    }

    @Test
    void shouldJudgeASavedBaselineAgainstItself() {
        Path baselines = dir.resolve("baselines");
        List<String> save = new java.util.ArrayList<>(List.of("baseline", "save", "quiet"));
        for (int i = 0; i < 3; i++) {
            save.add(run("q" + i, 45_000 * (1 + 0.005 * i), 10 + i).toString());
        }
        save.addAll(List.of("--baselines-dir", baselines.toString()));
        Outcome three = ipcmark(save.toArray(String[]::new));
        assertThat(three.status()).isZero();
        assertThat(three.out()).contains("With 4 or more runs it can be judged against itself");
        Outcome tooFew = ipcmark("baseline", "check", "quiet", "--baselines-dir", baselines.toString());
        assertThat(tooFew.status()).isEqualTo(2);
        assertThat(tooFew.err()).contains("has 3 runs; judging it against itself needs 4 or more");
        Outcome added = ipcmark(
                "baseline", "add", "quiet", run("q3", 45_300, 13).toString(), "--baselines-dir", baselines.toString());
        assertThat(added.status()).isZero();
        assertThat(added.out())
                .contains("Judged against itself (each of its 4 runs against the other 3")
                .contains("0 false calls");
        Outcome check = ipcmark("baseline", "check", "quiet", "--baselines-dir", baselines.toString());
        assertThat(check.status()).isZero();
        assertThat(check.out())
                .contains(PIPE)
                .contains(SHM)
                .contains("unchanged")
                .contains("detects ≥");
        // A baseline whose runs disagree by half: one of them is called regressed against the others.
        Outcome shifted = ipcmark(
                "baseline",
                "save",
                "shifted",
                run("s0", 45_000, 20).toString(),
                run("s1", 45_100, 21).toString(),
                run("s2", 44_900, 22).toString(),
                run("s3", 45_050, 23).toString(),
                run("s4", 90_000, 24).toString(),
                "--baselines-dir",
                baselines.toString());
        assertThat(shifted.status()).isZero();
        Outcome alarm = ipcmark("baseline", "check", "shifted", "--baselines-dir", baselines.toString());
        assertThat(alarm.out()).containsPattern("[1-9]\\d* false calls?;");
        assertThat(alarm.status()).isEqualTo(1);
    }

    @Test
    void shouldRefuseAGateWithoutABaselineBeforeRunningAnything() {
        String scenario = Path.of("../scenarios/ci.yaml").toAbsolutePath().toString();
        Outcome o = ipcmark(
                "run",
                scenario,
                "--gate",
                "--results-dir",
                dir.resolve("results").toString());
        assertThat(o.status()).isEqualTo(2);
        assertThat(o.err()).contains("--gate needs --baseline");
        Outcome unknown = ipcmark(
                "run",
                scenario,
                "--baseline",
                "nowhere",
                "--baselines-dir",
                dir.resolve("b").toString(),
                "--results-dir",
                dir.resolve("results").toString());
        assertThat(unknown.status()).isEqualTo(2);
        assertThat(unknown.err()).contains("'nowhere' is neither a run directory");
        assertThat(dir.resolve("results")).doesNotExist();
        assertThat(List.of(o.out(), unknown.out()))
                .allSatisfy(out -> assertThat(out).doesNotContain("[1/"));
    }

    private static void tamper(Path run, String field, String value) throws Exception {
        ObjectMapper json = new ObjectMapper();
        var doc = (com.fasterxml.jackson.databind.node.ObjectNode)
                json.readTree(run.resolve("run.json").toFile());
        doc.put(field, value);
        json.writeValue(run.resolve("run.json").toFile(), doc);
    }

    @Test
    void shouldRefuseARunIdThatIsAPath() throws Exception {
        Path run = run("a", 45_000, 1);
        tamper(run, "runId", "../../../escape");
        Path reports = dir.resolve("deep/er/reports");
        Outcome report = ipcmark("report", run.toString(), "--reports-dir", reports.toString());
        assertThat(report.status()).isEqualTo(2);
        assertThat(report.err()).contains("runId '../../../escape' is not a run id");
        assertThat(dir.resolve("escape")).doesNotExist();
        assertThat(dir.resolve("deep/escape")).doesNotExist();
        Outcome compare = ipcmark("compare", run.toString(), run("b", 45_000, 2).toString());
        assertThat(compare.status()).isEqualTo(2);
        assertThat(compare.err()).contains("runId '../../../escape' is not a run id");
    }

    @Test
    void shouldRefuseToJudgeARunThatDidNotFinish() throws Exception {
        Path base = run("a", 45_000, 1);
        Path killed = run("b", 45_000, 2);
        tamper(killed, "state", "running");
        Outcome refused = ipcmark("compare", base.toString(), killed.toString());
        assertThat(refused.status()).isEqualTo(2);
        assertThat(refused.err()).contains("(run b) is running, not finished").contains("--allow-incomplete");
        Outcome allowed = ipcmark("compare", base.toString(), killed.toString(), "--allow-incomplete");
        assertThat(allowed.status()).isZero();
        assertThat(allowed.out()).contains("is running, not finished");
    }

    @Test
    void shouldRefuseAnUnknownCaseStatus() throws Exception {
        Path odd = RunFixtures.run("c").notRun(PIPE, "failed", "?").write(dir);
        ObjectMapper json = new ObjectMapper();
        var doc = (com.fasterxml.jackson.databind.node.ObjectNode)
                json.readTree(odd.resolve("run.json").toFile());
        ((com.fasterxml.jackson.databind.node.ObjectNode) doc.get("cases").get(0)).put("status", "exploded");
        json.writeValue(odd.resolve("run.json").toFile(), doc);
        Outcome o = ipcmark("compare", run("a", 45_000, 1).toString(), odd.toString());
        assertThat(o.status()).isEqualTo(2);
        assertThat(o.err()).contains("has the status 'exploded'; allowed: ok, failed, skipped");
    }

    @Test
    void shouldRefuseANegativeCpuTime() throws Exception {
        Path odd = RunFixtures.run("d")
                .usage(new ThreadUsage(1000, 500, 0, 0, 0, 0))
                .ok(PIPE, 45_000, 0.02, 4)
                .write(dir);
        ObjectMapper json = new ObjectMapper();
        var doc = (com.fasterxml.jackson.databind.node.ObjectNode)
                json.readTree(odd.resolve("run.json").toFile());
        ((com.fasterxml.jackson.databind.node.ObjectNode)
                        doc.get("cases").get(0).get("costsPerOperation").get("self"))
                .put("systemNs", -5.0);
        json.writeValue(odd.resolve("run.json").toFile(), doc);
        Outcome o = ipcmark("compare", run("a", 45_000, 1).toString(), odd.toString());
        assertThat(o.status()).isEqualTo(2);
        assertThat(o.err())
                .contains("run.json: case " + PIPE + " has costsPerOperation.self with userNs")
                .contains("systemNs -5.0; both must be finite and 0 or more");
    }
}
