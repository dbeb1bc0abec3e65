package dev.wootrack.bench;

import static org.awaitility.Awaitility.await;

import dev.wootrack.Fixtures;
import dev.wootrack.TestApp;
import dev.wootrack.WebhookClient;
import dev.wootrack.sandbox.TrackingTechSandbox;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.awaitility.core.ConditionTimeoutException;

/**
 * End to end: signed webhooks over loopback into WooTrack (its own JVM: real routes, H2 file with WRITE_DELAY=0)
 * until the TrackingTech sandbox (in this JVM) holds every order.
 * <ul>
 * <li>closed loop: N orders from C concurrent senders, each sending its next order when the last was answered;</li>
 * <li>open loop: orders sent at a fixed rate whatever the answers, latency counted from the planned send time
 *     (free of coordinated omission);</li>
 * <li>ceiling: the same sender posting orders straight to the sandbox, no WooTrack in between.</li>
 * </ul>
 * Per run: orders/s, webhook answer p50/p99, webhook-to-delivery p50/p99 (planned send → the post's arrival at
 * TrackingTech), WooTrack's CPU per order (its process CPU time over the run ÷ orders), its peak RSS (VmHWM).
 * Usage: ThroughputBench N concurrency... [--rates r1,r2 --seconds S]
 */
public final class ThroughputBench {

    private static final long FIRST_ID = 1_000_000;
    private static final long WARM_UP_FIRST_ID = 5_000_000;
    private static final int WARM_UP = 2_000;

    record Row(String load, int orders, double perSecond, double answerP50, double answerP99, double deliveryP50,
               double deliveryP99, double cpuMicrosPerOrder, long peakRssMiB, String notes) {
    }

    public static void main(String[] args) throws Exception {
        int n = Integer.parseInt(args[0]);
        List<Integer> levels = new ArrayList<>();
        List<Integer> rates = new ArrayList<>();
        int seconds = 10;
        for (int i = 1; i < args.length; i++) {
            if (args[i].equals("--rates")) {
                Arrays.stream(args[++i].split(",")).map(Integer::parseInt).forEach(rates::add);
            } else if (args[i].equals("--seconds")) {
                seconds = Integer.parseInt(args[++i]);
            } else {
                levels.add(Integer.parseInt(args[i]));
            }
        }
        Files.createDirectories(Path.of("bench", "out"));
        System.out.println("| load | orders | orders/s | webhook answer p50 ms | p99 ms | webhook → TrackingTech p50 ms"
                + " | p99 ms | WooTrack CPU µs/order | WooTrack peak RSS MiB | notes |");
        System.out.println("|---|---:|---:|---:|---:|---:|---:|---:|---:|---|");
        double best = 0;
        for (int c : levels) {
            Row r = closedLoop(n, c);
            best = Math.max(best, r.perSecond());
            print(r);
        }
        for (int rate : rates) {
            print(openLoop(rate, seconds));
        }
        int top = levels.isEmpty() ? 32 : levels.get(levels.size() - 1);
        double ceiling = ceiling(n, top);
        System.out.printf("| ceiling (JDK client): the same sender straight to the sandbox, concurrency %d | %,d | %,.0f |"
                + " | | | | | | pipeline ÷ this ceiling = %.3f |%n", top, n, ceiling, best / ceiling);
        double[] wrk = wrkCeiling(top);
        if (wrk != null) {
            System.out.printf("| ceiling (wrk, native): the mapped order straight to the sandbox, %d connections, 10 s"
                    + " | %,.0f | %,.0f | | | | | | | pipeline ÷ this ceiling = %.3f |%n", top, wrk[1], wrk[0], best / wrk[0]);
        }
        System.exit(0);
    }

    private static void print(Row r) {
        System.out.printf("| %s | %,d | %,.0f | %.1f | %.1f | %.1f | %.1f | %,.0f | %d | %s |%n", r.load(), r.orders(),
                r.perSecond(), r.answerP50(), r.answerP99(), r.deliveryP50(), r.deliveryP99(), r.cpuMicrosPerOrder(),
                r.peakRssMiB(), r.notes());
        System.out.flush();
    }

