package dev.wootrack.woocommerce;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.wootrack.JsonProblem;
import dev.wootrack.store.InboxItem;
import dev.wootrack.store.IncomingOrder;
import java.nio.charset.StandardCharsets;

/**
 * Checks one WooCommerce webhook delivery and turns it into an {@link IncomingOrder}, or refuses it with
 * a {@link WebhookRejected} that says what was wrong (never what the secret or the customer's data is).
 */
public final class WebhookIntake {

    private final WebhookSecrets secrets;
    private final ObjectMapper json;
    private final long maxBodyBytes;
    private final java.util.concurrent.atomic.AtomicLong signatureFailures = new java.util.concurrent.atomic.AtomicLong();
    private volatile java.time.Instant lastSignatureFailure;
    private volatile java.time.Instant lastSigned;

    /** What this node has seen since it started: the console's webhook health. */
    public record Health(java.time.Instant lastSigned, long signatureFailures, java.time.Instant lastSignatureFailure) {
    }

    /** Deliveries signed with this one secret. */
    public WebhookIntake(WebhookSignature signature, ObjectMapper json, long maxBodyBytes) {
        this(WebhookSecrets.of(signature), json, maxBodyBytes);
    }

    /** Deliveries signed with one of these secrets: WooTrack's own (installed webhooks) or the configured one. */
    public WebhookIntake(WebhookSecrets secrets, ObjectMapper json, long maxBodyBytes) {
        this.secrets = secrets;
        this.json = json;
        this.maxBodyBytes = maxBodyBytes;
    }

    /**
     * @param body      the raw request body, exactly as received (the signature is over these bytes)
     * @param signature the {@code X-WC-Webhook-Signature} header
     * @param topic     the {@code X-WC-Webhook-Topic} header, e.g. {@code order.updated}; may be null
     */
    public Health health() {
        return new Health(lastSigned, signatureFailures.get(), lastSignatureFailure);
    }

    private void signatureFailed() {
        signatureFailures.incrementAndGet();
        lastSignatureFailure = java.time.Instant.now();
    }

    public IncomingOrder accept(byte[] body, String signature, String topic) {
        return accept(body, signature, topic, "application/json");
    }

    /**
     * As {@link #accept(byte[], String, String)}, with the {@code Content-Type} header: WooCommerce always sends
     * {@code application/json}; anything else is refused with 415 before the signature is looked at.
     */
    public IncomingOrder accept(byte[] body, String signature, String topic, String contentType) {
        if (!isJson(contentType)) {
            throw new WebhookRejected(415, "unsupported_media_type", "Content-Type '" + printable(
                    contentType == null ? "" : contentType) + "' is not application/json");
        }
        if (body == null) {
            body = new byte[0];
        }
        if (body.length > maxBodyBytes) {
            throw new WebhookRejected(413, "body_too_large",
                    "body of " + body.length + " bytes is over the limit of " + maxBodyBytes);
        }
        if (signature == null || signature.isBlank()) {
            signatureFailed();
            throw new WebhookRejected(401, "signature_missing", "no X-WC-Webhook-Signature header");
        }
        if (!secrets.matches(body, signature)) {
            signatureFailed();
            if (!secrets.any()) {
                throw new WebhookRejected(401, "signature_mismatch", "WooTrack has no webhook secret: install its"
                        + " webhooks (`wootrack webhooks install`) or set wootrack.woocommerce.webhook-secret");
            }
            throw new WebhookRejected(401, "signature_mismatch",
                    "X-WC-Webhook-Signature does not match the body and the webhook's secret (one WooTrack set with"
                            + " `webhooks install`, or wootrack.woocommerce.webhook-secret)");
        }
        lastSigned = java.time.Instant.now();
        return order(body, topic, "webhook", WebhookRejected::new);
    }

