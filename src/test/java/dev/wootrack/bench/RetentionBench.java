package dev.wootrack.bench;

import com.zaxxer.hikari.HikariDataSource;
import dev.wootrack.Fixtures;
import dev.wootrack.store.Database;
import dev.wootrack.store.Decisions;
import dev.wootrack.store.Inbox;
import dev.wootrack.store.InboxItem;
import dev.wootrack.store.IncomingOrder;
import dev.wootrack.store.Retention;
import dev.wootrack.store.WriteBackSteps;
import dev.wootrack.trackingtech.TtOrderStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import org.apache.camel.processor.idempotent.jdbc.JdbcMessageIdRepository;

/**
 * The embedded H2 file per N orders, as WooTrack keeps them (inbox row + the order as received, ~3.5 KB, a sent
 * decision and key, a polled version, a write-back with its steps and decision), then after retention has deleted
 * what is past its time, and after the file was compacted (WooTrack closes the database at stop; H2 compacts it for
 * up to MAX_COMPACT_TIME, and {@code SHUTDOWN COMPACT} rewrites it whole). Usage: RetentionBench [orders...]
 */
public final class RetentionBench {

    /** Orders between two housekeeping runs (0: none), as the database-housekeeping route does on a timer. */
    static final int HOUSEKEEPING_EVERY = Integer.getInteger("bench.housekeeping", 500);

    public static void main(String[] args) throws Exception {
        long[] sizes = args.length == 0 ? new long[] {10_000} : Arrays.stream(args).mapToLong(Long::parseLong).toArray();
        System.out.println("| orders | file while running | after close (compact ≤ 10 s) | after retention, running"
                + " | after retention and close | after SHUTDOWN COMPACT | rows deleted |");
        System.out.println("|---:|---:|---:|---:|---:|---:|---|");
        for (long n : sizes) {
            run(n);
        }
        System.exit(0);
    }

    static void run(long n) throws Exception {
        Path dir = Scratch.dir("wootrack-retention");
        String url = "jdbc:h2:file:" + dir.resolve("wootrack") + ";WRITE_DELAY=0;MAX_COMPACT_TIME=10000"
                + System.getProperty("bench.h2", "");
        Map<String, String> s = Map.of("wootrack.data-dir", dir.toString(), "wootrack.db.url", url,
                "wootrack.db.pool-size", "2");
        Path file = dir.resolve("wootrack.mv.db");
        Instant then = Instant.now().minus(Duration.ofDays(400));
        String running;
        try (HikariDataSource ds = Database.pool(k -> Optional.ofNullable(s.get(k)))) {
            Database db = new Database(ds);
            db.applySchema();
            Clock clock = Clock.fixed(then, ZoneOffset.UTC);
            Inbox inbox = new Inbox(db, "bench", Duration.ofMinutes(5), clock);
            Decisions decisions = new Decisions(db, clock);
            WriteBackSteps steps = new WriteBackSteps(db, clock, Duration.ofMinutes(5));
            JdbcMessageIdRepository polled = repository(ds, "woocommerce-polled");
            JdbcMessageIdRepository written = repository(ds, "woocommerce-written");
            for (long id = 1; id <= n; id++) {
                InboxItem item = inbox.add(new IncomingOrder("webhook", "order.updated", id, "processing",
                        Fixtures.order(id, "processing")), true);
                decisions.recordSent(item, "s_1:" + id, "TT-" + id, "TrackingTech order TT-" + id);
                polled.add(id + "@2025-01-01T00:00:00");
                String tn = "TT" + id + "CL";
                steps.claim(WriteBackSteps.noteKey(id, tn), "bench");
                steps.done(WriteBackSteps.noteKey(id, tn));
                steps.claim(WriteBackSteps.statusKey(id, "in_transit", tn), "bench");
                steps.done(WriteBackSteps.statusKey(id, "in_transit", tn));
                written.add(id + "@2025-01-01T00:00:01");
                decisions.writtenBack(id, new TtOrderStatus("TT-" + id, Long.toString(id), "in_transit", "En tránsito",
                        tn, "https://trackingtech.cl/t/" + tn, null), "in transit");
                if (HOUSEKEEPING_EVERY > 0 && id % HOUSEKEEPING_EVERY == 0) {
                    db.housekeeping(200, false);
                }
            }
            running = mib(file);
        }
        String closed = mib(file);
        String afterRetention;
        Map<String, Integer> deleted;
        try (HikariDataSource ds = Database.pool(k -> Optional.ofNullable(s.get(k)))) {
            Database db = new Database(ds);
            db.applySchema();
            // a year and a month later, with the default retention: personal data 30 days, history 365 days, keys
            // 730 days (the sent keys stay), versions 7 days
            deleted = new Retention(db, Clock.systemUTC(), Duration.ofDays(30), Duration.ofDays(365),
                    Duration.ofDays(730), Duration.ofDays(7)).run();
            afterRetention = mib(file);
        }
        String afterClose = mib(file);
        try (HikariDataSource ds = Database.pool(k -> Optional.ofNullable(s.get(k)));
             var c = ds.getConnection(); var st = c.createStatement()) {
            st.execute("SHUTDOWN COMPACT");
        } catch (java.sql.SQLException closedByShutdown) {
            // the pool's other connections see the database closed: expected
        }
        System.out.printf("| %,d | %s | %s | %s | %s | %s | %s |%n", n, running, closed, afterRetention, afterClose,
                mib(file), deleted);
    }

    private static JdbcMessageIdRepository repository(HikariDataSource ds, String name) throws Exception {
        JdbcMessageIdRepository r = new JdbcMessageIdRepository(ds, name);
        r.setCreateTableIfNotExists(false);
        r.start();
        return r;
    }

    private static String mib(Path file) throws Exception {
        return String.format("%.1f MiB", Files.size(file) / 1_048_576.0);
    }
}
