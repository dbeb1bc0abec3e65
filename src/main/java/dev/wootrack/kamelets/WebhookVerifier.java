package dev.wootrack.kamelets;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.wootrack.woocommerce.WebhookIntake;
import dev.wootrack.woocommerce.WebhookSignature;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

/**
 * The {@code wootrack-woocommerce-webhook-source} Kamelet's check of one delivery ({@link WebhookIntake}: media type,
 * size, {@code X-WC-Webhook-Signature}, an order's shape); a refusal is a {@code WebhookRejected} with the status
 * and code the sender gets. A blank secret refuses to start: every delivery would fail, or worse, pass.
 */
public final class WebhookVerifier {

    static final String KAMELET = "wootrack-woocommerce-webhook-source";

    private final WebhookIntake intake;

    public WebhookVerifier(String secret, long maxBodyBytes) {
        Urls.require(KAMELET, "secret", secret);
        this.intake = new WebhookIntake(new WebhookSignature(secret), new ObjectMapper(), maxBodyBytes);
    }

    /** Throws {@code WebhookRejected} unless the delivery is signed with the secret; the body becomes its raw text. */
    public void verify(Exchange exchange) {
        Message in = exchange.getMessage();
        byte[] body = in.getBody(byte[].class);
        intake.accept(body, in.getHeader("X-WC-Webhook-Signature", String.class),
                in.getHeader("X-WC-Webhook-Topic", String.class), in.getHeader("Content-Type", String.class));
        in.setBody(new String(body == null ? new byte[0] : body, java.nio.charset.StandardCharsets.UTF_8));
    }

    /** {@code {"error":…,"message":…}} for a refused sender. */
    public String errorBody(String code, String message) {
        return intake.errorBody(code, message);
    }

    /** Counts of this source's signature checks (the console's webhook health). */
    public WebhookIntake.Health health() {
        return intake.health();
    }
}
