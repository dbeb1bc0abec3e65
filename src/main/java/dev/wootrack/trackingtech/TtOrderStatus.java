package dev.wootrack.trackingtech;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One order's state at TrackingTech (contract §6, and each entry of the status feed §7). Statuses:
 * received, label_created, in_transit, out_for_delivery, delivered, failed_delivery, returned, cancelled.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record TtOrderStatus(
        String orderId,
        String externalOrderId,
        String status,
        @JsonProperty("status_name") String statusName,
        String trackingNumber,
        String trackingUrl,
        String updatedAt) {

    /** WooCommerce's order id ({@code externalOrderId}); fails loudly when it is not one. */
    public long wooOrderId() {
        try {
            return Long.parseLong(externalOrderId.trim());
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("status update for externalOrderId '" + externalOrderId
                    + "', which is not a WooCommerce order id");
        }
    }

    public boolean hasTrackingNumber() {
        return trackingNumber != null && !trackingNumber.isBlank();
    }
}
