package dev.wootrack.bench;

import com.zaxxer.hikari.HikariDataSource;
import dev.wootrack.store.Database;
import dev.wootrack.store.Decisions;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * What the console's queries cost as the decision table grows: one page of the order list (first and deep),
 * a search by part of a TrackingTech id, a filter by state, and the last-24-hours counts, on H2 (file, the
 * default settings) with N orders of two decisions each, a new decision written before each query. Median and
 * worst of 15 runs after 5 warm-ups, in ms.
 * Usage: OrderListBench [orders...]
 */
public final class OrderListBench {

    private static final int RUNS = 15;

    public static void main(String[] args) throws Exception {
        long[] sizes = args.length == 0 ? new long[] {10_000, 100_000} : Arrays.stream(args).mapToLong(Long::parseLong).toArray();
        System.out.println("| orders (decisions) | summary filled from decisions (upgrade, once) | first page | page 400"
                + " | search 'tt_12' | state = ignored | last 24 h counts |");
        System.out.println("|---:|---:|---:|---:|---:|---:|---:|");
        for (long n : sizes) {
            run(n);
        }
        System.exit(0);
    }

    static void run(long n) throws Exception {
        Path dir = Scratch.dir("wootrack-orderlist");
        Map<String, String> s = Map.of("wootrack.data-dir", dir.toString(),
                "wootrack.db.url", "jdbc:h2:file:" + dir.resolve("wootrack"), "wootrack.db.pool-size", "2");
        try (HikariDataSource ds = Database.pool(k -> Optional.ofNullable(s.get(k)))) {
            Database db = new Database(ds);
            db.applySchema();
            preload(db, n);
            // the rows went straight into the decision table, as in a data dir of a version before order_summary:
            // the schema fills the summary from it once (the upgrade path), timed
            long t = System.nanoTime();
            db.applySchema();
            long upgradeMs = (System.nanoTime() - t) / 1_000_000;
            Decisions decisions = new Decisions(db, Clock.systemUTC());
            Instant since = Instant.now().minus(Duration.ofHours(24));
            // a decision recorded before each query, as in a running WooTrack: H2 may not answer from a result
            // it cached while the table was unchanged
            long[] next = {n};
            Runnable write = () -> decisions.note(++next[0], "processing", "ignored", "bench", "webhook");
            System.out.printf("| %,d (%,d) | %,d ms | %s | %s | %s | %s | %s |%n", n, 2 * n, upgradeMs,
                    time(write, () -> decisions.orders(null, null, 0, 25)),
                    time(write, () -> decisions.orders(null, null, 399 * 25, 25)),
                    time(write, () -> decisions.orders("tt_12", null, 0, 25)),
                    time(write, () -> decisions.orders(null, dev.wootrack.store.OrderState.IGNORED, 0, 25)),
                    time(write, () -> decisions.countsSince(since)));
        }
        Scratch.delete(dir);
    }

    /** n orders over the last 2 days: a webhook decision each, and for even ones a written-back note too. */
    private static void preload(Database db, long n) {
        Instant start = Instant.now().minus(Duration.ofHours(48));
        db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO decision (inbox_id, order_id, status_seen,"
                    + " decision, reason, source, decided_at, trackingtech_id, tracking_number)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                for (long id = 1; id <= n; id++) {
                    Timestamp at = Timestamp.from(start.plusMillis(id * 48 * 3600_000L / n));
                    boolean sent = id % 3 != 0;
                    add(ps, id, id, sent ? "processing" : "on-hold", sent ? "sent" : "ignored", "webhook", at,
                            sent ? "tt_" + id : null, null);
                    if (id % 2 == 0 && sent) {
                        add(ps, 0, id, "in_transit", "written-back", "trackingtech",
                                Timestamp.from(at.toInstant().plusSeconds(60)), "tt_" + id, "CL" + (100_000_000 + id));
                    } else {
                        add(ps, id + n, id, sent ? "processing" : "on-hold", "duplicate", "poll",
                                Timestamp.from(at.toInstant().plusSeconds(30)), null, null);
                    }
                    if (id % 5_000 == 0) {
                        ps.executeBatch();
                    }
                }
                ps.executeBatch();
            }
            return null;
        });
    }

    private static void add(PreparedStatement ps, long inboxId, long orderId, String status, String decision,
                            String source, Timestamp at, String tt, String tracking) throws java.sql.SQLException {
        ps.setLong(1, inboxId);
        ps.setLong(2, orderId);
        ps.setString(3, status);
        ps.setString(4, decision);
        ps.setString(5, decision + " (bench)");
        ps.setString(6, source);
        ps.setTimestamp(7, at);
        ps.setString(8, tt);
        ps.setString(9, tracking);
        ps.addBatch();
    }

    private static String time(Runnable before, Supplier<?> query) {
        for (int i = 0; i < 5; i++) {
            before.run();
            query.get();
        }
        long[] ms = new long[RUNS];
        for (int i = 0; i < RUNS; i++) {
            before.run();
            long t = System.nanoTime();
            query.get();
            ms[i] = (System.nanoTime() - t) / 1_000_000;
        }
        Arrays.sort(ms);
        return ms[RUNS / 2] + " / " + ms[RUNS - 1] + " ms";
    }
}
