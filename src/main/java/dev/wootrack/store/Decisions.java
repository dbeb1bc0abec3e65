package dev.wootrack.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The record of what was decided for each order, written in the same transaction that closes (or parks)
 * its inbox row, so a decision and the state of the inbox never disagree.
 */
public final class Decisions {

    private final Database db;
    private final Clock clock;

    /** The processor names of the sentOrders and cancelledOrders idempotent repositories (JdbcMessageIdRepository). */
    public static final String SENT_KEYS = "trackingtech-sent";
    public static final String CANCELLED_KEYS = "trackingtech-cancelled";

    public Decisions(Database db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    /** Records a final decision for an inbox row and closes the row. */
    public void record(InboxItem item, String decision, String reason) {
        db.inTransaction(c -> {
            insert(c, item, decision, reason, clock.instant());
            Inbox.finish(c, item.id(), Inbox.DONE, null);
            return null;
        });
    }

    /**
     * Records {@code sent} and stores the order's key in the {@code sentOrders} idempotent repository, in one
     * transaction that also closes the row and releases the order's lock: the order's next event finds the key.
     */
    public void recordSent(InboxItem item, String key, String reason) {
        recordWithKey(item, "sent", reason, SENT_KEYS, key);
    }

    /** As {@link #recordSent}, for {@code cancelled} and the {@code cancelledOrders} repository. */
    public void recordCancelled(InboxItem item, String key, String reason) {
        recordWithKey(item, "cancelled", reason, CANCELLED_KEYS, key);
    }

    private void recordWithKey(InboxItem item, String decision, String reason, String processorName, String key) {
        Instant now = clock.instant();
        db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO CAMEL_MESSAGEPROCESSED (processorName, messageId, createdAt) VALUES (?, ?, ?)")) {
                ps.setString(1, processorName);
                ps.setString(2, key);
                ps.setTimestamp(3, Timestamp.from(now));
                // false: stored already (a replay, a repeat after a crash); the decision still counts
                Database.insertUnlessDuplicate(c, ps);
            }
            insert(c, item, decision, reason, now);
            Inbox.finish(c, item.id(), Inbox.DONE, null);
            return null;
        });
    }

    /** Records that an order waits (e.g. {@code awaiting-login}) and parks its inbox row until released. */
    public void park(InboxItem item, String parkReason, String reason) {
        db.inTransaction(c -> {
            insert(c, item, "parked", parkReason + ": " + reason, clock.instant());
            Inbox.finish(c, item.id(), Inbox.PARKED, parkReason);
            return null;
        });
    }

    /**
     * Records a decision that closes no inbox row, e.g. what was written back into WooCommerce from
     * TrackingTech's status feed ({@code source} {@code trackingtech}, {@code inbox_id} 0).
     */
    public void note(Long orderId, String statusSeen, String decision, String reason, String source) {
        InboxItem item = new InboxItem(0, source, "status", orderId == null ? 0 : orderId, statusSeen, "",
                clock.instant());
        db.inTransaction(c -> {
            insert(c, item, decision, reason, clock.instant());
            return null;
        });
    }

    /** The history of one order, oldest first. */
    public List<Decision> history(long orderId) {
        return db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT inbox_id, order_id, status_seen, decision,"
                    + " reason, source, decided_at FROM decision WHERE order_id = ? ORDER BY id")) {
                ps.setLong(1, orderId);
                List<Decision> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new Decision(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4),
                                rs.getString(5), rs.getString(6),
                                Database.instant(rs.getObject(7, OffsetDateTime.class))));
                    }
                }
                return out;
            }
        });
    }

    /**
     * The decisions taken for the inbox rows of one intake run (e.g. a backfill): counts by decision, and
     * {@code ignored} split by the status seen ({@code ignored:completed}).
     */
    public Map<String, Long> summary(String source, long fromInboxId, long toInboxId) {
        return db.inTransaction(c -> {
            Map<String, Long> out = new LinkedHashMap<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT decision, status_seen, COUNT(*) FROM decision"
                    + " WHERE source = ? AND inbox_id BETWEEN ? AND ? GROUP BY decision, status_seen"
                    + " ORDER BY decision, status_seen")) {
                ps.setString(1, source);
                ps.setLong(2, fromInboxId);
                ps.setLong(3, toInboxId);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        String decision = rs.getString(1);
                        out.merge(decision, rs.getLong(3), Long::sum);
                        if (decision.equals("ignored")) {
                            out.merge("ignored:" + rs.getString(2), rs.getLong(3), Long::sum);
                        }
                    }
                }
            }
            return out;
        });
    }

    /** The newest decision of a kind (e.g. the last order sent), if any. */
    public java.util.Optional<Decision> latest(String decision) {
        return db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT inbox_id, order_id, status_seen, decision, reason,"
                    + " source, decided_at FROM decision WHERE decision = ? ORDER BY id DESC FETCH FIRST 1 ROWS ONLY")) {
                ps.setString(1, decision);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? java.util.Optional.of(new Decision(rs.getLong(1), rs.getLong(2), rs.getString(3),
                            rs.getString(4), rs.getString(5), rs.getString(6),
                            Database.instant(rs.getObject(7, OffsetDateTime.class)))) : java.util.Optional.<Decision>empty();
                }
            }
        });
    }

    /** How many decisions of each kind were taken. */
    public Map<String, Long> counts() {
        return db.inTransaction(c -> {
            Map<String, Long> out = new LinkedHashMap<>();
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT decision, COUNT(*) FROM decision GROUP BY decision ORDER BY decision");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getString(1), rs.getLong(2));
                }
            }
            return out;
        });
    }

    static void insert(Connection c, InboxItem item, String decision, String reason, Instant at)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO decision (inbox_id, order_id, status_seen,"
                + " decision, reason, source, decided_at) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            ps.setLong(1, item.id());
            ps.setLong(2, item.orderId());
            ps.setString(3, item.orderStatus());
            ps.setString(4, decision);
            ps.setString(5, truncate(reason, 2000));
            ps.setString(6, item.source());
            ps.setObject(7, Database.utc(at));
            ps.executeUpdate();
        }
    }

    static String truncate(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }

    /** One decision about one order. */
    public record Decision(long inboxId, long orderId, String statusSeen, String decision, String reason,
                           String source, Instant decidedAt) {
    }
}
