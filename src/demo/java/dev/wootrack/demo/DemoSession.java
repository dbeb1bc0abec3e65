package dev.wootrack.demo;

import dev.wootrack.WooTrackRuntime;
import dev.wootrack.cli.ConnectCommand;
import dev.wootrack.cli.WebhooksCommand;
import dev.wootrack.cli.Demo;
import dev.wootrack.config.Configuration;
import dev.wootrack.demo.ChileanOrders.Kind;
import dev.wootrack.demo.ChileanOrders.Planned;
import dev.wootrack.sandbox.TrackingTechSandbox;
import dev.wootrack.sandbox.WooCommerceSimulator;
import dev.wootrack.store.Database;
import dev.wootrack.store.Inbox;
import dev.wootrack.store.InstalledWebhooks;
import dev.wootrack.trackingtech.TrackingTechConnection;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import picocli.CommandLine;

/**
 * One demo: the simulated store and TrackingTech, the real WooTrack between them (routes from {@code routes/}),
 * connected with the real {@code connect} command; {@link #play()} walks an afternoon of orders through it.
 */
public final class DemoSession implements AutoCloseable {

    /** The demo's webhook secret and admin token: fixed, so the README's curl lines work against it. */
    public static final String WEBHOOK_SECRET = "wootrack-demo-secret";
    public static final String ADMIN_TOKEN = "wootrack-demo-admin";
    static final long FIRST_ID = 5001;
    private static final Duration PHASE_LIMIT = Duration.ofSeconds(90);
    /** Longer than the demo's poll and write-back intervals (1 s). */
    private static final Duration QUIET = Duration.ofMillis(1_500);
    /**
     * The orders that arrive while the store cannot reach WooTrack: one more than WooCommerce needs to disable a
     * webhook (its 7th failed delivery in a row), so the last one finds it disabled.
     */
    static final int WHILE_DISABLED = WooCommerceSimulator.MAX_DELIVERY_FAILURES + 3;
    private static final List<String> FIRST_DECISIONS = List.of("sent", "ignored", "not-shippable", "dead-letter");

    private final Demo.Options options;
    private final PrintWriter out;
    private final Path dataDir;
    private final int port;
    private final ChileanOrders orders = new ChileanOrders(20_261_127L);
    private final List<Planned> plan;
    private final TrackingTechSandbox trackingTech;
    private final WooCommerceSimulator shop;
    private final Map<String, String> settings;
    private WooTrackRuntime wooTrack;

    public DemoSession(Demo.Options options, PrintWriter out) throws IOException {
        this.options = options;
        this.out = out;
        this.dataDir = options.dataDir() != null ? Files.createDirectories(options.dataDir())
                : Files.createTempDirectory("wootrack-demo-");
        this.plan = orders.plan(options.orders(), FIRST_ID);
        this.trackingTech = new TrackingTechSandbox();
        this.shop = new WooCommerceSimulator(orders.order(plan.get(0), java.time.Instant.now()));
        orders.stock(shop);
        this.port = port(options);
        this.settings = settings();
    }

    /**
     * The port WooTrack listens on: one the operator chose, in any layer, read as {@code run} reads it
     * (./application.properties, the environment, -D, --set); else 8080 with {@code --keep-running} (the README's
     * curl lines); else a free one. "Chose" is a port other than the jar's default: run from the checkout, the
     * project's own application.properties (the defaults) is in the working directory. The banner prints this port,
     * and it is the one bound.
     */
    private static int port(Demo.Options options) throws IOException {
        Configuration config = Configuration.load(Configuration.Sources.ofProcess(null, options.settings()));
        String given = config.checked()
                .getProperty("wootrack.http.port", "0");
        String jarDefault = Configuration.jarDefaults().getProperty("wootrack.http.port", "8080").trim();
        if (!given.equals(jarDefault) && !given.equals("0")) {
            return Integer.parseInt(given);
        }
        return options.keepRunning() ? Integer.parseInt(jarDefault) : freePort();
    }

