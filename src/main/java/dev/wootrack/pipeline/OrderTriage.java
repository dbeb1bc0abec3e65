package dev.wootrack.pipeline;

import dev.wootrack.store.Decisions;
import dev.wootrack.store.DeliveredKeys;
import dev.wootrack.store.InboxItem;
import dev.wootrack.trackingtech.OrderMapper;
import dev.wootrack.trackingtech.TrackingTechConnection;
import dev.wootrack.woocommerce.WooOrder;
import java.util.function.Predicate;

/**
 * The typed work behind the pipeline's routers: {@link #facts} reads what they decide on, {@link #park} parks an
 * order while sending is not possible. No Camel imports: the routes call it through the bean EIP.
 */
public final class OrderTriage {

    private final OrderRules rules;
    private final OrderMapper mapper;
    private final TrackingTechConnection connection;
    private final DeliveredKeys delivered;
    private final Predicate<String> writtenVersions;
    private final Decisions decisions;

    public OrderTriage(OrderRules rules, OrderMapper mapper, TrackingTechConnection connection, DeliveredKeys delivered,
                       Predicate<String> writtenVersions, Decisions decisions) {
        this.rules = rules;
        this.mapper = mapper;
        this.connection = connection;
        this.delivered = delivered;
        this.writtenVersions = writtenVersions;
        this.decisions = decisions;
    }

    /** The facts of one event of an order, as the routers need them. */
    public OrderFacts facts(InboxItem item, WooOrder order) {
        String key = connection.orderKey(order.id());
        String version = order.id() + "@" + order.dateModifiedGmt();
        boolean trigger = rules.isTrigger(order.status());
        boolean cancellation = rules.isCancellation(order.status());
        boolean ready = connection.isReady();
        if (dev.wootrack.reconcile.Reconciler.SOURCE.equals(item.source())) {
            return reconcileFix(item, order, key, version, ready);
        }
        return new OrderFacts(key, version, writtenVersions.test(version), trigger, cancellation,
                trigger ? mapper.unshippableReason(order) : null, ready,
                // live intakes (a webhook, a poll, a host's submitted order) send only what changed after the first
                // connection; a backfill and a replay are asked for by someone, and send older orders too
                ready && !"backfill".equals(item.source()) && !"replay".equals(item.source())
                        && connection.isBeforeFirstConnection(order.dateModifiedGmt()),
                (trigger || cancellation) && delivered.isSent(key), cancellation && delivered.isCancelled(key),
                connection.getStoreId(), connection.getCustomerId());
    }

    /**
     * A fix of the reconciliation ledger ({@code reconcile --fix}): it read TrackingTech's record a moment ago, and its
     * topic says what to do whatever the status and the keys say. {@code reconcile.send}: TrackingTech does not have
     * the order, which is sent (again, with the same Idempotency-Key: TrackingTech answers a repeat with the order it
     * has), also when its status is now one that followed a trigger (completed). {@code reconcile.cancel}: TrackingTech
     * has it, not cancelled, and WooCommerce cancelled it. Asked for by someone, like a backfill: an order older than
     * the first connection is sent too.
     */
    private OrderFacts reconcileFix(InboxItem item, WooOrder order, String key, String version, boolean ready) {
        boolean send = dev.wootrack.reconcile.Reconciler.SEND.equals(item.topic());
        return new OrderFacts(key, version, false, send, !send, send ? mapper.unshippableReason(order) : null, ready,
                false, !send, false, connection.getStoreId(), connection.getCustomerId());
    }

    /** Not connected, or the login expired: the order waits, parked with the reason, until it is released. */
    public void park(InboxItem item) {
        decisions.park(item, connection.parkReason(), connection.getProblem());
    }
}