    /** C senders, each sends its next order once the last one was answered. */
    static Row closedLoop(int n, int concurrency) throws Exception {
        try (Rig rig = new Rig("closed-" + concurrency)) {
            String[] bodies = bodies(n);
            long[] answer = new long[n];
            long[] sentAt = new long[n];
            AtomicInteger next = new AtomicInteger();
            AtomicInteger failures = new AtomicInteger();
            ExecutorService pool = Executors.newFixedThreadPool(concurrency);
            WebhookClient client = new WebhookClient(rig.port);
            long cpu0 = rig.cpuNanos();
            long start = System.nanoTime();
            List<Future<?>> workers = new ArrayList<>();
            for (int w = 0; w < concurrency; w++) {
                workers.add(pool.submit(() -> {
                    for (int i = next.getAndIncrement(); i < n; i = next.getAndIncrement()) {
                        sentAt[i] = System.nanoTime();
                        try {
                            if (client.webhook(bodies[i], "order.updated").statusCode() != 200) {
                                failures.incrementAndGet();
                            }
                        } catch (Exception e) {
                            failures.incrementAndGet();
                        }
                        answer[i] = System.nanoTime() - sentAt[i];
                    }
                    return null;
                }));
            }
            for (Future<?> f : workers) {
                f.get(30, TimeUnit.MINUTES);
            }
            pool.shutdown();
            return rig.row("closed loop, concurrency " + concurrency, n, start, cpu0, sentAt, answer, failures.get());
        }
    }

    /** Orders sent at {@code rate}/s for {@code seconds}, each at its planned time, whatever the answers. */
    static Row openLoop(int rate, int seconds) throws Exception {
        int n = rate * seconds;
        try (Rig rig = new Rig("open-" + rate)) {
            String[] bodies = bodies(n);
            long[] answer = new long[n];
            long[] planned = new long[n];
            AtomicInteger failures = new AtomicInteger();
            ScheduledExecutorService timer = Executors.newScheduledThreadPool(1);
            // enough senders that a late answer does not delay the next send; if they all wait, the delay still counts
            // from each order's planned time
            ExecutorService senders = Executors.newFixedThreadPool(256);
            AtomicReference<Throwable> firstFailure = new AtomicReference<>();
            WebhookClient client = new WebhookClient(rig.port);
            long cpu0 = rig.cpuNanos();
            long start = System.nanoTime() + 50_000_000;
            long interval = 1_000_000_000L / rate;
            for (int i = 0; i < n; i++) {
                planned[i] = start + i * interval;
            }
            AtomicInteger next = new AtomicInteger();
            CountDownLatch done = new CountDownLatch(n);
            timer.scheduleAtFixedRate(() -> {
                // all orders whose planned time has come (the timer may fire late: catch up, keep the plan)
                long now = System.nanoTime();
                for (int i = next.get(); i < n && planned[i] <= now; i = next.incrementAndGet()) {
                    int order = i;
                    senders.execute(() -> {
                        try {
                            if (client.webhook(bodies[order], "order.updated").statusCode() != 200) {
                                failures.incrementAndGet();
                            }
                        } catch (Exception e) {
                            failures.incrementAndGet();
                            firstFailure.compareAndSet(null, e);
                        }
                        answer[order] = System.nanoTime() - planned[order];
                        done.countDown();
                    });
                }
            }, 50, 1, TimeUnit.MILLISECONDS);
            done.await(10, TimeUnit.MINUTES);
            timer.shutdownNow();
            senders.shutdown();
            if (firstFailure.get() != null) {
                System.err.println("open loop " + rate + "/s: first failure: " + firstFailure.get());
            }
            return rig.row("open loop, " + rate + " orders/s for " + seconds + " s", n, start, cpu0, planned, answer,
                    failures.get());
        }
    }

