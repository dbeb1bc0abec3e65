package dev.wootrack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.wootrack.sandbox.TrackingTechSandbox;
import dev.wootrack.store.DecisionEvents;
import dev.wootrack.woocommerce.OrderRejected;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.ConsumerTemplate;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The documented entry and exit points for a host's own flows, as production boots them (real routes, real H2 file,
 * real HTTP to the TrackingTech sandbox): every decision as a JSON event on {@code wootrack.events.endpoint}, through
 * the outbox (at least once, a failing endpoint loses nothing), and {@code direct:wootrack-submit-order}.
 */
class DecisionEventsTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String EVENTS = "seda:wootrack-test-events";

    static TrackingTechSandbox sandbox;
    static long nextOrder = 7000;
    /** Events on, to {@link #EVENTS}; one per test (two WooTracks in one JVM would share Quartz's scheduler). */
    TestApp app;

    /** Every log line WooTrack writes during this class. */
    static final ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> LOG =
            new ch.qos.logback.core.read.ListAppender<>();

    @BeforeAll
    static void start() throws Exception {
        LOG.start();
        ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME))
                .addAppender(LOG);
        sandbox = new TrackingTechSandbox();
    }

    void startEventsOn(Path dir) throws Exception {
        app = TestApp.start(eventsOn(dir, EVENTS));
    }

    @org.junit.jupiter.api.AfterEach
    void stopApp() throws Exception {
        if (app != null) {
            app.close();
        }
    }

    @AfterAll
    static void stop() throws Exception {
        ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME))
                .detachAppender(LOG);
        sandbox.close();
    }

    static Map<String, String> eventsOn(Path dir, String endpoint) throws Exception {
        Map<String, String> s = TestApp.settings(dir, sandbox);
        s.put("wootrack.events.enabled", "true");
        s.put("wootrack.events.endpoint", endpoint);
        s.put("wootrack.events.interval", "100ms");
        return s;
    }

    long orderId;

    @BeforeEach
    void newOrderId() {
        orderId = ++nextOrder;
    }

    /** What arrived on the test's endpoint so far, across the tests of the class (each looks for its own order). */
    static final List<JsonNode> RECEIVED = new CopyOnWriteArrayList<>();

    static JsonNode awaitEvent(TestApp on, long orderId, String decision) {
        ConsumerTemplate consumer = on.runtime().context().createConsumerTemplate();
        return await().atMost(Duration.ofSeconds(15)).until(() -> {
            String body;
            while ((body = consumer.receiveBodyNoWait(EVENTS, String.class)) != null) {
                RECEIVED.add(JSON.readTree(body));
            }
            return RECEIVED.stream().filter(e -> e.path("orderId").asLong() == orderId
                    && e.path("decision").asText().equals(decision)).findFirst().orElse(null);
        }, Objects::nonNull);
    }

    static long count(TestApp on, String table) throws Exception {
        javax.sql.DataSource db = on.bean("wootrackDataSource", javax.sql.DataSource.class);
        try (java.sql.Connection c = db.getConnection();
             java.sql.ResultSet rs = c.createStatement().executeQuery("SELECT COUNT(*) FROM " + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void aSentOrderArrivesAsAJsonEventAndLeavesTheOutbox(@TempDir Path dir) throws Exception {
        startEventsOn(dir);
        assertThat(app.webhook(Fixtures.order(orderId, "processing"), "order.updated").statusCode()).isEqualTo(200);

        JsonNode event = awaitEvent(app, orderId, "sent");
        assertThat(sandbox.orderPostsFor(orderId)).hasSize(1);
        assertThat(event.path("id").asLong()).isPositive();
        assertThat(event.path("decisionId").asLong()).isPositive();
        assertThat(event.path("reason").asText()).startsWith("TrackingTech order tt_");
        assertThat(event.path("statusSeen").asText()).isEqualTo("processing");
        assertThat(event.path("source").asText()).isEqualTo("webhook");
        assertThat(event.path("inboxId").asLong()).isPositive();
        assertThat(event.path("trackingTechId").asText()).startsWith("tt_");
        assertThat(java.time.Instant.parse(event.path("decidedAt").asText()))
                .isEqualTo(app.history(orderId).get(0).decidedAt());
        await().atMost(Duration.ofSeconds(10))
                .until(() -> app.bean("wootrackDecisionEvents", DecisionEvents.class).pending() == 0);
    }

    @Test
    void eventsWaitOutAFailingEndpointAndArriveOnceItWorks(@TempDir Path dir) throws Exception {
        LOG.list.clear();
        Map<String, String> failing = eventsOn(dir, "direct:wootrack-test-nobody?block=false");
        try (TestApp down = TestApp.start(failing)) {
            down.webhook(Fixtures.order(orderId, "processing"), "order.updated");
            await().atMost(Duration.ofSeconds(10)).until(() -> down.decisions(orderId), d -> d.equals(List.of("sent")));
            // the order went its way; its event stays, run after run, with one WARN line for all of them
            DecisionEvents events = down.bean("wootrackDecisionEvents", DecisionEvents.class);
            await().atMost(Duration.ofSeconds(10)).until(() -> events.failedRuns() >= 3);
            assertThat(events.pending()).isEqualTo(1);
            assertThat(warnings()).hasSize(1);
            assertThat(warnings().get(0).getThrowableProxy()).as("no stack trace").isNull();
            assertThat(warnings().get(0).getFormattedMessage()).contains("No consumers available")
                    .doesNotContain("Exchange[");
        }
        Map<String, String> working = eventsOn(dir, EVENTS); // the same data dir, another endpoint
        try (TestApp up = TestApp.start(working)) {
            JsonNode event = awaitEvent(up, orderId, "sent");
            assertThat(event.path("reason").asText()).startsWith("TrackingTech order tt_");
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> up.bean("wootrackDecisionEvents", DecisionEvents.class).pending() == 0);
            assertThat(RECEIVED.stream().filter(e -> e.path("orderId").asLong() == orderId)).hasSize(1);
        }
    }

    static List<ch.qos.logback.classic.spi.ILoggingEvent> warnings() {
        synchronized (LOG) {
            return LOG.list.stream().filter(e -> e.getLoggerName().equals("dev.wootrack.events")
                    && e.getLevel() == ch.qos.logback.classic.Level.WARN).toList();
        }
    }

    @Test
    void withEventsOffNothingIsWrittenToTheOutbox(@TempDir Path dir) throws Exception {
        Map<String, String> off = TestApp.settings(dir, sandbox);
        try (TestApp quiet = TestApp.start(off)) {
            quiet.webhook(Fixtures.order(orderId, "processing"), "order.updated");
            await().atMost(Duration.ofSeconds(10)).until(() -> quiet.decisions(orderId), d -> d.equals(List.of("sent")));
            assertThat(count(quiet, "decision_event")).isZero();
            assertThat(quiet.runtime().context().getRouteController().getRouteStatus("wootrack-decision-events")
                    .isStopped()).isTrue();
        }
    }

    @Test
    void aSubmittedOrderReachesTrackingTechOnceAndItsDecisionIsRecorded(@TempDir Path dir) throws Exception {
        startEventsOn(dir);
        ProducerTemplate template = app.runtime().context().createProducerTemplate();

        String answer = template.requestBody("direct:wootrack-submit-order", Fixtures.order(orderId, "processing"),
                String.class);

        JsonNode reply = JSON.readTree(answer);
        assertThat(reply.path("status").asText()).isEqualTo("accepted");
        assertThat(reply.path("inboxId").asLong()).isPositive();
        await().atMost(Duration.ofSeconds(10)).until(() -> app.decisions(orderId), d -> d.equals(List.of("sent")));
        assertThat(sandbox.orderPostsFor(orderId)).hasSize(1);
        assertThat(app.history(orderId).get(0).source()).isEqualTo("host");
        assertThat(app.history(orderId).get(0).inboxId()).isEqualTo(reply.path("inboxId").asLong());
        assertThat(awaitEvent(app, orderId, "sent").path("source").asText()).isEqualTo("host");

        // the same order again, as bytes and from a named channel: recorded, not sent twice
        template.requestBodyAndHeader("direct:wootrack-submit-order",
                Fixtures.order(orderId, "processing").getBytes(StandardCharsets.UTF_8), "WooTrackSource", "erp");
        await().atMost(Duration.ofSeconds(10)).until(() -> app.decisions(orderId),
                d -> d.equals(List.of("sent", "duplicate")));
        assertThat(app.history(orderId).get(1).source()).isEqualTo("erp");
        assertThat(sandbox.orderPostsFor(orderId)).hasSize(1);
    }

    @Test
    void aBadSubmissionIsRefusedWithATypedExceptionAndNothingIsStored(@TempDir Path dir) throws Exception {
        startEventsOn(dir);
        ProducerTemplate template = app.runtime().context().createProducerTemplate();
        long inboxRows = count(app, "inbox");

        assertRefused(() -> template.requestBody("direct:wootrack-submit-order", "{\"id\": " + orderId + ", oops"),
                "invalid_json");
        assertRefused(() -> template.requestBody("direct:wootrack-submit-order", "{\"id\":" + orderId + "}"),
                "not_an_order");
        assertRefused(() -> template.requestBody("direct:wootrack-submit-order", "[]"), "not_an_order");
        assertRefused(() -> template.requestBodyAndHeader("direct:wootrack-submit-order",
                Fixtures.order(orderId, "processing"), "WooTrackSource", "backfill"), "invalid_source");
        assertRefused(() -> template.requestBodyAndHeader("direct:wootrack-submit-order",
                Fixtures.order(orderId, "processing"), "WooTrackSource", "a source that is far too long"),
                "invalid_source");

        assertThat(count(app, "inbox")).isEqualTo(inboxRows);
        assertThat(app.history(orderId)).isEmpty();
        assertThat(sandbox.orderPostsFor(orderId)).isEmpty();
    }

    static void assertRefused(Runnable call, String code) {
        assertThatThrownBy(call::run).isInstanceOf(CamelExecutionException.class)
                .cause().isInstanceOfSatisfying(OrderRejected.class, e -> assertThat(e.getCode()).isEqualTo(code));
    }
}
