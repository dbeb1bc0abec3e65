package dev.wootrack.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * The write-back's steps, each claimed before WooCommerce is called: a customer note (and Shipment Tracking entry)
 * per tracking number, an order update per (order, status, tracking number). Whoever claims a step writes it;
 * everybody else (a second refresh, the feed racing a refresh) skips it. A claim whose holder died runs out after
 * its lease and is taken again, so a crash between claim and call repeats that one step at most once.
 */
public final class WriteBackSteps {

    public static final String CLAIMED = "claimed";
    public static final String DONE = "done";

    private final Database db;
    private final Clock clock;
    private final Duration lease;

    public WriteBackSteps(Database db, Clock clock, Duration lease) {
        this.db = db;
        this.clock = clock;
        this.lease = lease;
    }

    /** {@code note:<order>:<tracking number>}: one customer note per tracking number. */
    public static String noteKey(long orderId, String trackingNumber) {
        return "note:" + orderId + ":" + trackingNumber;
    }

    /** {@code status:<order>:<status>:<tracking number>}: one order update per status. */
    public static String statusKey(long orderId, String status, String trackingNumber) {
        return "status:" + orderId + ":" + status + ":" + trackingNumber;
    }

    /**
     * Claims a step for {@code holder} (the exchange that writes it): true when it is to write it (new, its own claim
     * again on a redelivery, or a claim that ran out); false when it is done or somebody else is writing it now.
     */
    public boolean claim(String key, String holder) {
        Instant now = clock.instant();
        // shared with the other writers' steps of the same moment (group commit); the claims of one key are still
        // decided one after the other: a second claim in the same commit sees the first
        return db.inSharedTransaction(c -> claim(c, key, holder, now));
    }

    /** What {@link #claim(String, String, boolean, String)} took: the order update's step, and the note's. */
    public record Claims(boolean status, boolean note) {
    }

    /**
     * An update's two steps claimed in one commit: its status step, and, only when that one is taken and the update
     * has a tracking number ({@code withNote}), the note's. One durable commit per update instead of two.
     */
    public Claims claim(String statusKey, String noteKey, boolean withNote, String holder) {
        Instant now = clock.instant();
        return db.inSharedTransaction(c -> {
            boolean status = claim(c, statusKey, holder, now);
            return new Claims(status, status && withNote && claim(c, noteKey, holder, now));
        });
    }

    private boolean claim(Connection c, String key, String holder, Instant now) throws SQLException {
        boolean inserted = db.dialect().insertUnlessExists(c, "INSERT INTO writeback_step (step_key, state,"
                + " claimed_by, claimed_until, updated_at) VALUES (?, ?, ?, ?, ?)", "step_key", insert -> {
                    insert.setString(1, key);
                    insert.setString(2, CLAIMED);
                    insert.setString(3, holder);
                    insert.setObject(4, Database.utc(now.plus(lease)));
                    insert.setObject(5, Database.utc(now));
                });
        if (inserted) {
            return true;
        }
        // there already: the holder's own claim, or one whose holder died (it ran out)
        try (PreparedStatement takeOver = c.prepareStatement("UPDATE writeback_step SET claimed_by = ?,"
                + " claimed_until = ?, updated_at = ? WHERE step_key = ? AND state = ?"
                + " AND (claimed_by = ? OR claimed_until < ?)")) {
            takeOver.setString(1, holder);
            takeOver.setObject(2, Database.utc(now.plus(lease)));
            takeOver.setObject(3, Database.utc(now));
            takeOver.setString(4, key);
            takeOver.setString(5, CLAIMED);
            takeOver.setString(6, holder);
            takeOver.setObject(7, Database.utc(now));
            return takeOver.executeUpdate() == 1;
        }
    }

    /** The step was written. */
    public void done(String key) {
        db.inSharedTransaction(c -> done(c, key, clock.instant()));
    }

    /** Marks a step done in a transaction of the caller's ({@link Decisions#writtenBack}: with its decision). */
    static int done(Connection c, String key, Instant now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE writeback_step SET state = ?, claimed_by = NULL,"
                + " claimed_until = NULL, updated_at = ? WHERE step_key = ?")) {
            ps.setString(1, DONE);
            ps.setObject(2, Database.utc(now));
            ps.setString(3, key);
            return ps.executeUpdate();
        }
    }

    /**
     * The step could not be written (WooCommerce refused, failed): the next run may claim it again at once. Only a
     * claim the caller took ({@code claimedHere}) is given up; a step done stays done.
     */
    public void release(String key, Boolean claimedHere) {
        if (key == null || !Boolean.TRUE.equals(claimedHere)) {
            return;
        }
        db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "DELETE FROM writeback_step WHERE step_key = ? AND state = ?")) {
                ps.setString(1, key);
                ps.setString(2, CLAIMED);
                return ps.executeUpdate();
            }
        });
    }

    /** Whether a step is done (for tests and the status). */
    public boolean isDone(String key) {
        return db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM writeback_step WHERE step_key = ? AND state = ?")) {
                ps.setString(1, key);
                ps.setString(2, DONE);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next();
                }
            }
        });
    }
}