    /** The same sender, the same bodies' size, straight to the sandbox: what loopback HTTP here allows. */
    static double ceiling(int n, int concurrency) throws Exception {
        try (TrackingTechSandbox sandbox = new TrackingTechSandbox()) {
            HttpClient http = HttpClient.newHttpClient();
            String[] bodies = new String[n];
            for (int i = 0; i < n; i++) {
                bodies[i] = "{\"storeId\":\"s_1\",\"externalOrderId\":\"" + (FIRST_ID + i) + "\",\"items\":[{\"name\":"
                        + "\"x\",\"quantity\":1}],\"shipping\":{\"address1\":\"a\",\"city\":\"c\",\"country\":\"CL\"}}";
            }
            AtomicInteger next = new AtomicInteger();
            ExecutorService pool = Executors.newFixedThreadPool(concurrency);
            long start = System.nanoTime();
            List<Future<?>> workers = new ArrayList<>();
            for (int w = 0; w < concurrency; w++) {
                workers.add(pool.submit(() -> {
                    for (int i = next.getAndIncrement(); i < n; i = next.getAndIncrement()) {
                        http.send(HttpRequest.newBuilder(URI.create(sandbox.baseUrl() + "/v1/orders"))
                                .header("Authorization", "Bearer " + TrackingTechSandbox.TOKEN)
                                .header("Idempotency-Key", "s_1:" + (FIRST_ID + i))
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString(bodies[i], StandardCharsets.UTF_8)).build(),
                                HttpResponse.BodyHandlers.discarding());
                    }
                    return null;
                }));
            }
            for (Future<?> f : workers) {
                f.get(30, TimeUnit.MINUTES);
            }
            pool.shutdown();
            return sandbox.created() / ((System.nanoTime() - start) / 1e9);
        }
    }

    /**
     * The native ceiling: {@code wrk} (Debian's package) posting the order WooTrack would send straight to the sandbox
     * for 10 s ({@code bench/ceiling.lua}); {requests/s, requests}, or null when wrk is not installed.
     */
    static double[] wrkCeiling(int connections) throws Exception {
        if (!Files.isExecutable(Path.of("/usr/bin/wrk"))) {
            System.err.println("wrk is not installed (apt-get install wrk): no native ceiling");
            return null;
        }
        try (TrackingTechSandbox sandbox = new TrackingTechSandbox()) {
            com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
            dev.wootrack.woocommerce.WooOrder order = json.readValue(Fixtures.order(4242, "processing"),
                    dev.wootrack.woocommerce.WooOrder.class);
            String body = json.writeValueAsString(new dev.wootrack.trackingtech.OrderMapper().map(order, "s_1", null))
                    .replace("\"4242\"", "\"__ID__\"");
            Path file = Files.createTempFile("wootrack-ceiling", ".json");
            Files.writeString(file, body);
            ProcessBuilder wrk = new ProcessBuilder("wrk", "-t2", "-c" + connections, "-d10s", "-s",
                    Path.of("bench", "ceiling.lua").toString(), sandbox.baseUrl()).redirectErrorStream(true);
            wrk.environment().put("CEILING_BODY", file.toString());
            wrk.environment().put("CEILING_TOKEN", TrackingTechSandbox.TOKEN);
            wrk.environment().put("CEILING_PATH", URI.create(sandbox.baseUrl()).getPath() + "/v1/orders");
            Process p = wrk.start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor();
            Files.deleteIfExists(file);
            java.util.regex.Matcher rate = java.util.regex.Pattern.compile("Requests/sec:\\s+([\\d.]+)").matcher(out);
            java.util.regex.Matcher total = java.util.regex.Pattern.compile("(\\d+) requests in").matcher(out);
            if (!rate.find() || !total.find() || out.contains("Non-2xx")) {
                System.err.println("wrk printed no rate: " + out);
                return null;
            }
            System.err.println(out);
            return new double[] {Double.parseDouble(rate.group(1)), Double.parseDouble(total.group(1))};
        }
    }

    private static String[] bodies(int n) {
        String[] bodies = new String[n];
        for (int i = 0; i < n; i++) {
            bodies[i] = Fixtures.order(FIRST_ID + i, "processing");
        }
        return bodies;
    }

    /** TrackingTech's sandbox here, WooTrack in its own JVM. */
    static final class Rig implements AutoCloseable {
        final TrackingTechSandbox sandbox = new TrackingTechSandbox();
        final WooTrackProcess wooTrack;
        final int port;

        Rig(String name) throws Exception {
            Path dir = Scratch.dir("wootrack-bench");
            Map<String, String> s = new HashMap<>(TestApp.settings(dir, sandbox));
            s.put("wootrack.pipeline.workers", "8");
            // -Dbench.set.<key>=<value>: a setting of WooTrack's for an experiment (e.g. another wootrack.db.url)
            System.getProperties().stringPropertyNames().stream().filter(k -> k.startsWith("bench.set."))
                    .forEach(k -> s.put(k.substring("bench.set.".length()), System.getProperty(k)));
            port = Integer.parseInt(s.get("wootrack.http.port"));
            Path log = Path.of("bench", "out", "throughput-" + name + ".log").toAbsolutePath();
            Files.deleteIfExists(log);
            List<String> jvm = new ArrayList<>(List.of("-Xmx512m", "-Dsun.net.httpserver.nodelay=true"));
            if (Boolean.getBoolean("bench.jfr")) { // a profile of WooTrack's JVM: bench/out/throughput-<run>.jfr
                jvm.add("-XX:StartFlightRecording=settings=" + System.getProperty("bench.jfc", "profile") + ",filename="
                        + Path.of("bench", "out", "throughput-" + name + ".jfr").toAbsolutePath());
            }
            wooTrack = new WooTrackProcess(s, log, jvm.toArray(String[]::new)).start();
            warmUp();
        }

        /** 2,000 orders (other ids) through the whole path first, so the JIT has compiled it before we measure. */
        private void warmUp() throws Exception {
            WebhookClient client = new WebhookClient(port);
            ExecutorService pool = Executors.newFixedThreadPool(8);
            List<Future<?>> sends = new ArrayList<>();
            for (int i = 0; i < WARM_UP; i++) {
                String body = Fixtures.order(WARM_UP_FIRST_ID + i, "processing");
                sends.add(pool.submit(() -> client.webhook(body, "order.updated")));
            }
            for (Future<?> f : sends) {
                f.get(10, TimeUnit.MINUTES);
            }
            pool.shutdown();
            await().atMost(Duration.ofMinutes(10)).pollInterval(Duration.ofMillis(20))
                    .until(() -> sandbox.created() >= WARM_UP);
            sandbox.clearRecords();
        }

        long cpuNanos() {
            return ProcessHandle.of(wooTrack.pid()).flatMap(p -> p.info().totalCpuDuration())
                    .map(Duration::toNanos).orElse(0L);
        }

        long peakRssMiB() throws java.io.IOException {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(wooTrack.pid()), "status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("\\D", "")) / 1024;
                }
            }
            return -1;
        }

        /** Waits for every order at the sandbox, then measures. {@code from[i]}: when order i was (to be) sent. */
        Row row(String load, int n, long start, long cpu0, long[] from, long[] answer, int failures) throws Exception {
            long[] progress = {sandbox.created(), System.nanoTime()};
            try {
                await().atMost(Duration.ofMinutes(20)).pollInterval(Duration.ofMillis(5)).until(() -> {
                    int created = sandbox.created() - WARM_UP;
                    if (created != progress[0]) {
                        progress[0] = created;
                        progress[1] = System.nanoTime();
                    }
                    return created >= n - failures || System.nanoTime() - progress[1] > 60_000_000_000L;
                });
            } catch (ConditionTimeoutException incomplete) {
                // reported in the notes
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            int created = sandbox.created() - WARM_UP;
            double cpu = (cpuNanos() - cpu0) / 1e3 / Math.max(1, created);
            long[] delivery = new long[n];
            Arrays.fill(delivery, Long.MAX_VALUE);
            for (TrackingTechSandbox.Request r : sandbox.orderPosts()) {
                String key = r.header("Idempotency-Key");
                int i = (int) (Long.parseLong(key.substring(key.indexOf(':') + 1)) - FIRST_ID);
                delivery[i] = Math.min(delivery[i], r.nanos() - from[i]);
            }
            long[] answers = answer.clone();
            Arrays.sort(answers);
            Arrays.sort(delivery);
            String notes = failures > 0 || created < n
                    ? failures + " webhooks not answered 200, " + created + " delivered" : "";
            return new Row(load, n, created / seconds, ms(answers, 0.5), ms(answers, 0.99),
                    ms(delivery, 0.5), ms(delivery, 0.99), cpu, peakRssMiB(), notes);
        }

        private static double ms(long[] sorted, double q) {
            return sorted[(int) Math.min(sorted.length - 1, sorted.length * q)] / 1e6;
        }

        @Override
        public void close() throws Exception {
            try {
                wooTrack.close();
            } finally {
                sandbox.close();
            }
        }
    }
}
