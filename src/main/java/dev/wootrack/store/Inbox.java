package dev.wootrack.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

/**
 * The durable inbox every intake writes to before it acknowledges anything. Rows are claimed by the node
 * that works on them; a claim that expires (the node died, or the hand-off queue was full) is picked up
 * again by {@link #claimPending(int)}.
 */
public final class Inbox {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger("dev.wootrack.pipeline");

    public static final String PENDING = "pending";
    public static final String DONE = "done";
    public static final String PARKED = "parked";

    /** The row's columns, its payload from inbox_payload (rows of older versions kept it in inbox.payload). */
    private static final String COLUMNS = "i.id, i.source, i.topic, i.order_id, i.order_status,"
            + " COALESCE(p.payload, i.payload), i.received_at, i.attempts";
    /** What the columns hold at most: an order that does not fit is refused before anything is written. */
    public static final int MAX_PAYLOAD_CHARS = 1_048_576;
    public static final int MAX_STATUS_CHARS = 60;
    /** A claim this node holds, that nothing in it works on, for longer than this is taken back. */
    private static final Duration IDLE_CLAIM = Duration.ofSeconds(30);
    private static final String FROM = " FROM inbox i LEFT JOIN inbox_payload p ON p.inbox_id = i.id";

    private final Database db;
    private final String nodeId;
    private final Duration lease;
    private final Clock clock;
    /** The rows this node works on right now (claimed and handed to the pipeline): their claims are not idle. */
    private final java.util.Set<Long> inFlight = java.util.concurrent.ConcurrentHashMap.newKeySet();
    /**
     * Rows whose order lock {@link #add} took in the row's own commit, with the lock's expiry: {@link #lockOrder} needs
     * no read of its own for them (one per webhook). Taken out by the first lockOrder or release.
     */
    private final java.util.Map<Long, Instant> lockedAtIntake = new java.util.concurrent.ConcurrentHashMap<>();
    /** More rows than ever wait for the pipeline at once; a missing entry only costs lockOrder a read. */
    private static final int MAX_LOCKED_AT_INTAKE = 100_000;

    public Inbox(Database db, String nodeId, Duration lease, Clock clock) {
        this.db = db;
        this.nodeId = nodeId;
        this.lease = lease;
        this.clock = clock;
    }

    /**
     * Commits an incoming order. With {@code claimed} the row starts claimed by this node (it is handed
     * straight to the pipeline); otherwise the recovery route picks it up.
     */
    public InboxItem add(IncomingOrder order, boolean claimed) {
        check(order);
        Instant now = clock.instant();
        // shared with the other webhooks of the same moment: one durable commit for all (group commit)
        boolean[] locked = {false};
        InboxItem added = db.inSharedTransaction(c -> {
            InboxItem item = insert(c, order, now, claimed);
            if (claimed) {
                locked[0] = tryLock(c, item, now); // one commit for both; lockOrder then finds the lock taken
            }
            return item;
        });
        if (claimed) {
            inFlight.add(added.id());
            if (locked[0]) {
                if (lockedAtIntake.size() >= MAX_LOCKED_AT_INTAKE) {
                    lockedAtIntake.clear(); // rows that never reached lockOrder (a failed hand-off): it reads instead
                }
                lockedAtIntake.put(added.id(), now.plus(lease));
            }
        }
        return added;
    }

    /** Refuses an order the columns cannot hold, with what is wrong, before anything is written. */
    static void check(IncomingOrder order) {
        if (order.payload() != null && order.payload().length() > MAX_PAYLOAD_CHARS) {
            throw new InboxRefused(order.orderId(), "order " + order.orderId() + " is " + order.payload().length()
                    + " characters of JSON, more than the inbox keeps (" + MAX_PAYLOAD_CHARS + ")");
        }
        if (order.status() != null && order.status().length() > MAX_STATUS_CHARS) {
            throw new InboxRefused(order.orderId(), "order " + order.orderId() + " has a status of "
                    + order.status().length() + " characters; a WooCommerce status has at most " + MAX_STATUS_CHARS);
        }
        if (order.topic() != null && order.topic().length() > MAX_STATUS_CHARS) {
            throw new InboxRefused(order.orderId(), "the topic is longer than " + MAX_STATUS_CHARS + " characters");
        }
    }

    /** Takes the order's lock for the row when nobody holds it, inside the caller's transaction. */
    private boolean tryLock(Connection c, InboxItem item, Instant now) throws SQLException {
        // false: taken meanwhile by another event; lockOrder waits for it
        return db.dialect().insertUnlessExists(c, LOCK_INSERT, "order_id", lockParams(item, now));
    }

