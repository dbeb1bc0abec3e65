package dev.wootrack.store;

import java.util.Arrays;
import java.util.List;

/**
 * An order's state, as the console lists and filters it: what its decisions add up to, not its latest event.
 * Kept in {@code order_summary.state}, in the transaction that records each decision ({@link Decisions}).
 *
 * <p>The rules, in {@link #after}:
 * <ul>
 * <li>Until TrackingTech has the order, its latest outcome is its state: ignored, not-shippable, parked,
 * dead-letter, deleted, refused (a parked order that is later sent is sent; a dead letter replayed and parked is parked).</li>
 * <li>Once TrackingTech has it, the state only moves forward: sent &lt; tracking-written &lt; delivered, and
 * cancelled wins over all of them. {@code written-back} is tracking-written, or delivered (cancelled) when
 * TrackingTech's status was {@code delivered} ({@code cancelled}); a later status other than delivered does not
 * undo delivered. Nothing that happens before TrackingTech (ignored, parked, a dead letter, deleted in
 * WooCommerce) takes it back: the order is at TrackingTech all the same.</li>
 * <li>{@code duplicate}, {@code own-write-back} and {@code write-back-failed} are events, not outcomes: they never
 * change the state. Without a state yet (an older history), a duplicate says the order was sent, and our own
 * write-back echo that its tracking was written.</li>
 * <li>A decision this class does not know leaves the state as it is.</li>
 * </ul>
 * The V2 migration filled the state of older data dirs from their decisions by close to these rules (it lets a
 * dead letter stand over a later ignored or parked, and counts a courier's own cancellation as tracking-written).
 */
public enum OrderState {
    IGNORED("ignored", 0),
    NOT_SHIPPABLE("not-shippable", 0),
    PARKED("parked", 0),
    DEAD_LETTER("dead-letter", 0),
    DELETED("deleted", 0),
    /** Read, but the inbox could not keep it (more JSON than it holds): recorded with the reason, nothing sent. */
    REFUSED("refused", 0),
    SENT("sent", 1),
    TRACKING_WRITTEN("tracking-written", 2),
    DELIVERED("delivered", 3),
    CANCELLED("cancelled", 4);

    private final String slug;
    /** 0: TrackingTech does not have the order; above: how far it got there. */
    private final int progress;

    OrderState(String slug, int progress) {
        this.slug = slug;
        this.progress = progress;
    }

    /** The name in the database, the API ({@code "state"}, {@code ?state=}) and the console. */
    public String slug() {
        return slug;
    }

    /** Whether TrackingTech has the order (sent, or further). */
    public boolean atTrackingTech() {
        return progress > 0;
    }

    /** The state after one more decision; {@code current} null: the order's first decision. */
    public static OrderState after(OrderState current, String decision, String statusSeen) {
        OrderState outcome = switch (decision == null ? "" : decision) {
            case "sent" -> SENT;
            case "cancelled" -> CANCELLED;
            case "written-back" -> "delivered".equals(statusSeen) ? DELIVERED
                    : "cancelled".equals(statusSeen) ? CANCELLED : TRACKING_WRITTEN;
            case "ignored" -> IGNORED;
            case "not-shippable" -> NOT_SHIPPABLE;
            case "parked" -> PARKED;
            case "dead-letter" -> DEAD_LETTER;
            case "deleted" -> DELETED;
            case "refused" -> REFUSED;
            default -> null; // an event (duplicate, own-write-back, write-back-failed) or a decision unknown here
        };
        if (outcome == null) {
            if (current != null) {
                return current;
            }
            return switch (decision == null ? "" : decision) {
                case "duplicate", "write-back-failed" -> SENT;
                case "own-write-back" -> TRACKING_WRITTEN;
                default -> null;
            };
        }
        if (current == null || !current.atTrackingTech()) {
            return outcome;
        }
        return outcome.progress > current.progress ? outcome : current;
    }

    /** The state with this slug; null for null or a slug that is not a state. */
    public static OrderState of(String slug) {
        for (OrderState s : values()) {
            if (s.slug.equals(slug)) {
                return s;
            }
        }
        return null;
    }

    /** Every slug, for a message that lists them. */
    public static List<String> slugs() {
        return Arrays.stream(values()).map(OrderState::slug).toList();
    }
}
