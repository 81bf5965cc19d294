package dev.ipcmark.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Debian's chromium, headless, driven over the Chrome DevTools Protocol (a WebSocket, JDK's own client): open a page,
 * evaluate an expression in it, take a screenshot, and collect every console error and uncaught exception.
 */
final class HeadlessChromium implements AutoCloseable {
    static final Path BINARY = Path.of("/usr/bin/chromium");

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Process process;
    private final WebSocket socket;
    private final AtomicInteger ids = new AtomicInteger();
    private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
    private final List<String> errors = new CopyOnWriteArrayList<>();
    // Replaced before each navigation: a page's load event must not count for the next one.
    private volatile CompletableFuture<Void> loaded = new CompletableFuture<>();

    private HeadlessChromium(Process process, WebSocket.Builder builder, URI page) throws Exception {
        this.process = process;
        StringBuilder partial = new StringBuilder();
        this.socket = builder.buildAsync(page, new WebSocket.Listener() {
                    @Override
                    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                        partial.append(data);
                        if (last) {
                            handle(partial.toString());
                            partial.setLength(0);
                        }
                        ws.request(1);
                        return null;
                    }
                })
                .get(30, TimeUnit.SECONDS);
    }

    /** Starts chromium with the flags a closed network and a root user need, in a fresh profile in {@code profile}. */
    static HeadlessChromium start(Path profile) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(
                        BINARY.toString(),
                        "--headless",
                        "--no-sandbox",
                        "--disable-gpu",
                        "--disable-quic",
                        "--no-first-run",
                        "--disable-background-networking",
                        "--disable-component-update",
                        "--disable-sync",
                        "--user-data-dir=" + profile,
                        "--remote-debugging-port=0",
                        "about:blank")
                .redirectErrorStream(true);
        // Chromium keeps its singleton lock files in TMPDIR: inside the test's own directory, they go with it.
        builder.environment().put("TMPDIR", profile.toAbsolutePath().getParent().toString());
        Process p = builder.start();
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String line;
        String browser = null;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (browser == null && System.nanoTime() < deadline && (line = out.readLine()) != null) {
            int at = line.indexOf("ws://");
            if (line.contains("DevTools listening on") && at >= 0) {
                browser = line.substring(at).strip();
            }
        }
        if (browser == null) {
            p.destroyForcibly();
            throw new IllegalStateException("chromium did not open its DevTools port");
        }
        // Keep draining its output so it never blocks on a full pipe.
        Thread drain = new Thread(() -> out.lines().forEach(l -> {}), "chromium-output");
        drain.setDaemon(true);
        drain.start();
        URI http = URI.create(browser.replaceFirst("^ws://", "http://"));
        String list = HttpClient.newHttpClient()
                .send(HttpRequest.newBuilder(http.resolve("/json/list")).build(), HttpResponse.BodyHandlers.ofString())
                .body();
        URI page = null;
        for (JsonNode target : JSON.readTree(list)) {
            if (target.path("type").asText().equals("page")) {
                page = URI.create(target.get("webSocketDebuggerUrl").asText());
                break;
            }
        }
        if (page == null) {
            p.destroyForcibly();
            throw new IllegalStateException("chromium has no page target: " + list);
        }
        HeadlessChromium chromium =
                new HeadlessChromium(p, HttpClient.newHttpClient().newWebSocketBuilder(), page);
        chromium.call("Runtime.enable", JSON.createObjectNode());
        chromium.call("Log.enable", JSON.createObjectNode());
        chromium.call("Page.enable", JSON.createObjectNode());
        return chromium;
    }

    private void handle(String text) {
        try {
            JsonNode message = JSON.readTree(text);
            if (message.has("id")) {
                CompletableFuture<JsonNode> f = pending.remove(message.get("id").asInt());
                if (f != null) {
                    f.complete(message);
                }
                return;
            }
            String method = message.path("method").asText();
            JsonNode params = message.path("params");
            switch (method) {
                case "Runtime.exceptionThrown" -> errors.add("exception: " + params.path("exceptionDetails"));
                case "Runtime.consoleAPICalled" -> {
                    if (params.path("type").asText().equals("error")) {
                        errors.add("console.error: " + params.path("args"));
                    }
                }
                case "Log.entryAdded" -> {
                    if (params.path("entry").path("level").asText().equals("error")) {
                        errors.add("log: " + params.path("entry").path("text").asText() + " "
                                + params.path("entry").path("url").asText());
                    }
                }
                case "Page.loadEventFired" -> loaded.complete(null);
                default -> {}
            }
        } catch (IOException e) {
            errors.add("unreadable DevTools message: " + e.getMessage());
        }
    }

    private JsonNode call(String method, ObjectNode params) throws Exception {
        int id = ids.incrementAndGet();
        CompletableFuture<JsonNode> reply = new CompletableFuture<>();
        pending.put(id, reply);
        ObjectNode message = JSON.createObjectNode().put("id", id).put("method", method);
        message.set("params", params);
        socket.sendText(JSON.writeValueAsString(message), true).get(30, TimeUnit.SECONDS);
        JsonNode answer = reply.get(60, TimeUnit.SECONDS);
        if (answer.has("error")) {
            throw new IllegalStateException(method + " failed: " + answer.get("error"));
        }
        return answer.path("result");
    }

    /** Opens {@code file} at the given viewport width and waits for its load event. */
    void open(Path file, int width) throws Exception {
        call(
                "Emulation.setDeviceMetricsOverride",
                JSON.createObjectNode()
                        .put("width", width)
                        .put("height", 900)
                        .put("deviceScaleFactor", 1)
                        .put("mobile", false));
        CompletableFuture<Void> load = new CompletableFuture<>();
        loaded = load;
        call("Page.navigate", JSON.createObjectNode().put("url", file.toUri().toString()));
        load.get(60, TimeUnit.SECONDS);
    }

    /** The value of {@code expression} evaluated in the page, as JSON. */
    JsonNode evaluate(String expression) throws Exception {
        return call(
                        "Runtime.evaluate",
                        JSON.createObjectNode().put("expression", expression).put("returnByValue", true))
                .path("result")
                .path("value");
    }

    /** A PNG of the whole page (not just the viewport), written to {@code file}. */
    void screenshot(Path file) throws Exception {
        JsonNode shot = call(
                "Page.captureScreenshot",
                JSON.createObjectNode().put("format", "png").put("captureBeyondViewport", true));
        Files.createDirectories(file.getParent());
        Files.write(file, Base64.getDecoder().decode(shot.get("data").asText()));
    }

    /** Console errors and uncaught exceptions seen so far. */
    List<String> errors() {
        return new ArrayList<>(errors);
    }

    @Override
    public void close() {
        socket.abort();
        // Its renderer, GPU and utility processes too: one left running writes into the profile directory while the
        // test's temporary directory is being removed.
        List<ProcessHandle> all = new ArrayList<>(process.descendants().toList());
        all.add(process.toHandle());
        all.forEach(ProcessHandle::destroyForcibly);
        try {
            for (ProcessHandle p : all) {
                p.onExit().get(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            // Gone or stuck: the directory's removal says which.
        }
    }
}
