package dev.wootrack.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;

/**
 * The keys ({@code <storeId>:<orderId>}) of orders TrackingTech accepted or cancelled. {@link Decisions} writes them in
 * the transaction that records the decision; the pipeline reads them, under the order's lock, to send an order once.
 */
public final class DeliveredKeys {

    public static final String SENT = "sent";
    public static final String CANCELLED = "cancelled";

    private final Database db;

    public DeliveredKeys(Database db) {
        this.db = db;
    }

    /** True when TrackingTech accepted the order with this key. */
    public boolean isSent(String key) {
        return contains(SENT, key);
    }

    /** True when TrackingTech cancelled the order with this key. */
    public boolean isCancelled(String key) {
        return contains(CANCELLED, key);
    }

    private boolean contains(String kind, String key) {
        return db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT 1 FROM delivered_key WHERE kind = ? AND order_key = ?")) {
                ps.setString(1, kind);
                ps.setString(2, key);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next();
                }
            }
        });
    }
}
