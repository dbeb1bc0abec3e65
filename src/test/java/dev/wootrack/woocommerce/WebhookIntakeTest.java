package dev.wootrack.woocommerce;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.wootrack.Fixtures;
import dev.wootrack.store.IncomingOrder;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class WebhookIntakeTest {

    static final WebhookSignature SIGNATURE = new WebhookSignature("s3cret");
    static final WebhookIntake INTAKE = new WebhookIntake(SIGNATURE, new ObjectMapper(), 1024 * 1024);

    @Test
    void woocommercesOwnTestVector() {
        WebhookSignature empty = new WebhookSignature("");
        byte[] payload = "secret".getBytes(StandardCharsets.UTF_8);
        assertThat(empty.sign(payload)).isEqualTo("GBDo00G55h6IiV+6CxqivQPLbI//KzaOZm747971tPs=");
        assertThat(empty.matches(payload, "GBDo00G55h6IiV+6CxqivQPLbI//KzaOZm747971tPs=")).isTrue();
        assertThat(empty.matches(payload, "GBDo00G55h6IiV+6CxqivQPLbI//KzaOZm747971tPt=")).isFalse();
        assertThat(new WebhookSignature("other").matches(payload, "GBDo00G55h6IiV+6CxqivQPLbI//KzaOZm747971tPs="))
                .isFalse();
    }

    @Test
    void acceptsASignedOrder() {
        byte[] body = Fixtures.read("order-single.wc-v3.json").getBytes(StandardCharsets.UTF_8);
        IncomingOrder order = INTAKE.accept(body, SIGNATURE.sign(body), "order.updated");
        assertThat(order.orderId()).isEqualTo(727);
        assertThat(order.status()).isEqualTo("processing");
        assertThat(order.topic()).isEqualTo("order.updated");
        assertThat(order.payload().getBytes(StandardCharsets.UTF_8)).isEqualTo(body);
    }

    @Test
    void acceptsADeletedOrder() {
        byte[] body = "{\"id\":727}".getBytes(StandardCharsets.UTF_8);
        IncomingOrder order = INTAKE.accept(body, SIGNATURE.sign(body), "order.deleted");
        assertThat(order.orderId()).isEqualTo(727);
        assertThat(order.status()).isNull();
    }

    @Test
    void signatureOverOtherBytesIsRefused() {
        byte[] body = "{\"id\":1,\"status\":\"processing\"}".getBytes(StandardCharsets.UTF_8);
        byte[] other = "{\"id\":1, \"status\":\"processing\"}".getBytes(StandardCharsets.UTF_8);
        assertRejected(body, SIGNATURE.sign(other), "order.updated", 401, "signature_mismatch");
        assertRejected(body, null, "order.updated", 401, "signature_missing");
    }

    @Test
    void badBodiesAreRefusedWithTheReason() {
        assertRejected("not json", 400, "invalid_json");
        assertRejected("[1,2]", 400, "not_an_order");
        assertRejected("{\"id\":\"727\",\"status\":\"processing\"}", 400, "not_an_order");
        assertRejected("{\"id\":727,\"status\":5}", 400, "not_an_order");
        assertRejected("{\"order\":{\"id\":727}}", 400, "legacy_payload");
        assertRejected("[".repeat(10_000), 400, "invalid_json");
        byte[] invalidUtf8 = {'{', '"', 'i', 'd', '"', ':', '1', ',', '"', 's', 't', 'a', 't', 'u', 's', '"', ':',
                '"', (byte) 0xC3, (byte) 0x28, '"', '}'};
        assertRejected(invalidUtf8, SIGNATURE.sign(invalidUtf8), "order.updated", 400, "invalid_json");
        byte[] product = "{\"id\":1}".getBytes(StandardCharsets.UTF_8);
        assertRejected(product, SIGNATURE.sign(product), "product.updated", 400, "not_an_order");
    }

    @Test
    void aBodyThatIsNotAnOrdersShapeIsRefusedAtTheDoorNamingTheField() {
        String order = Fixtures.read("order-single.wc-v3.json");
        assertThat(message(order.replaceFirst("\"line_items\": \\[", "\"line_items\": \"none\", \"x\": ["), 400,
                "not_an_order")).isEqualTo("not an order: 'line_items' must be an array");
        assertThat(message("{\"id\":727,\"status\":\"processing\",\"billing\":\"ana.rojas@correo.cl\"}", 400,
                "not_an_order")).isEqualTo("not an order: 'billing' must be an object");
        assertThat(message("{\"id\":727,\"status\":\"processing\",\"line_items\":[{\"quantity\":\"+56 9 8765\"}]}",
                400, "not_an_order")).isEqualTo("not an order: 'line_items[0].quantity' must be a number");
        assertThat(message("{\"id\":\"727\",\"status\":\"processing\"}", 400, "not_an_order")).contains("'id'");
    }

    @Test
    void statusesAreWooCommerceSlugsAndTopicsFitTheInbox() {
        assertThat(message("{\"id\":727,\"status\":\"" + "x".repeat(100) + "\"}", 400, "not_an_order"))
                .isEqualTo("'status' (100 characters) is not a WooCommerce status: a slug of a-z, 0-9, '_' and '-',"
                        + " at most 60 characters");
        message("{\"id\":727,\"status\":\"Processing\"}", 400, "not_an_order");
        message("{\"id\":727,\"status\":\"on hold\"}", 400, "not_an_order");
        byte[] ok = "{\"id\":727,\"status\":\"wc-custom_status-2\"}".getBytes(StandardCharsets.UTF_8);
        assertThat(INTAKE.accept(ok, SIGNATURE.sign(ok), "order.updated").status()).isEqualTo("wc-custom_status-2");
        byte[] sixty = ("{\"id\":727,\"status\":\"" + "s".repeat(60) + "\"}").getBytes(StandardCharsets.UTF_8);
        assertThat(INTAKE.accept(sixty, SIGNATURE.sign(sixty), "order.updated").status()).hasSize(60);
        assertRejected(ok, SIGNATURE.sign(ok), "order." + "x".repeat(60), 400, "not_an_order");
    }

    @Test
    void aParseErrorSaysWhereNotWhatTheBodySays() {
        String m = message("{\"id\":727,\"status\":\"processing\",\"billing\":{\"email\": ana.rojas@correo.cl,"
                + " \"phone\": +56 9 8765 4321}}", 400, "invalid_json");
        assertThat(m).isEqualTo("body is not JSON: invalid JSON syntax (unexpected character or token) at line 1,"
                + " column 53").doesNotContain("ana").doesNotContain("8765");
    }

    @Test
    void theDeliveryOfALogLineNamesOnlyWhatTheRequestCarried() {
        assertThat(WebhookIntake.delivery(null, null)).isEmpty();
        assertThat(WebhookIntake.delivery("", " ")).isEmpty();
        assertThat(WebhookIntake.delivery("d41d8", null)).isEqualTo(" (delivery d41d8)");
        assertThat(WebhookIntake.delivery(null, "12")).isEqualTo(" (webhook 12)");
        assertThat(WebhookIntake.delivery("d41d8", "12")).isEqualTo(" (delivery d41d8, webhook 12)");
    }

    @Test
    void errorBodyIsJsonEvenWithQuotesInTheMessage() {
        assertThat(INTAKE.errorBody("legacy_payload", "body {\"order\":{}}"))
                .isEqualTo("{\"error\":\"legacy_payload\",\"message\":\"body {\\\"order\\\":{}}\"}");
    }

    /** The refusal's message, after checking its status and code. */
    private static String message(String body, int status, String code) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        WebhookRejected e = org.assertj.core.api.Assertions.catchThrowableOfType(WebhookRejected.class,
                () -> INTAKE.accept(bytes, SIGNATURE.sign(bytes), "order.updated"));
        assertThat(e).as("refused: %s", body.length() > 80 ? body.substring(0, 80) : body).isNotNull();
        assertThat(e.getStatus()).isEqualTo(status);
        assertThat(e.getCode()).isEqualTo(code);
        return e.getMessage();
    }

    private static void assertRejected(String body, int status, String code) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        assertRejected(bytes, SIGNATURE.sign(bytes), "order.updated", status, code);
    }

    private static void assertRejected(byte[] body, String signature, String topic, int status, String code) {
        assertThatThrownBy(() -> INTAKE.accept(body, signature, topic))
                .isInstanceOfSatisfying(WebhookRejected.class, e -> {
                    assertThat(e.getStatus()).isEqualTo(status);
                    assertThat(e.getCode()).isEqualTo(code);
                });
    }
}
