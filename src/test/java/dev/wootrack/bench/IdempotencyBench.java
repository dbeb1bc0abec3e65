package dev.wootrack.bench;

import com.zaxxer.hikari.HikariDataSource;
import dev.wootrack.store.Database;
import dev.wootrack.store.Decisions;
import dev.wootrack.store.Inbox;
import dev.wootrack.store.InboxItem;
import dev.wootrack.store.IncomingOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.apache.camel.processor.idempotent.jdbc.JdbcMessageIdRepository;

/**
 * What exactly-once bookkeeping costs per order, on H2 in file mode: the JDBC idempotent repository (contains +
 * add, as send-once does) and the durable inbox (add + the decision that closes the row), with WRITE_DELAY=0
 * (each commit written at once, what WooTrack uses) and H2's default (commits written within 500 ms), against a
 * database already holding 10,000 or 1,000,000 keys and inbox rows. One thread, no HTTP, no Camel routes.
 * Usage: IdempotencyBench [existing...]   (default 10000 1000000)
 */
public final class IdempotencyBench {

    private static final int MEASURED = 5_000;
    private static final String PAYLOAD = "{\"id\":1,\"status\":\"processing\",\"line_items\":[]}";

    public static void main(String[] args) throws Exception {
        long[] sizes = args.length == 0 ? new long[] {10_000, 1_000_000}
                : java.util.Arrays.stream(args).mapToLong(Long::parseLong).toArray();
        System.out.println("| existing keys and inbox rows | H2 WRITE_DELAY | repository contains + add µs/order"
                + " | inbox add + decision µs/order | both µs/order | database file MiB |");
        System.out.println("|---:|---|---:|---:|---:|---:|");
        for (long existing : sizes) {
            for (String writeDelay : new String[] {"0", "default (500 ms)"}) {
                run(existing, writeDelay);
            }
        }
    }

    static void run(long existing, String writeDelay) throws Exception {
        Path dir = Scratch.dir("wootrack-idem");
        String url = "jdbc:h2:file:" + dir.resolve("wootrack") + (writeDelay.equals("0") ? ";WRITE_DELAY=0" : "");
        Map<String, String> s = Map.of("wootrack.data-dir", dir.toString(), "wootrack.db.url", url,
                "wootrack.db.user", "wootrack", "wootrack.db.pool-size", "4");
        try (HikariDataSource ds = Database.pool(k -> Optional.ofNullable(s.get(k)))) {
            Database db = new Database(ds);
            db.applySchema();
            preload(db, existing);
            JdbcMessageIdRepository repo = new JdbcMessageIdRepository(ds, "trackingtech-sent");
            repo.setCreateTableIfNotExists(false);
            repo.start();
            Inbox inbox = new Inbox(db, "bench", Duration.ofMinutes(15), Clock.systemUTC());
            Decisions decisions = new Decisions(db, Clock.systemUTC());
            // warm-up, then measured
            measure(repo, inbox, decisions, 10_000_000, 1_000);
            long[] nanos = measure(repo, inbox, decisions, 20_000_000, MEASURED);
            repo.stop();
            long size = Files.size(dir.resolve("wootrack.mv.db"));
            System.out.printf("| %,d | %s | %.0f | %.0f | %.0f | %.0f |%n", existing, writeDelay,
                    nanos[0] / 1e3 / MEASURED, nanos[1] / 1e3 / MEASURED, (nanos[0] + nanos[1]) / 1e3 / MEASURED,
                    size / 1048576.0);
        }
    }

    /** {nanos in the repository, nanos in inbox + decision} for {@code count} orders. */
    private static long[] measure(JdbcMessageIdRepository repo, Inbox inbox, Decisions decisions, long firstId,
                                  int count) {
        long repoNanos = 0;
        long inboxNanos = 0;
        for (int i = 0; i < count; i++) {
            long id = firstId + i;
            long t0 = System.nanoTime();
            InboxItem item = inbox.add(new IncomingOrder("webhook", "order.updated", id, "processing", PAYLOAD), true);
            long t1 = System.nanoTime();
            String key = "s_1:" + id;
            if (repo.contains(key)) {
                throw new IllegalStateException("key " + key + " seen before");
            }
            repo.add(key);
            long t2 = System.nanoTime();
            decisions.record(item, "sent", "TrackingTech order tt_" + id);
            long t3 = System.nanoTime();
            repoNanos += t2 - t1;
            inboxNanos += (t1 - t0) + (t3 - t2);
        }
        return new long[] {repoNanos, inboxNanos};
    }

    /** {@code n} keys and done inbox rows, in batches. */
    private static void preload(Database db, long n) {
        Timestamp now = new Timestamp(System.currentTimeMillis());
        for (long from = 0; from < n; from += 10_000) {
            long start = from;
            db.inTransaction(c -> {
                try (PreparedStatement keys = c.prepareStatement(
                        "INSERT INTO CAMEL_MESSAGEPROCESSED (processorName, messageId, createdAt) VALUES (?, ?, ?)");
                     PreparedStatement rows = c.prepareStatement("INSERT INTO inbox (source, topic, order_id,"
                             + " order_status, payload, received_at, state) VALUES ('webhook', 'order.updated', ?,"
                             + " 'processing', ?, CURRENT_TIMESTAMP, 'done')")) {
                    for (long i = start; i < Math.min(n, start + 10_000); i++) {
                        keys.setString(1, "trackingtech-sent");
                        keys.setString(2, "s_1:" + i);
                        keys.setTimestamp(3, now);
                        keys.addBatch();
                        rows.setLong(1, i);
                        rows.setString(2, PAYLOAD);
                        rows.addBatch();
                    }
                    keys.executeBatch();
                    rows.executeBatch();
                }
                return null;
            });
        }
    }
}
