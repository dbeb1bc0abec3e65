package dev.wootrack.trackingtech;

import java.util.List;

/** The order TrackingTech receives ({@code POST /api/v1/orders}), field for field as the contract shows it. */
public record TtOrder(
        String storeId,
        String customerId,
        String platform,
        String externalOrderId,
        String orderNumber,
        String createdAt,
        String currency,
        List<Item> items,
        Shipping shipping) {

    /** {@code price}: unit price as a decimal string; {@code weight}: kilograms as a decimal string, or null. */
    public record Item(String name, String sku, int quantity, String price, String weight) {
    }

    public record Shipping(String name, String company, String address1, String address2, String city,
                           String state, String postcode, String country, String email, String phone) {
    }
}
