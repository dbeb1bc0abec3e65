package dev.wootrack.woocommerce;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.wootrack.trackingtech.TtOrderStatus;
import java.time.Clock;
import org.junit.jupiter.api.Test;

/** What a TrackingTech status becomes in WooCommerce, and how WooCommerce's errors are reported. */
class TrackingWriteBackTest {

    private final ObjectMapper json = new ObjectMapper();
    private final TrackingWriteBack writeBack = new TrackingWriteBack(json, null, Clock.systemUTC(),
            "Tracking {trackingNumber}: {trackingUrl}", "TrackingTech", "delivered:completed, returned:on-hold");
    private final TtOrderStatus inTransit = new TtOrderStatus("tt_1", "727", "in_transit", null, "TT123456789CL",
            "https://trackingtech.cl/t/TT123456789CL", "2026-05-20T09:00:00Z");

    @Test
    void theNoteTheEntryAndTheMeta() throws Exception {
        assertThat(json.readTree(writeBack.note(inTransit))).isEqualTo(json.readTree(
                "{\"note\":\"Tracking TT123456789CL: https://trackingtech.cl/t/TT123456789CL\",\"customer_note\":true}"));
        assertThat(json.readTree(writeBack.shipmentTrackingEntry(inTransit))).isEqualTo(json.readTree(
                "{\"tracking_number\":\"TT123456789CL\",\"custom_tracking_provider\":\"TrackingTech\","
                        + "\"custom_tracking_link\":\"https://trackingtech.cl/t/TT123456789CL\",\"date_shipped\":\"2026-05-20\"}"));
        JsonNode update = json.readTree(writeBack.orderUpdate(inTransit));
        assertThat(update.has("status")).as("in_transit changes no status").isFalse();
        assertThat(update.path("meta_data").toString()).isEqualTo(
                "[{\"key\":\"_trackingtech_tracking_number\",\"value\":\"TT123456789CL\"},"
                        + "{\"key\":\"_trackingtech_status\",\"value\":\"in_transit\"}]");
    }

    @Test
    void onlyTheStatusMapChangesTheOrderStatus() throws Exception {
        assertThat(writeBack.mappedStatus("delivered")).isEqualTo("completed");
        assertThat(writeBack.mappedStatus("returned")).isEqualTo("on-hold");
        assertThat(writeBack.mappedStatus("in_transit")).isNull();
        TtOrderStatus delivered = new TtOrderStatus("tt_1", "727", "delivered", "Entregado", "TT1", null, null);
        assertThat(json.readTree(writeBack.orderUpdate(delivered)).path("status").asText()).isEqualTo("completed");
        assertThat(TrackingWriteBack.parseMap("")).isEmpty();
        assertThatThrownBy(() -> TrackingWriteBack.parseMap("delivered")).hasMessageContaining("status-map");
    }

    @Test
    void theVersionOurUpdateProduced() {
        assertThat(writeBack.writtenVersion("{\"id\":727,\"date_modified_gmt\":\"2026-11-27T10:00:01\"}"))
                .isEqualTo("727@2026-11-27T10:00:01");
    }

    @Test
    void wooCommerceErrorsAreReportedAsSuch() {
        WooCommerceResponses responses = new WooCommerceResponses(json);
        assertThatThrownBy(() -> responses.check(401, "{\"code\":\"woocommerce_rest_authentication_error\","
                + "\"message\":\"Invalid signature - provided signature does not match.\",\"data\":{\"status\":401}}",
                "GET orders page 1"))
                .isInstanceOf(WooCommerceException.AccessDenied.class)
                .hasMessageStartingWith("WooCommerce answered HTTP 401 to GET orders page 1:"
                        + " woocommerce_rest_authentication_error: Invalid signature - provided signature does not match.");
        assertThatThrownBy(() -> responses.check(404, "{\"code\":\"rest_no_route\",\"message\":\"No route\"}", "x"))
                .isInstanceOfSatisfying(WooCommerceException.NotFound.class,
                        e -> assertThat(e.getCode()).isEqualTo("rest_no_route"));
        assertThatThrownBy(() -> responses.check(502, "<html>Bad gateway</html>", "x"))
                .isInstanceOf(WooCommerceException.Unavailable.class).hasMessageEndingWith("<html>Bad gateway</html>");
        assertThatThrownBy(() -> responses.check(400, "{\"code\":\"rest_invalid_param\",\"message\":\"Invalid parameter(s): per_page\"}", "x"))
                .isInstanceOf(WooCommerceException.Rejected.class);
    }
}
