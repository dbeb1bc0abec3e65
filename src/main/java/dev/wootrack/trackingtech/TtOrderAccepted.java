package dev.wootrack.trackingtech;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** TrackingTech's answer to a sent order: 201 the first time, 200 with the same body for a repeat. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record TtOrderAccepted(String orderId, String externalOrderId, String status) {
}
