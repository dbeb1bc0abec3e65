package dev.wootrack.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Orders held for review ({@code needs-review}: an address check with the policy {@code hold} found a problem) and
 * "send anyway". Everything is in the database, so it survives a restart and any node may release what another
 * held: a held order is a parked inbox row ({@code park_reason = 'needs-review'}) with its {@code parked} decision;
 * sending it anyway records a {@code review-accepted} decision for that inbox row and puts the row back in line, in
 * one transaction. When the pipeline meets the row again, the decision tells the checks to let it through, once:
 * a later event of the order is checked afresh.
 */
public final class Reviews {

    public static final String NEEDS_REVIEW = "needs-review";
    public static final String REVIEW_ACCEPTED = "review-accepted";

    private final Database db;
    private final Decisions decisions;
    private final Clock clock;

    public Reviews(Database db, Decisions decisions, Clock clock) {
        this.db = db;
        this.decisions = decisions;
        this.clock = clock;
    }

    /**
     * Parks the row as {@code needs-review} with its reason (decision {@code parked}, reason
     * {@code needs-review: …}), and closes the order's older rows held for review: this event of the order replaces
     * them, so the console lists each order once.
     */
    public void hold(InboxItem item, String reason) {
        db.inTransaction(c -> {
            Decisions.insert(db.dialect(), c, decisions.events(), item, "parked", NEEDS_REVIEW + ": " + reason,
                    clock.instant());
            Inbox.finish(c, item.id(), Inbox.PARKED, NEEDS_REVIEW);
            try (PreparedStatement ps = c.prepareStatement("UPDATE inbox SET state = ?, park_reason = NULL"
                    + " WHERE state = ? AND park_reason = ? AND order_id = ? AND id < ?")) {
                ps.setString(1, Inbox.DONE);
                ps.setString(2, Inbox.PARKED);
                ps.setString(3, NEEDS_REVIEW);
                ps.setLong(4, item.orderId());
                ps.setLong(5, item.id());
                ps.executeUpdate();
            }
            return null;
        });
    }

    /** Whether someone chose "send anyway" for this inbox row. */
    public boolean accepted(InboxItem item) {
        return db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM decision WHERE order_id = ? AND inbox_id = ?"
                    + " AND decision = ?")) {
                ps.setLong(1, item.orderId());
                ps.setLong(2, item.id());
                ps.setString(3, REVIEW_ACCEPTED);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next();
                }
            }
        });
    }

    /**
     * "Send anyway": the order's row held for review goes back in line (inbox-recovery takes it within seconds, on
     * any node) with a {@code review-accepted} decision that lets it past the checks that held it. Empty when the
     * order has no row held for review (never held, already released, or released by someone else just now).
     */
    public Optional<Long> release(long orderId, String by) {
        return db.inTransaction(c -> {
            InboxItem held = null;
            try (PreparedStatement ps = c.prepareStatement("SELECT id, source, topic, order_status, received_at"
                    + " FROM inbox WHERE state = ? AND park_reason = ? AND order_id = ? ORDER BY id DESC"
                    + " FETCH FIRST 1 ROWS ONLY")) {
                ps.setString(1, Inbox.PARKED);
                ps.setString(2, NEEDS_REVIEW);
                ps.setLong(3, orderId);
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        held = new InboxItem(rs.getLong(1), rs.getString(2), rs.getString(3), orderId, rs.getString(4),
                                "", Database.instant(rs.getObject(5, OffsetDateTime.class)));
                    }
                }
            }
            if (held == null) {
                return Optional.<Long>empty();
            }
            // only if it is still held: two "send anyway" at once release it once
            try (PreparedStatement ps = c.prepareStatement("UPDATE inbox SET state = ?, park_reason = NULL,"
                    + " claimed_by = NULL, claimed_until = NULL WHERE id = ? AND state = ? AND park_reason = ?")) {
                ps.setString(1, Inbox.PENDING);
                ps.setLong(2, held.id());
                ps.setString(3, Inbox.PARKED);
                ps.setString(4, NEEDS_REVIEW);
                if (ps.executeUpdate() != 1) {
                    return Optional.<Long>empty();
                }
            }
            Decisions.insert(db.dialect(), c, decisions.events(), held, REVIEW_ACCEPTED, "sent anyway (" + by
                    + "): the address checks that held it let this event of the order through", clock.instant());
            return Optional.of(held.id());
        });
    }

    /** An order held for review, as the console lists it. */
    public record Held(long orderId, long inboxId, String statusSeen, String source, Instant since, String reason,
                       String orderState) {
    }

    /** The orders held for review, the longest waiting first. */
    public List<Held> list(int max) {
        return db.inTransaction(c -> {
            List<Held> out = new ArrayList<>();
            try (PreparedStatement rows = c.prepareStatement("SELECT i.id, i.order_id, i.order_status, i.source,"
                    + " s.state FROM inbox i LEFT JOIN order_summary s ON s.order_id = i.order_id"
                    + " WHERE i.state = ? AND i.park_reason = ? ORDER BY i.id FETCH FIRST " + Math.max(1, max)
                    + " ROWS ONLY");
                 PreparedStatement why = c.prepareStatement("SELECT reason, decided_at FROM decision"
                    + " WHERE order_id = ? AND inbox_id = ? AND decision = 'parked' ORDER BY id DESC"
                    + " FETCH FIRST 1 ROWS ONLY")) {
                rows.setString(1, Inbox.PARKED);
                rows.setString(2, NEEDS_REVIEW);
                List<Object[]> found = new ArrayList<>();
                try (ResultSet rs = rows.executeQuery()) {
                    while (rs.next()) {
                        found.add(new Object[] {rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4),
                                rs.getString(5)});
                    }
                }
                for (Object[] f : found) {
                    why.setLong(1, (Long) f[1]);
                    why.setLong(2, (Long) f[0]);
                    String reason = null;
                    Instant since = null;
                    try (ResultSet rs = why.executeQuery()) {
                        if (rs.next()) {
                            reason = rs.getString(1);
                            since = Database.instant(rs.getObject(2, OffsetDateTime.class));
                        }
                    }
                    if (reason != null && reason.startsWith(NEEDS_REVIEW + ": ")) {
                        reason = reason.substring(NEEDS_REVIEW.length() + 2);
                    }
                    out.add(new Held((Long) f[1], (Long) f[0], (String) f[2], (String) f[3], since, reason,
                            (String) f[4]));
                }
            }
            return out;
        });
    }
}
