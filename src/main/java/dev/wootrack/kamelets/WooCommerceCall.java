package dev.wootrack.kamelets;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.wootrack.woocommerce.WooCommerceAuth;
import dev.wootrack.woocommerce.WooCommerceResponses;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

/**
 * One authenticated call to a WooCommerce store's REST API, for the {@code wootrack-woocommerce-rest-action} and
 * {@code wootrack-woocommerce-tracking-sink} Kamelets: {@link #request} turns the evaluated path into the URL and
 * signs it ({@link WooCommerceAuth}); {@link #answer} reads the answer ({@link WooCommerceResponses}).
 * The credentials live in this bean, never in an endpoint URI.
 */
public final class WooCommerceCall {

    /** Header the template evaluates the {@code call} property into (a Camel header: never sent). */
    public static final String CALL = "CamelWooTrackCall";
    static final String KAMELET = "wootrack-woocommerce";

    private final String storeUrl;
    private final WooCommerceAuth auth;
    private final WooCommerceResponses responses = new WooCommerceResponses(new ObjectMapper());

    public WooCommerceCall(String auth, String storeUrl, String consumerKey, String consumerSecret) {
        String url = Urls.require(KAMELET, "storeUrl", storeUrl);
        this.storeUrl = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
        // blank keys are allowed at start (a WooTrack that takes only webhooks has routes that would call, never
        // run); a call without them is refused
        this.auth = new WooCommerceAuth(auth, this.storeUrl, consumerKey, consumerSecret);
    }

    /**
     * The URL of a path: an absolute {@code /wp-json/...} path as it is (Shipment Tracking's
     * {@code /wp-json/wc-shipment-tracking/v3/...}), anything else relative to {@code /wp-json/wc/v3/}.
     */
    public String url(String path) {
        String p = path == null ? "" : path.trim();
        if (p.startsWith("/wp-json/")) {
            return storeUrl + p;
        }
        return storeUrl + "/wp-json/wc/v3/" + (p.startsWith("/") ? p.substring(1) : p);
    }

    /** Before the call: CamelHttpUri holds the evaluated path, CamelHttpMethod the method. */
    public void request(Exchange exchange) {
        if (!auth.configured()) {
            throw new IllegalStateException(KAMELET + ": no call without consumerKey and consumerSecret (set them on"
                    + " the kamelet URI or as camel.kamelet." + KAMELET + ".consumerKey/.consumerSecret)");
        }
        Message in = exchange.getMessage();
        String method = Urls.method(in, "GET");
        String url = auth.url(url(in.getHeader(Exchange.HTTP_URI, String.class)));
        in.setHeader(Exchange.HTTP_URI, url);
        String authorization = auth.authorization(method, url);
        if (authorization != null) {
            in.setHeader("Authorization", authorization);
        }
        String call = in.getHeader(CALL, String.class);
        if (call == null || call.isBlank()) {
            in.setHeader(CALL, method + " " + WooCommerceAuth.redact(url));
        }
        Urls.jsonRequest(in);
    }

    /** After the call: the body as text; a typed {@code WooCommerceException} unless the answer is 2xx. */
    public void answer(Exchange exchange) {
        Message in = exchange.getMessage();
        String body = in.getBody(String.class);
        in.setBody(body);
        String call = in.getHeader(CALL, String.class);
        in.removeHeader(CALL);
        in.removeHeader("Authorization");
        in.removeHeader(Exchange.HTTP_URI);
        int status = in.getHeader(Exchange.HTTP_RESPONSE_CODE, 0, Integer.class);
        responses.check(status, body, call);
    }

    @Override
    public String toString() {
        return "WooCommerceCall[" + storeUrl + ", " + auth + "]";
    }
}
