package dev.wootrack.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The nodes that share this database (table {@code wootrack_node}). Each running node registers at start, writes a
 * heartbeat with what its own intake and calls saw, and marks its row stopped when it stops cleanly. A node that has
 * not been seen for the node timeout is taken for dead: the pending inbox rows it had claimed are put back in line at
 * once for the others ({@link #takeOverFromDeadNodes()}), instead of after the inbox lease. Its order locks need no
 * such step: the row that holds one takes it back by its inbox id when it is claimed again, and a later event of the
 * same order still waits behind it.
 */
public final class Nodes {

    private static final Logger LOG = LoggerFactory.getLogger("dev.wootrack.cluster");

    /** One node as its row says. {@code health} is the JSON its last heartbeat wrote. */
    public record Node(String id, String host, long pid, int httpPort, String version, Instant startedAt,
                       Instant lastSeen, Instant stoppedAt, String health) {
        public boolean alive(Instant now, Duration timeout) {
            return stoppedAt == null && lastSeen.isAfter(now.minus(timeout));
        }
    }

    /** Another running node has this node's id. */
    public static final class NodeIdInUse extends IllegalStateException {
        NodeIdInUse(String message) {
            super(message);
        }
    }

    private final Database db;
    private final Clock clock;
    private final String nodeId;
    private final Duration timeout;
    /** Since when this node's heartbeats have succeeded without a gap (null: the last one failed, or none yet). */
    private volatile Instant healthySince;

    public Nodes(Database db, Clock clock, String nodeId, Duration timeout) {
        this.db = db;
        this.clock = clock;
        this.nodeId = nodeId;
        this.timeout = timeout;
    }

    public String nodeId() {
        return nodeId;
    }

    private static final String THIS_HOST = lookUpHost();

    /**
     * This machine's host name, looked up once: the node id's default, the host of this node's row, what the data
     * dir's lock records. Falls back to {@code HOSTNAME}, then "localhost".
     */
    public static String thisHost() {
        return THIS_HOST;
    }

    private static String lookUpHost() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            return java.util.Optional.ofNullable(System.getenv("HOSTNAME")).orElse("localhost");
        }
    }

    public Duration timeout() {
        return timeout;
    }

    /**
     * Writes this node's row at start. Refused when another node that is alive (seen within the timeout, not stopped)
     * has the same id from another process: two nodes with one id would take each other's claims.
     */
    public void register(String host, long pid, int httpPort, String version) {
        Instant now = clock.instant();
        db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT host, pid, last_seen, stopped_at FROM wootrack_node"
                    + " WHERE node_id = ?")) {
                ps.setString(1, nodeId);
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        String otherHost = rs.getString(1);
                        long otherPid = rs.getLong(2);
                        Instant seen = Database.instant(rs.getObject(3, OffsetDateTime.class));
                        boolean stopped = rs.getObject(4) != null;
                        boolean sameProcess = otherPid == pid && java.util.Objects.equals(otherHost, host);
                        if (!stopped && !sameProcess && seen.isAfter(now.minus(timeout))) {
                            throw new NodeIdInUse("the node id '" + nodeId + "' is in use by a running node (pid "
                                    + otherPid + " on " + otherHost + ", seen " + Duration.between(seen, now).toSeconds()
                                    + " s ago): give each node its own wootrack.node-id, or leave it unset (then it is"
                                    + " <host>-<pid>)");
                        }
                    }
                }
            }
            try (PreparedStatement up = c.prepareStatement("UPDATE wootrack_node SET host = ?, pid = ?, http_port = ?,"
                    + " version = ?, started_at = ?, last_seen = ?, stopped_at = NULL, health = NULL WHERE node_id = ?")) {
                up.setString(1, host);
                up.setLong(2, pid);
                up.setInt(3, httpPort);
                up.setString(4, version);
                up.setObject(5, Database.utc(now));
                up.setObject(6, Database.utc(now));
                up.setString(7, nodeId);
                if (up.executeUpdate() == 1) {
                    return null;
                }
            }
            try (PreparedStatement in = c.prepareStatement("INSERT INTO wootrack_node (node_id, host, pid, http_port,"
                    + " version, started_at, last_seen) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
                in.setString(1, nodeId);
                in.setString(2, host);
                in.setLong(3, pid);
                in.setInt(4, httpPort);
                in.setString(5, version);
                in.setObject(6, Database.utc(now));
                in.setObject(7, Database.utc(now));
                in.executeUpdate();
            }
            return null;
        });
        healthySince = now;
    }

    /** This node is alive: its row's last_seen and health (JSON, at most 4,000 characters). */
    public void heartbeat(String health) {
        Instant now = clock.instant();
        try {
            db.inTransaction(c -> {
                try (PreparedStatement ps = c.prepareStatement("UPDATE wootrack_node SET last_seen = ?, health = ?,"
                        + " stopped_at = NULL WHERE node_id = ?")) {
                    ps.setObject(1, Database.utc(now));
                    ps.setString(2, health != null && health.length() > 4000 ? null : health);
                    ps.setString(3, nodeId);
                    if (ps.executeUpdate() == 1) {
                        return 1;
                    }
                }
                // the row went (deleted by hand, or this node registered on a database since restored): again
                try (PreparedStatement in = c.prepareStatement("INSERT INTO wootrack_node (node_id, started_at,"
                        + " last_seen, health) VALUES (?, ?, ?, ?)")) {
                    in.setString(1, nodeId);
                    in.setObject(2, Database.utc(now));
                    in.setObject(3, Database.utc(now));
                    in.setString(4, health != null && health.length() > 4000 ? null : health);
                    return in.executeUpdate();
                }
            });
            if (healthySince == null) {
                healthySince = now;
            }
        } catch (RuntimeException e) {
            healthySince = null;
            throw e;
        }
    }

    /** A clean stop: the row says so, and the others need not wait for the timeout. */
    public void stopped() {
        db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE wootrack_node SET stopped_at = ? WHERE node_id = ?")) {
                ps.setObject(1, Database.utc(clock.instant()));
                ps.setString(2, nodeId);
                return ps.executeUpdate();
            }
        });
    }

    /**
     * Puts back in line the pending inbox rows claimed by nodes not seen for the timeout (or stopped). Only once this
     * node's own heartbeats have gone through for a whole timeout: after the database was out for everybody, every
     * other node looks dead for a moment, and nothing is taken from them before they have had the time to check in.
     * Returns the rows taken over.
     */
    public int takeOverFromDeadNodes() {
        Instant now = clock.instant();
        Instant since = healthySince;
        if (since == null || since.isAfter(now.minus(timeout))) {
            return 0;
        }
        int taken = db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE inbox SET claimed_by = NULL, claimed_until = NULL"
                    + " WHERE state = ? AND claimed_by IN (SELECT n.node_id FROM wootrack_node n WHERE n.node_id <> ?"
                    + " AND (n.last_seen < ? OR n.stopped_at IS NOT NULL))")) {
                ps.setString(1, Inbox.PENDING);
                ps.setString(2, nodeId);
                ps.setObject(3, Database.utc(now.minus(timeout)));
                return ps.executeUpdate();
            }
        });
        if (taken > 0) {
            LOG.warn("took over {} inbox row(s) claimed by node(s) not seen for {} s: they go through the pipeline again"
                    + " (the Idempotency-Key keeps TrackingTech from shipping an order twice)", taken,
                    timeout.toSeconds());
        }
        return taken;
    }

    /**
     * At start: the nodes registered on this host whose process is gone (killed, crashed: the node this one replaces
     * after a restart) are dead now, without waiting for the timeout: their pending inbox rows go back in line and
     * their rows are marked stopped. Host names must differ between machines (they do on Kubernetes and Docker by
     * default). Returns the rows taken over.
     */
    public int takeOverFromGoneNodesOnThisHost(String host) {
        List<String> gone = new ArrayList<>();
        for (Node n : list()) {
            if (!n.id().equals(nodeId) && n.stoppedAt() == null && java.util.Objects.equals(n.host(), host)
                    && n.pid() > 0 && ProcessHandle.of(n.pid()).map(p -> !p.isAlive()).orElse(true)) {
                gone.add(n.id());
            }
        }
        if (gone.isEmpty()) {
            return 0;
        }
        Instant now = clock.instant();
        int taken = db.inTransaction(c -> {
            int rows = 0;
            try (PreparedStatement release = c.prepareStatement("UPDATE inbox SET claimed_by = NULL,"
                    + " claimed_until = NULL WHERE state = ? AND claimed_by = ?");
                 PreparedStatement stop = c.prepareStatement("UPDATE wootrack_node SET stopped_at = ? WHERE node_id = ?"
                         + " AND stopped_at IS NULL")) {
                for (String id : gone) {
                    release.setString(1, Inbox.PENDING);
                    release.setString(2, id);
                    rows += release.executeUpdate();
                    stop.setObject(1, Database.utc(now));
                    stop.setString(2, id);
                    stop.executeUpdate();
                }
            }
            return rows;
        });
        LOG.info("node(s) {} on this host are gone (their process is not running): {} inbox row(s) they had claimed"
                + " are back in line", gone, taken);
        return taken;
    }

    /** Every node's row, the most recently seen first. */
    public List<Node> list() {
        return db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT node_id, host, pid, http_port, version, started_at,"
                    + " last_seen, stopped_at, health FROM wootrack_node ORDER BY last_seen DESC")) {
                List<Node> nodes = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        nodes.add(new Node(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getInt(4),
                                rs.getString(5), Database.instant(rs.getObject(6, OffsetDateTime.class)),
                                Database.instant(rs.getObject(7, OffsetDateTime.class)),
                                Database.instant(rs.getObject(8, OffsetDateTime.class)), rs.getString(9)));
                    }
                }
                return nodes;
            }
        });
    }

    /** Removes rows of nodes stopped or gone for longer than {@code age} (retention). */
    public int forget(Duration age) {
        return db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM wootrack_node WHERE last_seen < ?")) {
                ps.setObject(1, Database.utc(clock.instant().minus(age)));
                return ps.executeUpdate();
            }
        });
    }

}
