package dev.wootrack.store;

import java.time.Instant;

/**
 * One decision as the decision-events route publishes it on {@code wootrack.events.endpoint}, marshalled to JSON in
 * this order of fields. {@code id} is the event's own id (increasing; a consumer that sees it twice after a failed run
 * has the same event again: delivery is at least once), {@code decisionId} the decision's row.
 */
public record DecisionEvent(long id, long decisionId, long orderId, String decision, String reason,
                            String statusSeen, String source, long inboxId, Instant decidedAt,
                            String trackingTechId, String trackingNumber) {
}
