package dev.wootrack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.wootrack.sandbox.TrackingTechSandbox;
import dev.wootrack.sandbox.WooCommerceSimulator;
import dev.wootrack.trackingtech.TrackingTechConnection;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code /observe/health}, {@code /observe/health/ready} and {@code /observe/health/live} in each state an operator
 * meets. Not connected is a state, not a fault: everything UP, the check's detail says {@code disconnected}.
 * TrackingTech refusing the token, or WooCommerce refusing the keys, is a fault: {@code /observe/health} DOWN (503)
 * with the check and the reason. Readiness says whether this node can take webhooks, which it can in all these
 * states (orders are committed and park): a load balancer keeps it; liveness (restart me) stays UP too.
 */
class HealthTest {

    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dataDir;
    TrackingTechSandbox trackingTech;
    WooCommerceSimulator store;

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

    record Health(int status, JsonNode body) {
        /** The named check's entry of a full answer, or a missing node. */
        JsonNode check(String name) {
            for (JsonNode c : body.path("checks")) {
                if (name.equals(c.path("name").asText())) {
                    return c;
                }
            }
            return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
        }
    }

    static Health health(TestApp app, String path) throws Exception {
        RawHttp.Answer a = RawHttp.send(Integer.parseInt(app.url("").replaceAll(".*:", "")), "GET", path, null);
        return new Health(a.status(), JSON.readTree(a.body()));
    }

    @Test
    void notConnectedIsUpEverywhereWithTheStateInTheDetails() throws Exception {
        Map<String, String> s = TestApp.settings(dataDir, trackingTech);
        s.remove("wootrack.trackingtech.token");
        s.remove("wootrack.trackingtech.store-id");
        s.remove("wootrack.trackingtech.customer-id");
        try (TestApp app = TestApp.start(s)) {
            assertThat(app.webhook(Fixtures.recentOrder(9101, "processing"), "order.updated").statusCode())
                    .isEqualTo(200);
            await().atMost(Duration.ofSeconds(10)).until(() -> app.decisions(9101).contains("parked"));

            Health all = health(app, "/observe/health?exposureLevel=full&data=true");
            assertThat(all.status()).isEqualTo(200);
            assertThat(all.body().path("status").asText()).isEqualTo("UP");
            assertThat(all.check("trackingtech-connection").path("status").asText()).isEqualTo("UP");
            assertThat(all.check("trackingtech-connection").path("data").path("state").asText()).as("%s", all.body())
                    .isEqualTo("disconnected");
            assertThat(all.check("trackingtech-connection").path("message").asText()).contains("parked");
            assertThat(health(app, "/observe/health").status()).isEqualTo(200);
            assertThat(health(app, "/observe/health/ready").status()).isEqualTo(200);
            assertThat(health(app, "/observe/health/live").status()).isEqualTo(200);
        }
    }

    /**
     * Issue 15: the per-endpoint exchange event notifier is off (it cost CPU on every send of every order); the
     * per-route counters people graph are still there.
     */
    @Test
    void metricsKeepThePerRouteCountersWithoutThePerEndpointNotifier() throws Exception {
        try (TestApp app = TestApp.start(TestApp.settings(dataDir, trackingTech))) {
            assertThat(app.webhook(Fixtures.recentOrder(9151, "processing"), "order.updated").statusCode()).isEqualTo(200);
            await().atMost(Duration.ofSeconds(10)).until(() -> app.decisions(9151).contains("sent"));
            RawHttp.Answer metrics = RawHttp.send(Integer.parseInt(app.url("").replaceAll(".*:", "")), "GET",
                    "/observe/metrics", null);
            assertThat(metrics.status()).isEqualTo(200);
            assertThat(metrics.body()).containsPattern("camel_exchanges_total\\{[^}]*routeId=\"wootrack-order-entry\"")
                    .containsPattern("camel_exchanges_failed_total\\{[^}]*routeId=\"wootrack-deliver-order\"")
                    .doesNotContain("camel_exchange_event_notifier");
        }
    }

    @Test
    void aRefusedTokenIsDownButTheNodeStaysReadyForWebhooks() throws Exception {
        try (TestApp app = TestApp.start(TestApp.settings(dataDir, trackingTech))) {
            assertThat(health(app, "/observe/health").status()).isEqualTo(200);
            trackingTech.revoke(TrackingTechSandbox.TOKEN);
            app.webhook(Fixtures.recentOrder(9201, "processing"), "order.updated");
            await().atMost(Duration.ofSeconds(10)).until(() -> app.bean("wootrackConnection", TrackingTechConnection.class)
                    .getState() == TrackingTechConnection.State.LOGIN_REQUIRED);

            Health all = health(app, "/observe/health");
            assertThat(all.status()).isEqualTo(503);
            assertThat(all.body().path("status").asText()).isEqualTo("DOWN");
            assertThat(all.check("trackingtech-connection").path("status").asText()).isEqualTo("DOWN");
            assertThat(all.check("trackingtech-connection").path("message").asText()).isNotBlank();
            Health ready = health(app, "/observe/health/ready");
            assertThat(ready.status()).as("ready: %s", ready.body()).isEqualTo(200);
            assertThat(health(app, "/observe/health/live").status()).isEqualTo(200);
            // and it does take webhooks: committed, parked until the next connect
            assertThat(app.webhook(Fixtures.recentOrder(9202, "processing"), "order.updated").statusCode())
                    .isEqualTo(200);
            await().atMost(Duration.ofSeconds(10)).until(() -> app.decisions(9202).contains("parked"));
        }
    }

    @Test
    void refusedWooCommerceKeysAreDownButTheNodeStaysReadyForWebhooks() throws Exception {
        store.revokeKeys();
        try (TestApp app = TestApp.start(TestApp.settings(dataDir, trackingTech, store))) {
            await().atMost(Duration.ofSeconds(20)).until(() ->
                    app.runtime().context().getRouteController().getRouteStatus("wootrack-woocommerce-poll").isStopped());

            Health all = health(app, "/observe/health");
            assertThat(all.status()).isEqualTo(503);
            assertThat(all.check("woocommerce-access").path("status").asText()).isEqualTo("DOWN");
            assertThat(all.check("woocommerce-access").path("message").asText()).isNotBlank();
            Health ready = health(app, "/observe/health/ready");
            assertThat(ready.status()).as("ready: %s", ready.body()).isEqualTo(200);
            assertThat(health(app, "/observe/health/live").status()).isEqualTo(200);
            // webhooks are taken (the re-read is refused too: the signed body is used as it came)
            store.addOrder(9301, "processing", store.now());
            store.webhookTarget(app.url("/webhooks/woocommerce"), TestApp.SECRET);
            assertThat(store.sendWebhook(9301, "order.updated")).isEqualTo(200);
            await().atMost(Duration.ofSeconds(10)).until(() -> app.decisions(9301).contains("sent"));
        }
    }
}
