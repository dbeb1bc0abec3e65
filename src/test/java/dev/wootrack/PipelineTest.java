package dev.wootrack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.wootrack.sandbox.TrackingTechSandbox;
import dev.wootrack.sandbox.TrackingTechSandbox.Answer;
import dev.wootrack.store.DeadLetters;
import dev.wootrack.store.Inbox;
import dev.wootrack.trackingtech.TrackingTechConnection;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole pipeline as production boots it (real routes from routes/, real H2 file database, real HTTP
 * over loopback both ways) against the TrackingTech sandbox.
 */
class PipelineTest {

    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dataDir;
    static TrackingTechSandbox sandbox;
    static TestApp app;
    static long nextOrder = 1000;

    /** Every log line WooTrack writes during this class, as formatted. */
    static final ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> LOG =
            new ch.qos.logback.core.read.ListAppender<>();

    @BeforeAll
    static void start() throws Exception {
        LOG.start();
        ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME))
                .addAppender(LOG);
        sandbox = new TrackingTechSandbox();
        app = TestApp.start(TestApp.settings(dataDir, sandbox));
    }

    @AfterAll
    static void stop() throws Exception {
        app.close();
        sandbox.close();
    }

    long orderId;

    @BeforeEach
    void newOrderId() {
        orderId = ++nextOrder;
    }

    /** Waits until the idempotent repository holds the order's key (it is stored when the exchange completes). */
    void awaitSentKey(long id) {
        dev.wootrack.store.DeliveredKeys sent = app.bean("wootrackDeliveredKeys", dev.wootrack.store.DeliveredKeys.class);
        await().atMost(Duration.ofSeconds(10)).until(() -> sent.isSent(TrackingTechSandbox.STORE + ":" + id));
    }

    /** Waits until the order's decisions are exactly these (for orders the recovery route picks up). */
    void awaitDecisions(long id, String... decisions) {
        await().atMost(Duration.ofSeconds(10)).until(() -> app.decisions(id), d -> d.equals(List.of(decisions)));
    }

    @Test
    void processingOrderArrivesAtTrackingTechExactlyAsTheContractShows() throws Exception {
        HttpResponse<String> answer = app.webhook(Fixtures.order(orderId, "processing"), "order.updated");

        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.body()).contains("\"status\":\"accepted\"");
        awaitDecisions(orderId, "sent");
        List<TrackingTechSandbox.Request> posts = sandbox.orderPostsFor(orderId);
        assertThat(posts).hasSize(1);
        TrackingTechSandbox.Request post = posts.get(0);
        assertThat(post.header("Authorization")).isEqualTo("Bearer " + TrackingTechSandbox.TOKEN);
        assertThat(post.header("Content-Type")).startsWith("application/json");
        assertThat(post.headers().keySet()).noneMatch(h -> h.toLowerCase().startsWith("x-wc-")
                || h.toLowerCase().startsWith("camel") || h.toLowerCase().startsWith("wootrack"));
        assertThat(post.body()).isEqualTo(trackingTechJson(orderId));
        assertThat(app.decisions(orderId)).containsExactly("sent");
        assertThat(app.history(orderId).get(0).reason()).startsWith("TrackingTech order tt_");
    }

    static String trackingTechJson(long id) {
        return """
                {"storeId":"s_1","customerId":"c_42","platform":"woocommerce","externalOrderId":"%d","orderNumber":"%d",\
                "createdAt":"2017-03-22T19:28:02Z","currency":"USD","items":[\
                {"name":"Woo Single #1","sku":null,"quantity":2,"price":"3","weight":null},\
                {"name":"Ship Your Idea &ndash; Color: Black, Size: M Test","sku":"Bar3","quantity":1,"price":"12","weight":null}],\
                "shipping":{"name":"John Doe","company":"","address1":"969 Market","address2":"","city":"San Francisco",\
                "state":"CA","postcode":"94103","country":"US","email":"john.doe@example.com","phone":"(555) 555-5555"}}"""
                .formatted(id, id);
    }

    @Test
    void secretsAndPersonalDataStayOutOfTheLog() throws Exception {
        app.webhook(Fixtures.order(orderId, "processing"), "order.updated");
        awaitDecisions(orderId, "sent");
        String log;
        synchronized (LOG) {
            log = String.join("\n", LOG.list.stream().map(e -> e.getFormattedMessage()
                    + (e.getThrowableProxy() == null ? "" : " " + e.getThrowableProxy().getMessage())).toList());
        }
        assertThat(log).contains("order " + orderId + " sent")
                .doesNotContain(TestApp.SECRET, TrackingTechSandbox.TOKEN, "john.doe@example.com", "555-5555",
                        "969 Market");
    }

    @Test
    void pingGetsExactly200() throws Exception {
        HttpResponse<String> answer = app.send(HttpRequest.newBuilder(URI.create(app.url("/webhooks/woocommerce")))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("webhook_id=12")).build());
        assertThat(answer.statusCode()).isEqualTo(200);
    }

    @Test
    void badRequestsGetTheirStatusAndAJsonReason() throws Exception {
        byte[] order = Fixtures.order(orderId, "processing").getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> missing = app.webhook(order, "order.updated", null);
        assertThat(missing.statusCode()).isEqualTo(401);
        assertThat(JSON.readTree(missing.body()).path("error").asText()).isEqualTo("signature_missing");

        HttpResponse<String> wrong = app.webhook(order, "order.updated", "bm90IHRoZSBzaWduYXR1cmU=");
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(JSON.readTree(wrong.body()).path("error").asText()).isEqualTo("signature_mismatch");

        HttpResponse<String> notJson = app.webhook("{\"id\":", "order.updated");
        assertThat(notJson.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(notJson.body()).path("error").asText()).isEqualTo("invalid_json");

        HttpResponse<String> notOrder = app.webhook("[{\"id\":1}]", "order.updated");
        assertThat(notOrder.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(notOrder.body()).path("error").asText()).isEqualTo("not_an_order");

        HttpResponse<String> get = app.send(HttpRequest.newBuilder(URI.create(app.url("/webhooks/woocommerce")))
                .GET().build());
        assertThat(get.statusCode()).isEqualTo(405);

        byte[] huge = new byte[1024 * 1024 + 1];
        java.util.Arrays.fill(huge, (byte) ' ');
        HttpResponse<String> tooBig = app.webhook(huge, "order.updated", "x");
        assertThat(tooBig.statusCode()).isEqualTo(413);

        assertThat(sandbox.orderPostsFor(orderId)).isEmpty();
        assertThat(app.history(orderId)).isEmpty();
    }

    @Test
    void everyBranchOfTheStatusRouterRecordsItsDecision() throws Exception {
        long completed = orderId;
        long virtual = ++nextOrder;
        long neverSent = ++nextOrder;
        long sentThenCancelled = ++nextOrder;
        long deleted = ++nextOrder;
        app.webhook(Fixtures.order(completed, "completed"), "order.updated");
        app.webhook(Fixtures.virtualOrder(virtual), "order.created");
        app.webhook(Fixtures.order(neverSent, "cancelled"), "order.updated");
        app.webhook(Fixtures.order(sentThenCancelled, "processing"), "order.updated");
        app.webhook("{\"id\":" + deleted + "}", "order.deleted");
        awaitDecisions(sentThenCancelled, "sent");
        awaitSentKey(sentThenCancelled);
        for (long id : new long[] {completed, virtual, neverSent, deleted}) {
            await().atMost(Duration.ofSeconds(10)).until(() -> app.decisions(id).size() == 1);
        }

        app.webhook(Fixtures.order(sentThenCancelled, "refunded"), "order.updated");
        awaitDecisions(sentThenCancelled, "sent", "cancelled");

        assertThat(app.decisions(completed)).containsExactly("ignored");
        assertThat(app.history(completed).get(0).reason()).contains("'completed' is not a trigger status");
        assertThat(app.decisions(virtual)).containsExactly("not-shippable");
        assertThat(app.decisions(neverSent)).containsExactly("ignored");
        assertThat(app.history(neverSent).get(0).reason()).contains("never sent");
        assertThat(app.decisions(sentThenCancelled)).containsExactly("sent", "cancelled");
        assertThat(app.decisions(deleted)).containsExactly("deleted");

        assertThat(sandbox.orderPostsFor(completed)).isEmpty();
        assertThat(sandbox.orderPostsFor(virtual)).isEmpty();
        assertThat(sandbox.orderPostsFor(neverSent)).isEmpty();
        assertThat(sandbox.cancels()).extracting(TrackingTechSandbox.Request::path)
                .containsExactly("/api/v1/orders/" + sentThenCancelled + "/cancel");
    }

    @Test
    void transientFailuresAreRedeliveredUntilAccepted() throws Exception {
        sandbox.answerNext(Answer.of(503, "{\"error\":\"unavailable\"}"), Answer.of(503, "Service Unavailable"));
        app.webhook(Fixtures.order(orderId, "processing"), "order.updated");
        awaitDecisions(orderId, "sent");

        assertThat(sandbox.orderPostsFor(orderId)).hasSize(3);
        assertThat(app.decisions(orderId)).containsExactly("sent");
        assertThat(app.bean("wootrackDeadLetters", DeadLetters.class).list(true))
                .noneMatch(d -> d.orderId() == orderId);
    }

    @Test
    void retryAfterIsHonoured() throws Exception {
        sandbox.answerNext(new Answer(429, "{\"error\":\"rate_limited\",\"message\":\"slow down\"}",
                Map.of("Retry-After", "1")));
        app.webhook(Fixtures.order(orderId, "processing"), "order.updated");
        awaitDecisions(orderId, "sent");

        List<TrackingTechSandbox.Request> posts = sandbox.orderPostsFor(orderId);
        assertThat(posts).hasSize(2);
        long waited = TimeUnit.NANOSECONDS.toMillis(posts.get(1).nanos() - posts.get(0).nanos());
        assertThat(waited).as("the initial delay is 20 ms; Retry-After asks for 1 s").isGreaterThanOrEqualTo(950);
        assertThat(app.decisions(orderId)).containsExactly("sent");
    }

    @Test
    void permanentRejectionIsADeadLetterWithTheReasonAndCanBeReplayed() throws Exception {
        sandbox.answerNext(Answer.of(422, "{\"error\":\"validation_failed\",\"message\":\"invalid address\","
                + "\"fields\":{\"shipping.postcode\":\"unknown postcode\"}}"));
        app.webhook(Fixtures.order(orderId, "processing"), "order.updated");
        awaitDecisions(orderId, "dead-letter");

        assertThat(sandbox.orderPostsFor(orderId)).hasSize(1);
        DeadLetters deadLetters = app.bean("wootrackDeadLetters", DeadLetters.class);
        DeadLetters.DeadLetter letter = deadLetters.list(false).stream()
                .filter(d -> d.orderId() == orderId).findFirst().orElseThrow();
        assertThat(letter.httpStatus()).isEqualTo(422);
        assertThat(letter.attempts()).isEqualTo(1);
        assertThat(letter.reason()).isEqualTo(
                "HTTP 422 validation_failed: invalid address (fields: shipping.postcode: unknown postcode)");
        assertThat(app.decisions(orderId)).containsExactly("dead-letter");

        // replay: back into the inbox, picked up by inbox-recovery, through order-entry again
        assertThat(deadLetters.replay(letter.id())).isPresent();
        awaitDecisions(orderId, "dead-letter", "sent");
        assertThat(sandbox.orderPostsFor(orderId)).hasSize(2);
        assertThat(sandbox.created()).isPositive();
        assertThat(deadLetters.replay(letter.id())).as("a dead letter is replayed once").isEmpty();
    }

    @Test
    void deadLettersCommandListsAndReplays() throws Exception {
        sandbox.answerNext(Answer.of(409, "{\"error\":\"idempotency_conflict\",\"message\":\"same key, other body\"}"));
        app.webhook(Fixtures.order(orderId, "processing"), "order.updated");
        awaitDecisions(orderId, "dead-letter");
        long id = app.bean("wootrackDeadLetters", DeadLetters.class).list(false).stream()
                .filter(d -> d.orderId() == orderId).findFirst().orElseThrow().id();

        // the command line opens the database the running WooTrack holds (H2 AUTO_SERVER, or the same PostgreSQL)
        System.setProperty("wootrack.data-dir", dataDir.toString());
        TestApp.databaseSettings(dataDir).forEach(System::setProperty);
        try {
            java.io.StringWriter listed = new java.io.StringWriter();
            picocli.CommandLine cli = new picocli.CommandLine(new WooTrack());
            cli.setOut(new java.io.PrintWriter(listed, true));
            assertThat(cli.execute("dead-letters")).isZero();
            assertThat(listed.toString()).contains("ID", "ORDER", "REASON")
                    .containsPattern(id + "\\s+" + orderId + "\\s+409\\s+1\\s+.*HTTP 409 idempotency_conflict: same key, other body");

            java.io.StringWriter replayed = new java.io.StringWriter();
            cli.setOut(new java.io.PrintWriter(replayed, true));
            assertThat(cli.execute("dead-letters", "--replay", Long.toString(id))).isZero();
            assertThat(replayed.toString()).contains("is back in the inbox");
        } finally {
            System.clearProperty("wootrack.data-dir");
            TestApp.databaseSettings(dataDir).keySet().forEach(System::clearProperty);
        }
        awaitDecisions(orderId, "dead-letter", "sent");
    }

    @Test
    void unauthorisedParksOrdersUntilANewTokenArrives() throws Exception {
        TrackingTechConnection connection = app.bean("wootrackConnection", TrackingTechConnection.class);
        long second = ++nextOrder;
        sandbox.revoke(TrackingTechSandbox.TOKEN);
        try {
            app.webhook(Fixtures.order(orderId, "processing"), "order.updated");
            await().atMost(Duration.ofSeconds(10)).until(() -> app.decisions(orderId).contains("parked"));
            app.webhook(Fixtures.order(second, "processing"), "order.updated");
            awaitDecisions(second, "parked");

            assertThat(connection.getState()).isEqualTo(TrackingTechConnection.State.LOGIN_REQUIRED);
            assertThat(sandbox.orderPostsFor(orderId)).hasSize(1);
            assertThat(sandbox.orderPostsFor(second)).as("sending paused: no 401 storm").isEmpty();
            assertThat(app.decisions(second)).containsExactly("parked");
            assertThat(app.history(second).get(0).reason()).startsWith("awaiting-login");
            assertThat(app.bean("wootrackInbox", Inbox.class).count(Inbox.PARKED)).isEqualTo(2);
        } finally {
            sandbox.allow(TrackingTechSandbox.TOKEN);
        }
        // a new login (what `connect` does): sending resumes, parked orders are released
        assertThat(connection.connected("t_1", "ACME", "Acme Couriers", TrackingTechSandbox.STORE, "Tienda Centro",
                TrackingTechSandbox.CUSTOMER, TrackingTechSandbox.TOKEN, java.time.Instant.now())).isEqualTo(2);
        awaitDecisions(orderId, "parked", "sent");
        awaitDecisions(second, "parked", "sent");
        assertThat(sandbox.orderPostsFor(orderId)).hasSize(2);
        assertThat(sandbox.orderPostsFor(second)).hasSize(1);
    }

    /**
     * An order parked by a pipeline that read the connection just before this node saw it become ready (another
     * process ran {@code connect}, and released what was parked before this park was written) is released by the
     * next connection check, not left parked until the next connect.
     */
    @Test
    void anOrderParkedJustBeforeThisNodeSawTheConnectionIsReleased() throws Exception {
        app.webhook(Fixtures.order(orderId, "processing"), "order.updated");
        awaitDecisions(orderId, "sent");
        javax.sql.DataSource db = app.bean("wootrackDataSource", javax.sql.DataSource.class);
        try (java.sql.Connection c = db.getConnection(); java.sql.PreparedStatement ps = c.prepareStatement(
                "UPDATE inbox SET state = 'parked', park_reason = 'awaiting-connection' WHERE order_id = ?")) {
            ps.setLong(1, orderId);
            assertThat(ps.executeUpdate()).isPositive();
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> app.bean("wootrackInbox", Inbox.class).count(Inbox.PARKED) == 0);
        assertThat(sandbox.orderPostsFor(orderId)).as("released, and still sent once").hasSize(1);
    }

    @Test
    void theSameOrderFromTwoWebhooksIsSentOnce() throws Exception {
        app.webhook(Fixtures.order(orderId, "processing"), "order.created");
        awaitDecisions(orderId, "sent");
        awaitSentKey(orderId);
        app.webhook(Fixtures.order(orderId, "processing"), "order.updated");
        awaitDecisions(orderId, "sent", "duplicate");

        assertThat(sandbox.orderPostsFor(orderId)).hasSize(1);
    }

    @Test
    void concurrentDuplicatesReachTrackingTechOnceInEffect() throws Exception {
        List<Thread> senders = new java.util.ArrayList<>();
        for (int i = 0; i < 6; i++) {
            Thread t = new Thread(() -> {
                try {
                    app.webhook(Fixtures.order(orderId, "processing"), "order.updated");
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            t.start();
            senders.add(t);
        }
        for (Thread t : senders) {
            t.join();
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> app.decisions(orderId).size() == 6);
        // racing copies may each post, but with one Idempotency-Key and one body: TrackingTech creates one order
        List<TrackingTechSandbox.Request> posts = sandbox.orderPostsFor(orderId);
        assertThat(posts).isNotEmpty();
        assertThat(posts).extracting(TrackingTechSandbox.Request::body).containsOnly(trackingTechJson(orderId));
        assertThat(app.decisions(orderId)).contains("sent").doesNotContain("dead-letter");
    }
}
