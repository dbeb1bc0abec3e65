package dev.wootrack.bench;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.wootrack.TestApp;
import dev.wootrack.sandbox.TrackingTechSandbox;
import dev.wootrack.sandbox.WooCommerceSimulator;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongConsumer;
import org.awaitility.core.ConditionTimeoutException;

/**
 * The promise under faults: every trigger-status order reaches TrackingTech exactly once in effect, or waits in a
 * visible state. Each fault run has its own WooTrack (a child JVM on a fresh data dir, real routes, H2 file),
 * its own TrackingTech sandbox and WooCommerce store, webhooks for every order and the poller behind them, as in
 * production. Prints a Markdown row per fault and a verdict; exits 1 when any run lost an order or created a
 * second shipment. Usage: FaultsBench quick|full [fault...]; faults: flaky outage slow kill9 storm hostile.
 */
public final class FaultsBench {

    static final String ADMIN = "bench-admin-token";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What one fault run saw. */
    record Result(String fault, int orders, long created, long lost, long secondShipments, long repostsOfAccepted,
                  int deadLetters, double seconds, String notes, boolean pass) {
    }

    public static void main(String[] args) throws Exception {
        boolean full = args.length > 0 && args[0].equals("full");
        List<String> faults = args.length > 1 ? Arrays.asList(args).subList(1, args.length)
                : List.of("flaky", "outage", "slow", "kill9", "storm", "hostile");
        System.out.println("| fault | orders | delivered exactly once | second shipments | re-posts of an accepted key"
                + " | lost | dead letters | seconds | notes | verdict |");
        System.out.println("|---|---:|---:|---:|---:|---:|---:|---:|---|---|");
        List<Result> results = new ArrayList<>();
        for (String fault : faults) {
            Result r = run(fault, full);
            results.add(r);
            System.out.printf("| %s | %,d | %,d | %d | %d | %d | %d | %.1f | %s | %s |%n", r.fault(), r.orders(),
                    r.created(), r.secondShipments(), r.repostsOfAccepted(), r.lost(), r.deadLetters(), r.seconds(),
                    r.notes(), r.pass() ? "PASS" : "FAIL");
            System.out.flush();
        }
        System.exit(results.stream().allMatch(Result::pass) ? 0 : 1);
    }

    /** One fault run, quick (CI) or full. */
    static Result run(String fault, boolean full) throws Exception {
        Files.createDirectories(Path.of("bench", "out")); // not in a fresh clone (ignored by git)
        return switch (fault) {
            case "flaky" -> flaky(full ? 5_000 : 600);
            case "outage" -> outage(full ? 5_000 : 600, Duration.ofSeconds(full ? 30 : 10));
            case "slow" -> slow(full ? 600 : 120);
            case "kill9" -> kill9(full ? 10_000 : 2_000, 5);
            case "storm" -> storm(full ? 3_000 : 400);
            case "hostile" -> hostile(full ? 500 : 100);
            default -> throw new IllegalArgumentException("no fault " + fault);
        };
    }

    // ------------------------------------------------------------------ the faults

    /** TrackingTech answers 30 % of order posts 503 and 10 % 429 with Retry-After: 1. */
    static Result flaky(int n) throws Exception {
        try (Rig rig = new Rig("flaky", Map.of())) {
            rig.trackingTech.chaos(0.30, 0.10, 1, 42);
            rig.start(n);
            long t0 = System.nanoTime();
            Latencies answers = rig.webhooks(n, 8, 1, null);
            return rig.result("flaky: 30 % 503, 10 % 429 Retry-After 1 s", n, t0, "webhook p99 "
                    + answers.p99() + " ms", true);
        }
    }

