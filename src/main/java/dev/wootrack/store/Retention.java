package dev.wootrack.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What is deleted, and when ({@code wootrack.retention.*}). Personal data (the orders as received: names, emails,
 * phones, addresses) is kept only while it is needed: the payloads of decided inbox rows and of replayed dead letters
 * go after {@code personal-data}; open dead letters keep theirs until they are replayed. The history (decisions, the
 * order list, decided inbox rows) goes after {@code history}, the keys that recognise an order already sent or
 * cancelled and the write-back steps done after {@code keys}, the versions read and written after {@code versions}.
 * Each delete runs in chunks, one transaction each, so a first run over a large database does not hold one long
 * transaction.
 */
public final class Retention {

    private static final Logger LOG = LoggerFactory.getLogger("dev.wootrack.retention");
    private static final int CHUNK = 5_000;
    /** How long compacting the embedded H2's file after a run may hold its lock (commits wait meanwhile). */
    private static final int COMPACT_MILLIS = 2_000;

    private final Database db;
    private final Clock clock;
    private final Duration personalData;
    private final Duration history;
    private final Duration keys;
    private final Duration versions;

    public Retention(Database db, Clock clock, Duration personalData, Duration history, Duration keys,
                     Duration versions) {
        this.db = db;
        this.clock = clock;
        this.personalData = personalData;
        this.history = history;
        this.keys = keys;
        this.versions = versions;
    }

    /** One run: what was deleted, by kind. */
    public Map<String, Integer> run() {
        return run(clock.instant());
    }

    public Map<String, Integer> run(Instant now) {
        Instant personal = now.minus(personalData);
        Instant old = now.minus(history);
        Instant keyCutoff = now.minus(keys);
        Instant versionCutoff = now.minus(versions);
        Map<String, Integer> deleted = new LinkedHashMap<>();
        deleted.put("order payloads", chunked("DELETE FROM inbox_payload WHERE inbox_id IN (SELECT p.inbox_id FROM"
                + " inbox_payload p JOIN inbox i ON i.id = p.inbox_id WHERE i.state = 'done' AND i.received_at < ?"
                + " FETCH FIRST " + CHUNK + " ROWS ONLY)", personal)
                + chunked("UPDATE inbox SET payload = NULL WHERE id IN (SELECT id FROM inbox WHERE payload IS NOT NULL"
                + " AND state = 'done' AND received_at < ? FETCH FIRST " + CHUNK + " ROWS ONLY)", personal));
        // the digests of what was sent (the reconciliation's "content differs") go with the personal data
        deleted.put("sent content digests", chunked("DELETE FROM sent_content WHERE order_key IN (SELECT order_key"
                + " FROM sent_content WHERE sent_at < ? FETCH FIRST " + CHUNK + " ROWS ONLY)", personal));
        deleted.put("replayed dead-letter payloads", chunked("UPDATE dead_letter SET payload = '' WHERE id IN"
                + " (SELECT id FROM dead_letter WHERE replayed_at < ? AND payload <> '' FETCH FIRST " + CHUNK
                + " ROWS ONLY)", personal));
        deleted.put("dead letters", chunked("DELETE FROM dead_letter WHERE id IN (SELECT id FROM dead_letter"
                + " WHERE replayed_at < ? FETCH FIRST " + CHUNK + " ROWS ONLY)", old));
        deleted.put("inbox rows", chunked("DELETE FROM inbox WHERE id IN (SELECT i.id FROM inbox i WHERE"
                + " i.state = 'done' AND i.received_at < ? AND NOT EXISTS (SELECT 1 FROM dead_letter d"
                + " WHERE d.inbox_id = i.id) FETCH FIRST " + CHUNK + " ROWS ONLY)", old));
        // events a host's endpoint never took (wootrack.events.*) go with the history they tell of
        deleted.put("decision events not sent", chunked("DELETE FROM decision_event WHERE id IN (SELECT id FROM"
                + " decision_event WHERE created_at < ? FETCH FIRST " + CHUNK + " ROWS ONLY)", old));
        deleted.put("decisions", chunked("DELETE FROM decision WHERE id IN (SELECT id FROM decision WHERE"
                + " decided_at < ? FETCH FIRST " + CHUNK + " ROWS ONLY)", old));
        deleted.put("order list rows", chunked("DELETE FROM order_summary WHERE order_id IN (SELECT order_id FROM"
                + " order_summary WHERE decided_at < ? FETCH FIRST " + CHUNK + " ROWS ONLY)", old));
        deleted.put("sent and cancelled keys", chunked("DELETE FROM delivered_key WHERE (kind, order_key) IN (SELECT"
                + " kind, order_key FROM delivered_key WHERE created_at < ? FETCH FIRST " + CHUNK + " ROWS ONLY)",
                keyCutoff));
        deleted.put("versions read and written", keys(versionCutoff, "woocommerce-polled", "woocommerce-written"));
        deleted.put("write-back steps", chunked("DELETE FROM writeback_step WHERE step_key IN (SELECT step_key FROM"
                + " writeback_step WHERE state = 'done' AND updated_at < ? FETCH FIRST " + CHUNK + " ROWS ONLY)",
                keyCutoff));
        // the rows of nodes gone (a restarted node is a new one): kept as long as the versions, for the console's list
        deleted.put("nodes gone", chunked("DELETE FROM wootrack_node WHERE node_id IN (SELECT node_id FROM wootrack_node"
                + " WHERE last_seen < ? FETCH FIRST " + CHUNK + " ROWS ONLY)", versionCutoff));
        deleted.values().removeIf(n -> n == 0);
        if (!deleted.isEmpty()) {
            LOG.info("retention deleted {}", deleted);
            db.housekeeping(COMPACT_MILLIS, true); // the embedded H2's file shrinks by what was deleted
        }
        return deleted;
    }

    private int keys(Instant cutoff, String... processors) {
        int n = 0;
        for (String processor : processors) {
            n += chunked("DELETE FROM CAMEL_MESSAGEPROCESSED WHERE processorName = '" + processor + "' AND messageId IN"
                    + " (SELECT messageId FROM CAMEL_MESSAGEPROCESSED WHERE processorName = '" + processor + "'"
                    + " AND createdAt < ? FETCH FIRST " + CHUNK + " ROWS ONLY)", cutoff);
        }
        return n;
    }

    /** Runs a statement that touches at most CHUNK rows until it touches none; one transaction per chunk. */
    private int chunked(String sql, Instant cutoff) {
        int total = 0;
        while (true) {
            int n = db.inTransaction(c -> execute(c, sql, cutoff));
            total += n;
            if (n < CHUNK) {
                return total;
            }
        }
    }

    private static int execute(Connection c, String sql, Instant cutoff) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            // CAMEL_MESSAGEPROCESSED.createdAt is a plain TIMESTAMP (Camel's own table); the others have a time zone
            if (sql.contains("createdAt")) {
                ps.setTimestamp(1, Timestamp.from(cutoff));
            } else {
                ps.setObject(1, Database.utc(cutoff));
            }
            return ps.executeUpdate();
        }
    }
}
