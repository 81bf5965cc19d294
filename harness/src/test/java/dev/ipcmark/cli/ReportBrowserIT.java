package dev.ipcmark.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ipcmark.transport.TestResources;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.ResourceAccessMode;
import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * The report of a real run, opened in a real browser: Debian's chromium, headless, installed by the project's own
 * {@code scripts/install-chromium} when the machine does not have it, alone and side by side with itself. The
 * screenshots are kept as {@code target/report-screenshot.png} and {@code target/report-side-by-side.png}.
 */
@Timeout(value = 15, unit = TimeUnit.MINUTES)
@ResourceLock(value = TestResources.CPUS, mode = ResourceAccessMode.READ)
class ReportBrowserIT {
    static final Path SCREENSHOT = Path.of("target/report-screenshot.png").toAbsolutePath();
    static final Path SIDE_BY_SIDE = Path.of("target/report-side-by-side.png").toAbsolutePath();

    @TempDir
    Path scratch;

    @BeforeAll
    static void installChromium() throws Exception {
        if (!Files.isExecutable(HeadlessChromium.BINARY)) {
            Process install = new ProcessBuilder(
                            Ipcmark.ROOT.resolve("scripts/install-chromium").toString())
                    .inheritIO()
                    .start();
            assertThat(install.waitFor(10, TimeUnit.MINUTES)).isTrue();
            assertThat(install.exitValue()).as("scripts/install-chromium").isZero();
        }
        assertThat(HeadlessChromium.BINARY).isExecutable();
    }