    /** TrackingTech's connections are cut for {@code down} once a third of the orders arrived, then it is back. */
    static Result outage(int n, Duration down) throws Exception {
        try (Rig rig = new Rig("outage", Map.of())) {
            rig.start(n);
            long t0 = System.nanoTime();
            AtomicInteger sent = new AtomicInteger();
            Thread outage = new Thread(() -> {
                try {
                    await().atMost(Duration.ofMinutes(5)).until(() -> sent.get() >= n / 3);
                    rig.trackingTech.outage(true);
                    TimeUnit.MILLISECONDS.sleep(down.toMillis()); // the length of the outage is the fault itself
                    rig.trackingTech.outage(false);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            outage.start();
            Latencies answers = rig.webhooks(n, 8, 1, id -> sent.incrementAndGet());
            outage.join();
            return rig.result("outage: TrackingTech down " + down.toSeconds() + " s mid-run", n, t0,
                    "webhook p99 " + answers.p99() + " ms", true);
        }
    }

    /** TrackingTech takes 2 s to answer each order; webhooks must still be answered at once. */
    static Result slow(int n) throws Exception {
        try (Rig rig = new Rig("slow", Map.of("wootrack.pipeline.workers", "32",
                "wootrack.woocommerce.poll.enabled", "false"))) {
            rig.trackingTech.slowness(Duration.ofSeconds(2));
            rig.start(n);
            long t0 = System.nanoTime();
            Latencies answers = rig.webhooks(n, 4, 1, null);
            // a webhook that waited for TrackingTech would take at least its 2 s; half of that is the limit
            boolean fast = answers.p99() <= 1_000;
            return rig.result("slow: TrackingTech answers after 2 s", n, t0, "webhook answer p50 " + answers.p50()
                    + " ms, p99 " + answers.p99() + " ms (limit 1,000: answers must not wait for TrackingTech)", fast);
        }
    }

    /** SIGKILL at {@code kills} random points of the run, each followed by a restart on the same data dir. */
    static Result kill9(int n, int kills) throws Exception {
        try (Rig rig = new Rig("kill9", Map.of())) {
            rig.start(n);
            long t0 = System.nanoTime();
            Random random = new Random(7);
            List<Integer> points = new ArrayList<>();
            for (int k = 1; k <= kills; k++) {
                points.add((int) (n * (k - 0.5 + random.nextDouble() * 0.8) / (kills + 1)));
            }
            Thread killer = new Thread(() -> {
                try {
                    for (int point : points) {
                        await().atMost(Duration.ofMinutes(10)).pollInterval(Duration.ofMillis(5))
                                .until(() -> rig.trackingTech.created() >= point);
                        rig.wooTrack.kill9();
                        rig.wooTrack.start();
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            killer.start();
            Latencies answers = rig.webhooks(n, 8, 1, null);
            killer.join();
            return rig.result("kill -9 ×" + kills + ", restart on the same data dir", n, t0,
                    "killed after " + points + " orders created; " + answers.failures()
                            + " webhooks got no answer (the poller took those orders)", true);
        }
    }

    /** Every webhook three times at once, while the poller re-reads the same orders. */
    static Result storm(int n) throws Exception {
        // a queue large enough that the poller is not held back by the storm: both read the same orders at once
        try (Rig rig = new Rig("storm", Map.of("wootrack.woocommerce.poll.interval", "300",
                "wootrack.pipeline.queue-size", "5000"))) {
            rig.start(n);
            long t0 = System.nanoTime();
            Latencies answers = rig.webhooks(n, 8, 3, null);
            return rig.result("duplicate storm: each webhook ×3 at once + poller", n, t0,
                    answers.count() + " webhooks, " + rig.shop.listRequests().size() + " order list reads by the"
                            + " poller", true);
        }
    }

    /** The hostile corpus, interleaved with valid orders: each gets its 4xx, health stays UP, no order is lost. */
    static Result hostile(int n) throws Exception {
        try (Rig rig = new Rig("hostile", Map.of("wootrack.woocommerce.poll.enabled", "false"))) {
            rig.start(n);
            long t0 = System.nanoTime();
            List<HostileCorpus.Case> corpus = HostileCorpus.cases(TestApp.SECRET);
            List<String> wrong = new ArrayList<>();
            HttpClient http = HttpClient.newHttpClient();
            Thread valid = new Thread(() -> {
                try {
                    rig.webhooks(n, 2, 1, null);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            valid.start();
            for (HostileCorpus.Case c : corpus) {
                int status = c.send(rig.wooTrack.port());
                if (!c.expected().contains(status)) {
                    wrong.add(c.name() + ": " + status + " (expected " + c.expected() + ")");
                }
            }
            valid.join();
            // the injection strings arrive at TrackingTech as they were sent
            for (int i = 0; i < HostileCorpus.INJECTIONS.size(); i++) {
                long id = HostileCorpus.INJECTION_FIRST_ID + i;
                String name = HostileCorpus.INJECTIONS.get(i);
                try {
                    await().atMost(Duration.ofSeconds(30)).until(() -> !rig.trackingTech.orderPostsFor(id).isEmpty());
                    JsonNode posted = JSON.readTree(rig.trackingTech.orderPostsFor(id).get(0).body());
                    if (!name.equals(posted.path("shipping").path("name").asText())
                            || !name.equals(posted.path("items").path(0).path("name").asText())) {
                        wrong.add("name not verbatim at TrackingTech: " + posted.path("shipping").path("name"));
                    }
                } catch (ConditionTimeoutException e) {
                    wrong.add("order " + id + " named " + name + " never reached TrackingTech");
                }
            }
            boolean up = rig.wooTrack.health() == 200;
            Result r = rig.result("hostile: " + corpus.size() + " hostile requests among " + n + " orders", n, t0,
                    wrong.isEmpty() ? corpus.size() + " of " + corpus.size() + " answered as expected; health "
                            + (up ? "UP" : "DOWN") : "WRONG: " + String.join("; ", wrong), wrong.isEmpty() && up);
            Files.writeString(Path.of("bench", "out", "hostile-answers.txt"), String.join("\n", wrong));
            return r;
        }
    }

    // ------------------------------------------------------------------ the rig

    /** Webhook answer times, in ms, and how many deliveries got no answer at all. */
    record Latencies(long[] millis, int failures) {
        long p50() {
            return millis.length == 0 ? 0 : millis[millis.length / 2];
        }

        long p99() {
            return millis.length == 0 ? 0 : millis[(int) Math.min(millis.length - 1, millis.length * 0.99)];
        }

        int count() {
            return millis.length;
        }
    }

    /** A store, TrackingTech, and WooTrack in its own JVM between them. */
    static final class Rig implements AutoCloseable {
        static final long FIRST_ID = 100_000;
        final TrackingTechSandbox trackingTech = new TrackingTechSandbox();
        final WooCommerceSimulator shop = new WooCommerceSimulator();
        final WooTrackProcess wooTrack;
        final String name;
        int orders;

        Rig(String name, Map<String, String> extra) throws IOException {
            this.name = name;
            Path dir = Scratch.dir("wootrack-fault-" + name);
            Map<String, String> s = new HashMap<>(TestApp.settings(dir, trackingTech, shop));
            s.put("wootrack.admin.token", ADMIN);
            s.put("wootrack.woocommerce.refetch-on-webhook", "false");
            s.put("wootrack.woocommerce.poll.interval", "1000");
            s.put("wootrack.writeback.enabled", "false");
            s.put("wootrack.pipeline.workers", "8");
            // two quick retries in memory; then the order waits in the database, for as long as the outage lasts
            s.put("wootrack.trackingtech.redelivery.maximum-redeliveries", "2");
            s.put("wootrack.trackingtech.redelivery.initial-delay", "500");
            s.put("wootrack.trackingtech.redelivery.maximum-delay", "5000");
            s.put("wootrack.inbox.recovery-interval", "1000");
            s.put("wootrack.inbox.lease", "300000");
            s.putAll(extra);
            shop.webhookTarget("http://127.0.0.1:" + s.get("wootrack.http.port") + "/webhooks/woocommerce",
                    TestApp.SECRET);
            Path log = Path.of("bench", "out", "faults-" + name + ".log").toAbsolutePath();
            Files.deleteIfExists(log);
            wooTrack = new WooTrackProcess(s, log, "-Xmx512m");
        }

        /** n processing orders in the store (changed over the last n seconds), and WooTrack started. */
        void start(int n) throws IOException {
            orders = n;
            shop.addOrders(FIRST_ID, n, id -> "processing", shop.now().minusSeconds(n), Duration.ofSeconds(1));
            wooTrack.start();
        }

        /** Delivers one signed webhook per order ({@code times} at once each) from {@code concurrency} threads. */
        Latencies webhooks(int n, int concurrency, int times, LongConsumer afterEach) throws Exception {
            long[] millis = new long[n * times];
            AtomicInteger next = new AtomicInteger();
            AtomicInteger failures = new AtomicInteger();
            AtomicInteger slot = new AtomicInteger();
            ExecutorService pool = Executors.newFixedThreadPool(concurrency * times);
            List<java.util.concurrent.Future<?>> workers = new ArrayList<>();
            for (int w = 0; w < concurrency; w++) {
                workers.add(pool.submit(() -> {
                    for (int i = next.getAndIncrement(); i < n; i = next.getAndIncrement()) {
                        long id = FIRST_ID + i;
                        List<java.util.concurrent.Future<?>> copies = new ArrayList<>();
                        for (int t = 1; t < times; t++) {
                            copies.add(pool.submit(() -> deliver(id, millis, slot, failures)));
                        }
                        deliver(id, millis, slot, failures);
                        for (java.util.concurrent.Future<?> f : copies) {
                            f.get();
                        }
                        if (afterEach != null) {
                            afterEach.accept(id);
                        }
                    }
                    return null;
                }));
            }
            for (java.util.concurrent.Future<?> f : workers) {
                f.get(30, TimeUnit.MINUTES);
            }
            pool.shutdown();
            long[] answered = Arrays.copyOf(millis, slot.get());
            Arrays.sort(answered);
            return new Latencies(answered, failures.get());
        }

        private void deliver(long id, long[] millis, AtomicInteger slot, AtomicInteger failures) {
            long t0 = System.nanoTime();
            try {
                if (shop.sendWebhook(id, "order.updated") != 200) {
                    failures.incrementAndGet();
                }
                millis[slot.getAndIncrement()] = (System.nanoTime() - t0) / 1_000_000;
            } catch (IOException e) {
                failures.incrementAndGet(); // WooTrack was down: WooCommerce gives up, the poller is the net
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        /** Waits (bounded) until every order is created at TrackingTech or dead-lettered, then counts. */
        Result result(String fault, int n, long t0, String notes, boolean extraCheck) throws Exception {
            try {
                await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(100)).ignoreExceptions()
                        .until(() -> createdInRange(n) + deadLetters().size() >= n);
            } catch (ConditionTimeoutException incomplete) {
                // counted as lost below
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            List<String> ids = trackingTech.createdOrderIds();
            Set<String> distinct = new HashSet<>(ids);
            Set<Long> dead = deadLetters();
            long lost = 0;
            for (long id = FIRST_ID; id < FIRST_ID + n; id++) {
                if (!distinct.contains(Long.toString(id)) && !dead.contains(id)) {
                    lost++;
                }
            }
            long reposts = trackingTech.acceptedPostsByKey().values().stream().mapToLong(c -> c - 1).sum();
            long second = ids.size() - distinct.size();
            boolean pass = lost == 0 && second == 0 && extraCheck;
            return new Result(fault, n, createdInRange(n), lost, second, reposts, dead.size(), seconds, notes, pass);
        }

        /** Shipments created for the run's orders (the hostile corpus adds its own beyond them). */
        long createdInRange(int n) {
            return trackingTech.createdOrderIds().stream().mapToLong(Long::parseLong)
                    .filter(id -> id >= FIRST_ID && id < FIRST_ID + n).distinct().count();
        }

        /** The orders in WooTrack's dead letters, from its admin API. */
        Set<Long> deadLetters() throws IOException, InterruptedException {
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                    "http://127.0.0.1:" + wooTrack.port() + "/admin/dead-letters"))
                    .header("Authorization", "Bearer " + ADMIN).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
            Set<Long> orders = new HashSet<>();
            if (r.statusCode() == 200) {
                for (JsonNode d : JSON.readTree(r.body())) {
                    orders.add(d.path("order").asLong());
                }
            }
            return orders;
        }

        @Override
        public void close() throws Exception {
            try {
                wooTrack.close();
            } finally {
                shop.close();
                trackingTech.close();
            }
        }
    }
}
