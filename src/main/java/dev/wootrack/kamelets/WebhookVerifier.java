package dev.wootrack.kamelets;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.wootrack.woocommerce.WebhookIntake;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

/**
 * The {@code wootrack-woocommerce-webhook-source} Kamelet's check of one delivery ({@link WebhookIntake}: media type,
 * size, {@code X-WC-Webhook-Signature}, an order's shape); a refusal is a {@code WebhookRejected} with the status
 * and code the sender gets. Without an intake bean, a blank secret refuses to start: every delivery would fail, or
 * worse, pass. With one (WooTrack's {@code wootrackWebhookIntake}), that bean holds the secrets and the Kamelet's own
 * {@code secret} is not used.
 */
public final class WebhookVerifier {

    static final String KAMELET = "wootrack-woocommerce-webhook-source";
    static final String DELIVERY = "CamelWooTrackDelivery";
    /** The exchange property with the verified delivery as a {@code dev.wootrack.store.IncomingOrder}. */
    public static final String ORDER = "WooTrackIncomingOrder";

    private final WebhookIntake own;
    private final String intakeBean;
    private volatile WebhookIntake intake;

    public WebhookVerifier(String secret, long maxBodyBytes) {
        this(secret, maxBodyBytes, "");
    }

    /**
     * @param intakeBean the name of a {@link WebhookIntake} bean of the host (WooTrack's {@code wootrackWebhookIntake})
     *                   that checks and counts the deliveries (the console's webhook health); blank: a private one
     */
    public WebhookVerifier(String secret, long maxBodyBytes, String intakeBean) {
        this.intakeBean = intakeBean == null ? "" : intakeBean.trim();
        if (this.intakeBean.isEmpty()) {
            Urls.require(KAMELET, "secret", secret);
        }
        this.own = new WebhookIntake(dev.wootrack.woocommerce.WebhookSecrets.of(secret == null || secret.isBlank() ? null
                : secret), new ObjectMapper(), maxBodyBytes);
    }

    private WebhookIntake intake(Exchange exchange) {
        WebhookIntake i = intake;
        if (i == null) {
            i = intakeBean.isEmpty() ? own : org.apache.camel.support.CamelContextHelper.mandatoryLookup(
                    exchange.getContext(), intakeBean, WebhookIntake.class);
            intake = i;
        }
        return i;
    }

    /** Throws {@code WebhookRejected} unless the delivery is signed with the secret; the body becomes its raw text. */
    public void verify(Exchange exchange) {
        Message in = exchange.getMessage();
        // for the log line of a refusal: which delivery it was, as far as the request says (" (delivery …, webhook …)")
        exchange.setProperty(DELIVERY, WebhookIntake.delivery(in.getHeader("X-WC-Webhook-Delivery-ID", String.class),
                in.getHeader("X-WC-Webhook-ID", String.class)));
        byte[] body = in.getBody(byte[].class);
        // the order as read: a consuming route commits it without reading (and checking) the body again
        exchange.setProperty(ORDER, intake(exchange).accept(body, in.getHeader("X-WC-Webhook-Signature", String.class),
                in.getHeader("X-WC-Webhook-Topic", String.class), in.getHeader("Content-Type", String.class)));
        in.setBody(new String(body == null ? new byte[0] : body, java.nio.charset.StandardCharsets.UTF_8));
    }

    /** {@code {"error":…,"message":…}} for a refused sender. */
    public String errorBody(String code, String message) {
        return own.errorBody(code, message);
    }

    /** Counts of this source's signature checks (the console's webhook health). */
    public WebhookIntake.Health health() {
        return (intake == null ? own : intake).health();
    }
}
