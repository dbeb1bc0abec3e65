package dev.wootrack.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.util.Optional;

/**
 * Small named values that must survive a restart: the poller's cursor, the status feed's cursor, what
 * WooTrack learned about the store (e.g. that Shipment Tracking is not installed). Plain SQL, any database.
 */
public final class Checkpoints {

    public static final String POLL_CURSOR = "woocommerce.poll.cursor";
    public static final String FEED_CURSOR = "trackingtech.feed.cursor";
    public static final String SHIPMENT_TRACKING = "woocommerce.shipment-tracking";

    private final Database db;
    private final Clock clock;

    public Checkpoints(Database db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    public Optional<String> get(String name) {
        return db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT val FROM checkpoint WHERE name = ?")) {
                ps.setString(1, name);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.ofNullable(rs.getString(1)) : Optional.<String>empty();
                }
            }
        });
    }

    /**
     * Stores a value (update, or insert when it is new), committed when this returns. Two nodes storing a new name at
     * once: one inserts, the other finds the row and updates it (the later commit wins, as with two updates).
     */
    public void put(String name, String value) {
        db.inTransaction(c -> {
            if (update(c, name, value) == 0
                    && !db.dialect().insertUnlessExists(c, "INSERT INTO checkpoint (name, val, updated_at)"
                            + " VALUES (?, ?, ?)", "name", in -> {
                                in.setString(1, name);
                                in.setString(2, value);
                                in.setObject(3, Database.utc(clock.instant()));
                            })) {
                update(c, name, value);
            }
            return null;
        });
    }

    private int update(java.sql.Connection c, String name, String value) throws java.sql.SQLException {
        try (PreparedStatement up = c.prepareStatement("UPDATE checkpoint SET val = ?, updated_at = ? WHERE name = ?")) {
            up.setString(1, value);
            up.setObject(2, Database.utc(clock.instant()));
            up.setString(3, name);
            return up.executeUpdate();
        }
    }

    /**
     * The value under {@code name}; when there is none, {@code initial}'s is stored first. Several nodes asking at
     * once all get the one value that was stored first.
     */
    public String getOrPut(String name, java.util.function.Supplier<String> initial) {
        Optional<String> existing = get(name);
        if (existing.isPresent()) {
            return existing.get();
        }
        String value = initial.get();
        // another node may store it first: then its value is the one
        db.inTransaction(c -> db.dialect().insertUnlessExists(c, "INSERT INTO checkpoint (name, val, updated_at)"
                + " VALUES (?, ?, ?)", "name", in -> {
                    in.setString(1, name);
                    in.setString(2, value);
                    in.setObject(3, Database.utc(clock.instant()));
                }));
        return get(name).orElse(value);
    }
}