    /**
     * Reads an order another channel hands over (a host's own flow, {@code direct:wootrack-submit-order}): the same
     * body as a webhook's, with the same checks, but no signature (the host is trusted: it runs WooTrack).
     *
     * @param source what the order's history says it came from (null or blank: {@value #HOST}): a slug of at most 20
     *               characters, not one of WooTrack's own ({@code webhook}, {@code poll}, {@code backfill},
     *               {@code replay}, {@code trackingtech}, {@code catch-up})
     * @throws OrderRejected what is wrong with the body or the source; nothing was stored
     */
    public IncomingOrder read(byte[] body, String source) {
        if (source == null || source.isBlank()) {
            source = HOST;
        }
        if (source == null || !SOURCE.matcher(source).matches()) {
            throw new OrderRejected(400, "invalid_source", "source '" + printable(source == null ? "" : source)
                    + "' is not a slug of a-z, 0-9 and '-', at most 20 characters");
        }
        if (OWN_SOURCES.contains(source)) {
            throw new OrderRejected(400, "invalid_source", "source '" + source + "' is one of WooTrack's own intakes");
        }
        if (body == null) {
            body = new byte[0];
        }
        if (body.length > maxBodyBytes) {
            throw new OrderRejected(413, "body_too_large",
                    "body of " + body.length + " bytes is over the limit of " + maxBodyBytes);
        }
        return order(body, "order.updated", source, OrderRejected::new);
    }

    /** How a check refuses: a webhook's refusal, or a submitted order's. */
    private interface Refusal {
        RuntimeException of(int status, String code, String message);
    }

    /** The checks of an order's body, for every intake that hands over a WooCommerce order as JSON. */
    private IncomingOrder order(byte[] body, String topic, String source, Refusal refused) {
        if (topic != null && !topic.isBlank() && !topic.startsWith("order.")) {
            throw refused.of(400, "not_an_order", "topic '" + printable(topic) + "' is not an order topic");
        }
        if (topic != null && !topic.isBlank() && !TOPIC.matcher(topic).matches()) {
            throw refused.of(400, "not_an_order", "topic '" + printable(topic) + "' is not a WooCommerce"
                    + " topic (order.<event>: a-z, 0-9, '_', '-' or '.', at most 60 characters)");
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
                    .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(body)).toString();
        } catch (java.nio.charset.CharacterCodingException e) {
            throw refused.of(400, "invalid_json", "body is not UTF-8");
        }
        JsonNode root;
        try {
            root = json.reader().with(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                    .readTree(text);
        } catch (JacksonException e) {
            // position and kind only: Jackson's own message quotes the body (a customer's email, phone, name)
            throw refused.of(400, "invalid_json", "body is not JSON: " + JsonProblem.describe(e));
        } catch (java.io.IOException e) {
            throw refused.of(400, "invalid_json", "body is not JSON");
        }
        if (root == null || !root.isObject()) {
            throw refused.of(400, "not_an_order", "body is not a JSON object");
        }
        if (!root.has("id") && root.path("order").isObject()) {
            throw refused.of(400, "legacy_payload", "legacy API body {\"order\":{…}}: set the webhook's"
                    + " API version to 'WP REST API Integration v3'");
        }
        JsonNode id = root.get("id");
        if (id == null || !id.canConvertToLong() || !id.isIntegralNumber() || id.asLong() <= 0) {
            throw refused.of(400, "not_an_order", "no positive integer 'id': not an order object");
        }
        boolean deleted = "order.deleted".equals(topic);
        JsonNode status = root.get("status");
        if (!deleted && (status == null || !status.isTextual() || status.asText().isBlank())) {
            throw refused.of(400, "not_an_order", "no string 'status': not an order object");
        }
        if (status != null && status.isTextual() && !STATUS.matcher(status.asText()).matches()) {
            throw refused.of(400, "not_an_order", "'status' (" + status.asText().length() + " characters)"
                    + " is not a WooCommerce status: a slug of a-z, 0-9, '_' and '-', at most 60 characters");
        }
        // the order's shape, at the door: what the pipeline will read (WooOrder) must bind, or the sender hears it
        // now, instead of the order becoming a dead letter after it was accepted
        try {
            json.treeToValue(root, WooOrder.class);
        } catch (JacksonException e) {
            throw refused.of(400, "not_an_order", "not an order: " + JsonProblem.describe(e));
        }
        String resolvedTopic = topic == null || topic.isBlank() ? "order.updated" : topic;
        return new IncomingOrder(source, resolvedTopic, id.asLong(),
                status == null || !status.isTextual() ? null : status.asText(), text);
    }

