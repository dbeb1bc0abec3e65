package dev.wootrack.bench;

import dev.wootrack.Fixtures;
import dev.wootrack.TestApp;
import dev.wootrack.WebhookClient;
import dev.wootrack.sandbox.TrackingTechSandbox;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.core.ConditionTimeoutException;

/**
 * End to end: N signed webhooks over loopback into WooTrack (real routes, H2 file, WRITE_DELAY=0) until
 * the TrackingTech sandbox holds N orders. Prints one Markdown table row per concurrency level.
 * Bounded: N orders per level, 10 minutes at most. Usage: ThroughputBench N concurrency...
 */
public final class ThroughputBench {

    public static void main(String[] args) throws Exception {
        int n = Integer.parseInt(args[0]);
        int[] levels = Arrays.stream(args).skip(1).mapToInt(Integer::parseInt).toArray();
        System.out.println("| orders | concurrency | orders/s end to end | webhook answer p50 ms | p99 ms | max ms |");
        System.out.println("|---:|---:|---:|---:|---:|---:|");
        for (int c : levels) {
            run(n, c);
        }
        System.exit(0);
    }

    static void run(int n, int concurrency) throws Exception {
        Path dir = Files.createTempDirectory("wootrack-bench");
        try (TrackingTechSandbox sandbox = new TrackingTechSandbox()) {
            Map<String, String> settings = TestApp.settings(dir, sandbox);
            settings.put("wootrack.pipeline.workers", "8");
            try (TestApp app = TestApp.start(settings)) {
                String[] bodies = new String[n];
                for (int i = 0; i < n; i++) {
                    bodies[i] = Fixtures.order(100_000 + i, "processing");
                }
                long[] latencies = new long[n];
                AtomicInteger next = new AtomicInteger();
                AtomicInteger failures = new AtomicInteger();
                ExecutorService pool = Executors.newFixedThreadPool(concurrency);
                long start = System.nanoTime();
                List<Future<?>> workers = new ArrayList<>();
                for (int w = 0; w < concurrency; w++) {
                    workers.add(pool.submit(() -> {
                        WebhookClient client = new WebhookClient(Integer.parseInt(settings.get("wootrack.http.port")));
                        for (int i = next.getAndIncrement(); i < n; i = next.getAndIncrement()) {
                            long t0 = System.nanoTime();
                            try {
                                HttpResponse<String> r = client.webhook(bodies[i], "order.updated");
                                if (r.statusCode() != 200) {
                                    failures.incrementAndGet();
                                }
                            } catch (Exception e) {
                                failures.incrementAndGet();
                            }
                            latencies[i] = System.nanoTime() - t0;
                        }
                        return null;
                    }));
                }
                for (Future<?> f : workers) {
                    f.get(10, TimeUnit.MINUTES);
                }
                // poll, don't spin: a spinning waiter would take one of the two cores from the pipeline
                try {
                    await().atMost(Duration.ofMinutes(10)).pollInterval(Duration.ofMillis(1))
                            .until(() -> sandbox.created() >= n);
                } catch (ConditionTimeoutException incomplete) {
                    // reported in the row below as "N delivered"
                }
                double seconds = (System.nanoTime() - start) / 1e9;
                pool.shutdown();
                Arrays.sort(latencies);
                System.out.printf("| %d | %d | %.0f | %.2f | %.2f | %.2f |%s%n", n, concurrency, sandbox.created() / seconds,
                        latencies[n / 2] / 1e6, latencies[(int) (n * 0.99)] / 1e6, latencies[n - 1] / 1e6,
                        failures.get() > 0 || sandbox.created() != n
                                ? " (" + failures.get() + " failed, " + sandbox.created() + " delivered)" : "");
            }
        }
    }
}