    @Test
    @ResourceLock(TestResources.IPCMARK_RUNS)
    void shouldShowEveryChartOfARunWithNoConsoleError() throws Exception {
        Path scenario = Files.writeString(scratch.resolve("browser.yaml"), """
                name: browser-<script>alert(1)</script>
                jmh: { forks: 1, warmup: { iterations: 1, time: 100ms }, measurement: { iterations: 2, time: 150ms } }
                cases:
                  - pattern: ping-pong
                    transports: [unix-stream, shm]
                    messageSizes: [64, 4KiB]
                  - pattern: stream
                    transports: [pipe, shm]
                    messageSizes: [64, 4KiB]
                  - pattern: ping-pong
                    transports: [posix-mq]
                    messageSizes: [1MiB]
                """);
        Path results = scratch.resolve("results");
        Ipcmark.Outcome outcome = Ipcmark.run(scratch, "run", scenario.toString(), "--results-dir", results.toString());
        assertThat(outcome.status()).as(outcome.out()).isZero();
        Path run = Ipcmark.onlyRun(results);
        Path index = scratch.resolve("reports").resolve(run.getFileName()).resolve("index.html");
        assertThat(outcome.out()).contains("Report: " + index.toUri());
        assertThat(index).isRegularFile();
        String html = Files.readString(index);
        // Self-contained: one inline script of its own, nothing fetched (its content security policy says so too).
        assertThat(html.split("<script", -1)).hasSize(2);
        assertThat(html).doesNotContain("<script src").doesNotContain("http://").doesNotContain("https://");
        assertThat(html).contains("Content-Security-Policy");
        assertThat(html).contains("browser-&lt;script&gt;alert(1)&lt;/script&gt;");
        assertThat(html).as("every chart was drawn").doesNotContain("could not be drawn");
        // The same run twice: the side-by-side layout of `ipcmark report A B` and `run --baseline`.
        Ipcmark.Outcome sideBySide = Ipcmark.run(
                scratch,
                "report",
                run.toString(),
                run.toString(),
                "--reports-dir",
                scratch.resolve("pair").toString());
        assertThat(sideBySide.status()).as(sideBySide.out()).isZero();
        Path pair = Path.of(java.net.URI.create(sideBySide.out().strip().substring("Report: ".length())));
        // --open hands the report's URL to the desktop's browser ($BROWSER here: a script that notes what it got).
        Path opened = scratch.resolve("opened.txt");
        Path browser = Files.writeString(scratch.resolve("browser.sh"), "#!/bin/sh\necho \"$1\" > " + opened + "\n");
        Files.setPosixFilePermissions(browser, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
        Ipcmark.Outcome open = Ipcmark.run(
                scratch,
                Map.of("BROWSER", browser.toString()),
                "report",
                run.toString(),
                "--reports-dir",
                scratch.resolve("opened").toString(),
                "--open");
        assertThat(open.status()).as(open.out()).isZero();
        for (int i = 0; i < 100 && !(Files.exists(opened) && Files.size(opened) > 0); i++) {
            Thread.sleep(50);
        }
        assertThat(Files.readString(opened).strip())
                .isEqualTo(open.out().strip().substring("Report: ".length()))
                .startsWith("file:///");

        try (HeadlessChromium chromium = HeadlessChromium.start(scratch.resolve("profile"))) {
            chromium.open(index, 1280);
            JsonNode images = new ObjectMapper()
                    .readTree(chromium.evaluate(
                                    "JSON.stringify([...document.images].map("
                                            + "i => ({alt: i.alt, complete: i.complete, natural: i.naturalWidth,"
                                            + " width: i.getBoundingClientRect().width, height: i.getBoundingClientRect().height})))")
                            .asText());
            chromium.screenshot(SCREENSHOT);
            // Latency and throughput by size, variants, counters, CPU, and a distribution per pattern and size.
            assertThat(images.size()).isGreaterThanOrEqualTo(8);
            for (JsonNode image : images) {
                assertThat(image.get("complete").asBoolean())
                        .as(image.toString())
                        .isTrue();
                assertThat(image.get("natural").asInt()).as(image.toString()).isPositive();
                assertThat(image.get("width").asDouble()).as(image.toString()).isPositive();
                assertThat(image.get("height").asDouble()).as(image.toString()).isPositive();
            }
            assertThat(chromium.evaluate("document.title").asText()).startsWith("ipcmark ");
            // The first table answers "who is fastest at each size": both patterns at both sizes.
            assertThat(chromium.evaluate(
                                    "document.querySelector('#summary + p + input + table').tBodies[0].rows.length")
                            .asInt())
                    .as("ping-pong and stream at 64 B and 4 KiB, and posix-mq's 1 MiB where it runs")
                    .isBetween(4, 5);
            assertThat(chromium.evaluate("document.querySelector('#summary').getBoundingClientRect().top"
                                    + " < document.querySelector('img').getBoundingClientRect().top")
                            .asBoolean())
                    .isTrue();
            // Every round trip and stream case that ran is a point on a chart, with a tooltip naming it.
            JsonNode missing = new ObjectMapper()
                    .readTree(chromium.evaluate("JSON.stringify((() => {"
                                    + " const tips = [...document.querySelectorAll('svg.points title')]"
                                    + ".map(t => t.textContent.split('\\n').pop());"
                                    + " return [...document.querySelector('#cases + input + table').tBodies[0].rows]"
                                    + ".filter(r => r.cells[1].textContent === 'ok')"
                                    + ".map(r => r.cells[0].textContent)"
                                    + ".filter(k => k.startsWith('ping-pong/') || k.startsWith('stream/'))"
                                    + ".filter(k => !tips.includes(k)); })())")
                            .asText());
            assertThat(missing).as("ok cases without a point on a chart").isEmpty();
            assertThat(chromium.evaluate("document.querySelectorAll('svg.points circle').length")
                            .asInt())
                    .isGreaterThanOrEqualTo(8);
            // Sorting the table of every case by p50 puts it in order, and a second click reverses it.
            String p50s = "[...document.querySelector('#cases + input + table').tBodies[0].rows]"
                    + ".map(r => r.cells[2].textContent).filter(t => t !== '').map(Number)";
            chromium.evaluate("document.querySelector('#cases + input + table').tHead.rows[0].cells[2].click()");
            JsonNode ascending = new ObjectMapper()
                    .readTree(chromium.evaluate("JSON.stringify(" + p50s + ")").asText());
            assertThat(ascending.size()).isGreaterThanOrEqualTo(8);
            for (int i = 1; i < ascending.size(); i++) {
                assertThat(ascending.get(i).asDouble())
                        .isGreaterThanOrEqualTo(ascending.get(i - 1).asDouble());
            }
            chromium.evaluate("document.querySelector('#cases + input + table').tHead.rows[0].cells[2].click()");
            JsonNode descending = new ObjectMapper()
                    .readTree(chromium.evaluate("JSON.stringify(" + p50s + ")").asText());
            assertThat(descending.get(0).asDouble())
                    .isEqualTo(ascending.get(ascending.size() - 1).asDouble());
            // The filter box keeps only the rows that contain its text.
            assertThat(chromium.evaluate(
                                    "(() => { const f = document.querySelector('#cases + input');"
                                            + " f.value = 'stream/shm'; f.dispatchEvent(new Event('input'));"
                                            + " return [...f.nextElementSibling.tBodies[0].rows].filter(r => !r.hidden).length; })()")
                            .asInt())
                    .isEqualTo(2);
            assertThat(chromium.errors()).isEmpty();

            chromium.open(pair, 1280);
            JsonNode rows = new ObjectMapper()
                    .readTree(chromium.evaluate("JSON.stringify([...document.querySelectorAll('div.runs')].map("
                                    + "r => [...r.querySelectorAll('img')].map(i => i.getBoundingClientRect())"
                                    + ".map(b => ({left: b.left, top: b.top, width: b.width, height: b.height}))))")
                            .asText());
            chromium.screenshot(SIDE_BY_SIDE);
            assertThat(rows.size()).isGreaterThanOrEqualTo(8);
            for (JsonNode row : rows) {
                // Two charts per row, next to each other, each drawn, each about half the page wide.
                assertThat(row).hasSize(2);
                assertThat(row.get(0).get("top").asDouble())
                        .isEqualTo(row.get(1).get("top").asDouble());
                assertThat(row.get(1).get("left").asDouble())
                        .isGreaterThan(row.get(0).get("left").asDouble()
                                + row.get(0).get("width").asDouble()
                                - 1);
                assertThat(row.get(0).get("width").asDouble()).isBetween(200.0, 700.0);
                assertThat(row.get(0).get("height").asDouble()).isPositive();
            }
            assertThat(chromium.errors()).isEmpty();
        }
        assertThat(SCREENSHOT).isRegularFile();
        assertThat(Files.size(SCREENSHOT)).isGreaterThan(10_000);
    }

    @Test
    void shouldChartTheStoresHistoryAndMachinesSideBySide() throws Exception {
        Path store = scratch.resolve("store.sqlite");
        for (String machine : List.of("small", "big")) {
            List<String> imports = new ArrayList<>(
                    List.of("store", "import", "--store", store.toString(), "--machine-class", machine));
            for (int i = 0; i < 14; i++) {
                // The pipe round trip gets 25 % slower from the ninth run on.
                imports.add(dev.ipcmark.gate.RunFixtures.run(
                                String.format("20261129-1%05d-%s%02d-fixture", i, machine.substring(0, 2), i))
                        .startedAt(String.format("2026-11-29T10:%02d:00Z", i))
                        .git("c0ffee%02d".formatted(i), "main")
                        .ok(
                                "ping-pong/pipe/size=64",
                                (machine.equals("big") ? 2000 : 5000) * (i < 8 ? 1 : 1.25),
                                0.02,
                                i)
                        .ok("ping-pong/unix-stream/size=64", 7000, 0.02, 100 + i)
                        .write(scratch.resolve(machine))
                        .toString());
            }
            Ipcmark.Outcome imported = Ipcmark.run(scratch, imports.toArray(String[]::new));
            assertThat(imported.status()).as(imported.out()).isZero();
        }
        Ipcmark.Outcome trend = Ipcmark.run(
                scratch,
                "report",
                "--trend",
                "--store",
                store.toString(),
                "--reports-dir",
                scratch.resolve("r").toString());
        assertThat(trend.status()).as(trend.out()).isZero();
        Path trendPage = Path.of(java.net.URI.create(trend.out().strip().substring("Report: ".length())));
        String html = Files.readString(trendPage);
        assertThat(html).doesNotContain("<script").doesNotContain("could not be drawn");
        assertThat(html).contains("p50 changed at run 9, 20261129-100008-sm08-fixture (commit c0ffee08");
        assertThat(html).contains("p50 changed at run 9, 20261129-100008-bi08-fixture (commit c0ffee08");
        Ipcmark.Outcome machines = Ipcmark.run(
                scratch,
                "report",
                "--machines",
                "small,big",
                "--store",
                store.toString(),
                "--reports-dir",
                scratch.resolve("r").toString());
        assertThat(machines.status()).as(machines.out()).isZero();
        Path machinesPage = Path.of(java.net.URI.create(machines.out().strip().substring("Report: ".length())));
        assertThat(Files.readString(machinesPage)).contains("<th>small p50 (µs) [95%]</th><th>big p50 (µs) [95%]</th>");

        try (HeadlessChromium chromium = HeadlessChromium.start(scratch.resolve("profile"))) {
            for (Path page : List.of(trendPage, machinesPage)) {
                chromium.open(page, 1280);
                JsonNode images = new ObjectMapper()
                        .readTree(chromium.evaluate("JSON.stringify([...document.images].map("
                                        + "i => ({complete: i.complete, natural: i.naturalWidth,"
                                        + " height: i.getBoundingClientRect().height})))")
                                .asText());
                // Trend: one chart per case and machine class; machines: one chart.
                assertThat(images.size()).isEqualTo(page.equals(trendPage) ? 4 : 1);
                for (JsonNode image : images) {
                    assertThat(image.get("complete").asBoolean()).isTrue();
                    assertThat(image.get("natural").asInt()).isPositive();
                    assertThat(image.get("height").asDouble()).isPositive();
                }
                assertThat(chromium.errors()).isEmpty();
                if (page.equals(trendPage)) {
                    chromium.screenshot(Path.of("target/report-trend.png").toAbsolutePath());
                }
            }
        }
    }

    @Test
    @ResourceLock(TestResources.IPCMARK_RUNS)
    void shouldProfileBothProcessesAndDrawAFlameGraphOfEachWhenItsCaseIsOpened() throws Exception {
        Path scenario = Files.writeString(scratch.resolve("flame.yaml"), """
                name: flame
                jmh:
                  forks: 1
                  warmup: { iterations: 1, time: 200ms }
                  measurement: { iterations: 2, time: 300ms }
                  profilers: [flame]
                cases:
                  - pattern: ping-pong
                    transports: [pipe]
                    messageSizes: [64]
                  # Its producers write to their stdout, the pipe: the profiler must print nothing there.
                  - pattern: fan-in
                    transports: [pipe]
                    messageSizes: [64]
                    knobs: { producers: 2 }
                """);
        Path results = scratch.resolve("results");
        Ipcmark.Outcome outcome = Ipcmark.run(scratch, "run", scenario.toString(), "--results-dir", results.toString());
        assertThat(outcome.status()).as(outcome.out()).isZero();
        Path run = Ipcmark.onlyRun(results);
        JsonNode manifest = new ObjectMapper().readTree(run.resolve("run.json").toFile());
        assertThat(manifest.get("cases").findValuesAsText("status"))
                .as(outcome.out())
                .containsOnly("ok");
        String file = "ping-pong_pipe_mode-blocking_pipe-size-default_size-64";
        // Each process's collapsed stacks: its own code is in them, counts are whole numbers.
        Map<String, String> ownCode = Map.of("measuring", "PingPongBenchmark", "peer", "EchoLoop");
        for (Map.Entry<String, String> process : ownCode.entrySet()) {
            Path collapsed = run.resolve("profiles").resolve(file + "." + process.getKey() + ".collapsed");
            List<String> lines = Files.readAllLines(collapsed);
            assertThat(lines).isNotEmpty().allMatch(l -> l.matches(".+ [0-9]+"));
            assertThat(lines).anyMatch(l -> l.contains(process.getValue()));
        }
        JsonNode notes = manifest.get("cases").get(0).get("profiling").get("notes");
        assertThat(notes.toString()).contains("flame (measuring): ").contains("flame (peer): ");
        Path index = scratch.resolve("reports").resolve(run.getFileName()).resolve("index.html");
        try (HeadlessChromium chromium = HeadlessChromium.start(scratch.resolve("profile"))) {
            chromium.open(index, 1280);
            assertThat(chromium.evaluate("document.querySelectorAll('#flame-graphs ~ details iframe.flame').length")
                            .asInt())
                    .isEqualTo(4);
            chromium.evaluate("document.querySelector('#flame-graphs ~ details').open = true");
            // Drawn once visible: the converter's canvas has the frame's width and something painted on it.
            String painted = "(() => { const d = document.querySelector('iframe.flame').contentDocument;"
                    + " const c = d.getElementById('canvas'); if (!c || c.width === 0) return 0;"
                    + " const p = c.getContext('2d').getImageData(0, 0, c.width, 40).data;"
                    + " let n = 0; for (let i = 3; i < p.length; i += 4) n += p[i] > 0 ? 1 : 0; return n; })()";
            int pixels = 0;
            for (int i = 0; i < 50 && pixels == 0; i++) {
                Thread.sleep(100);
                pixels = chromium.evaluate(painted).asInt();
            }
            assertThat(pixels).as("painted pixels of the first flame graph").isPositive();
            chromium.screenshot(Path.of("target/report-flame.png").toAbsolutePath());
            assertThat(chromium.errors()).isEmpty();
        }
    }
}
