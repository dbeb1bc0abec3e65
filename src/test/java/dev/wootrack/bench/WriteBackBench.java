package dev.wootrack.bench;

import static org.awaitility.Awaitility.await;

import dev.wootrack.TestApp;
import dev.wootrack.sandbox.TrackingTechSandbox;
import dev.wootrack.sandbox.WooCommerceSimulator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.awaitility.core.ConditionTimeoutException;

/**
 * The way back (issue 15): N orders WooTrack sent, each advanced four times at TrackingTech at once (label created,
 * picked up, in transit, delivered), then WooTrack (its own JVM) started with the write-back on: the time until every
 * order is {@code completed} in the WooCommerce simulator, orders per second, and the calls it made. Each order's four
 * changes sit in one feed page (100 changes a page).
 * Usage: WriteBackBench N [parallelism...]   (default 500 1 8; 0: the setting not given, for versions before it)
 */
public final class WriteBackBench {

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 500;
        List<Integer> levels = args.length > 1
                ? java.util.Arrays.stream(args).skip(1).map(Integer::parseInt).toList() : List.of(1, 8);
        Files.createDirectories(Path.of("bench", "out"));
        System.out.println("| orders | changes | wootrack.writeback.parallelism | seconds | orders/s written back"
                + " | order updates (PUT) | customer notes |");
        System.out.println("|---:|---:|---:|---:|---:|---:|---:|");
        for (int p : levels) {
            run(n, p);
        }
        System.exit(0);
    }

    static void run(int n, int parallelism) throws Exception {
        Path dir = Scratch.dir("wootrack-writeback");
        try (TrackingTechSandbox sandbox = new TrackingTechSandbox(); WooCommerceSimulator store = new WooCommerceSimulator()) {
            store.addOrders(2_000_000, n, id -> "processing", store.now().minus(Duration.ofHours(1)),
                    Duration.ofMillis(100));
            Map<String, String> s = TestApp.settings(dir, sandbox, store);
            s.put("wootrack.writeback.enabled", "false");
            s.put("wootrack.woocommerce.poll.interval", "500");
            if (parallelism > 0) { // 0: not set (a version before the setting, for a before/after)
                s.put("wootrack.writeback.parallelism", Integer.toString(parallelism));
            }
            // -Dbench.set.<key>=<value>: a setting of WooTrack's for an experiment (e.g. another wootrack.db.url)
            System.getProperties().stringPropertyNames().stream().filter(k -> k.startsWith("bench.set."))
                    .forEach(k -> s.put(k.substring("bench.set.".length()), System.getProperty(k)));
            Path log = Path.of("bench", "out", "writeback-" + parallelism + ".log").toAbsolutePath();
            Files.deleteIfExists(log);
            try (WooTrackProcess sending = new WooTrackProcess(s, log, "-Xmx512m").start()) {
                await().atMost(Duration.ofMinutes(10)).pollInterval(Duration.ofMillis(100))
                        .until(() -> sandbox.created() >= n);
            }
            for (int i = 0; i < n; i++) {
                long id = 2_000_000 + i;
                String number = "TT" + id + "CL";
                sandbox.advance(id, "label_created", null);
                sandbox.advance(id, "picked_up", number);
                sandbox.advance(id, "in_transit", number);
                sandbox.advance(id, "delivered", number);
            }
            int before = store.requests().size();
            s.put("wootrack.writeback.enabled", "true");
            s.put("wootrack.writeback.interval", "200");
            s.put("wootrack.woocommerce.poll.enabled", "false");
            String[] jvm = Boolean.getBoolean("bench.jfr") // a profile of the writing JVM: bench/out/writeback-<p>.jfr
                    ? new String[] {"-Xmx512m", "-XX:StartFlightRecording=settings=profile,filename="
                            + Path.of("bench", "out", "writeback-" + parallelism + ".jfr").toAbsolutePath()}
                    : new String[] {"-Xmx512m"};
            try (WooTrackProcess writing = new WooTrackProcess(s, log, jvm).start()) {
                long start = System.nanoTime();
                try {
                    await().atMost(Duration.ofMinutes(10)).pollInterval(Duration.ofMillis(50)).until(() ->
                            IntStream.range(0, n).allMatch(i ->
                                    "completed".equals(store.order(2_000_000 + i).path("status").asText())));
                } catch (ConditionTimeoutException incomplete) {
                    // reported below
                }
                double seconds = (System.nanoTime() - start) / 1e9;
                List<WooCommerceSimulator.Request> calls = store.requests().subList(before, store.requests().size());
                long puts = calls.stream().filter(r -> r.method().equals("PUT")).count();
                long notes = calls.stream().filter(r -> r.method().equals("POST") && r.path().endsWith("/notes")).count();
                long done = IntStream.range(0, n).filter(i ->
                        "completed".equals(store.order(2_000_000 + i).path("status").asText())).count();
                System.out.printf("| %,d | %,d | %d | %.1f | %,.0f | %,d | %,d |%s%n", n, 4 * n, parallelism, seconds,
                        done / seconds, puts, notes, done < n ? " (" + done + " completed)" : "");
                System.out.flush();
            }
        } finally {
            Scratch.delete(dir);
        }
    }
}
