package dev.wootrack.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;

/**
 * What the reconciliation ledger reads of WooTrack's own record, and keeps: the digest of what was sent for each key
 * (table {@code sent_content}, written by {@link Decisions#recordSent} in the decision's transaction), one order's
 * side of the story ({@link #side}), what became of the orders a {@code --fix} handed to the inbox, and the last
 * report (table {@code reconcile_report}, one row).
 */
public final class ReconcileLedger {

    private final Database db;
    private final Clock clock;

    public ReconcileLedger(Database db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    /**
     * WooTrack's side of one order.
     *
     * @param known         WooTrack has a decision about it (or a key: it sent or cancelled it)
     * @param state         its {@link OrderState} slug, or null
     * @param decision      its latest decision, or null
     * @param reason        that decision's reason, or null
     * @param statusesSeen  every WooCommerce status WooTrack's decisions saw it in (the status feed's excluded)
     * @param sent          the key is among those TrackingTech accepted
     * @param cancelled     the key is among those TrackingTech cancelled
     * @param pending       an inbox row of the order is not decided yet (in the pipeline, or waiting for TrackingTech)
     * @param parked        an inbox row of the order is parked (not connected, login expired)
     * @param digest        the digest of what was sent ({@code sent_content}), or null (none kept, or deleted)
     */
    public record Side(boolean known, String state, String decision, String reason, Set<String> statusesSeen,
                       boolean sent, boolean cancelled, boolean pending, boolean parked, String digest) {
    }

    /** WooTrack's side of order {@code orderId}, whose key is {@code key}. */
    public Side side(long orderId, String key) {
        return db.inTransaction(c -> {
            String state = null;
            String decision = null;
            String reason = null;
            boolean summary;
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT state, decision, reason FROM order_summary WHERE order_id = ?")) {
                ps.setLong(1, orderId);
                try (ResultSet rs = ps.executeQuery()) {
                    summary = rs.next();
                    if (summary) {
                        state = rs.getString(1);
                        decision = rs.getString(2);
                        reason = rs.getString(3);
                    }
                }
            }
            Set<String> seen = new LinkedHashSet<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT DISTINCT status_seen FROM decision WHERE order_id = ?"
                    + " AND source <> 'trackingtech' AND status_seen IS NOT NULL")) {
                ps.setLong(1, orderId);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        seen.add(rs.getString(1));
                    }
                }
            }
            boolean sent = false;
            boolean cancelled = false;
            try (PreparedStatement ps = c.prepareStatement("SELECT kind FROM delivered_key WHERE order_key = ?")) {
                ps.setString(1, key);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        sent |= DeliveredKeys.SENT.equals(rs.getString(1));
                        cancelled |= DeliveredKeys.CANCELLED.equals(rs.getString(1));
                    }
                }
            }
            boolean pending = false;
            boolean parked = false;
            try (PreparedStatement ps = c.prepareStatement("SELECT DISTINCT state FROM inbox WHERE order_id = ?"
                    + " AND state IN ('" + Inbox.PENDING + "', '" + Inbox.PARKED + "')")) {
                ps.setLong(1, orderId);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        pending |= Inbox.PENDING.equals(rs.getString(1));
                        parked |= Inbox.PARKED.equals(rs.getString(1));
                    }
                }
            }
            String digest = null;
            try (PreparedStatement ps = c.prepareStatement("SELECT digest FROM sent_content WHERE order_key = ?")) {
                ps.setString(1, key);
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        digest = rs.getString(1);
                    }
                }
            }
            return new Side(summary || !seen.isEmpty() || sent || cancelled, state, decision, reason, seen, sent,
                    cancelled, pending, parked, digest);
        });
    }

    /** The decision taken for an inbox row (the latest, if several), or empty while it has none. */
    public Optional<String> decisionOf(long inboxId) {
        return db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT decision FROM decision WHERE inbox_id = ?"
                    + " ORDER BY id DESC FETCH FIRST 1 ROWS ONLY")) {
                ps.setLong(1, inboxId);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(rs.getString(1)) : Optional.<String>empty();
                }
            }
        });
    }

    /** The state of an inbox row ({@link Inbox#PENDING}, done, parked), or empty when it is gone. */
    public Optional<String> inboxState(long inboxId) {
        return db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT state FROM inbox WHERE id = ?")) {
                ps.setLong(1, inboxId);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(rs.getString(1)) : Optional.<String>empty();
                }
            }
        });
    }

    /** Keeps the last report (replacing the one before). */
    public void saveReport(String outcome, String reportJson) {
        Instant now = clock.instant();
        db.inTransaction(c -> {
            try (PreparedStatement up = c.prepareStatement(
                    "UPDATE reconcile_report SET finished_at = ?, outcome = ?, report = ? WHERE id = 1")) {
                up.setObject(1, Database.utc(now));
                up.setString(2, outcome);
                up.setString(3, reportJson);
                if (up.executeUpdate() == 1) {
                    return null;
                }
            }
            if (!db.dialect().insertUnlessExists(c, "INSERT INTO reconcile_report (id, finished_at, outcome, report)"
                    + " VALUES (1, ?, ?, ?)", "id", ps -> {
                        ps.setObject(1, Database.utc(now));
                        ps.setString(2, outcome);
                        ps.setString(3, reportJson);
                    })) {
                try (PreparedStatement up = c.prepareStatement(
                        "UPDATE reconcile_report SET finished_at = ?, outcome = ?, report = ? WHERE id = 1")) {
                    up.setObject(1, Database.utc(now));
                    up.setString(2, outcome);
                    up.setString(3, reportJson);
                    up.executeUpdate();
                }
            }
            return null;
        });
    }

    /** The last report's JSON, if a reconciliation ever ran. */
    public Optional<String> lastReport() {
        return db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT report FROM reconcile_report WHERE id = 1")) {
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(rs.getString(1)) : Optional.<String>empty();
                }
            }
        });
    }

    /** Keeps what was sent for a key, in the caller's transaction (a repeat replaces it: the latest send counts). */
    static void sentContent(Dialect dialect, Connection c, String key, String digest, Instant at) throws SQLException {
        try (PreparedStatement up = c.prepareStatement(
                "UPDATE sent_content SET digest = ?, sent_at = ? WHERE order_key = ?")) {
            up.setString(1, Decisions.truncate(digest, 2000));
            up.setObject(2, Database.utc(at));
            up.setString(3, key);
            if (up.executeUpdate() == 1) {
                return;
            }
        }
        dialect.insertUnlessExists(c, "INSERT INTO sent_content (order_key, digest, sent_at) VALUES (?, ?, ?)",
                "order_key", ps -> {
                    ps.setString(1, key);
                    ps.setString(2, Decisions.truncate(digest, 2000));
                    ps.setObject(3, Database.utc(at));
                });
    }
}