    /** WooTrack's settings for the demo: the simulators' addresses, short intervals, the demo's data dir. */
    private Map<String, String> settings() {
        Map<String, String> s = new LinkedHashMap<>();
        s.put("wootrack.data-dir", dataDir.toString());
        s.put("wootrack.http.port", Integer.toString(port));
        s.put("wootrack.node-id", "demo");
        s.put("wootrack.admin.token", ADMIN_TOKEN);
        s.put("wootrack.woocommerce.url", shop.url());
        s.put("wootrack.woocommerce.consumer-key", WooCommerceSimulator.CONSUMER_KEY);
        s.put("wootrack.woocommerce.consumer-secret", WooCommerceSimulator.CONSUMER_SECRET);
        // for a webhook made by hand (the README's curl lines); the store's own webhooks get WooTrack's generated secret
        s.put("wootrack.woocommerce.webhook-secret", WEBHOOK_SECRET);
        s.put("wootrack.public-url", "http://127.0.0.1:" + port);
        s.put("wootrack.webhooks.check-interval", "1000");
        s.put("wootrack.woocommerce.poll.interval", "1000");
        s.put("wootrack.woocommerce.poll.start-lookback", "600000");
        s.put("wootrack.writeback.interval", "1000");
        s.put("wootrack.trackingtech.base-url", trackingTech.baseUrl());
        s.put("wootrack.trackingtech.connection-check-interval", "250");
        s.put("wootrack.trackingtech.redelivery.initial-delay", "200");
        s.put("wootrack.trackingtech.redelivery.maximum-redeliveries", "4");
        s.put("wootrack.inbox.recovery-interval", "1000");
        s.putAll(options.settings());
        return s;
    }

    public Path dataDir() {
        return dataDir;
    }

    public int port() {
        return port;
    }

    /** The admin console, on the port WooTrack listens on. */
    public String consoleUrl() {
        return "http://127.0.0.1:" + port + "/console";
    }

    public TrackingTechSandbox trackingTech() {
        return trackingTech;
    }

    public WooCommerceSimulator shop() {
        return shop;
    }

    public WooTrackRuntime wooTrack() {
        return wooTrack;
    }

    public List<Planned> plan() {
        return plan;
    }

    /** Starts WooTrack and connects it as a merchant would; false (with the reason printed) when connecting failed. */
    public boolean start() throws Exception {
        out.printf("WooCommerce store (simulated): %s with %,d orders%n", shop.url(), plan.size());
        out.printf("TrackingTech (sandbox):        %s%n", trackingTech.baseUrl());
        out.flush();
        wooTrack = WooTrackRuntime.start(settings);
        out.printf("WooTrack:                      http://127.0.0.1:%d, data in %s%n", port, dataDir);
        out.printf("Admin console:                 %s (token %s)%n", consoleUrl(), ADMIN_TOKEN);
        out.printf("%n$ wootrack connect --code %s --email %s --store %s%n", TrackingTechSandbox.CODE,
                TrackingTechSandbox.EMAIL, TrackingTechSandbox.STORE);
        out.flush();
        List<String> args = new ArrayList<>(List.of("--code", TrackingTechSandbox.CODE, "--email",
                TrackingTechSandbox.EMAIL, "--store", TrackingTechSandbox.STORE));
        settings.forEach((k, v) -> args.addAll(List.of("--set", k + "=" + v)));
        int connected = new CommandLine(new ConnectCommand().withPassword(TrackingTechSandbox.PASSWORD.toCharArray()))
                .setOut(out).setErr(out).execute(args.toArray(String[]::new));
        out.println();
        out.flush();
        if (connected != 0) {
            return false;
        }
        TrackingTechConnection connection = wooTrack.bean("wootrackConnection", TrackingTechConnection.class);
        if (!waitFor("the running WooTrack to see the connection", connection::isReady)) {
            return false;
        }
        // the store's webhooks, made by WooTrack with a secret it generates: the merchant copies nothing
        out.printf("$ wootrack webhooks install%n");
        out.flush();
        List<String> install = new ArrayList<>(List.of("install"));
        settings.forEach((k, v) -> install.addAll(List.of("--set", k + "=" + v)));
        int installed = new CommandLine(new WebhooksCommand()).setOut(out).setErr(out)
                .execute(install.toArray(String[]::new));
        out.println();
        out.flush();
        return installed == 0;
    }

    /** The id of the store's webhook of this topic, as WooTrack installed it. */
    long webhookId(String topic) {
        return shop.webhooks().stream().filter(w -> w.path("topic").asText().equals(topic)).findFirst()
                .orElseThrow(() -> new IllegalStateException("no webhook " + topic)).path("id").asLong();
    }

