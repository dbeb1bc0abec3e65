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
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The outbox of decision events ({@code wootrack.events.*}). While events are on, every decision row (sent, ignored,
 * parked, dead letter, written back, refused, …) gets an event row in the same transaction ({@link #add}), so no
 * decision is published that was not recorded, and none recorded is lost. The decision-events route takes them
 * oldest first ({@link #claim}), sends each to the host's endpoint and deletes it once sent ({@link #done}): at least
 * once, never on the order's path. No Camel imports: the route calls it through the bean EIP.
 */
public final class DecisionEvents {

    /** How long a claim lasts: after it a node that stopped mid-run leaves its events to the others. */
    static final Duration LEASE = Duration.ofMinutes(5);
    private static final Logger LOG = LoggerFactory.getLogger("dev.wootrack.events");

    private final Database db;
    private final Clock clock;
    private final String nodeId;
    private final boolean enabled;
    private final AtomicLong failedRuns = new AtomicLong();
    /** Set while the endpoint fails: one WARN when it starts failing, one INFO when it takes events again. */
    private volatile String failing;

    public DecisionEvents(Database db, Clock clock, String nodeId, boolean enabled) {
        this.db = db;
        this.clock = clock;
        this.nodeId = nodeId;
        this.enabled = enabled;
    }

    /** Whether decisions are written as events ({@code wootrack.events.enabled}). */
    public boolean isEnabled() {
        return enabled;
    }

    /** Adds the event of a decision just inserted, inside the decision's transaction; nothing when events are off. */
    void add(Connection c, long decisionId, Instant at) throws SQLException {
        if (!enabled) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO decision_event (decision_id, created_at) VALUES (?, ?)")) {
            ps.setLong(1, decisionId);
            ps.setObject(2, Database.utc(at));
            ps.executeUpdate();
        }
    }

    /**
     * Takes up to {@code max} events, oldest first, for this node. Events this node claimed before are taken again:
     * the route never overlaps itself, so a claim of this node's that is still there belongs to a run that ended
     * (a failed send, a crash); another node's are left until its claim runs out. Two nodes claiming at once take
     * different events without waiting for each other ({@code FOR UPDATE SKIP LOCKED}).
     */
    public List<DecisionEvent> claim(int max) {
        Instant now = clock.instant();
        return db.inTransaction(c -> {
            List<DecisionEvent> candidates = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT e.id, d.id, d.order_id, d.decision, d.reason,"
                    + " d.status_seen, d.source, d.inbox_id, d.decided_at, d.trackingtech_id, d.tracking_number"
                    + " FROM decision_event e JOIN decision d ON d.id = e.decision_id"
                    + " WHERE e.claimed_by IS NULL OR e.claimed_by = ? OR e.claimed_until < ?"
                    + " ORDER BY e.id FETCH FIRST " + Math.max(1, max) + " ROWS ONLY" + db.dialect().claimRows("e"))) {
                ps.setString(1, nodeId);
                ps.setObject(2, Database.utc(now));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        candidates.add(new DecisionEvent(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getString(4),
                                rs.getString(5), rs.getString(6), rs.getString(7), rs.getLong(8),
                                Database.instant(rs.getObject(9, OffsetDateTime.class)), rs.getString(10),
                                rs.getString(11)));
                    }
                }
            }
            List<DecisionEvent> claimed = new ArrayList<>(candidates.size());
            try (PreparedStatement ps = c.prepareStatement("UPDATE decision_event SET claimed_by = ?, claimed_until = ?"
                    + " WHERE id = ? AND (claimed_by IS NULL OR claimed_by = ? OR claimed_until < ?)")) {
                for (DecisionEvent event : candidates) {
                    ps.setString(1, nodeId);
                    ps.setObject(2, Database.utc(now.plus(LEASE)));
                    ps.setLong(3, event.id());
                    ps.setString(4, nodeId);
                    ps.setObject(5, Database.utc(now));
                    if (ps.executeUpdate() == 1) { // 0: another node took it meanwhile
                        claimed.add(event);
                    }
                }
            }
            return claimed;
        });
    }

    /** The event was handed to the endpoint: it is deleted. */
    public void done(long id) {
        db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM decision_event WHERE id = ?")) {
                ps.setLong(1, id);
                return ps.executeUpdate();
            }
        });
        if (failing != null) {
            failing = null;
            LOG.info("decision events are delivered again (after {} failed run(s))", failedRuns.get());
        }
    }

    /**
     * A send failed: this node's claims are given up, so the events go out again on the next run (of any node), the
     * failed one first. Says so in one WARN line (the failure's innermost message, no stack trace) when the endpoint
     * starts failing, then at DEBUG for each run until it works again: a host's broken endpoint does not flood the log.
     */
    public void notDelivered(Throwable failure) {
        failedRuns.incrementAndGet();
        db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE decision_event SET claimed_by = NULL, claimed_until = NULL WHERE claimed_by = ?")) {
                ps.setString(1, nodeId);
                return ps.executeUpdate();
            }
        });
        Throwable root = failure;
        while (root != null && root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root == null ? "unknown failure" : root.getClass().getSimpleName()
                + (root.getMessage() == null ? "" : ": " + root.getMessage().lines().findFirst().orElse(""));
        int exchange = message.indexOf(". Exchange["); // Camel's messages name the exchange: nothing for a reader
        message = exchange < 0 ? message : message.substring(0, exchange);
        message = message.length() > 300 ? message.substring(0, 300) + "…" : message;
        if (failing == null) {
            LOG.warn("decision events not delivered ({}); they wait in the outbox and go out once the endpoint takes"
                    + " them (further failures at DEBUG)", message);
        } else {
            LOG.debug("decision events still not delivered ({})", message);
        }
        failing = message;
    }

    /** How many runs failed to deliver since this node started. */
    public long failedRuns() {
        return failedRuns.get();
    }

    /** How many events wait to be sent. */
    public long pending() {
        return db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM decision_event");
                 ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }
}
