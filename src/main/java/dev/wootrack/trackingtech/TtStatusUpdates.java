package dev.wootrack.trackingtech;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;

/** A page of TrackingTech's status changes feed (contract §7); {@code nextCursor} is opaque. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record TtStatusUpdates(List<TtOrderStatus> updates, String nextCursor, boolean hasMore) {

    public List<TtOrderStatus> updates() {
        return updates == null ? List.of() : updates;
    }
}
