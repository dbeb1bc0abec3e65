package dev.wootrack.woocommerce;

import dev.wootrack.store.IncomingOrder;

/** An order read from WooCommerce's list, with the version ({@code date_modified_gmt}) it was read at. */
public record PolledOrder(IncomingOrder order, String modifiedGmt) {

    /** {@code <order id>@<date_modified_gmt>}: the same order at the same version is the same event. */
    public String versionKey() {
        return order.orderId() + "@" + modifiedGmt;
    }
}
