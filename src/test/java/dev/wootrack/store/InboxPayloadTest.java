package dev.wootrack.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The payload lives beside the inbox row, written once; rows written by older versions keep theirs in the row. */
class InboxPayloadTest {

    @TempDir
    Path dir;

    @Test
    void thePayloadIsWrittenOnceBesideTheRowAndOlderRowsAreStillRead() throws Exception {
        Map<String, String> s = Map.of("wootrack.data-dir", dir.toString(),
                "wootrack.db.url", "jdbc:h2:file:" + dir.resolve("wootrack") + ";WRITE_DELAY=0");
        try (HikariDataSource ds = Database.pool(k -> Optional.ofNullable(s.get(k)))) {
            Database db = new Database(ds);
            db.applySchema();
            db.applySchema(); // idempotent, the ALTER included
            Inbox inbox = new Inbox(db, "n1", Duration.ofMinutes(1), Clock.systemUTC());
            // a row as versions before inbox_payload wrote it
            db.inTransaction(c -> {
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO inbox (source, topic, order_id,"
                        + " order_status, payload, received_at, state) VALUES ('webhook', 'order.updated', 1,"
                        + " 'processing', '{\"id\":1}', CURRENT_TIMESTAMP, 'pending')")) {
                    return ps.executeUpdate();
                }
            });
            InboxItem added = inbox.add(new IncomingOrder("poll", "order.updated", 2, "processing", "{\"id\":2}"), false);

            List<InboxItem> claimed = inbox.claimPending(10);

            assertThat(claimed).extracting(InboxItem::orderId, InboxItem::payload)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple(1L, "{\"id\":1}"),
                            org.assertj.core.groups.Tuple.tuple(2L, "{\"id\":2}"));
            String inRow = db.inTransaction(c -> {
                try (PreparedStatement ps = c.prepareStatement("SELECT payload FROM inbox WHERE id = ?")) {
                    ps.setLong(1, added.id());
                    try (ResultSet rs = ps.executeQuery()) {
                        rs.next();
                        return rs.getString(1);
                    }
                }
            });
            assertThat(inRow).as("the new row carries no payload of its own").isNull();
        }
    }
}
