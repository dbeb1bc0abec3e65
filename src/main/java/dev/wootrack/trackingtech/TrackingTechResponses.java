package dev.wootrack.trackingtech;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Iterator;
import java.util.Map;

/**
 * Reads TrackingTech's HTTP answers: 2xx passes, anything else becomes the {@link TrackingTechException}
 * that tells the route what to do. Error bodies of the contract's shape
 * ({@code {"error","message","fields"}}) are reported as such; anything else as the status and raw text.
 */
public final class TrackingTechResponses {

    private final ObjectMapper json;
    private final long maxRetryAfterMillis;
    private final TrackingTechCalls calls;

    public TrackingTechResponses(ObjectMapper json, long maxRetryAfterMillis, TrackingTechCalls calls) {
        this.json = json;
        this.maxRetryAfterMillis = maxRetryAfterMillis;
        this.calls = calls;
    }

    /** Throws unless {@code status} is 2xx. */
    public void check(int status, String body) {
        calls.answered(status);
        if (status >= 200 && status < 300) {
            return;
        }
        String detail = describe(status, body);
        if (status == 401) {
            throw new TrackingTechException.LoginRequired(detail);
        }
        if (status == 429 || status == 408 || status >= 500) {
            throw new TrackingTechException.Unavailable(status, detail);
        }
        throw new TrackingTechException.Rejected(status, detail);
    }

    /**
     * The delay a {@code Retry-After} header asks for (seconds, or an HTTP date), capped by the maximum
     * redelivery delay; null when there is none, so the exponential back-off applies.
     */
    public Long retryDelay(int status, String retryAfter) {
        if ((status != 429 && status != 503) || retryAfter == null || retryAfter.isBlank()) {
            return null;
        }
        long millis;
        try {
            millis = Math.max(0, Long.parseLong(retryAfter.trim())) * 1000;
        } catch (NumberFormatException notSeconds) {
            try {
                ZonedDateTime when = ZonedDateTime.parse(retryAfter.trim(), DateTimeFormatter.RFC_1123_DATE_TIME);
                millis = Math.max(0, Duration.between(ZonedDateTime.now(when.getZone()), when).toMillis());
            } catch (DateTimeParseException unreadable) {
                return null;
            }
        }
        return Math.min(millis, maxRetryAfterMillis);
    }

    /** How a decision tells a repeat apart: TrackingTech answers 200 instead of 201 when it had the order already. */
    public String repeatNote(int status) {
        return status == 200 ? "; TrackingTech had it already: same Idempotency-Key" : "";
    }

    /** "HTTP 422 validation_failed: message (fields: a: b)" or "HTTP 502: raw text". */
    String describe(int status, String body) {
        String text = body == null ? "" : body.strip();
        try {
            JsonNode root = text.isEmpty() ? null : json.readTree(text);
            if (root != null && root.isObject() && root.path("error").isTextual()) {
                StringBuilder sb = new StringBuilder("HTTP ").append(status).append(' ')
                        .append(root.path("error").asText());
                if (root.path("message").isTextual()) {
                    sb.append(": ").append(root.path("message").asText());
                }
                JsonNode fields = root.path("fields");
                if (fields.isObject() && fields.size() > 0) {
                    sb.append(" (fields:");
                    for (Iterator<Map.Entry<String, JsonNode>> it = fields.fields(); it.hasNext(); ) {
                        Map.Entry<String, JsonNode> f = it.next();
                        sb.append(' ').append(f.getKey()).append(": ").append(f.getValue().asText())
                                .append(it.hasNext() ? ";" : "");
                    }
                    sb.append(')');
                }
                return sb.toString();
            }
        } catch (Exception notTheContractShape) {
            // reported below as status + raw text
        }
        String raw = text.length() > 300 ? text.substring(0, 300) + "…" : text;
        return "HTTP " + status + (raw.isEmpty() ? "" : ": " + raw);
    }
}