    /** WooTrack's record of its webhook of this topic. */
    InstalledWebhooks.Installed installed(String topic) {
        return wooTrack.bean("wootrackInstalledWebhooks", InstalledWebhooks.class).find(topic).orElseThrow();
    }

    /**
     * The store's afternoon: orders arrive (signed webhooks for part of them, the poller finds the rest, some
     * webhooks delivered twice); the store loses WooTrack for a while, WooCommerce disables the order.created webhook,
     * WooTrack repairs it and catches the gap up; TrackingTech moves a third of the shipments forward (tracking is
     * written back, half are delivered), and one order is cancelled after it was sent. Returns what WooTrack recorded.
     */
    public DemoSummary play() throws Exception {
        List<Planned> shippable = plan.stream().filter(p -> p.kind() == Kind.SHIPPABLE).toList();
        List<Planned> tracked = new ArrayList<>();
        for (int i = 0; i < shippable.size() - 1; i += 3) {
            tracked.add(shippable.get(i));
        }
        Planned cancelled = shippable.get(shippable.size() - 1);
        // the last orders of the plan that the poller reads (the statuses WooTrack acts on) arrive while the store
        // cannot reach WooTrack; an order in another status whose webhook is lost is not WooTrack's to find
        List<Planned> readable = plan.stream().filter(p -> p.kind() != Kind.OTHER_STATUS).toList();
        List<Planned> meanwhile = readable.subList(readable.size() - WHILE_DISABLED, readable.size());
        List<Planned> first = plan.stream().filter(p -> !meanwhile.contains(p)).toList();
        long steps = plan.size() + tracked.size() + 2L;
        long started;
        long decidedAt;
        try (ProgressBar bar = new ProgressBarBuilder().setTaskName("demo").setInitialMax(steps)
                .setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(200).continuousUpdate().build()) {
            // 1. orders arrive
            bar.setExtraMessage("orders arriving");
            started = System.nanoTime();
            ExecutorService senders = Executors.newFixedThreadPool(4);
            int webhookOrders = 0;
            for (Planned p : first) {
                shop.addOrder(orders.order(p, shop.now()));
                boolean byWebhook = p.kind() == Kind.OTHER_STATUS || p.id() % 2 == 0;
                if (byWebhook) {
                    boolean twice = ++webhookOrders % 10 == 0; // WooCommerce retries a delivery it thinks failed
                    senders.execute(() -> deliver(p.id(), twice ? 2 : 1));
                }
            }
            senders.shutdown();
            senders.awaitTermination(2, TimeUnit.MINUTES);
            boolean arrived = waitFor("a decision on every order", () -> {
                long n = distinctOrders(FIRST_DECISIONS);
                bar.stepTo(n);
                return n >= first.size();
            });

            // 1b. the store cannot reach WooTrack for a while: every order.created delivery fails, and WooCommerce
            // disables the webhook after the 7th in a row; once WooTrack sees it (and can take deliveries), it
            // re-activates it and reads the orders of the gap again by a poll
            bar.setExtraMessage("webhook disabled");
            shop.dropDeliveries(true);
            for (Planned p : meanwhile) {
                shop.addOrder(orders.order(p, shop.now()));
                deliver(p.id(), 1);
            }
            shop.dropDeliveries(false);
            boolean decided = arrived && waitFor("a decision on every order", () -> {
                long n = distinctOrders(FIRST_DECISIONS);
                bar.stepTo(n);
                return n >= plan.size();
            });
            decidedAt = System.nanoTime();
            bar.setExtraMessage("webhook repaired");
            boolean repaired = decided && waitFor("the webhook repaired", () -> {
                InstalledWebhooks.Installed w = installed("order.created");
                return w.repairs() >= 1 && w.alarm() == null;
            });
            if (repaired) {
                bar.stepTo(plan.size() + 1);
            }

            // 2. TrackingTech moves shipments forward; WooTrack writes tracking back
            bar.setExtraMessage("tracking written back");
            shop.autoWebhooks(true); // from now on the store notifies every change, our own write-back included
            for (int i = 0; i < tracked.size(); i++) {
                Planned p = tracked.get(i);
                trackingTech.advance(p.id(), "in_transit", trackingNumber(p.id()));
                if (i % 2 == 1) {
                    trackingTech.advance(p.id(), "delivered", trackingNumber(p.id()));
                }
            }
            boolean written = decided && waitFor("tracking written back", () -> {
                long n = distinctOrders(List.of("written-back"));
                bar.stepTo(plan.size() + 1 + n);
                return n >= tracked.size();
            });

            // 3. the merchant cancels an order that was sent already
            bar.setExtraMessage("cancelling an order");
            shop.setStatus(cancelled.id(), "cancelled");
            boolean cancelledAtTt = written && waitFor("the cancellation", () -> distinctOrders(List.of("cancelled")) >= 1
                    && !trackingTech.cancels().isEmpty());
            if (cancelledAtTt) {
                bar.stepTo(steps);
            }
            // 4. the store's last notifications (echoes of our own write-back) are worked off
            bar.setExtraMessage("settling");
            // quiet for longer than a poll interval: the poller's last reads (the cancelled order) are in too
            long[] quietSince = {0};
            waitFor("the inbox to drain", () -> {
                if (!settled()) {
                    quietSince[0] = 0;
                    return false;
                }
                if (quietSince[0] == 0) {
                    quietSince[0] = System.nanoTime();
                }
                return System.nanoTime() - quietSince[0] > QUIET.toNanos();
            });
            bar.setExtraMessage("done");
        }
        return DemoSummary.read(this, tracked, cancelled, meanwhile, (decidedAt - started) / 1e9);
    }

