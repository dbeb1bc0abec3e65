package dev.wootrack.bench;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * WooTrack's {@code run} in a JVM of its own (the bench's class path, settings as -D), so a benchmark measures it
 * alone and a fault run can kill it with SIGKILL and start it again on the same data dir and port.
 */
final class WooTrackProcess implements AutoCloseable {

    private final List<String> command;
    private final Path log;
    private final int port;
    private final HttpClient http = HttpClient.newHttpClient();
    private Process process;
    private int starts;

    WooTrackProcess(Map<String, String> settings, Path log, String... jvmOptions) {
        this.log = log;
        this.port = Integer.parseInt(settings.get("wootrack.http.port"));
        command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(List.of(jvmOptions));
        settings.forEach((k, v) -> command.add("-D" + k + "=" + v));
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), "dev.wootrack.WooTrack", "run"));
    }

    /**
     * Starts it and waits until it is ready: its routes started (the HTTP server answers a moment before the webhook
     * route is there).
     */
    WooTrackProcess start() throws IOException {
        starts++;
        process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(50)).ignoreExceptions()
                .until(() -> ready() == 200);
        return this;
    }

    /** Runs it when it is expected not to start: its exit code and what it printed. */
    Exit runUntilExit(Duration within) throws IOException, InterruptedException {
        starts++;
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(within.toMillis(), TimeUnit.MILLISECONDS)) {
            p.destroyForcibly();
        }
        return new Exit(p.exitValue(), new String(out, java.nio.charset.StandardCharsets.UTF_8));
    }

    record Exit(int code, String output) {
    }

    /** The HTTP status of {@code /observe/health/ready} (200: it takes webhooks). */
    int ready() throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/observe/health/ready"))
                .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    /** SIGKILL: no shutdown hook, no graceful stop, whatever was in memory is gone. */
    void kill9() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** The HTTP status of {@code /observe/health} (200 UP, 503 DOWN). */
    int health() throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/observe/health"))
                .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    long pid() {
        return process.pid();
    }

    int port() {
        return port;
    }

    int starts() {
        return starts;
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }
    }
}
