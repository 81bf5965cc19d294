package dev.ipcmark.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Seeded random inputs: 1,000 mutations of the shipped scenarios and 100 bad command lines, each run in-process with
 * {@code --dry-run}. None may print a stack trace, hang, exit with anything but 0 (a mutation that stayed valid) or 2,
 * or write a results directory; every refusal names the file with line and column, or the option.
 */
class InputFuzzTest {
    private static final long SEED = 20261129L;
    private static final Pattern FILE_ERROR = Pattern.compile("ipcmark: .+\\.yaml:\\d+:\\d+: \\S.*", Pattern.DOTALL);
    private static final List<String> SHIPPED =
            List.of("smoke.yaml", "quick.yaml", "ci.yaml", "fan-in.yaml", "copy-vs-map.yaml");
    private static final String[] VALUES = {
        "-1",
        "0",
        "1e99",
        "999999999min",
        "null",
        "~",
        "[]",
        "{}",
        "yes",
        "pipes",
        "64KB",
        "0s",
        "1000%",
        "\"\"",
        "2GiB",
        "[[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]",
        "&a",
        "*a",
        "!!binary x",
        "'",
        "\"",
        "é",
        "\t",
        "@",
        "`"
    };
    private static final String JUNK = " :[]{}-,#'\"&*!|>%@`\t\n0aZ9é";

    @TempDir
    Path dir;

    private record Outcome(int status, String text) {}

