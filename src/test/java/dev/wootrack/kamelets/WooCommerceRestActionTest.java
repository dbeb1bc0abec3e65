package dev.wootrack.kamelets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wootrack.sandbox.WooCommerceSimulator;
import dev.wootrack.woocommerce.WooCommerceException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangePattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** wootrack-woocommerce-rest-action alone, in a plain CamelContext, against the WooCommerce simulator over loopback. */
class WooCommerceRestActionTest {

    private static final String K = "camel.kamelet.wootrack-woocommerce-rest-action.";

    private WooCommerceSimulator store;
    private KameletHost host;

    @BeforeEach
    void store() throws Exception {
        store = new WooCommerceSimulator();
        store.addOrder(727, "processing", Instant.now().minusSeconds(60));
        store.addOrder(728, "processing", Instant.now().minusSeconds(30));
        host = new KameletHost()
                .property(K + "storeUrl", store.url())
                .property(K + "consumerKey", WooCommerceSimulator.CONSUMER_KEY)
                .property(K + "consumerSecret", WooCommerceSimulator.CONSUMER_SECRET);
    }

    @AfterEach
    void stop() {
        host.close();
        store.close();
    }

    private static String caller(String kameletUri) {
        return """
                - route:
                    id: call
                    from:
                      uri: direct:call
                      steps:
                        - to:
                %s
                """.formatted(KameletHost.to(kameletUri));
    }

    private Exchange call(Map<String, Object> properties, Object body) {
        return host.template().send("direct:call", ExchangePattern.InOut, e -> {
            properties.forEach(e::setProperty);
            e.getMessage().setBody(body);
            e.getMessage().setHeader("X-Inbound", "must not travel");
            e.getMessage().setHeader("CamelHttpQuery", "from=the-caller");
        });
    }

    @Test
    void readsAPageOverOAuth1WithTheTotalsHeaders() throws Exception {
        host.start(caller("""
                kamelet:wootrack-woocommerce-rest-action
                                parameters:
                                  noErrorHandler: true
                                  path: "RAW(orders?status=processing&per_page=${exchangeProperty.perPage}&page=1)"
                                  call: "GET orders page 1"
                """));
        Exchange out = call(Map.of("perPage", 1), null);
        assertThat(out.getException()).isNull();
        assertThat(out.getMessage().getBody()).isInstanceOf(String.class);
        assertThat(out.getMessage().getBody(String.class)).startsWith("[").contains("\"id\":");
        assertThat(out.getMessage().getHeader("X-WP-Total", String.class)).isEqualTo("2");
        assertThat(out.getMessage().getHeader("X-WP-TotalPages", String.class)).isEqualTo("2");
        assertThat(out.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, Integer.class)).isEqualTo(200);
        assertThat(out.getMessage().getHeaders()).doesNotContainKeys("Authorization", "X-Inbound", "CamelHttpUri");