    /**
     * WooCommerce's statuses are WordPress post-status slugs (sanitize_key: a-z, 0-9, '_', '-'; at most 20
     * characters in WordPress); plugins add their own. Up to 60 (the inbox column) are taken.
     */
    static final java.util.regex.Pattern STATUS = java.util.regex.Pattern.compile("[a-z0-9_-]{1,60}");

    /** The source of an order a host submitted without naming one. */
    public static final String HOST = "host";

    /** A submitted order's source: it goes into the inbox's and the decisions' {@code source} (VARCHAR(20)). */
    static final java.util.regex.Pattern SOURCE = java.util.regex.Pattern.compile("[a-z0-9-]{1,20}");

    /** The intakes WooTrack has itself; a host's orders are told apart from them (backfill and replay skip a rule). */
    static final java.util.Set<String> OWN_SOURCES = java.util.Set.of("webhook", "poll", "backfill", "replay",
            "trackingtech", OrderPoller.CATCH_UP_SOURCE);

    /** {@code order.created}, {@code order.updated}, {@code order.deleted}, {@code order.restored}, … */
    static final java.util.regex.Pattern TOPIC = java.util.regex.Pattern.compile("order\\.[a-z0-9_.-]{1,54}");

    /**
     * The webhook's delivery and id for a log line, {@code " (delivery …, webhook …)"}, with only those that the
     * request carried; empty when it carried neither (a hand-made request, a proxy that strips headers).
     */
    public static String delivery(String deliveryId, String webhookId) {
        java.util.List<String> parts = new java.util.ArrayList<>(2);
        if (deliveryId != null && !deliveryId.isBlank()) {
            parts.add("delivery " + printable(deliveryId));
        }
        if (webhookId != null && !webhookId.isBlank()) {
            parts.add("webhook " + printable(webhookId));
        }
        return parts.isEmpty() ? "" : " (" + String.join(", ", parts) + ")";
    }

    private static boolean isJson(String contentType) {
        if (contentType == null) {
            return false;
        }
        int semicolon = contentType.indexOf(';');
        String type = (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).trim();
        return type.equalsIgnoreCase("application/json");
    }

    /**
     * A webhook is a hint: its body is the order when the delivery was queued. This is the same delivery with
     * the order as WooCommerce answered a fresh GET for it.
     */
    public InboxItem live(InboxItem hint, String liveOrder) {
        try {
            JsonNode root = json.readTree(liveOrder);
            if (root == null || root.path("id").asLong() != hint.orderId() || !root.path("status").isTextual()) {
                throw new IllegalStateException("WooCommerce answered the re-read of order " + hint.orderId()
                        + " with something that is not that order");
            }
            return hint.withLiveOrder(liveOrder, root.path("status").asText());
        } catch (java.io.IOException e) {
            throw new IllegalStateException("WooCommerce answered the re-read of order " + hint.orderId()
                    + " with a body that is not JSON", e);
        }
    }

    /** The JSON error body a refused sender gets: {@code {"error":"…","message":"…"}}. */
    public String errorBody(String code, String message) {
        return json.createObjectNode().put("error", code).put("message", message).toString();
    }

    /** Keeps a header value fit for a log line: short, printable ASCII. */
    static String printable(String s) {
        String cleaned = s.replaceAll("[^\\x20-\\x7E]", "?");
        return cleaned.length() > 60 ? cleaned.substring(0, 60) + "…" : cleaned;
    }
}
