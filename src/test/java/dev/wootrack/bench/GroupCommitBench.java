package dev.wootrack.bench;

import com.zaxxer.hikari.HikariDataSource;
import dev.wootrack.Fixtures;
import dev.wootrack.store.Database;
import dev.wootrack.store.Decisions;
import dev.wootrack.store.Inbox;
import dev.wootrack.store.InboxItem;
import dev.wootrack.store.IncomingOrder;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The store's hot path alone, no HTTP, no routes: T threads each take the next order, add it to the inbox (claimed,
 * its lock taken: a webhook's commit) and record it sent (key, decision, row closed, lock released: the delivery's
 * commit), on H2 with WRITE_DELAY=0 and on PostgreSQL, with group commit off (1) and on (64).
 * Usage: GroupCommitBench [orders] [threads...]   (default 20000 1 8 32)
 */
public final class GroupCommitBench {

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        List<Integer> threads = new ArrayList<>();
        for (int i = 1; i < args.length; i++) {
            threads.add(Integer.parseInt(args[i]));
        }
        if (threads.isEmpty()) {
            threads = List.of(1, 8, 32);
        }
        System.out.println("| database | threads | group commit max | orders/s | CPU µs/order (this JVM) | orders per commit |");
        System.out.println("|---|---:|---:|---:|---:|---:|");
        for (String kind : new String[] {"H2", "POSTGRESQL"}) {
            for (int t : threads) {
                for (int group : new int[] {1, 64}) {
                    run(kind, n, t, group);
                }
            }
        }
        System.exit(0);
    }

    static void run(String kind, int n, int threads, int group) throws Exception {
        Path dir = Scratch.dir("wootrack-gc");
        Map<String, String> s = new HashMap<>();
        s.put("wootrack.data-dir", dir.toString());
        s.put("wootrack.db.pool-size", "16");
        if (kind.equals("H2")) {
            s.put("wootrack.db.url", "jdbc:h2:file:" + dir.resolve("wootrack") + ";WRITE_DELAY=0;TRACE_LEVEL_FILE=0");
        } else {
            s.put("wootrack.db.url", dev.wootrack.store.TestPostgres.newDatabase());
            s.put("wootrack.db.user", dev.wootrack.store.TestPostgres.USER);
        }
        try (HikariDataSource ds = Database.pool(k -> Optional.ofNullable(s.get(k)))) {
            Database db = new Database(ds).groupCommit(group);
            db.applySchema();
            Inbox inbox = new Inbox(db, "bench", Duration.ofMinutes(15), Clock.systemUTC());
            Decisions decisions = new Decisions(db, Clock.systemUTC());
            String[] bodies = new String[n];
            for (int i = 0; i < n; i++) {
                bodies[i] = Fixtures.order(1_000_000 + i, "processing");
            }
            drive(inbox, decisions, bodies, Math.min(n, 2_000), threads, 5_000_000); // warm-up
            Database fresh = new Database(ds).groupCommit(group);
            inbox = new Inbox(fresh, "bench", Duration.ofMinutes(15), Clock.systemUTC());
            decisions = new Decisions(fresh, Clock.systemUTC());
            long cpu0 = cpu();
            long t0 = System.nanoTime();
            drive(inbox, decisions, bodies, n, threads, 1_000_000);
            double seconds = (System.nanoTime() - t0) / 1e9;
            double cpu = (cpu() - cpu0) / 1e3 / n;
            System.out.printf("| %s | %d | %d | %,.0f | %,.0f | %.1f |%n", kind.equals("H2") ? "H2 (WRITE_DELAY=0)"
                    : "PostgreSQL", threads, group, n / seconds, cpu, fresh.meanGroupCommit());
            System.out.flush();
        }
    }

    private static void drive(Inbox inbox, Decisions decisions, String[] bodies, int n, int threads, long firstId)
            throws Exception {
        AtomicInteger next = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<?>> work = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            work.add(pool.submit(() -> {
                for (int i = next.getAndIncrement(); i < n; i = next.getAndIncrement()) {
                    long order = firstId + i;
                    InboxItem item = inbox.add(new IncomingOrder("webhook", "order.updated", order, "processing",
                            bodies[i]), true);
                    inbox.lockOrder(item, 1000);
                    decisions.recordSent(item, "s_1:" + order, "tt_" + order, "TrackingTech order tt_" + order);
                }
                return null;
            }));
        }
        for (Future<?> f : work) {
            f.get(30, TimeUnit.MINUTES);
        }
        pool.shutdown();
    }

    private static long cpu() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }
}