        WooCommerceSimulator.Request sent = store.requests().get(0);
        assertThat(sent.method()).isEqualTo("GET");
        assertThat(sent.path()).isEqualTo("/wp-json/wc/v3/orders");
        assertThat(sent.params()).containsEntry("status", "processing").containsEntry("per_page", "1")
                .containsEntry("page", "1").doesNotContainKeys("from", "consumer_key");
        assertThat(sent.header("Authorization")).startsWith("OAuth ").contains("oauth_signature=");
        assertThat(sent.header("X-Inbound")).isNull();
    }

    @Test
    void anAmpersandInAYamlParameterCutsTheValue() throws Exception {
        // YAML parameters: on a to: are joined into the URI as they are, not encoded: '&' ends the path, and what
        // follows becomes other (unknown, silently ignored) Kamelet parameters. RAW(...) or %26 keeps it whole.
        host.start(caller("""
                kamelet:wootrack-woocommerce-rest-action
                                parameters:
                                  noErrorHandler: true
                                  path: "orders?status=processing&per_page=1"
                """));
        assertThat(call(Map.of(), null).getException()).isNull();
        assertThat(store.requests().get(0).params()).containsEntry("status", "processing").doesNotContainKey("per_page");
    }

    @Test
    void basicOverHttpsAndAPutWithTheOrderIdFromTheExchange() throws Exception {
        store.secure(true); // WordPress behind a TLS proxy: it sees HTTPS, Basic works
        host.property(K + "auth", "basic");
        host.start(caller("""
                kamelet:wootrack-woocommerce-rest-action
                                parameters:
                                  noErrorHandler: true
                                  method: PUT
                                  path: "orders/${exchangeProperty.orderId}"
                """));
        Exchange out = call(Map.of("orderId", 728L), "{\"status\":\"completed\"}");
        assertThat(out.getException()).isNull();
        assertThat(out.getMessage().getBody(String.class)).contains("\"status\":\"completed\"");
        assertThat(store.order(728).path("status").asText()).isEqualTo("completed");
        WooCommerceSimulator.Request sent = store.requests().get(0);
        assertThat(sent.method()).isEqualTo("PUT");
        assertThat(sent.path()).isEqualTo("/wp-json/wc/v3/orders/728");
        assertThat(sent.header("Authorization")).isEqualTo("Basic " + Base64.getEncoder().encodeToString(
                (WooCommerceSimulator.CONSUMER_KEY + ":" + WooCommerceSimulator.CONSUMER_SECRET)
                        .getBytes(StandardCharsets.UTF_8)));
        assertThat(sent.header("Content-Type")).startsWith("application/json");
    }

    @Test
    void anAbsoluteWpJsonPathReachesShipmentTracking() throws Exception {
        host.start(caller("""
                kamelet:wootrack-woocommerce-rest-action
                                parameters:
                                  noErrorHandler: true
                                  method: POST
                                  path: "/wp-json/wc-shipment-tracking/v3/orders/${exchangeProperty.orderId}/shipment-trackings"
                """));
        Exchange out = call(Map.of("orderId", 727L), "{\"tracking_number\":\"TT1\",\"custom_tracking_provider\":"
                + "\"TrackingTech\",\"custom_tracking_link\":\"https://trackingtech.cl/t/TT1\",\"date_shipped\":\"2026-12-01\"}");
        assertThat(out.getException()).isNull();
        assertThat(store.requests().get(0).path()).isEqualTo("/wp-json/wc-shipment-tracking/v3/orders/727/shipment-trackings");
        assertThat(store.shipmentTrackings(727)).hasSize(1);
        assertThat(store.shipmentTrackings(727).get(0).path("tracking_number").asText()).isEqualTo("TT1");
    }

    @Test
    void answersButTwoHundredAreTypedFailures() throws Exception {
        host.start(caller("""
                kamelet:wootrack-woocommerce-rest-action
                                parameters:
                                  noErrorHandler: true
                                  path: "${exchangeProperty.path}"
                                  call: "GET ${exchangeProperty.path}"
                """));
        Throwable notFound = call(Map.of("path", "orders/999"), null).getException();
        assertThat(notFound).isInstanceOf(WooCommerceException.NotFound.class).hasMessageContaining("GET orders/999");
        assertThat(((WooCommerceException) notFound).getCode()).isEqualTo("woocommerce_rest_shop_order_invalid_id");
        assertThat(call(Map.of("path", "orders?per_page=500"), null).getException())
                .isInstanceOf(WooCommerceException.Rejected.class).hasMessageContaining("rest_invalid_param");
        store.answerNext(503, "<html>maintenance</html>", Map.of());
        assertThat(call(Map.of("path", "orders/727"), null).getException())
                .isInstanceOf(WooCommerceException.Unavailable.class).hasMessageContaining("HTTP 503");
        store.revokeKeys();
        Throwable refused = call(Map.of("path", "orders/727"), null).getException();
        assertThat(refused).isInstanceOf(WooCommerceException.AccessDenied.class);
        assertThat(((WooCommerceException) refused).getStatus()).isEqualTo(401);
    }

    @Test
    void requiredPropertiesAreEnforced() throws Exception {
        KameletHost noSecret = new KameletHost()
                .property(K + "storeUrl", store.url())
                .property(K + "consumerKey", WooCommerceSimulator.CONSUMER_KEY);
        try (noSecret) {
            assertThatThrownBy(() -> noSecret.start(caller("kamelet:wootrack-woocommerce-rest-action?path=orders")))
                    .hasStackTraceContaining("consumerSecret");
        }
        KameletHost blankKey = new KameletHost()
                .property(K + "storeUrl", store.url())
                .property(K + "consumerKey", " ")
                .property(K + "consumerSecret", WooCommerceSimulator.CONSUMER_SECRET);
        try (blankKey) {
            // blank keys start (a webhook-only WooTrack never calls), and a call without them is refused
            blankKey.start(caller("kamelet:wootrack-woocommerce-rest-action?path=orders"));
            Exchange out = blankKey.template().send("direct:call", e -> e.getMessage().setBody(null));
            assertThat(out.getException()).hasMessageContaining("no call without consumerKey and consumerSecret");
            assertThat(store.requests()).isEmpty();
        }
    }
}
