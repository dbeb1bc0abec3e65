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
    private volatile DecisionEvents events;

    public Decisions(Database db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    /** Where decisions write their events (null: nowhere), for the store's other writers of decisions. */
    DecisionEvents events() {
        return events;
    }

    /** From now on every decision also writes its event, in its own transaction (when events are enabled). */
    public void publishTo(DecisionEvents events) {
        this.events = events;
    }

    /** Records a final decision for an inbox row and closes the row. */
    public void record(InboxItem item, String decision, String reason) {
        db.inSharedTransaction(c -> {
            insert(db.dialect(), c, events, item, decision, reason, clock.instant());
            Inbox.finish(c, item.id(), Inbox.DONE, null);
            return null;
        });
    }

    /**
     * Records {@code sent} and the order's key ({@link DeliveredKeys}) in one transaction that also closes the row
     * and releases the order's lock: the order's next event finds the key.
     */
    public void recordSent(InboxItem item, String key, String trackingTechId, String reason) {
        recordSent(item, key, trackingTechId, reason, null);
    }

    /**
     * As {@link #recordSent(InboxItem, String, String, String)}, with the digest of what was sent
     * ({@link dev.wootrack.reconcile.ContentDigest}; null: none) kept for the reconciliation, in the same transaction.
     */
    public void recordSent(InboxItem item, String key, String trackingTechId, String reason, String contentDigest) {
        recordWithKey(item, "sent", reason, DeliveredKeys.SENT, key, trackingTechId, contentDigest);
    }

    /** As {@link #recordSent}, for {@code cancelled}. */
    public void recordCancelled(InboxItem item, String key, String reason) {
        recordWithKey(item, "cancelled", reason, DeliveredKeys.CANCELLED, key, null, null);
    }

    private void recordWithKey(InboxItem item, String decision, String reason, String kind, String key,
                               String trackingTechId, String contentDigest) {
        Instant now = clock.instant();
        // shared with the other workers' decisions of the same moment (group commit)
        db.inSharedTransaction(c -> {
            // false: stored already (a replay, a repeat after a crash); the decision still counts
            db.dialect().insertUnlessExists(c, "INSERT INTO delivered_key (kind, order_key, created_at)"
                    + " VALUES (?, ?, ?)", "kind, order_key", ps -> {
                        ps.setString(1, kind);
                        ps.setString(2, key);
                        ps.setObject(3, Database.utc(now));
                    });
            if (contentDigest != null) {
                ReconcileLedger.sentContent(db.dialect(), c, key, contentDigest, now);
            }
            insert(db.dialect(), c, events, item, decision, reason, now, trackingTechId, null);
            Inbox.finish(c, item.id(), Inbox.DONE, null);
            return null;
        });
    }

    /** Records that an order waits (e.g. {@code awaiting-login}) and parks its inbox row until released. */
    public void park(InboxItem item, String parkReason, String reason) {
        db.inTransaction(c -> {
            insert(db.dialect(), c, events, item, "parked", parkReason + ": " + reason, clock.instant());
            Inbox.finish(c, item.id(), Inbox.PARKED, parkReason);
            return null;
        });
    }

    /**
     * Records a decision that closes no inbox row, e.g. what was written back into WooCommerce from
     * TrackingTech's status feed ({@code source} {@code trackingtech}, {@code inbox_id} 0).
     */
    public void note(Long orderId, String statusSeen, String decision, String reason, String source) {
        note(orderId, statusSeen, decision, reason, source, null, null);
    }

    /**
     * Records an order an intake read but the inbox could not keep ({@link InboxRefused}): decision {@code refused},
     * with the reason, so the order's history says why nothing happened.
     */
    public void refused(IncomingOrder order, String reason) {
        String status = order.status() == null ? null : truncate(order.status(), Inbox.MAX_STATUS_CHARS);
        note(order.orderId(), status, "refused", reason, order.source());
    }

    /** Records what the status feed wrote back into a WooCommerce order, with TrackingTech's ids. */
    public void writtenBack(long orderId, dev.wootrack.trackingtech.TtOrderStatus status, String reason) {
        writtenBack(orderId, status, reason, null);
    }

    /**
     * As {@link #writtenBack(long, dev.wootrack.trackingtech.TtOrderStatus, String)}, and the write-back's step
     * ({@link WriteBackSteps}; null: none) marked done in the same commit: one durable commit for both.
     */
    public void writtenBack(long orderId, dev.wootrack.trackingtech.TtOrderStatus status, String reason,
                            String doneStep) {
        InboxItem item = new InboxItem(0, "trackingtech", "status", orderId, status.status(), "", clock.instant());
        db.inSharedTransaction(c -> {
            Instant now = clock.instant();
            if (doneStep != null) {
                WriteBackSteps.done(c, doneStep, now);
            }
            insert(db.dialect(), c, events, item, "written-back", reason, now, status.orderId(),
                    status.hasTrackingNumber() ? status.trackingNumber() : null);
            return null;
        });
    }

    private void note(Long orderId, String statusSeen, String decision, String reason, String source,
                      String trackingTechId, String trackingNumber) {
        InboxItem item = new InboxItem(0, source, "status", orderId == null ? 0 : orderId, statusSeen, "",
                clock.instant());
        db.inSharedTransaction(c -> {
            insert(db.dialect(), c, events, item, decision, reason, clock.instant(), trackingTechId, trackingNumber);
            return null;
        });
    }

    /** The status the order was in when it was last sent to TrackingTech (empty: never, or no longer in the history). */
    public java.util.Optional<String> sentStatus(long orderId) {
        return db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT status_seen FROM decision WHERE order_id = ?"
                    + " AND decision = 'sent' ORDER BY id DESC")) {
                ps.setLong(1, orderId);
                ps.setMaxRows(1);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? java.util.Optional.ofNullable(rs.getString(1)) : java.util.Optional.<String>empty();
                }
            }
        });
    }

    /** The history of one order, oldest first. */
    public List<Decision> history(long orderId) {
        return db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT inbox_id, order_id, status_seen, decision,"
                    + " reason, source, decided_at, trackingtech_id, tracking_number FROM decision WHERE order_id = ?"
                    + " ORDER BY id")) {
                ps.setLong(1, orderId);
                List<Decision> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new Decision(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4),
                                rs.getString(5), rs.getString(6),
                                Database.instant(rs.getObject(7, OffsetDateTime.class)), rs.getString(8),
                                rs.getString(9)));
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
                            Database.instant(rs.getObject(7, OffsetDateTime.class)), null, null))
                            : java.util.Optional.<Decision>empty();
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

    /** How many decisions of each kind were taken since {@code since} (the console's last 24 hours). */
    public Map<String, Long> countsSince(Instant since) {
        return db.inTransaction(c -> {
            Map<String, Long> out = new LinkedHashMap<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT decision, COUNT(*) FROM decision"
                    + " WHERE decided_at >= ? GROUP BY decision ORDER BY decision")) {
                ps.setObject(1, Database.utc(since));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.put(rs.getString(1), rs.getLong(2));
                    }
                }
            }
            return out;
        });
    }

    /**
     * One page of orders, newest change first: each order's state, latest decision, TrackingTech's order id and
     * the tracking number. {@code query}: an order id, a TrackingTech order id or a tracking number (a part of one
     * will do); {@code state}: only orders in this state (null: all).
     */
    public OrderPage orders(String query, OrderState state, int offset, int limit) {
        StringBuilder where = new StringBuilder(" WHERE 1 = 1");
        List<Object> args = new ArrayList<>();
        String q = query == null ? "" : query.trim();
        if (!q.isEmpty()) {
            String like = "%" + q.toUpperCase(java.util.Locale.ROOT).replace("!", "!!").replace("%", "!%")
                    .replace("_", "!_") + "%";
            where.append(" AND (UPPER(trackingtech_id) LIKE ? ESCAPE '!' OR UPPER(tracking_number) LIKE ? ESCAPE '!'");
            args.add(like);
            args.add(like);
            if (q.matches("\\d{1,18}")) {
                where.append(" OR order_id = ?");
                args.add(Long.parseLong(q));
            }
            where.append(")");
        }
        if (state != null) {
            where.append(" AND state = ?");
            args.add(state.slug());
        }
        return db.inTransaction(c -> {
            long total;
            try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM order_summary" + where)) {
                bind(ps, args);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    total = rs.getLong(1);
                }
            }
            List<OrderRow> rows = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT order_id, status_seen, decision, reason, source,"
                    + " decided_at, trackingtech_id, tracking_number, events, state FROM order_summary" + where
                    + " ORDER BY last_decision_id DESC OFFSET ? ROWS FETCH NEXT ? ROWS ONLY")) {
                List<Object> all = new ArrayList<>(args);
                all.add(Math.max(0, offset));
                all.add(Math.max(1, Math.min(limit, 200)));
                bind(ps, all);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        rows.add(new OrderRow(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                                rs.getString(5), Database.instant(rs.getObject(6, OffsetDateTime.class)),
                                rs.getString(7), rs.getString(8), rs.getLong(9), rs.getString(10)));
                    }
                }
            }
            return new OrderPage(total, rows);
        });
    }

    private static void bind(PreparedStatement ps, List<Object> args) throws SQLException {
        for (int i = 0; i < args.size(); i++) {
            ps.setObject(i + 1, args.get(i));
        }
    }

    /** Every decision row is written here; with {@code events} (null: none) its event too, in the same transaction. */
    static void insert(Dialect dialect, Connection c, DecisionEvents events, InboxItem item, String decision,
                       String reason, Instant at) throws SQLException {
        insert(dialect, c, events, item, decision, reason, at, null, null);
    }

    static void insert(Dialect dialect, Connection c, DecisionEvents events, InboxItem item, String decision,
                       String reason, Instant at, String trackingTechId, String trackingNumber) throws SQLException {
        long id;
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO decision (inbox_id, order_id, status_seen,"
                + " decision, reason, source, decided_at, trackingtech_id, tracking_number)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", new String[] {"id"})) {
            ps.setLong(1, item.id());
            ps.setLong(2, item.orderId());
            ps.setString(3, item.orderStatus());
            ps.setString(4, decision);
            ps.setString(5, truncate(reason, 2000));
            ps.setString(6, item.source());
            ps.setObject(7, Database.utc(at));
            ps.setString(8, truncate(trackingTechId, 100));
            ps.setString(9, truncate(trackingNumber, 100));
            ps.executeUpdate();
            try (ResultSet keys = ps.getGeneratedKeys()) {
                keys.next();
                id = keys.getLong(1);
            }
        }
        if (events != null) {
            events.add(c, id, at);
        }
        if (item.orderId() > 0) {
            summarize(dialect, c, id, item, decision, reason, at, trackingTechId, trackingNumber);
        }
    }

    /**
     * The order's row in order_summary follows its latest decision, and its {@link OrderState} what all its
     * decisions add up to (same transaction). The row is read for update first: the status feed's write-back
     * records decisions without the order's lock, and two of them must not both start from the same state.
     */
    private static void summarize(Dialect dialect, Connection c, long decisionId, InboxItem item, String decision,
                                  String reason, Instant at, String trackingTechId, String trackingNumber) throws SQLException {
        while (true) {
            boolean exists;
            OrderState current = null;
            try (PreparedStatement read = c.prepareStatement(
                    "SELECT state FROM order_summary WHERE order_id = ? FOR UPDATE")) {
                read.setLong(1, item.orderId());
                try (ResultSet rs = read.executeQuery()) {
                    exists = rs.next();
                    if (exists) {
                        current = OrderState.of(rs.getString(1));
                    }
                }
            }
            OrderState next = OrderState.after(current, decision, item.orderStatus());
            // both statements take the same values in the same order
            String sql = exists
                    ? "UPDATE order_summary SET last_decision_id = ?, status_seen = ?, decision = ?, reason = ?,"
                    + " source = ?, decided_at = ?, trackingtech_id = COALESCE(?, trackingtech_id),"
                    + " tracking_number = COALESCE(?, tracking_number), state = ?, events = events + 1"
                    + " WHERE order_id = ?"
                    : "INSERT INTO order_summary (last_decision_id, status_seen, decision, reason, source, decided_at,"
                    + " trackingtech_id, tracking_number, state, order_id, events) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)";
            Dialect.Params values = ps -> {
                ps.setLong(1, decisionId);
                ps.setString(2, item.orderStatus());
                ps.setString(3, decision);
                ps.setString(4, truncate(reason, 2000));
                ps.setString(5, item.source());
                ps.setObject(6, Database.utc(at));
                ps.setString(7, truncate(trackingTechId, 100));
                ps.setString(8, truncate(trackingNumber, 100));
                ps.setString(9, next == null ? null : next.slug());
                ps.setLong(10, item.orderId());
            };
            if (exists) {
                try (PreparedStatement ps = c.prepareStatement(sql)) {
                    values.bind(ps);
                    if (ps.executeUpdate() == 1) {
                        return;
                    }
                }
            } else if (dialect.insertUnlessExists(c, sql, "order_id", values)) {
                return;
            }
            // another transaction inserted (or removed) the row meanwhile: read it again
        }
    }

    static String truncate(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }

    /**
     * An order as the console lists it: its state ({@link OrderState#slug()}; null only for a decision kind
     * {@link OrderState} does not know), its latest decision and what TrackingTech gave it.
     */
    public record OrderRow(long orderId, String statusSeen, String decision, String reason, String source,
                           Instant at, String trackingTechId, String trackingNumber, long events, String state) {
    }

    /** A page of orders and how many match in all. */
    public record OrderPage(long total, List<OrderRow> rows) {
    }

    /** One decision about one order. */
    public record Decision(long inboxId, long orderId, String statusSeen, String decision, String reason,
                           String source, Instant decidedAt, String trackingTechId, String trackingNumber) {
    }
}
