package dev.wootrack.store;

/**
 * An order as an intake hands it over: where it came from, WooCommerce's topic ({@code order.updated},
 * {@code order.deleted}, …), the order id and status read from it, and the JSON exactly as received.
 */
public record IncomingOrder(String source, String topic, long orderId, String status, String payload) {
}
