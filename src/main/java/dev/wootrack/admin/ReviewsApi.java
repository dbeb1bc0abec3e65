package dev.wootrack.admin;

import dev.wootrack.store.Reviews;
import java.util.List;

/**
 * The admin API's orders held for review (issue 16, {@code routes/admin-api.camel.yaml}): the list the console shows,
 * and "send anyway". Behind the same bearer token as every {@code /admin} call; refusals are {@link AdminApi.Refused},
 * answered by the same route configuration. No Camel imports.
 */
public final class ReviewsApi {

    /** {@code GET /admin/needs-review}: one order held for review. {@code state}: the order's state (console list). */
    public record HeldView(long order, long inboxId, String statusSeen, String source, String since, String reason,
                           String state) {
    }

    /** {@code POST /admin/orders/{id}/send-anyway}: the order's row is back in line and will be sent without the hold. */
    public record SentAnyway(long order, long inboxId, boolean released) {
    }

    private final AdminApi admin;
    private final Reviews reviews;

    public ReviewsApi(AdminApi admin, Reviews reviews) {
        this.admin = admin;
        this.reviews = reviews;
    }

    /** The orders held for review, the longest waiting first (at most 500). */
    public List<HeldView> needsReview() {
        return reviews.list(500).stream().map(h -> new HeldView(h.orderId(), h.inboxId(), h.statusSeen(), h.source(),
                h.since() == null ? null : h.since().toString(), h.reason(), h.orderState())).toList();
    }

    /** "Send anyway": 404 when the order is not held for review (never was, or was released already). */
    public SentAnyway sendAnyway(String id) {
        long orderId = admin.orderId(id);
        return reviews.release(orderId, "admin API").map(inbox -> new SentAnyway(orderId, inbox, true))
                .orElseThrow(() -> new AdminApi.Refused(404, "not_found", "order " + orderId
                        + " is not held for review"));
    }
}
