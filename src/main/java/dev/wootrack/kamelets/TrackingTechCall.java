package dev.wootrack.kamelets;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.wootrack.trackingtech.TrackingTechCalls;
import dev.wootrack.trackingtech.TrackingTechResponses;
import java.time.Clock;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

/**
 * One call to TrackingTech, for the {@code wootrack-trackingtech-action} Kamelet: {@link #request} completes what
 * the template evaluated (URL, {@code Authorization: Bearer}, {@code Idempotency-Key}); {@link #answer} turns
 * {@code Retry-After} into {@code CamelRedeliveryDelay} and any answer but 2xx into a {@code TrackingTechException}
 * ({@link TrackingTechResponses}).
 */
public final class TrackingTechCall {

    static final String KAMELET = "wootrack-trackingtech-action";

    private final String baseUrl;
    private final long maxRetryAfterMillis;
    private final String healthBean;
    private volatile TrackingTechCalls calls;
    private volatile TrackingTechResponses responses;

    public TrackingTechCall(String baseUrl, long maxRetryAfterMillis) {
        this(baseUrl, maxRetryAfterMillis, "");
    }

    /**
     * @param healthBean the name of a {@link TrackingTechCalls} bean in the host's registry (WooTrack's
     *                   {@code trackingTechCalls}): every answer is noted there, and while it says TrackingTech is
     *                   down no call is made ({@code TrackingTechException.Paused}); blank: a private one
     */
    public TrackingTechCall(String baseUrl, long maxRetryAfterMillis, String healthBean) {
        this.baseUrl = Urls.require(KAMELET, "baseUrl", baseUrl);
        this.maxRetryAfterMillis = maxRetryAfterMillis;
        this.healthBean = healthBean == null ? "" : healthBean.trim();
    }

    private TrackingTechCalls calls(Exchange exchange) {
        TrackingTechCalls c = calls;
        if (c == null) {
            synchronized (this) {
                if (calls == null) {
                    calls = healthBean.isEmpty() ? new TrackingTechCalls(Clock.systemUTC())
                            : org.apache.camel.support.CamelContextHelper.mandatoryLookup(exchange.getContext(),
                                    healthBean, TrackingTechCalls.class);
                    responses = new TrackingTechResponses(new ObjectMapper(), maxRetryAfterMillis, calls);
                }
                c = calls;
            }
        }
        return c;
    }

    /** Before the call: CamelHttpUri holds the evaluated path, Authorization the evaluated token. */
    public void request(Exchange exchange) {
        // while TrackingTech is known to be down, no call is made: the caller's order waits for the next probe
        calls(exchange).requireAvailable();
        Message in = exchange.getMessage();
        in.setHeader(Exchange.HTTP_URI, Urls.join(baseUrl, in.getHeader(Exchange.HTTP_URI, String.class)));
        Urls.method(in, "POST");
        String token = in.getHeader("Authorization", String.class);
        if (token == null || token.isBlank()) {
            throw new IllegalStateException(KAMELET + ": the token evaluated to nothing: no call without a token");
        }
        token = token.trim();
        // a token, or a whole header value (WooTrack's connection gives "Bearer …")
        in.setHeader("Authorization", token.regionMatches(true, 0, "Bearer ", 0, 7) ? token : "Bearer " + token);
        String key = in.getHeader("Idempotency-Key", String.class);
        if (key == null || key.isBlank()) {
            in.removeHeader("Idempotency-Key");
        }
        Urls.jsonRequest(in);
    }

    /** After the call: the body as text, the Retry-After delay, then a typed failure unless the answer is 2xx. */
    public void answer(Exchange exchange) {
        Message in = exchange.getMessage();
        String body = in.getBody(String.class);
        in.setBody(body);
        in.removeHeader("Authorization");
        in.removeHeader("Idempotency-Key");
        in.removeHeader(Exchange.HTTP_URI);
        int status = in.getHeader(Exchange.HTTP_RESPONSE_CODE, 0, Integer.class);
        calls(exchange);
        Long delay = responses.retryDelay(status, in.getHeader("Retry-After", String.class));
        if (delay != null) {
            in.setHeader(Exchange.REDELIVERY_DELAY, delay);
        }
        responses.check(status, body);
    }

    @Override
    public String toString() {
        return "TrackingTechCall[" + baseUrl + "]";
    }
}