    private Outcome ipcmark(String... args) {
        StringWriter out = new StringWriter();
        CommandLine cli = Main.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(out, true));
        int status = assertTimeoutPreemptively(
                Duration.ofSeconds(20), () -> cli.execute(args), () -> String.join(" ", args));
        return new Outcome(status, out.toString());
    }

    private static void assertNoStackTrace(Outcome o, String what) {
        assertThat(o.text())
                .as(what)
                .doesNotContain("\tat ")
                .doesNotContain("java.lang.")
                .doesNotContain("Exception");
    }

    @Test
    void shouldRefuseEveryBrokenScenarioClearly() throws Exception {
        SplittableRandom random = new SplittableRandom(SEED);
        List<String> originals = new ArrayList<>();
        for (String name : SHIPPED) {
            originals.add(Files.readString(Ipcmark.ROOT.resolve("scenarios").resolve(name)));
        }
        Path results = dir.resolve("results");
        int refused = 0;
        for (int i = 0; i < 1000; i++) {
            Path file = dir.resolve("m" + i + ".yaml");
            byte[] bytes = mutate(originals.get(random.nextInt(originals.size())), random);
            Files.write(file, bytes);
            Outcome o = ipcmark("run", file.toString(), "--dry-run", "--results-dir", results.toString());
            String what = "mutation " + i + ":\n" + new String(bytes, StandardCharsets.UTF_8) + "\n=> " + o.text();
            assertNoStackTrace(o, what);
            assertThat(o.status()).as(what).isIn(0, 2);
            if (o.status() == 2) {
                refused++;
                assertThat(o.text())
                        .as(what)
                        .startsWith("ipcmark: " + file + ":")
                        .matches(FILE_ERROR);
            }
        }
        assertThat(results).as("a dry run writes nothing").doesNotExist();
        assertThat(refused).as("most mutations break a scenario").isGreaterThan(500);
    }

    private static byte[] mutate(String text, SplittableRandom random) {
        String t = text;
        int n = 1 + random.nextInt(3);
        for (int k = 0; k < n; k++) {
            List<String> lines = new ArrayList<>(List.of(t.split("\n", -1)));
            int line = random.nextInt(lines.size());
            switch (random.nextInt(10)) {
                case 0 -> lines.remove(line);
                case 1 -> lines.add(line, lines.get(line));
                case 2 ->
                    lines.set(
                            line,
                            " ".repeat(random.nextInt(5)) + lines.get(line).stripLeading());
                case 3 -> lines.set(line, replaceValue(lines.get(line), random));
                case 4 -> {
                    int other = random.nextInt(lines.size());
                    String a = lines.get(line);
                    lines.set(line, lines.get(other));
                    lines.set(other, a);
                }
                case 5 -> lines.add("---\nname: second");
                case 6 -> lines.set(line, "  ".repeat(random.nextInt(3)) + "unknownKey: 1");
                default -> {
                    String l = lines.get(line);
                    int at = l.isEmpty() ? 0 : random.nextInt(l.length());
                    char c = JUNK.charAt(random.nextInt(JUNK.length()));
                    lines.set(line, l.substring(0, at) + c + (l.isEmpty() ? "" : l.substring(at + random.nextInt(2))));
                }
            }
            t = String.join("\n", lines);
        }
        if (random.nextInt(20) == 0) {
            t = t.substring(0, random.nextInt(t.length() + 1));
        }
        byte[] bytes = t.getBytes(StandardCharsets.UTF_8);
        if (random.nextInt(25) == 0 && bytes.length > 0) {
            bytes[random.nextInt(bytes.length)] = (byte) 0xff;
        }
        return bytes;
    }

    private static String replaceValue(String line, SplittableRandom random) {
        int colon = line.indexOf(':');
        String value = VALUES[random.nextInt(VALUES.length)];
        return colon < 0 ? value : line.substring(0, colon + 1) + " " + value;
    }

    /** A bad piece of a command line, and what the error must name. */
    private record Bad(List<String> args, String named) {
        static Bad of(String named, String... args) {
            return new Bad(List.of(args), named);
        }
    }

    @Test
    void shouldRefuseEveryBadCommandLineNamingTheOption() {
        List<Bad> runOptions = List.of(
                Bad.of("--forks", "--forks", "0"),
                Bad.of("--forks", "--forks", "-1"),
                Bad.of("--forks", "--forks", "abc"),
                Bad.of("--forks", "--forks", "1000"),
                Bad.of("--forks", "--forks", "99999999999"),
                Bad.of("--iterations", "--iterations", "0"),
                Bad.of("--warmup-iterations", "--warmup-iterations", "-1"),
                Bad.of("--time", "--time", "0s"),
                Bad.of("--time", "--time", "5"),
                Bad.of("--time", "--time", "1h"),
                Bad.of("--time", "--time", "999999999min"),
                Bad.of("--time", "--time", "-1s"),
                Bad.of("--warmup-time", "--warmup-time", "0ms"),
                Bad.of("--inject-peer-delay", "--inject-peer-delay", "1s"),
                Bad.of("--inject-peer-delay", "--inject-peer-delay", "abc"),
                Bad.of("-p nonsense", "-p", "nonsense"),
                Bad.of("-p =x", "-p", "=x"),
                Bad.of("-p transports=pipes", "-p", "transports=pipes"),
                Bad.of("-p messageSizes=0", "-p", "messageSizes=0"),
                Bad.of("-p messageSizes=2GiB", "-p", "messageSizes=2GiB"),
                Bad.of("-p pipe-size=2MiB", "-p", "pipe-size=2MiB"),
                Bad.of("-p frobs=1", "-p", "frobs=1"),
                Bad.of("-p mode", "-p", "mode=blocking", "-p", "mode=nonblocking-poll"),
                Bad.of("--baseline", "--baseline", "no-such-baseline"),
                Bad.of("--baseline", "--baseline", "../../etc"),
                Bad.of("--gate", "--gate"),
                Bad.of("--alpha", "--baseline", "x", "--alpha", "2"),
                Bad.of("--alpha", "--baseline", "x", "--alpha", "abc"),
                Bad.of("--threshold", "--baseline", "x", "--threshold", "p51=5%"),
                Bad.of("--threshold", "--baseline", "x", "--threshold", "p50=abc"),
                Bad.of("--threshold", "--baseline", "x", "--threshold", "p50"),
                Bad.of("--threshold", "--baseline", "x", "--threshold", "p50=5%,p50=6%"),
                Bad.of("--confirm", "--confirm", "-1"),
                Bad.of("--confirm-forks", "--confirm-forks", "0"),
                Bad.of("--confirm-forks", "--confirm-forks", "101"),
                Bad.of("--frobnicate", "--frobnicate"),
                Bad.of("--forks", "--forks"),
                Bad.of("extra-file.yaml", "extra-file.yaml"));
        List<Bad> otherCommands = List.of(
                Bad.of("BASELINE", "compare"),
                Bad.of("CURRENT", "compare", "a"),
                Bad.of("/no/such/a", "compare", "/no/such/a", "/no/such/b"),
                Bad.of("RUN_DIR", "report"),
                Bad.of("/no/such/run", "report", "/no/such/run"),
                Bad.of("../escape", "baseline", "save", "../escape", "/no/such/run"),
                Bad.of("frob", "baseline", "frob"),
                Bad.of("--bogus", "clean", "--bogus"),
                Bad.of("--x", "list", "--x"),
                Bad.of("--jsonx", "env", "--jsonx"),
                Bad.of("frobnicate", "frobnicate"));
        SplittableRandom random = new SplittableRandom(SEED);
        for (int line = 0; line < 100; line++) {
            List<String> args = new ArrayList<>();
            Bad bad;
            if (random.nextInt(4) == 0) {
                bad = otherCommands.get(random.nextInt(otherCommands.size()));
            } else {
                bad = runOptions.get(random.nextInt(runOptions.size()));
                args.addAll(List.of(
                        "run", Ipcmark.ROOT.resolve("scenarios/smoke.yaml").toString(), "--dry-run"));
                if (random.nextBoolean()) {
                    args.addAll(List.of("--forks", "2", "-p", "messageSizes=64"));
                }
            }
            args.addAll(bad.args());
            Outcome o = ipcmark(args.toArray(String[]::new));
            String what = String.join(" ", args) + "\n=> " + o.text();
            assertNoStackTrace(o, what);
            assertThat(o.status()).as(what).isEqualTo(2);
            assertThat(o.text()).as(what).contains(bad.named());
        }
    }
}
