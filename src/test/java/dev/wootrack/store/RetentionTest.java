package dev.wootrack.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import org.apache.camel.processor.idempotent.jdbc.JdbcMessageIdRepository;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Issue 12, item 13: nothing was ever deleted (full orders with names, emails, phones and addresses kept forever).
 * Retention deletes personal data after its time, the history after its own, keys after theirs, and keeps what is
 * still needed: open dead letters with their payload, recent rows, the keys that recognise a late duplicate.
 */
class RetentionTest {

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void personalDataHistoryAndKeysGoEachAfterItsTimeAndWhatIsStillNeededStays(TestDatabase kind) throws Exception {
        Map<String, String> s = kind.settings(dir);
        Instant longAgo = Instant.parse("2025-01-01T00:00:00Z");
        Instant lastMonth = Instant.parse("2026-11-01T00:00:00Z");
        Instant now = Instant.parse("2026-12-01T00:00:00Z");
        try (HikariDataSource ds = Database.pool(k -> Optional.ofNullable(s.get(k)))) {
            Database db = new Database(ds);
            db.applySchema();
            String email = "ana.rojas@example.cl";
            // a year and a half ago: a sent order, a dead letter still open, a dead letter replayed
            Clock then = Clock.fixed(longAgo, ZoneOffset.UTC);
            Inbox oldInbox = new Inbox(db, "n1", Duration.ofMinutes(1), then);
            Decisions oldDecisions = new Decisions(db, then);
            DeadLetters oldDeadLetters = new DeadLetters(db, oldInbox, then);
            // decision events a host's endpoint never took (wootrack.events.*): they go with the history
            DecisionEvents oldEvents = new DecisionEvents(db, then, "n1", true);
            oldDecisions.publishTo(oldEvents);
            oldDeadLetters.publishTo(oldEvents);
            InboxItem sent = oldInbox.add(order(1, email), true);
            oldDecisions.recordSent(sent, "s_1:1", "TT-1", "sent");
            InboxItem open = oldInbox.add(order(2, email), true);
            DeadLetters.DeadLetter stillOpen = oldDeadLetters.record(open, new IllegalStateException("refused"), 1);
            InboxItem replayedRow = oldInbox.add(order(3, email), true);
            DeadLetters.DeadLetter replayed = oldDeadLetters.record(replayedRow, new IllegalStateException("x"), 1);
            oldDeadLetters.replay(replayed.id());
            // last month: a sent order (its payload is past the personal-data time of 14 days, its history is not)
            Clock recent = Clock.fixed(lastMonth, ZoneOffset.UTC);
            InboxItem recentSent = new Inbox(db, "n1", Duration.ofMinutes(1), recent).add(order(4, email), true);
            Decisions recentDecisions = new Decisions(db, recent);
            recentDecisions.publishTo(new DecisionEvents(db, recent, "n1", true));
            recentDecisions.recordSent(recentSent, "s_1:4", "TT-4", "sent");
            JdbcMessageIdRepository versions = new JdbcMessageIdRepository(ds, "woocommerce-polled");
            versions.setCreateTableIfNotExists(false);
            versions.start();
            versions.add("4@2026-11-01T00:00:00"); // read just now: kept
            try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
                st.executeUpdate("INSERT INTO CAMEL_MESSAGEPROCESSED (processorName, messageId, createdAt) VALUES"
                        + " ('woocommerce-polled', '3@2026-11-01T00:00:00', TIMESTAMP '2026-11-01 00:00:00')");
            }

            // a node gone long ago (a restarted node is a new one) and one seen yesterday, still listed
            new Nodes(db, then, "gone-node", Duration.ofSeconds(30)).register("h", 1, 8080, "0.1.0");
            new Nodes(db, Clock.fixed(now.minus(Duration.ofDays(1)), ZoneOffset.UTC), "recent-node",
                    Duration.ofSeconds(30)).register("h", 2, 8080, "0.1.0");

            Map<String, Integer> deleted = new Retention(db, Clock.fixed(now, ZoneOffset.UTC), Duration.ofDays(14),
                    Duration.ofDays(365), Duration.ofDays(730), Duration.ofDays(7)).run(now);

            assertThat(deleted).containsEntry("order payloads", 4).containsEntry("replayed dead-letter payloads", 1)
                    .containsEntry("dead letters", 1).containsEntry("decisions", 3)
                    .containsEntry("decision events not sent", 3)
                    .containsEntry("versions read and written", 1).doesNotContainKey("sent and cancelled keys")
                    .containsEntry("nodes gone", 1);
            try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
                assertThat(count(st, "SELECT COUNT(*) FROM inbox_payload p JOIN inbox i ON i.id = p.inbox_id"
                        + " WHERE i.state = 'done'")).as("no decided order as received is kept").isZero();
                assertThat(count(st, "SELECT COUNT(*) FROM inbox_payload p JOIN inbox i ON i.id = p.inbox_id"
                        + " WHERE i.state = 'pending'")).as("a row still to be decided (the replay) keeps it").isEqualTo(1);
                assertThat(count(st, "SELECT COUNT(*) FROM dead_letter WHERE payload LIKE '%" + email + "%'"))
                        .as("only the open dead letter keeps its payload, for its replay").isEqualTo(1);
                assertThat(count(st, "SELECT COUNT(*) FROM dead_letter WHERE id = " + stillOpen.id())).isEqualTo(1);
                assertThat(count(st, "SELECT COUNT(*) FROM decision WHERE order_id = 4")).as("recent history stays")
                        .isEqualTo(1);
                assertThat(count(st, "SELECT COUNT(*) FROM decision_event")).as("order 4's event still waits")
                        .isEqualTo(1);
                assertThat(count(st, "SELECT COUNT(*) FROM order_summary")).as("only order 4 is recent")
                        .isEqualTo(1);
                assertThat(count(st, "SELECT COUNT(*) FROM inbox WHERE order_id = 2"))
                        .as("the inbox row of an open dead letter stays: its replay reads it").isEqualTo(1);
            }
            assertThat(versions.contains("4@2026-11-01T00:00:00")).isTrue();
            assertThat(versions.contains("3@2026-11-01T00:00:00")).isFalse();
            assertThat(new DeliveredKeys(db).isSent("s_1:1")).as("a late duplicate of an order sent 23 months ago is recognised")
                    .isTrue();
            Optional<InboxItem> replayAgain = new DeadLetters(db, new Inbox(db, "n1", Duration.ofMinutes(1),
                    Clock.systemUTC()), Clock.systemUTC()).replay(stillOpen.id());
            assertThat(replayAgain).as("the open dead letter can still be replayed").isPresent();
            assertThat(replayAgain.get().payload()).contains(email);
        }
    }

    /**
     * With WRITE_DELAY=0 H2 runs no background writer, and its file grew with every commit (1.9 GB for 10,000 orders
     * in bench/retention.sh). Housekeeping rewrites partly used chunks so freed space is reused; after retention the
     * file shrinks.
     */
    @Test
    void theEmbeddedDatabaseFileStaysNearItsLiveSizeAndShrinksAfterRetention() throws Exception {
        Map<String, String> s = Map.of("wootrack.data-dir", dir.toString(),
                "wootrack.db.url", "jdbc:h2:file:" + dir.resolve("wootrack") + ";WRITE_DELAY=0");
        Path file = dir.resolve("wootrack.mv.db");
        Clock then = Clock.fixed(Instant.parse("2025-01-01T00:00:00Z"), ZoneOffset.UTC);
        String payload = "{\"id\":1,\"status\":\"processing\",\"note\":\"" + "x".repeat(3_500) + "\"}";
        try (HikariDataSource ds = Database.pool(k -> Optional.ofNullable(s.get(k)))) {
            Database db = new Database(ds);
            db.applySchema();
            Inbox inbox = new Inbox(db, "n1", Duration.ofMinutes(1), then);
            Decisions decisions = new Decisions(db, then);
            for (long id = 1; id <= 3_000; id++) {
                InboxItem item = inbox.add(new IncomingOrder("webhook", "order.updated", id, "processing", payload), true);
                decisions.recordSent(item, "s_1:" + id, "TT-" + id, "sent");
                if (id % 300 == 0) {
                    assertThat(db.housekeeping(200, false)).as("an embedded store to keep").isTrue();
                }
            }
            long running = java.nio.file.Files.size(file);
            assertThat(running).as("about 11 MB of live data; without housekeeping the file is ~40 times that")
                    .isLessThan(40L * 1024 * 1024);
            new Retention(db, Clock.systemUTC(), Duration.ofDays(30), Duration.ofDays(365), Duration.ofDays(730),
                    Duration.ofDays(7)).run();
            assertThat(java.nio.file.Files.size(file)).as("retention deleted the payloads and compacted the file")
                    .isLessThan(running / 2);
        }
    }

    private static IncomingOrder order(long id, String email) {
        return new IncomingOrder("webhook", "order.updated", id, "processing",
                "{\"id\":" + id + ",\"status\":\"processing\",\"billing\":{\"email\":\"" + email + "\"}}");
    }

    private static long count(Statement st, String sql) throws Exception {
        try (ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
