package dev.wootrack.woocommerce;

import dev.wootrack.RequestRefused;

/**
 * An order a host's flow submitted ({@code direct:wootrack-submit-order}) and WooTrack refused before storing anything:
 * the body is not a WooCommerce order, is too large, or the source is not one a host may use. The caller gets it as
 * the exchange's exception (with a ProducerTemplate, the cause of a CamelExecutionException).
 */
public final class OrderRejected extends RequestRefused {

    public OrderRejected(int status, String code, String message) {
        super(status, code, message);
    }
}
