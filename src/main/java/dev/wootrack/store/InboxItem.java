package dev.wootrack.store;

import java.time.Instant;

/**
 * One accepted delivery of an order, as committed to the inbox. {@code payload} is WooCommerce's JSON as received;
 * {@code attempts} counts the deliveries to TrackingTech that failed for a passing reason and left it waiting.
 */
public record InboxItem(long id, String source, String topic, long orderId, String orderStatus,
                        String payload, Instant receivedAt, int attempts) {

    public InboxItem(long id, String source, String topic, long orderId, String orderStatus, String payload,
                     Instant receivedAt) {
        this(id, source, topic, orderId, orderStatus, payload, receivedAt, 0);
    }

    /** The same delivery, carrying the order as WooCommerce has it now (webhooks are re-read before routing). */
    public InboxItem withLiveOrder(String livePayload, String liveStatus) {
        return new InboxItem(id, source, topic, orderId, liveStatus, livePayload, receivedAt, attempts);
    }
}