    private static final String LOCK_INSERT =
            "INSERT INTO order_lock (order_id, inbox_id, locked_by, locked_until) VALUES (?, ?, ?, ?)";

    private Dialect.Params lockParams(InboxItem item, Instant now) {
        return ps -> {
            ps.setLong(1, item.orderId());
            ps.setLong(2, item.id());
            ps.setString(3, nodeId);
            ps.setObject(4, Database.utc(now.plus(lease)));
        };
    }

    InboxItem insert(Connection c, IncomingOrder order, Instant now, boolean claimed) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO inbox (source, topic, order_id, order_status, received_at, state,"
                        + " claimed_by, claimed_until) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                new String[] {"id"})) { // by name: PostgreSQL's RETURN_GENERATED_KEYS returns every column
            ps.setString(1, order.source());
            ps.setString(2, order.topic());
            ps.setLong(3, order.orderId());
            ps.setString(4, order.status());
            ps.setObject(5, Database.utc(now));
            ps.setString(6, PENDING);
            ps.setString(7, claimed ? nodeId : null);
            ps.setObject(8, claimed ? Database.utc(now.plus(lease)) : null);
            ps.executeUpdate();
            long id;
            try (ResultSet keys = ps.getGeneratedKeys()) {
                keys.next();
                id = keys.getLong(1);
            }
            // the payload in a row of its own, written once: the inbox row's state changes do not rewrite it
            try (PreparedStatement payload = c.prepareStatement(
                    "INSERT INTO inbox_payload (inbox_id, payload) VALUES (?, ?)")) {
                payload.setLong(1, id);
                payload.setString(2, order.payload());
                payload.executeUpdate();
            }
            return new InboxItem(id, order.source(), order.topic(), order.orderId(), order.status(),
                    order.payload(), now);
        }
    }

    /**
     * Takes the order's lock for this inbox row, so one event per order is handled at a time. When another
     * row holds it, this row is put back to wait ({@code retryAfter}) and false is returned.
     */
    public boolean lockOrder(InboxItem item, long retryAfterMillis) {
        Instant now = clock.instant();
        Instant lockedUntil = lockedAtIntake.remove(item.id());
        if (lockedUntil != null && now.isBefore(lockedUntil.minus(lease.dividedBy(2)))) {
            return true; // taken when the row was added, a moment ago: no read, no second commit
        }
        if (holdsLock(item)) {
            return true; // taken when the row was added
        }
        boolean locked = db.inSharedTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "DELETE FROM order_lock WHERE order_id = ? AND (locked_until < ? OR inbox_id = ?)")) {
                ps.setLong(1, item.orderId());
                ps.setObject(2, Database.utc(now));
                ps.setLong(3, item.id());
                ps.executeUpdate();
            }
            // false: held by another event of this order (on this node or another)
            return db.dialect().insertUnlessExists(c, LOCK_INSERT, "order_id", lockParams(item, now));
        });
        if (!locked) {
            release(item, Duration.ofMillis(retryAfterMillis));
        }
        return locked;
    }

    private boolean holdsLock(InboxItem item) {
        return db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM order_lock WHERE order_id = ? AND inbox_id = ?")) {
                ps.setLong(1, item.orderId());
                ps.setLong(2, item.id());
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next();
                }
            }
        });
    }

    /** Releases the order lock an inbox row holds, within the caller's transaction (the decision's). */
    static void unlockOrder(Connection c, long inboxId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM order_lock WHERE inbox_id = ?")) {
            ps.setLong(1, inboxId);
            ps.executeUpdate();
        }
    }

    /** Gives up this node's claim on a row it could not hand to the pipeline, so recovery takes it at once. */
    public void unclaim(InboxItem item) {
        release(item, Duration.ZERO);
    }

    /**
     * Gives up this node's claim on a pending row; recovery takes it again after {@code after}. When the database
     * cannot be written just now, the claim stays, and is taken back as idle once the database works again.
     */
    public void release(InboxItem item, Duration after) {
        lockedAtIntake.remove(item.id());
        try {
            // shared: under a burst, every webhook the full queue turned away gives its row back at the same moment
            db.inSharedTransaction(c -> {
                try (PreparedStatement ps = c.prepareStatement("UPDATE inbox SET claimed_by = NULL, claimed_until = ?"
                        + " WHERE id = ? AND state = ?")) {
                    ps.setObject(1, after.isZero() ? null : Database.utc(clock.instant().plus(after)));
                    ps.setLong(2, item.id());
                    ps.setString(3, PENDING);
                    return ps.executeUpdate();
                }
            });
        } finally {
            inFlight.remove(item.id());
        }
    }

    /**
     * TrackingTech could not take the order for a passing reason and the in-memory retries are spent: the row waits
     * in the database, unclaimed, until {@code next}, keeping its order's lock (later events of the order wait behind
     * it); {@code attempts} and the reason are kept, and inbox-recovery tries it again then.
     */
    public Instant defer(InboxItem item, String reason, Duration delay) {
        Instant next = clock.instant().plus(delay);
        try {
            db.inTransaction(c -> {
                try (PreparedStatement ps = c.prepareStatement("UPDATE inbox SET claimed_by = NULL, claimed_until = ?,"
                        + " attempts = attempts + 1, last_error = COALESCE(?, last_error) WHERE id = ? AND state = ?")) {
                    ps.setObject(1, Database.utc(next));
                    ps.setString(2, Decisions.truncate(reason, 2000));
                    ps.setLong(3, item.id());
                    ps.setString(4, PENDING);
                    ps.executeUpdate();
                }
                try (PreparedStatement ps = c.prepareStatement(
                        "UPDATE order_lock SET locked_until = ? WHERE inbox_id = ?")) {
                    ps.setObject(1, Database.utc(next.plus(lease)));
                    ps.setLong(2, item.id());
                    ps.executeUpdate();
                }
                return null;
            });
        } finally {
            inFlight.remove(item.id());
        }
        return next;
    }

    /** The pipeline is done with a row (whatever became of it): its claim, if it still has one, is no longer busy. */
    public void done(long inboxId) {
        inFlight.remove(inboxId);
    }

    /** Orders waiting for TrackingTech: how many, the next attempt, and why the most recent one waits. */
    public record Waiting(long orders, Instant nextAttempt, String lastError) {
    }

    public Waiting waiting() {
        return db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*), MIN(claimed_until) FROM inbox"
                    + " WHERE state = ? AND attempts > 0");
                 PreparedStatement last = c.prepareStatement("SELECT last_error FROM inbox WHERE state = ?"
                    + " AND attempts > 0 ORDER BY claimed_until DESC FETCH FIRST 1 ROWS ONLY")) {
                ps.setString(1, PENDING);
                last.setString(1, PENDING);
                long n;
                Instant next;
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    n = rs.getLong(1);
                    next = Database.instant(rs.getObject(2, OffsetDateTime.class));
                }
                String error = null;
                if (n > 0) {
                    try (ResultSet rs = last.executeQuery()) {
                        error = rs.next() ? rs.getString(1) : null;
                    }
                }
                return new Waiting(n, next, error);
            }
        });
    }

    /** At start-up: this node's claims and order locks are from a previous life of this node, so they are void. */
    public int releaseOwnClaims() {
        return db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM order_lock WHERE locked_by = ?")) {
                ps.setString(1, nodeId);
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE inbox SET claimed_by = NULL, claimed_until = NULL WHERE state = ? AND claimed_by = ?")) {
                ps.setString(1, PENDING);
                ps.setString(2, nodeId);
                return ps.executeUpdate();
            }
        });
    }

    /**
     * Puts parked orders (for the given reason, or all when null) back in line, oldest first. Orders held for review
     * ({@link Reviews#NEEDS_REVIEW}) are not released with the others (a connection coming back says nothing about
     * an address): only "send anyway" ({@link Reviews#release}) or their own reason releases them.
     */
    public int releaseParked(String reason) {
        return db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE inbox SET state = ?, park_reason = NULL, claimed_by = NULL, claimed_until = NULL"
                            + " WHERE state = ?" + (reason == null
                            ? " AND (park_reason IS NULL OR park_reason <> ?)" : " AND park_reason = ?"))) {
                ps.setString(1, PENDING);
                ps.setString(2, PARKED);
                ps.setString(3, reason == null ? Reviews.NEEDS_REVIEW : reason);
                return ps.executeUpdate();
            }
        });
    }

    /**
     * Claims up to {@code max} pending rows that nobody holds (or whose holder's lease ran out), oldest first, in one
     * transaction. Nodes claiming at the same moment take different rows and do not wait for each other: the rows
     * are read {@code FOR UPDATE SKIP LOCKED} (H2, PostgreSQL), and the claim's UPDATE checks again that the row is
     * free. First, this node's own claims that nothing here works on any more (a hand-off or a pipeline that
     * failed) are given up, so they need not wait for the lease.
     */
    public List<InboxItem> claimPending(int max) {
        return claimPending(max, true);
    }

    /** As {@link #claimPending(int)}; without {@code waitingToo}, rows waiting for TrackingTech stay where they are. */
    public List<InboxItem> claimPending(int max, boolean waitingToo) {
        Instant now = clock.instant();
        releaseIdleClaims(now);
        List<InboxItem> taken = db.inTransaction(c -> {
            List<InboxItem> candidates = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + FROM + " WHERE i.state = ?"
                    + " AND (i.claimed_until IS NULL OR i.claimed_until < ?)" + (waitingToo ? "" : " AND i.attempts = 0")
                    + " ORDER BY i.id FETCH FIRST " + max + " ROWS ONLY" + db.dialect().claimRows("i"))) {
                ps.setString(1, PENDING);
                ps.setObject(2, Database.utc(now));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        candidates.add(read(rs));
                    }
                }
            }
            List<InboxItem> claimed = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("UPDATE inbox SET claimed_by = ?, claimed_until = ?"
                    + " WHERE id = ? AND state = ? AND (claimed_until IS NULL OR claimed_until < ?)")) {
                for (InboxItem item : candidates) {
                    ps.setString(1, nodeId);
                    ps.setObject(2, Database.utc(now.plus(lease)));
                    ps.setLong(3, item.id());
                    ps.setString(4, PENDING);
                    ps.setObject(5, Database.utc(now));
                    if (ps.executeUpdate() == 1) {
                        claimed.add(item);
                    }
                }
            }
            return claimed;
        });
        taken.forEach(item -> inFlight.add(item.id()));
        return taken;
    }

    private void releaseIdleClaims(Instant now) {
        Instant claimedBefore = now.plus(lease).minus(IDLE_CLAIM); // claimed more than IDLE_CLAIM ago
        List<Long> idle = db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT i.id FROM inbox i WHERE i.state = ?"
                    + " AND i.claimed_by = ? AND i.claimed_until < ?" + db.dialect().claimRows("i"))) {
                ps.setString(1, PENDING);
                ps.setString(2, nodeId);
                ps.setObject(3, Database.utc(claimedBefore));
                List<Long> ids = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        if (!inFlight.contains(rs.getLong(1))) {
                            ids.add(rs.getLong(1));
                        }
                    }
                }
                try (PreparedStatement up = c.prepareStatement("UPDATE inbox SET claimed_by = NULL, claimed_until = NULL"
                        + " WHERE id = ? AND claimed_by = ? AND state = ?")) {
                    for (long id : ids) {
                        up.setLong(1, id);
                        up.setString(2, nodeId);
                        up.setString(3, PENDING);
                        up.executeUpdate();
                    }
                }
                return ids;
            }
        });
        if (!idle.isEmpty()) {
            LOG.warn("took back {} inbox row(s) this node had claimed but nothing worked on (a failed hand-off or"
                    + " pipeline); they go through the pipeline again", idle.size());
        }
    }

    /** Counts the rows of one intake run (by source and id range) still in a state, e.g. pending. */
    public long count(String source, long fromId, long toId, String state) {
        return db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT COUNT(*) FROM inbox WHERE source = ? AND id BETWEEN ? AND ? AND state = ?")) {
                ps.setString(1, source);
                ps.setLong(2, fromId);
                ps.setLong(3, toId);
                ps.setString(4, state);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        });
    }

    /** The parked order that waits longest: its inbox row and why it waits. */
    public java.util.Optional<java.util.Map.Entry<InboxItem, String>> oldestParked() {
        return db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + ", i.park_reason" + FROM
                    + " WHERE i.state = ? ORDER BY i.id FETCH FIRST 1 ROWS ONLY")) {
                ps.setString(1, PARKED);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? java.util.Optional.of(java.util.Map.entry(read(rs), rs.getString(9)))
                            : java.util.Optional.<java.util.Map.Entry<InboxItem, String>>empty();
                }
            }
        });
    }

    /** Counts rows by state, for status and tests. */
    public long count(String state) {
        return db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM inbox WHERE state = ?")) {
                ps.setString(1, state);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        });
    }

    /** Sets the final state of a row within the caller's transaction. */
    static void finish(Connection c, long inboxId, String state, String parkReason) throws SQLException {
        unlockOrder(c, inboxId);
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE inbox SET state = ?, park_reason = ?, claimed_by = NULL, claimed_until = NULL WHERE id = ?")) {
            ps.setString(1, state);
            ps.setString(2, parkReason);
            ps.setLong(3, inboxId);
            ps.executeUpdate();
        }
    }

    private static InboxItem read(ResultSet rs) throws SQLException {
        return new InboxItem(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getLong(4), rs.getString(5),
                rs.getString(6), Database.instant(rs.getObject(7, OffsetDateTime.class)), rs.getInt(8));
    }
}
