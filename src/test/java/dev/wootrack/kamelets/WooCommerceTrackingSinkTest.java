package dev.wootrack.kamelets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.wootrack.sandbox.WooCommerceSimulator;
import dev.wootrack.woocommerce.WooCommerceException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangePattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** wootrack-woocommerce-tracking-sink alone, in a plain CamelContext, against the WooCommerce simulator. */
class WooCommerceTrackingSinkTest {

    private static final String K = "camel.kamelet.wootrack-woocommerce-tracking-sink.";
    private static final String ROUTE = """
            - route:
                id: write-back
                from:
                  uri: direct:write-back
                  steps:
                    - to:
                        uri: kamelet:wootrack-woocommerce-tracking-sink
                        parameters:
                          noErrorHandler: true
                          orderId: "${body[wooOrderId]}"
                          trackingNumber: "${body[trackingNumber]}"
                          trackingUrl: "${body[trackingUrl]}"
                          trackingStatus: "${body[status]}"
                          orderStatus: "${exchangeProperty.mapped}"
                          dateShipped: "2026-12-01"
            """;

    private WooCommerceSimulator store;
    private KameletHost host;

    @BeforeEach
    void store() throws Exception {
        store = new WooCommerceSimulator();
        store.addOrder(727, "processing", Instant.now().minusSeconds(60));
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

    private Exchange write(Map<String, Object> status, String mapped) {
        return host.template().send("direct:write-back", ExchangePattern.InOut, e -> {
            e.getMessage().setBody(status);
            if (mapped != null) {
                e.setProperty("mapped", mapped);
            }
        });
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
    void writesNoteShipmentTrackingAndOrderUpdate() throws Exception {
        host.start(ROUTE);
        Exchange out = write(Map.of("wooOrderId", 727, "status", "delivered", "trackingNumber", "TT123456789CL",
                "trackingUrl", "https://trackingtech.cl/t/TT123456789CL"), "completed");
        assertThat(out.getException()).isNull();

        List<ObjectNode> notes = store.notes(727).stream().filter(n -> n.path("customer_note").asBoolean()).toList();
        assertThat(notes).hasSize(1);
        assertThat(notes.get(0).path("note").asText())
                .isEqualTo("Tracking number TT123456789CL: https://trackingtech.cl/t/TT123456789CL");
        assertThat(store.shipmentTrackings(727)).hasSize(1);
        ObjectNode entry = store.shipmentTrackings(727).get(0);
        assertThat(entry.path("tracking_number").asText()).isEqualTo("TT123456789CL");
        assertThat(entry.path("custom_tracking_provider").asText()).isEqualTo("TrackingTech");
        assertThat(entry.path("custom_tracking_link").asText()).isEqualTo("https://trackingtech.cl/t/TT123456789CL");
        ObjectNode order = store.order(727);
        assertThat(order.path("status").asText()).isEqualTo("completed");
        assertThat(meta(order, "_trackingtech_tracking_number")).isEqualTo("TT123456789CL");
        assertThat(meta(order, "_trackingtech_status")).isEqualTo("delivered");
        // the body out is WooCommerce's answer to the update
        assertThat(out.getMessage().getBody(String.class)).contains("\"id\":727", "\"status\":\"completed\"");
        assertThat(out.getProperties()).doesNotContainKeys(TrackingUpdate.UPDATE, TrackingUpdate.HAS_NOTE);

        assertThat(store.requests()).extracting(r -> r.method() + " " + r.path()).containsExactly(
                "POST /wp-json/wc/v3/orders/727/notes",
                "POST /wp-json/wc-shipment-tracking/v3/orders/727/shipment-trackings",
                "PUT /wp-json/wc/v3/orders/727");
        assertThat(store.requests()).allSatisfy(r -> assertThat(r.header("Authorization")).startsWith("OAuth "));
    }

    @Test
    void withoutTrackingNumberOnlyTheMetaAndNoStatusChange() throws Exception {
        host.start(ROUTE);
        Exchange out = write(Map.of("wooOrderId", 727, "status", "label_created"), null);
        assertThat(out.getException()).isNull();
        assertThat(store.requests()).extracting(r -> r.method() + " " + r.path())
                .containsExactly("PUT /wp-json/wc/v3/orders/727");
        assertThat(store.order(727).path("status").asText()).isEqualTo("processing");
        assertThat(meta(store.order(727), "_trackingtech_status")).isEqualTo("label_created");
    }

    @Test
    void withoutTheShipmentTrackingExtensionTheNoteAndTheUpdateStillGo() throws Exception {
        store.shipmentTrackingInstalled(false);
        host.start(ROUTE);
        Exchange out = write(Map.of("wooOrderId", 727, "status", "in_transit", "trackingNumber", "TT9"), null);
        assertThat(out.getException()).isNull();
        assertThat(out.getMessage().getHeader("WooTrackShipmentTracking")).isEqualTo("absent");
        assertThat(store.notes(727).stream().filter(n -> n.path("customer_note").asBoolean())).hasSize(1);
        assertThat(meta(store.order(727), "_trackingtech_tracking_number")).isEqualTo("TT9");
    }

    @Test
    void refusedKeysAreAccessDeniedAndAMissingOrderIsRejected() throws Exception {
        host.start(ROUTE);
        assertThat(write(Map.of("wooOrderId", 999, "status", "in_transit"), null).getException())
                // WooCommerce answers a PUT of an unknown order with 400 woocommerce_rest_shop_order_invalid_id
                .isInstanceOf(WooCommerceException.Rejected.class).hasMessageContaining("PUT order 999")
                .hasMessageContaining("woocommerce_rest_shop_order_invalid_id");
        store.revokeKeys();
        assertThat(write(Map.of("wooOrderId", 727, "status", "in_transit", "trackingNumber", "TT9"), null).getException())
                .isInstanceOf(WooCommerceException.AccessDenied.class).hasMessageContaining("POST a note on order 727");
    }

    @Test
    void requiredPropertiesAreEnforced() {
        KameletHost noOrderId = new KameletHost()
                .property(K + "storeUrl", store.url())
                .property(K + "consumerKey", WooCommerceSimulator.CONSUMER_KEY)
                .property(K + "consumerSecret", WooCommerceSimulator.CONSUMER_SECRET);
        try (noOrderId) {
            assertThatThrownBy(() -> noOrderId.start(ROUTE.replace("orderId: \"${body[wooOrderId]}\"", "note: x")))
                    .hasStackTraceContaining("orderId");
        }
    }
}