    /** Nothing pending in the inbox, and every webhook the store sent is in it. */
    private boolean settled() {
        Inbox inbox = wooTrack.bean("wootrackInbox", Inbox.class);
        return inbox.count(Inbox.PENDING) == 0 && countRows("SELECT COUNT(*) FROM inbox WHERE source = 'webhook'")
                >= shop.webhooksSent();
    }

    private void deliver(long orderId, int times) {
        for (int i = 0; i < times; i++) {
            try {
                shop.sendWebhook(orderId, "order.created");
            } catch (IOException e) {
                out.println("webhook for order " + orderId + " not delivered: " + e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    static String trackingNumber(long orderId) {
        return "TT" + (700_000_000L + orderId * 13) + "CL";
    }

    /** How many orders have at least one of these decisions. */
    long distinctOrders(List<String> decisions) {
        return countRows("SELECT COUNT(DISTINCT order_id) FROM decision WHERE decision IN ("
                + String.join(",", decisions.stream().map(d -> "'" + d + "'").toList()) + ")");
    }

    long countRows(String sql) {
        return wooTrack.bean("wootrackDatabase", Database.class).inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }

    /** Rows of (key, count) from a two-column query. */
    Map<String, Long> counts(String sql) {
        return wooTrack.bean("wootrackDatabase", Database.class).inTransaction(c -> {
            Map<String, Long> m = new LinkedHashMap<>();
            try (PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    m.put(rs.getString(1), rs.getLong(2));
                }
            }
            return m;
        });
    }

    /** Polls a condition every 100 ms up to the phase limit; prints what it waited for when it gives up. */
    private boolean waitFor(String what, BooleanSupplier done) throws InterruptedException {
        long deadline = System.nanoTime() + PHASE_LIMIT.toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                out.println("gave up waiting for " + what + " after " + PHASE_LIMIT.toSeconds() + " s");
                return false;
            }
            TimeUnit.MILLISECONDS.sleep(100);
        }
        return true;
    }

    /** A free port below the kernel's ephemeral range (see TestApp.freePort: one of those can be taken meanwhile). */
    private static int freePort() throws IOException {
        for (int attempt = 0; attempt < 200; attempt++) {
            int candidate = 20_000 + java.util.concurrent.ThreadLocalRandom.current().nextInt(12_000);
            try (ServerSocket s = new ServerSocket(candidate)) {
                return s.getLocalPort();
            } catch (java.net.BindException taken) {
                // another one
            }
        }
        throw new IOException("no free port between 20000 and 32000");
    }

    @Override
    public void close() throws Exception {
        try {
            if (wooTrack != null) {
                wooTrack.close();
            }
        } finally {
            shop.close();
            trackingTech.close();
        }
    }
}
