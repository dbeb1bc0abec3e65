package dev.wootrack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.wootrack.sandbox.TrackingTechSandbox;
import dev.wootrack.sandbox.WooCommerceSimulator;
import dev.wootrack.store.DeadLetters;
import dev.wootrack.store.Inbox;
import dev.wootrack.woocommerce.WebhookSignature;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Signed webhooks that are not orders as WooCommerce sends them, and orders that cannot be read: refused at the door
 * with 400 and the reason (never a 503 blamed on storage, never a dead letter after a 200), and never a customer's
 * email or phone in an answer, a log line or a dead letter's reason (Jackson's own messages quote the body).
 */
class BadInputTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String EMAIL = "ana.rojas@correo.cl";
    static final String PHONE = "+56 9 8765 4321";

    @TempDir
    static Path dataDir;
    static TrackingTechSandbox trackingTech;
    static WooCommerceSimulator store;
    static TestApp app;
    static final ch.qos.logback.core.read.ListAppender<ILoggingEvent> LOG = new ch.qos.logback.core.read.ListAppender<>();

    @BeforeAll
    static void start() throws Exception {
        LOG.start();
        root().addAppender(LOG);
        trackingTech = new TrackingTechSandbox();
        store = new WooCommerceSimulator();
        app = TestApp.start(TestApp.settings(dataDir, trackingTech, store));
    }

    @AfterAll
    static void stop() throws Exception {
        app.close();
        store.close();
        trackingTech.close();
        root().detachAppender(LOG);
    }

    static ch.qos.logback.classic.Logger root() {
        return (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    }

    /** Every captured line as written, with its exception's message if any. */
    static List<String> log() {
        synchronized (LOG) {
            return LOG.list.stream().map(e -> e.getFormattedMessage()
                    + (e.getThrowableProxy() == null ? "" : " " + e.getThrowableProxy().getMessage())).toList();
        }
    }

    static JsonNode refused(HttpResponse<String> answer, int status, String code) throws Exception {
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(status);
        JsonNode body = JSON.readTree(answer.body());
        assertThat(body.path("error").asText()).isEqualTo(code);
        return body;
    }

    static long inboxRows() {
        return app.bean("wootrackInbox", Inbox.class).count(Inbox.DONE) + app.bean("wootrackInbox", Inbox.class).count(Inbox.PENDING)
                + app.bean("wootrackInbox", Inbox.class).count(Inbox.PARKED);
    }

    @Test
    void anOverLongStatusOrTopicIsA400WithTheReasonNotA503BlamedOnStorage() throws Exception {
        long before = inboxRows();
        String order = Fixtures.order(8101, "processing").replace("\"processing\"", "\"" + "x".repeat(100) + "\"");
        JsonNode longStatus = refused(app.webhook(order, "order.updated"), 400, "not_an_order");
        assertThat(longStatus.path("message").asText()).contains("'status'").contains("100 characters");
        JsonNode longTopic = refused(app.webhook(Fixtures.order(8102, "processing"), "order." + "u".repeat(100)),
                400, "not_an_order");
        assertThat(longTopic.path("message").asText()).contains("topic");
        assertThat(inboxRows()).as("nothing committed").isEqualTo(before);
        assertThat(log()).noneMatch(m -> m.contains("could not commit"));
    }

    @Test
    void aBodyThatIsNotAnOrdersShapeIsA400AtTheDoor() throws Exception {
        long before = inboxRows();
        String order = Fixtures.order(8201, "processing");
        String[][] cases = {
                {order.replaceFirst("\"line_items\":\\[", "\"line_items\":\"none\",\"x\":["), "'line_items' must be an array"},
                {order.replaceFirst("\"id\":8201", "\"id\":\"8201\""), "'id'"},
                {order.replaceFirst("\"billing\":\\{", "\"billing\":\"" + EMAIL + "\",\"x\":{"), "'billing' must be an object"},
                {order.replaceFirst("\"quantity\":2", "\"quantity\":\"" + PHONE + "\""), "'line_items[0].quantity' must be a number"}};
        for (String[] c : cases) {
            assertThat(c[0]).as("the fixture changed").isNotEqualTo(order);
            JsonNode body = refused(app.webhook(c[0], "order.updated"), 400, "not_an_order");
            assertThat(body.path("message").asText()).contains(c[1]).doesNotContain(EMAIL).doesNotContain(PHONE);
        }
        assertThat(inboxRows()).as("nothing committed").isEqualTo(before);
        assertThat(app.history(8201)).isEmpty();
        assertThat(app.bean("wootrackDeadLetters", DeadLetters.class).list(true)).noneMatch(d -> d.orderId() == 8201);
    }

    @Test
    void aParseErrorLeavesNoPersonalDataInTheAnswerOrTheLog() throws Exception {
        String broken = Fixtures.order(8301, "processing").replace("\"john.doe@example.com\"", EMAIL)
                .replace("\"(555) 555-5555\"", PHONE);
        assertThat(broken).contains(EMAIL).contains(PHONE);
        // as WooCommerce sends it, and as a hand-made request without the X-WC-Webhook-ID/-Delivery-ID headers
        HttpResponse<String> answer = app.webhook(broken, "order.updated");
        byte[] bytes = broken.getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> bare = app.send(HttpRequest.newBuilder(URI.create(app.url("/webhooks/woocommerce")))
                .header("Content-Type", "application/json")
                .header("X-WC-Webhook-Signature", new WebhookSignature(TestApp.SECRET).sign(bytes))
                .POST(HttpRequest.BodyPublishers.ofByteArray(bytes)).build());
        for (HttpResponse<String> a : List.of(answer, bare)) {
            JsonNode body = refused(a, 400, "invalid_json");
            assertThat(body.path("message").asText()).startsWith("body is not JSON: invalid JSON syntax")
                    .containsPattern("at line \\d+, column \\d+");
            assertThat(a.body()).doesNotContain("ana.rojas").doesNotContain("8765").doesNotContain("correo");
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> log().stream()
                .filter(m -> m.startsWith("webhook rejected: 400 invalid_json")).count() >= 2);
        assertThat(log()).noneMatch(m -> m.contains("ana.rojas") || m.contains("8765") || m.contains("correo"));
        List<String> rejected = log().stream().filter(m -> m.startsWith("webhook rejected: 400 invalid_json")).toList();
        assertThat(rejected).anyMatch(m -> m.endsWith(" (delivery d41d8cd98f00b204e9800998ecf8427e, webhook 12)"));
        assertThat(rejected).as("only what the request carried")
                .anyMatch(m -> m.matches("webhook rejected: 400 invalid_json: body is not JSON: .* at line \\d+, column \\d+"));
        assertThat(log()).noneMatch(m -> m.contains("(delivery ,") || m.contains("webhook )"));
    }

    @Test
    void anOrderThatCannotBeReadLaterIsADeadLetterWithoutTheCustomersData() throws Exception {
        // the poller commits what WooCommerce lists as it is; the pipeline cannot read this one
        ObjectNode order = (ObjectNode) JSON.readTree(Fixtures.recentOrder(8401, "processing"));
        ((ObjectNode) order.path("line_items").get(0)).put("quantity", PHONE);
        ((ObjectNode) order.path("billing")).put("email", EMAIL);
        store.addOrder(order);
        await().atMost(Duration.ofSeconds(20)).until(() -> app.decisions(8401).contains("dead-letter"));
        DeadLetters.DeadLetter letter = app.bean("wootrackDeadLetters", DeadLetters.class).list(false).stream()
                .filter(d -> d.orderId() == 8401).findFirst().orElseThrow();
        assertThat(letter.reason()).matches("unreadable JSON: 'line_items\\[0]\\.quantity' must be a"
                + " number at line 1, column \\d+").doesNotContain("8765");
        assertThat(app.history(8401).get(0).reason()).doesNotContain("8765");
        await().atMost(Duration.ofSeconds(5)).until(() -> log().stream().anyMatch(m -> m.startsWith("order 8401 is dead letter")));
        assertThat(log()).noneMatch(m -> m.contains("8765") || m.contains("ana.rojas"));
        assertThat(LOG.list).noneMatch(e -> e.getLevel() == Level.ERROR && e.getFormattedMessage().contains("8401"));
    }
}
