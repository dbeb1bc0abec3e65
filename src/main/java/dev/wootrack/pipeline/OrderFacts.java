package dev.wootrack.pipeline;

/**
 * What the pipeline's routers decide on, read once per event when the order enters (under the order's lock): the
 * routes' {@code choice} and {@code filter} test these fields and never call a bean to decide.
 *
 * @param orderKey              {@code <storeId>:<orderId>}: the Idempotency-Key at TrackingTech and the delivered key
 * @param version               {@code <orderId>@<date_modified_gmt>}, to recognise WooTrack's own write-back
 * @param ownWriteBack          this version is one WooTrack wrote itself (the order.updated echo of a write-back)
 * @param trigger               the status is a trigger status (ship it)
 * @param cancellation          the status is a cancel status (cancel it, if it was sent)
 * @param unshippable           why the order cannot be shipped (virtual items only, no address), or null
 * @param ready                 connected to TrackingTech, sending is possible
 * @param beforeFirstConnection it reached its status before WooTrack was first connected (backfill sends those)
 * @param sent                  TrackingTech accepted this order before
 * @param cancelled             TrackingTech cancelled this order before
 * @param storeId               the TrackingTech store the order goes to
 * @param customerId            the TrackingTech customer
 */
public record OrderFacts(String orderKey, String version, boolean ownWriteBack, boolean trigger, boolean cancellation,
                         String unshippable, boolean ready, boolean beforeFirstConnection, boolean sent,
                         boolean cancelled, String storeId, String customerId) {
}
