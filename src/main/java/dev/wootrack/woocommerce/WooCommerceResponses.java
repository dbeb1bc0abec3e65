package dev.wootrack.woocommerce;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Reads WooCommerce's HTTP answers: 2xx passes; anything else becomes the {@link WooCommerceException}
 * that tells the route what to do, with WooCommerce's error JSON ({@code {"code","message","data":{"status"}}})
 * reported as such and any other body as the status and a short raw text.
 */
public final class WooCommerceResponses {

    private final ObjectMapper json;

    public WooCommerceResponses(ObjectMapper json) {
        this.json = json;
    }

    /** Throws unless {@code status} is 2xx. {@code what} names the call for the message, e.g. "GET orders page 2". */
    public void check(int status, String body, String what) {
        if (status >= 200 && status < 300) {
            return;
        }
        String code = null;
        String text = body == null ? "" : body.strip();
        String detail;
        try {
            JsonNode root = text.isEmpty() ? null : json.readTree(text);
            if (root != null && root.isObject() && root.path("code").isTextual()) {
                code = root.path("code").asText();
                detail = code + (root.path("message").isTextual() ? ": " + root.path("message").asText() : "");
            } else {
                detail = raw(text);
            }
        } catch (Exception notJson) {
            detail = raw(text);
        }
        String message = "WooCommerce answered HTTP " + status + " to " + what + (detail.isEmpty() ? "" : ": " + detail);
        if (status == 401 || status == 403) {
            throw new WooCommerceException.AccessDenied(status, code, message
                    + " (check wootrack.woocommerce.consumer-key/-secret, their read/write permission and"
                    + " wootrack.woocommerce.auth)");
        }
        if (status == 429 || status == 408 || status >= 500) {
            throw new WooCommerceException.Unavailable(status, code, message);
        }
        if (status == 404) {
            throw new WooCommerceException.NotFound(status, code, message);
        }
        throw new WooCommerceException.Rejected(status, code, message);
    }

    private static String raw(String text) {
        String oneLine = text.replaceAll("\\s+", " ");
        return oneLine.length() > 200 ? oneLine.substring(0, 200) + "…" : oneLine;
    }
}
