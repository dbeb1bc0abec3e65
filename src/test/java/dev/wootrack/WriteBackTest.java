package dev.wootrack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.wootrack.sandbox.TrackingTechSandbox;
import dev.wootrack.sandbox.WooCommerceSimulator;
import dev.wootrack.store.Checkpoints;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The way back: TrackingTech's status feed written into WooCommerce orders, against both simulators. */
class WriteBackTest {

    @TempDir
    Path dataDir;
    private TrackingTechSandbox trackingTech;
    private WooCommerceSimulator store;
    private final ListAppender<ILoggingEvent> log = new ListAppender<>();

    @BeforeEach
    void servers() throws Exception {
        trackingTech = new TrackingTechSandbox();
        store = new WooCommerceSimulator();
        log.start();
        ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME))
                .addAppender(log);
    }

    @AfterEach
    void stop() {
        ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME))
                .detachAppender(log);
        store.close();
        trackingTech.close();
    }

    private static List<JsonNode> customerNotes(WooCommerceSimulator store, long id) {
        return store.notes(id).stream().filter(n -> n.path("customer_note").asBoolean()).map(n -> (JsonNode) n).toList();
    }

    private static String meta(ObjectNode order, String key) {
        for (JsonNode m : order.path("meta_data")) {
            if (key.equals(m.path("key").asText())) {
                return m.path("value").asText();
            }
        }
        return null;
    }

    @Test
    void trackingIsWrittenBackOnceAndDeliveredCompletesTheOrderWithoutResendingIt() throws Exception {
        store.addOrder(6001, "processing", store.now().minusSeconds(30));
        try (TestApp app = TestApp.start(TestApp.settings(dataDir, trackingTech, store))) {
            store.webhookTarget(app.url("/webhooks/woocommerce"), TestApp.SECRET);
            store.autoWebhooks(true); // our own PUTs fire order.updated back at WooTrack, as WooCommerce does
            await().atMost(Duration.ofSeconds(20)).until(() -> trackingTech.created() == 1);

            trackingTech.advance(6001, "label_created", "TT6001CL");
            trackingTech.advance(6001, "in_transit", "TT6001CL");
            trackingTech.advance(6001, "in_transit", "TT6001CL"); // the feed repeats itself
            await().atMost(Duration.ofSeconds(20)).until(() -> "in_transit".equals(meta(store.order(6001),
                    "_trackingtech_status")));
            assertThat(store.order(6001).path("status").asText()).as("only the status map changes the status")
                    .isEqualTo("processing");

            trackingTech.advance(6001, "out_for_delivery", "TT6001CL");
            trackingTech.advance(6001, "delivered", "TT6001CL");
            await().atMost(Duration.ofSeconds(20)).until(() -> "completed".equals(store.order(6001).path("status").asText()));

            ObjectNode order = store.order(6001);
            assertThat(meta(order, "_trackingtech_tracking_number")).isEqualTo("TT6001CL");
            assertThat(meta(order, "_trackingtech_status")).isEqualTo("delivered");
            List<JsonNode> notes = customerNotes(store, 6001);
            assertThat(notes).hasSize(1);
            assertThat(notes.get(0).path("note").asText()).contains("TT6001CL")
                    .contains("https://trackingtech.cl/t/TT6001CL");
            assertThat(store.shipmentTrackings(6001)).hasSize(1);
            assertThat(store.shipmentTrackings(6001).get(0).path("tracking_number").asText()).isEqualTo("TT6001CL");

            // every write-back fired order.updated at us: recognised, never sent again
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                    assertThat(app.decisions(6001)).contains("own-write-back"));
            assertThat(trackingTech.orderPostsFor(6001)).hasSize(1);
            assertThat(trackingTech.cancels()).isEmpty();
            // five changes, of which one repeat: each run writes an order's latest state once (issue 15), so as many
            // writes as feed runs saw new changes, at most four
            assertThat(app.decisions(6001)).filteredOn("written-back"::equals).hasSizeBetween(2, 4);
            assertThat(app.bean("wootrackCheckpoints", Checkpoints.class).get(Checkpoints.FEED_CURSOR)).contains("c_5");
        }
        // neither the REST secret nor OAuth signatures reach the log
        assertThat(log.list).extracting(ILoggingEvent::getFormattedMessage)
                .noneMatch(m -> m.contains(WooCommerceSimulator.CONSUMER_SECRET) || m.contains("oauth_signature"));
    }

    /**
     * {@code orders} orders from {@code firstId} on, sent to TrackingTech by a WooTrack that does not write back (it
     * is stopped again); its settings, for a second WooTrack once the test has advanced them at TrackingTech.
     */
    private Map<String, String> sentWithWriteBackOff(long firstId, int orders) throws Exception {
        for (int i = 0; i < orders; i++) {
            store.addOrder(firstId + i, "processing", store.now().minusSeconds(60 - i));
        }
        Map<String, String> s = TestApp.settings(dataDir, trackingTech, store);
        s.put("wootrack.writeback.enabled", "false");
        try (TestApp app = TestApp.start(s)) {
            await().atMost(Duration.ofSeconds(30)).until(() -> trackingTech.created() == orders);
        }
        return s;
    }

    /**
     * Issue 15: a page of the feed holding several changes of one order (label, picked up, in transit, delivered) wrote
     * each of them into WooCommerce, one after the other: four order updates for one order's latest state, and 500
     * orders advanced at once took over 120 s. Now a page is coalesced per order, and the orders are written in
     * parallel: one order update and one note per tracking number; a split shipment's other tracking number keeps
     * its note.
     */
    @Test
    void aPageWithManyChangesOfAnOrderWritesItsLatestStateOnceAndEveryTrackingNumbersNote() throws Exception {
        int orders = 20; // 81 changes: one page of the feed (100)
        Map<String, String> s = sentWithWriteBackOff(6500, orders);
        for (int i = 0; i < orders; i++) {
            long id = 6500 + i;
            trackingTech.advance(id, "label_created", null);
            trackingTech.advance(id, "picked_up", "TT" + id + "CL");
            trackingTech.advance(id, "in_transit", "TT" + id + "CL");
        }
        trackingTech.advance(6500, "in_transit", "TT6500BCL"); // a split shipment: a second parcel
        for (int i = 0; i < orders; i++) {
            trackingTech.advance(6500 + i, "delivered", "TT" + (6500 + i) + "CL");
        }
        s.put("wootrack.writeback.enabled", "true");
        try (TestApp app = TestApp.start(s)) {
            await().atMost(Duration.ofSeconds(60)).until(() -> java.util.stream.IntStream.range(0, orders)
                    .allMatch(i -> "completed".equals(store.order(6500 + i).path("status").asText())));
            for (int i = 0; i < orders; i++) {
                long id = 6500 + i;
                assertThat(store.requests()).filteredOn(r -> r.method().equals("PUT") && r.path().endsWith("/orders/" + id))
                        .as("order %d: one update for its latest state, or two for a split shipment", id)
                        .hasSize(id == 6500 ? 2 : 1);
                assertThat(meta(store.order(id), "_trackingtech_status")).isEqualTo("delivered");
                assertThat(customerNotes(store, id)).as("order %d: one note per tracking number", id)
                        .extracting(n -> n.path("note").asText().replaceAll(".*(TT\\w+CL).*", "$1"))
                        .containsExactlyElementsOf(id == 6500 ? List.of("TT6500BCL", "TT6500CL") : List.of("TT" + id + "CL"));
                assertThat(app.decisions(id)).filteredOn("written-back"::equals).hasSize(id == 6500 ? 2 : 1);
            }
            assertThat(store.shipmentTrackings(6500)).as("a split shipment: a Shipment Tracking entry per parcel")
                    .extracting(t -> t.path("tracking_number").asText()).containsExactlyInAnyOrder("TT6500CL", "TT6500BCL");
            assertThat(app.bean("wootrackCheckpoints", Checkpoints.class).get(Checkpoints.FEED_CURSOR))
                    .as("the page's cursor stored once it was all written").isPresent();
        }
    }

    /**
     * Issue 16: the status map changed the status whatever it was now. A merchant who refunded (or completed) the
     * order by hand while the parcel travelled had it set to completed by the next "delivered".
     */
    @Test
    void theStatusMapDoesNotOverwriteAStatusTheMerchantChangedByHandAndRecordsWhatItLeftAlone() throws Exception {
        store.addOrder(6701, "processing", store.now().minusSeconds(30));
        store.addOrder(6702, "processing", store.now().minusSeconds(29));
        Map<String, String> s = TestApp.settings(dataDir, trackingTech, store);
        s.put("wootrack.woocommerce.cancel-statuses", "cancelled"); // a refund WooTrack sees stays at TrackingTech
        try (TestApp app = TestApp.start(s)) {
            await().atMost(Duration.ofSeconds(20)).until(() -> trackingTech.created() == 2);
            store.setStatus(6701, "refunded");   // by hand, while the parcel is on its way
            store.setStatus(6702, "completed");
            trackingTech.advance(6701, "delivered", "TT6701CL");
            trackingTech.advance(6702, "delivered", "TT6702CL");
            await().atMost(Duration.ofSeconds(20)).until(() -> app.decisions(6701).contains("written-back")
                    && app.decisions(6702).contains("written-back"));

            assertThat(store.order(6701).path("status").asText()).as("the merchant's refund stays").isEqualTo("refunded");
            assertThat(meta(store.order(6701), "_trackingtech_status")).isEqualTo("delivered");
            assertThat(customerNotes(store, 6701)).hasSize(1);
            assertThat(app.history(6701)).filteredOn(d -> d.decision().equals("written-back")).singleElement()
                    .extracting(dev.wootrack.store.Decisions.Decision::reason).asString()
                    .contains("order status left 'refunded' (changed in WooCommerce since WooTrack sent it as"
                            + " 'processing'), not set to 'completed'").doesNotContain("→");
            assertThat(store.order(6702).path("status").asText()).isEqualTo("completed");
            assertThat(store.requests()).filteredOn(r -> r.method().equals("PUT") && r.path().endsWith("/orders/6702"))
                    .singleElement().extracting(WooCommerceSimulator.Request::body).asString()
                    .as("nothing to change: no status in the update").doesNotContain("\"status\"");
            assertThat(app.history(6702)).filteredOn(d -> d.decision().equals("written-back")).singleElement()
                    .extracting(dev.wootrack.store.Decisions.Decision::reason).asString().contains("order status already completed");
        }
    }

    @Test
    void aStatusWooTrackSetItselfIsOneItMayChangeAgain() throws Exception {
        store.addOrder(6801, "processing", store.now().minusSeconds(30));
        Map<String, String> s = TestApp.settings(dataDir, trackingTech, store);
        s.put("wootrack.writeback.status-map", "delivered:completed, returned:on-hold");
        try (TestApp app = TestApp.start(s)) {
            await().atMost(Duration.ofSeconds(20)).until(() -> trackingTech.created() == 1);
            trackingTech.advance(6801, "delivered", "TT6801CL");
            await().atMost(Duration.ofSeconds(20)).until(() -> "completed".equals(store.order(6801).path("status").asText()));
            trackingTech.advance(6801, "returned", "TT6801CL");
            // WooCommerce has the status a moment before WooTrack has recorded its write-back
            await().atMost(Duration.ofSeconds(20)).until(() -> "on-hold".equals(store.order(6801).path("status").asText())
                    && app.decisions(6801).stream().filter("written-back"::equals).count() == 2);
            assertThat(app.history(6801)).filteredOn(d -> d.decision().equals("written-back"))
                    .extracting(dev.wootrack.store.Decisions.Decision::reason).last().asString().contains("order status → on-hold");
        }
    }

    @Test
    void withoutShipmentTrackingInstalledTheNoteAloneIsWrittenAndThatIsRemembered() throws Exception {
        store.shipmentTrackingInstalled(false);
        store.addOrder(6101, "processing", store.now().minusSeconds(30));
        store.addOrder(6102, "processing", store.now().minusSeconds(29));
        try (TestApp app = TestApp.start(TestApp.settings(dataDir, trackingTech, store))) {
            await().atMost(Duration.ofSeconds(20)).until(() -> trackingTech.created() == 2);
            trackingTech.advance(6101, "in_transit", "TT6101CL");
            trackingTech.advance(6102, "in_transit", "TT6102CL");
            // the note is posted before the Shipment Tracking entry is tried: wait for both orders' whole write-back
            await().atMost(Duration.ofSeconds(20)).until(() -> app.decisions(6101).contains("written-back")
                    && app.decisions(6102).contains("written-back"));
            assertThat(customerNotes(store, 6101)).hasSize(1);
            assertThat(customerNotes(store, 6102)).hasSize(1);
            // the two orders are written in parallel: each writer may find the extension missing once
            assertThat(store.requests()).filteredOn(r -> r.path().contains("shipment-trackings")).hasSizeBetween(1, 2);
            assertThat(app.bean("wootrackCheckpoints", Checkpoints.class).get(Checkpoints.SHIPMENT_TRACKING)).contains("absent");
        }
    }

    /**
     * Issue 12, item 10: N refreshes of the same order at once wrote N customer notes and N Shipment Tracking entries:
     * each step checked its key, then wrote, with no claim in between (the feed racing a refresh is the same race).
     * Now each step is claimed in the database before WooCommerce is called.
     */
    @Test
    void concurrentRefreshesWriteATrackingNumberOnce() throws Exception {
        store.addOrder(6301, "processing", store.now().minusSeconds(30));
        Map<String, String> s = TestApp.settings(dataDir, trackingTech, store);
        s.put("wootrack.admin.token", "admin-secret");
        s.put("wootrack.writeback.enabled", "false"); // the refreshes race each other, not an earlier feed run
        try (TestApp app = TestApp.start(s)) {
            await().atMost(Duration.ofSeconds(20)).until(() -> trackingTech.created() == 1);
            trackingTech.advance(6301, "in_transit", "TT6301CL");
            java.net.http.HttpClient client = java.net.http.HttpClient.newHttpClient();
            java.net.http.HttpRequest refresh = java.net.http.HttpRequest.newBuilder(
                            java.net.URI.create(app.url("/admin/orders/6301/refresh-tracking")))
                    .header("Authorization", "Bearer admin-secret")
                    .POST(java.net.http.HttpRequest.BodyPublishers.noBody()).build();
            List<java.util.concurrent.CompletableFuture<java.net.http.HttpResponse<String>>> answers =
                    java.util.stream.IntStream.range(0, 8).mapToObj(i -> client.sendAsync(refresh,
                            java.net.http.HttpResponse.BodyHandlers.ofString())).toList();
            for (var answer : answers) {
                assertThat(answer.get().statusCode()).as(answer.get().body()).isEqualTo(200);
            }
            await().atMost(Duration.ofSeconds(20)).until(() -> "in_transit".equals(meta(store.order(6301),
                    "_trackingtech_status")));
            assertThat(customerNotes(store, 6301)).as("one customer note per tracking number").hasSize(1);
            assertThat(store.shipmentTrackings(6301)).as("one Shipment Tracking entry").hasSize(1);
            assertThat(store.requests()).filteredOn(r -> r.method().equals("PUT") && r.path().endsWith("/orders/6301"))
                    .as("one order update for the status").hasSize(1);
            assertThat(app.decisions(6301)).filteredOn("written-back"::equals).hasSize(1);
        }
    }

    @Test
    void oneOrdersStatusOnDemand() throws Exception {
        store.addOrder(6201, "processing", store.now().minusSeconds(30));
        Map<String, String> s = TestApp.settings(dataDir, trackingTech, store);
        s.put("wootrack.writeback.enabled", "false");
        s.put("wootrack.admin.token", "admin-secret");
        try (TestApp app = TestApp.start(s)) {
            await().atMost(Duration.ofSeconds(20)).until(() -> trackingTech.created() == 1);
            trackingTech.advance(6201, "delivered", "TT6201CL");
            java.net.http.HttpResponse<String> refreshed = java.net.http.HttpClient.newHttpClient().send(
                    java.net.http.HttpRequest.newBuilder(java.net.URI.create(app.url("/admin/orders/6201/refresh-tracking")))
                            .header("Authorization", "Bearer admin-secret")
                            .POST(java.net.http.HttpRequest.BodyPublishers.noBody()).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(refreshed.statusCode()).as(refreshed.body()).isEqualTo(200);
            assertThat(refreshed.body()).contains("\"decision\":\"written-back\"");
            assertThat(store.order(6201).path("status").asText()).isEqualTo("completed");
            assertThat(customerNotes(store, 6201)).hasSize(1);
            assertThat(trackingTech.feedReads()).isEmpty();
        }
    }

    /**
     * Issue 15: a feed page holds at most 100 changes, and each page was written before the next was read: an order
     * whose changes fell on two pages was written twice, and the writers waited at every page's end. Pages are read
     * in batches now (wootrack.writeback.pages-per-batch), coalesced together; the cursor is stored after the batch.
     */
    @Test
    void changesOfAnOrderOnSeveralPagesOfABatchAreWrittenOnce() throws Exception {
        int orders = 3;
        Map<String, String> s = sentWithWriteBackOff(6600, orders);
        trackingTech.feedPageSize(2); // 12 changes: six pages
        for (String status : List.of("label_created", "picked_up", "in_transit", "delivered")) {
            for (int i = 0; i < orders; i++) {
                trackingTech.advance(6600 + i, status, status.equals("label_created") ? null : "TT" + (6600 + i) + "CL");
            }
        }
        s.put("wootrack.writeback.enabled", "true");
        try (TestApp app = TestApp.start(s)) {
            await().atMost(Duration.ofSeconds(60)).until(() -> java.util.stream.IntStream.range(0, orders)
                    .allMatch(i -> app.decisions(6600 + i).contains("written-back")));
            for (int i = 0; i < orders; i++) {
                long id = 6600 + i;
                assertThat(store.requests()).filteredOn(r -> r.method().equals("PUT") && r.path().endsWith("/orders/" + id))
                        .as("order %d: its changes on six pages, one update", id).hasSize(1);
                assertThat(store.order(id).path("status").asText()).isEqualTo("completed");
                assertThat(customerNotes(store, id)).hasSize(1);
            }
            assertThat(trackingTech.feedReads()).hasSizeGreaterThanOrEqualTo(6);
            await().atMost(Duration.ofSeconds(10)).until(() -> app.bean("wootrackCheckpoints", Checkpoints.class)
                    .get(Checkpoints.FEED_CURSOR).orElse("").equals("c_12"));
        }
    }

    @Test
    void anUpdateForAnOrderWooCommerceNoLongerHasIsRecordedAndTheFeedGoesOn() throws Exception {
        store.addOrder(6301, "processing", store.now().minusSeconds(30));
        try (TestApp app = TestApp.start(TestApp.settings(dataDir, trackingTech, store))) {
            await().atMost(Duration.ofSeconds(20)).until(() -> trackingTech.created() == 1);
            trackingTech.advance(6399, "in_transit", "TT6399CL"); // not an order of this store
            trackingTech.advance(6301, "in_transit", "TT6301CL");
            await().atMost(Duration.ofSeconds(20)).until(() -> customerNotes(store, 6301).size() == 1);
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                    assertThat(app.history(6399)).extracting(d -> d.decision() + ": " + d.reason())
                            .containsExactly("write-back-failed: WooCommerce answered HTTP 404 to POST a note on order 6399:"
                                    + " woocommerce_rest_order_invalid_id: Invalid order ID."));
            await().atMost(Duration.ofSeconds(10)).until(() ->
                    app.bean("wootrackCheckpoints", Checkpoints.class).get(Checkpoints.FEED_CURSOR).orElse("").equals("c_2"));
        }
    }

    @Test
    void aPassingFailureIsRedeliveredAndRevokedKeysStopTheFeedWithAnAlarm() throws Exception {
        store.addOrder(6401, "processing", store.now().minusSeconds(30));
        Map<String, String> s = TestApp.settings(dataDir, trackingTech, store);
        s.put("wootrack.woocommerce.poll.enabled", "false");
        try (TestApp app = TestApp.start(s)) {
            app.webhook(store.order(6401).toString(), "order.updated");
            await().atMost(Duration.ofSeconds(20)).until(() -> trackingTech.created() == 1);
            // the next WooCommerce call (the re-read is done: the note) answers 503 once
            store.answerNext(503, "{\"code\":\"busy\",\"message\":\"try later\",\"data\":{\"status\":503}}", Map.of());
            trackingTech.advance(6401, "in_transit", "TT6401CL");
            await().atMost(Duration.ofSeconds(20)).until(() -> "in_transit".equals(meta(store.order(6401),
                    "_trackingtech_status")));
            assertThat(customerNotes(store, 6401)).hasSize(1);

            store.revokeKeys();
            trackingTech.advance(6401, "delivered", "TT6401CL");
            await().atMost(Duration.ofSeconds(20)).until(() -> app.runtime().context().getRouteController()
                    .getRouteStatus("wootrack-trackingtech-status-feed").isStopped());
            java.net.http.HttpResponse<String> health = java.net.http.HttpClient.newHttpClient().send(
                    java.net.http.HttpRequest.newBuilder(java.net.URI.create(app.url("/observe/health"))).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(health.statusCode()).isEqualTo(503);
            assertThat(health.body()).contains("woocommerce-access");
            assertThat(store.order(6401).path("status").asText()).isEqualTo("processing");
            assertThat(app.bean("wootrackCheckpoints", Checkpoints.class).get(Checkpoints.FEED_CURSOR))
                    .as("the page that could not be written is read again after the restart").contains("c_1");
        }
        assertThat(log.list).extracting(ILoggingEvent::getFormattedMessage)
                .anyMatch(m -> m.startsWith("ALARM: WooCommerce refused access; route 'wootrack-trackingtech-status-feed'"));
    }
}
