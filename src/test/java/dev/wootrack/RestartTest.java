package dev.wootrack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.zaxxer.hikari.HikariDataSource;
import dev.wootrack.sandbox.TrackingTechSandbox;
import dev.wootrack.sandbox.TrackingTechSandbox.Answer;
import dev.wootrack.store.Database;
import dev.wootrack.store.DeadLetters;
import dev.wootrack.store.Decisions;
import dev.wootrack.store.Inbox;
import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What survives a restart, a graceful stop and a kill -9: nothing is lost, nothing is sent twice in effect. */
class RestartTest {

    @TempDir
    Path dataDir;
    TrackingTechSandbox sandbox;

    @BeforeEach
    void sandbox() throws Exception {
        sandbox = new TrackingTechSandbox();
    }

    @AfterEach
    void close() {
        sandbox.close();
    }

    static void awaitDecisions(TestApp app, long id, String... decisions) {
        await().atMost(Duration.ofSeconds(15)).until(() -> app.decisions(id), d -> d.equals(List.of(decisions)));
    }

    @Test
    void aSentOrderIsNotSentAgainAfterARestart() throws Exception {
        Map<String, String> settings = TestApp.settings(dataDir, sandbox);
        try (TestApp app = TestApp.start(settings)) {
            app.webhook(Fixtures.order(501, "processing"), "order.updated");
            awaitDecisions(app, 501, "sent");
            dev.wootrack.store.DeliveredKeys sent = app.bean("wootrackDeliveredKeys", dev.wootrack.store.DeliveredKeys.class);
            await().atMost(Duration.ofSeconds(10)).until(() -> sent.isSent("s_1:501"));
        }
        try (TestApp app = TestApp.start(settings)) {
            app.webhook(Fixtures.order(501, "processing"), "order.updated");
            awaitDecisions(app, 501, "sent", "duplicate");
        }
        assertThat(sandbox.orderPostsFor(501)).hasSize(1);
    }

    @Test
    void anOrderAcceptedButNotDeliveredBeforeAStopIsDeliveredAfterTheRestart() throws Exception {
        Map<String, String> settings = TestApp.settings(dataDir, sandbox);
        settings.put("wootrack.trackingtech.redelivery.maximum-redeliveries", "1000");
        settings.put("wootrack.trackingtech.redelivery.initial-delay", "200");
        settings.put("wootrack.trackingtech.redelivery.maximum-delay", "200");
        settings.put("camel.main.shutdown-timeout", "1");
        for (int i = 0; i < 1000; i++) {
            sandbox.answerNext(Answer.of(503, "{\"error\":\"maintenance\",\"message\":\"back soon\"}"));
        }
        try (TestApp app = TestApp.start(settings)) {
            assertThat(app.webhook(Fixtures.order(502, "processing"), "order.updated").statusCode()).isEqualTo(200);
            await().atMost(Duration.ofSeconds(10)).until(() -> sandbox.orderPostsFor(502).size() >= 2);
        }
        sandbox.clearScript();
        try (TestApp app = TestApp.start(settings)) {
            awaitDecisions(app, 502, "sent");
            assertThat(app.bean("wootrackDeadLetters", DeadLetters.class).list(true)).isEmpty();
            assertThat(app.bean("wootrackInbox", Inbox.class).count(Inbox.PENDING)).isZero();
        }
        assertThat(sandbox.created()).isEqualTo(1);
    }

    /**
     * kill -9 of a real WooTrack process after TrackingTech stored the order but before WooTrack heard back:
     * the restarted process sends it again with the same Idempotency-Key, TrackingTech answers with the order
     * it already has, and exactly one order exists there. This is why the idempotent consumer is non-eager.
     */
    @Test
    void killDashNineBetweenSendingAndRecordingIsDeliveredOnceInEffect() throws Exception {
        Map<String, String> settings = TestApp.settings(dataDir, sandbox);
        int port = Integer.parseInt(settings.get("wootrack.http.port"));
        sandbox.holdOrders();
        Process first = launch(settings, "first");
        try {
            awaitUp(port);
            assertThat(new WebhookClient(port).webhook(Fixtures.order(503, "processing"), "order.updated")
                    .statusCode()).isEqualTo(200);
            await().atMost(Duration.ofSeconds(15)).until(() -> sandbox.created() == 1);
        } finally {
            first.destroyForcibly().waitFor(); // SIGKILL: no shutdown hook, no graceful anything
        }
        sandbox.release();

        Process second = launch(settings, "second");
        try {
            awaitUp(port);
            // the running process holds the embedded database; AUTO_SERVER lets this one read it meanwhile
            Map<String, String> db = TestApp.onPostgresql()
                    ? Map.of("wootrack.data-dir", dataDir.toString(), "wootrack.db.url", settings.get("wootrack.db.url"),
                            "wootrack.db.user", settings.get("wootrack.db.user"), "wootrack.db.pool-size", "1")
                    : Map.of("wootrack.data-dir", dataDir.toString(),
                            "wootrack.db.url", "jdbc:h2:file:" + dataDir + "/wootrack;AUTO_SERVER=TRUE",
                            "wootrack.db.user", "wootrack", "wootrack.db.pool-size", "1");
            try (HikariDataSource ds = Database.pool(key -> Optional.ofNullable(db.get(key)))) {
                Decisions decisions = new Decisions(new Database(ds), Clock.systemUTC());
                await().atMost(Duration.ofSeconds(20)).until(() -> decisions.history(503).stream()
                        .map(Decisions.Decision::decision).toList(), d -> d.equals(List.of("sent")));
                assertThat(decisions.history(503).get(0).reason()).contains("had it already");
            }
        } finally {
            second.destroy();
            second.waitFor();
        }
        assertThat(sandbox.orderPostsFor(503)).hasSize(2);
        assertThat(sandbox.orderPostsFor(503)).extracting(TrackingTechSandbox.Request::body).containsOnly(sandbox.orderPostsFor(503).get(0).body());
        assertThat(sandbox.created()).isEqualTo(1);
    }

    private Process launch(Map<String, String> settings, String name) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        settings.forEach((k, v) -> cmd.add("-D" + k + "=" + v));
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), "dev.wootrack.WooTrack", "run"));
        File log = Path.of("target", "kill-test-" + name + ".log").toFile();
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log).start();
    }

    private static void awaitUp(int port) {
        HttpClient http = HttpClient.newHttpClient();
        await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() -> http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/observe/health")).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode() == 200);
    }
}
