package dev.wootrack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.wootrack.sandbox.TrackingTechSandbox;
import dev.wootrack.sandbox.WooCommerceSimulator;
import dev.wootrack.woocommerce.OrderPoller;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The second intake: polling WooCommerce's REST API (and backfill) against the simulator, over loopback. */
class PollingTest {

    @TempDir
    Path dataDir;
    private TrackingTechSandbox trackingTech;
    private WooCommerceSimulator store;

    @BeforeEach
    void servers() throws Exception {
        trackingTech = new TrackingTechSandbox();
        store = new WooCommerceSimulator();
    }

    @AfterEach
    void stop() {
        store.close();
        trackingTech.close();
    }

    private Map<String, String> settings() throws Exception {
        return TestApp.settings(dataDir, trackingTech, store);
    }

    private void awaitSentOnce(List<Long> ids) {
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                assertThat(trackingTech.created()).isEqualTo(ids.size()));
        for (long id : ids) {
            assertThat(trackingTech.orderPostsFor(id)).as("posts for order %d", id).hasSize(1);
        }
    }

    /**
     * Issue 12, item 11: an order too large for the inbox (1.1 MB of meta) made its page fail forever: the cursor never
     * moved and later orders were never read. Now it is recorded as refused, with the reason, and the walk goes on.
     */
    @Test
    void anOrderTooLargeForTheInboxIsRecordedAndTheWalkGoesOn() throws Exception {
        Instant start = store.now().minus(Duration.ofMinutes(10));
        store.addOrder(2001, "processing", start);
        com.fasterxml.jackson.databind.node.ObjectNode huge = store.addOrder(2002, "processing", start.plusSeconds(5));
        store.update(2002, o -> o.withArray("meta_data").addObject().put("id", 1).put("key", "_attachment")
                .put("value", "x".repeat(1_100_000)));
        // changed after the large one: the walk must get past it to read this one
        store.addOrder(2003, "processing", store.now().plusSeconds(5));
        try (TestApp app = TestApp.start(settings())) {
            awaitSentOnce(List.of(2001L, 2003L));
            await().atMost(Duration.ofSeconds(20)).until(() -> app.decisions(2002), d -> d.equals(List.of("refused")));
            assertThat(app.history(2002).get(0).reason()).contains("more than the inbox keeps");
            String cursor = app.bean("wootrackOrderPoller", OrderPoller.class).cursor();
            assertThat(cursor).as("the cursor moved past the refused order")
                    .isGreaterThanOrEqualTo(store.order(2003).path("date_modified_gmt").asText());
            int lists = store.listRequests().size();
            await().atMost(Duration.ofSeconds(5)).until(() -> store.listRequests().size() > lists + 2);
            assertThat(app.decisions(2002)).as("read again by later polls, it is not refused again: same version")
                    .containsExactly("refused");
        }
        assertThat(huge).isNotNull();
    }

    @Test
    void pollingPagesThroughOrdersChangingMidWalkAndSendsEachTriggerOrderOnce() throws Exception {
        Instant start = store.now().minus(Duration.ofMinutes(40));
        store.addOrders(1001, 420, id -> id % 7 == 0 ? "completed" : id % 11 == 0 ? "cancelled" : "processing",
                start, Duration.ofSeconds(5));
        List<Long> processing = LongStream.range(1001, 1421).filter(id -> id % 7 != 0 && id % 11 != 0).boxed().toList();
        // while the first walk reads its second page, ten orders of page 1 change: they move to the end of the list and
        // pull the orders behind them one place forward, across the page boundary
        AtomicBoolean changed = new AtomicBoolean();
        java.util.concurrent.atomic.AtomicInteger lists = new java.util.concurrent.atomic.AtomicInteger();
        store.beforeListPage(page -> {
            if (lists.incrementAndGet() == 2 && changed.compareAndSet(false, true)) {
                for (long id = 1002; id <= 1012; id++) {
                    if (processing.contains(id)) {
                        store.update(id, o -> o.put("customer_note", "please ring twice"));
                    }
                }
            }
        });

        try (TestApp app = TestApp.start(settings())) {
            awaitSentOnce(processing);
            assertThat(changed).isTrue();
            WooCommerceSimulator.Request first = store.listRequests().get(0);
            assertThat(first.params()).containsEntry("status", "processing,cancelled,refunded,failed")
                    .containsEntry("orderby", "modified").containsEntry("order", "asc")
                    .containsEntry("dates_are_gmt", "true").containsEntry("per_page", "100")
                    .containsEntry("page", "1").containsKey("modified_after");
            // the walk moves its lower bound (keyset) rather than asking for page 2 of a list that shifts
            assertThat(store.listRequests().stream().map(r -> r.params().get("modified_after")).distinct().count())
                    .isGreaterThan(3);
            assertThat(first.header("Authorization")).startsWith("OAuth ").contains("oauth_signature=");
            assertThat(store.authFailures()).isZero();
            // cancelled orders that were never sent are recorded, not cancelled at TrackingTech
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(app.decisions(1023)).contains("ignored"));
            assertThat(trackingTech.cancels()).isEmpty();
        }
    }

    @Test
    void theCursorSurvivesARestartAndOverlapReReadsAreNotSentAgain() throws Exception {
        Instant start = store.now().minus(Duration.ofMinutes(10));
        store.addOrders(2001, 150, id -> "processing", start, Duration.ofSeconds(2));
        String cursor;
        try (TestApp app = TestApp.start(settings())) {
            awaitSentOnce(LongStream.range(2001, 2151).boxed().toList());
            OrderPoller poller = app.bean("wootrackOrderPoller", OrderPoller.class);
            await().atMost(Duration.ofSeconds(10)).until(() -> poller.cursor().compareTo("2026") > 0
                    && poller.cursor().equals(store.order(2150).path("date_modified_gmt").asText()));
            cursor = poller.cursor();
        }
        int listsBefore = store.listRequests().size();
        store.advanceClock(Duration.ofSeconds(5));
        store.addOrders(2151, 20, id -> "processing", store.now(), Duration.ofSeconds(1));

        try (TestApp app = TestApp.start(settings())) {
            awaitSentOnce(LongStream.range(2001, 2171).boxed().toList());
            WooCommerceSimulator.Request firstAfterRestart = store.listRequests().get(listsBefore);
            assertThat(firstAfterRestart.params().get("modified_after"))
                    .as("restarts from the stored cursor minus the 2-minute overlap, not from the look-back")
                    .isEqualTo(Instant.parse(cursor + "Z").minus(Duration.ofMinutes(2)).toString().replace("Z", ""));
            // orders in the overlap were read again and recognised: one decision each, never a second send
            assertThat(app.decisions(2150)).containsExactly("sent");
            assertThat(app.decisions(2170)).containsExactly("sent");
        }
    }

    @Test
    void aWebhookAndAPollRacingForTheSameOrderSendItOnce() throws Exception {
        store.addOrders(3001, 30, id -> "processing", store.now().minusSeconds(30), Duration.ofMillis(100));
        try (TestApp app = TestApp.start(settings())) {
            store.webhookTarget(app.url("/webhooks/woocommerce"), TestApp.SECRET);
            for (long id = 3001; id <= 3030; id++) {
                assertThat(store.sendWebhook(id, "order.updated")).isEqualTo(200);
            }
            awaitSentOnce(LongStream.range(3001, 3031).boxed().toList());
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                    assertThat(app.history(3030)).extracting(d -> d.source()).contains("webhook", "poll"));
            // the webhook was re-read live (GET orders/3030) before it was routed
            assertThat(store.requests()).anyMatch(r -> r.method().equals("GET")
                    && r.path().equals("/wp-json/wc/v3/orders/3030"));
        }
    }

    @Test
    void revokedKeysStopThePollerWithAnAlarmInTheLogAndInHealth() throws Exception {
        store.addOrders(4001, 5, id -> "processing", store.now().minusSeconds(60), Duration.ofSeconds(1));
        store.revokeKeys();
        try (TestApp app = TestApp.start(settings())) {
            await().atMost(Duration.ofSeconds(20)).until(() ->
                    app.runtime().context().getRouteController().getRouteStatus("wootrack-woocommerce-poll").isStopped());
            int failures = store.authFailures();
            HttpResponse<String> health = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create(app.url("/observe/health"))).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(health.statusCode()).isEqualTo(503);
            assertThat(health.body()).contains("DOWN").contains("woocommerce-access");
            // no retry storm: the stopped route makes no more calls
            assertThat(store.authFailures()).isEqualTo(failures).isLessThanOrEqualTo(2);
            assertThat(trackingTech.created()).isZero();
        }
    }

    @Test
    void backfillPullsOldOrdersThroughThePipelineAndSummarises() throws Exception {
        Instant january = Instant.parse("2026-01-10T12:00:00Z");
        store.addOrders(5001, 40, id -> switch ((int) (id % 4)) {
            case 0 -> "completed";
            case 1 -> "on-hold";
            default -> "processing";
        }, january, Duration.ofHours(1));
        store.addOrder(5100, "processing", Instant.parse("2025-12-01T00:00:00Z")); // before --since
        Map<String, String> s = settings();
        s.put("wootrack.woocommerce.poll.enabled", "false");
        // one order was sent already, by a running WooTrack
        try (TestApp app = TestApp.start(s)) {
            app.webhook(store.order(5002).toString(), "order.updated");
            await().atMost(Duration.ofSeconds(20)).until(() -> trackingTech.created() == 1);
        }
        StringWriter out = new StringWriter();
        CommandLine cli = new CommandLine(new WooTrack());
        cli.setOut(new PrintWriter(out));
        String[] args = s.entrySet().stream().flatMap(e -> java.util.stream.Stream.of("--set", e.getKey() + "=" + e.getValue()))
                .toArray(String[]::new);
        int code = cli.execute(concat(new String[] {"backfill", "--since", "2026-01-01", "--until", "2026-01-31"}, args));

        assertThat(code).as(out.toString()).isZero();
        assertThat(out.toString()).containsPattern("fetched\\s+40")
                .containsPattern("sent\\s+19").containsPattern("already sent\\s+1")
                .containsPattern("ignored\\s+20").containsPattern("status completed\\s+10")
                .containsPattern("status on-hold\\s+10").containsPattern("dead letters\\s+0");
        assertThat(trackingTech.created()).isEqualTo(20);
        assertThat(trackingTech.orderPostsFor(5100)).isEmpty();
        assertThat(store.listRequests().get(0).params()).containsEntry("after", "2025-12-31T23:59:59")
                .containsEntry("before", "2026-02-01T00:00:00").containsEntry("orderby", "date");
    }

    @Test
    void aFailingPageIsRetriedLaterWithoutMovingTheCursor() throws Exception {
        store.addOrders(7001, 12, id -> "processing", store.now().minusSeconds(60), Duration.ofSeconds(1));
        String busy = "{\"code\":\"internal_server_error\",\"message\":\"busy\",\"data\":{\"status\":503}}";
        for (int i = 0; i < 3; i++) { // the first poll and its 2 redeliveries all fail
            store.answerNext(503, busy, Map.of());
        }
        Map<String, String> s = settings();
        s.put("wootrack.woocommerce.poll.interval", "1500");
        try (TestApp app = TestApp.start(s)) {
            OrderPoller poller = app.bean("wootrackOrderPoller", OrderPoller.class);
            await().atMost(Duration.ofSeconds(10)).until(() -> store.listRequests().size() >= 3);
            String before = poller.cursor();
            assertThat(trackingTech.created()).isZero();
            awaitSentOnce(LongStream.range(7001, 7013).boxed().toList());
            assertThat(poller.cursor()).isGreaterThan(before);
        }
    }

    @Test
    void basicOrQueryCredentialsWhenWordPressSeesHttps() throws Exception {
        store.secure(true);
        store.addOrders(8001, 3, id -> "processing", store.now().minusSeconds(60), Duration.ofSeconds(1));
        Map<String, String> s = settings();
        s.put("wootrack.woocommerce.auth", "basic");
        try (TestApp app = TestApp.start(s)) {
            awaitSentOnce(List.of(8001L, 8002L, 8003L));
            assertThat(store.listRequests().get(0).header("Authorization")).startsWith("Basic ");
        }
        int before = store.listRequests().size();
        store.addOrders(8004, 1, id -> "processing", store.now(), Duration.ofSeconds(1));
        s.put("wootrack.woocommerce.auth", "query");
        try (TestApp app = TestApp.start(s)) {
            awaitSentOnce(List.of(8001L, 8002L, 8003L, 8004L));
            WooCommerceSimulator.Request r = store.listRequests().get(before);
            assertThat(r.header("Authorization")).isNull();
            assertThat(r.params()).containsEntry("consumer_key", WooCommerceSimulator.CONSUMER_KEY);
            assertThat(store.authFailures()).isZero();
        }
    }

    @Test
    void tenThousandOrdersOfMixedStatusesPollOnlyEachTriggerOrderSentExactlyOnce() throws Exception {
        String[] mix = {"processing", "processing", "processing", "processing", "processing",
                "completed", "completed", "on-hold", "cancelled", "pending"};
        store.addOrders(100_001, 10_000, id -> mix[(int) (id % 10)], store.now().minus(Duration.ofHours(3)),
                Duration.ofMillis(1000));
        long trigger = LongStream.range(100_001, 110_001).filter(id -> mix[(int) (id % 10)].equals("processing")).count();
        Map<String, String> s = settings();
        s.put("wootrack.woocommerce.poll.interval", "1000");
        try (TestApp app = TestApp.start(s)) {
            await().atMost(Duration.ofMinutes(4)).until(() -> trackingTech.created() == trigger);
            List<String> keys = trackingTech.orderPosts().stream().map(r -> r.header("Idempotency-Key")).toList();
            assertThat(keys).hasSize((int) trigger).doesNotHaveDuplicates();
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                    assertThat(app.decisions(100_008)).containsExactly("ignored")); // cancelled, never sent
            assertThat(trackingTech.cancels()).isEmpty();
        }
    }

    private static String[] concat(String[] a, String[] b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

}
