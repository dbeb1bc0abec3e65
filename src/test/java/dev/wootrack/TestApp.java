package dev.wootrack;

import dev.wootrack.sandbox.TrackingTechSandbox;
import dev.wootrack.sandbox.WooCommerceSimulator;
import dev.wootrack.store.Decisions;
import dev.wootrack.store.Decisions.Decision;
import dev.wootrack.store.TestPostgres;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** WooTrack as production boots it, on a temporary data dir and a free port, pointed at a sandbox. */
public final class TestApp implements AutoCloseable {

    public static final String SECRET = WebhookClient.SECRET;

    private final WooTrackRuntime runtime;
    private final WebhookClient client;

    private TestApp(WooTrackRuntime runtime, int port) {
        this.runtime = runtime;
        this.client = new WebhookClient(port);
    }

    /** {@code -Dwootrack.test.database=postgresql}: the tests run on PostgreSQL (pom.xml's execution postgresql). */
    public static boolean onPostgresql() {
        return "postgresql".equalsIgnoreCase(System.getProperty("wootrack.test.database", "h2").trim());
    }

    /** On PostgreSQL, each data dir's database: a test that restarts WooTrack on its data dir finds its data again. */
    private static final Map<Path, String> DATABASES = new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * The {@code wootrack.db.*} settings of the data dir's database: none for the embedded H2 (it lives in the data
     * dir); with {@link #onPostgresql()} a database of the test run's PostgreSQL, made for this data dir on first use
     * (user postgres, no password: the server trusts 127.0.0.1). Also for a command run beside a test's WooTrack.
     */
    public static Map<String, String> databaseSettings(Path dataDir) {
        if (!onPostgresql()) {
            return Map.of();
        }
        String url = DATABASES.computeIfAbsent(dataDir.toAbsolutePath().normalize(), d -> TestPostgres.newDatabase());
        return Map.of("wootrack.db.url", url, "wootrack.db.user", TestPostgres.USER);
    }

    /**
     * Settings a test starts from: fast redelivery, quick recovery, connected to the sandbox. The database is the
     * embedded H2 in the data dir, or with {@link #onPostgresql()} a new database on the test run's PostgreSQL.
     */
    public static Map<String, String> settings(Path dataDir, TrackingTechSandbox sandbox) throws IOException {
        Map<String, String> s = new HashMap<>();
        s.put("wootrack.data-dir", dataDir.toString());
        s.putAll(databaseSettings(dataDir));
        s.put("wootrack.http.port", Integer.toString(freePort()));
        s.put("wootrack.woocommerce.webhook-secret", SECRET);
        s.put("wootrack.trackingtech.base-url", sandbox.baseUrl());
        s.put("wootrack.trackingtech.token", TrackingTechSandbox.TOKEN);
        s.put("wootrack.trackingtech.store-id", TrackingTechSandbox.STORE);
        s.put("wootrack.trackingtech.customer-id", TrackingTechSandbox.CUSTOMER);
        s.put("wootrack.trackingtech.redelivery.maximum-redeliveries", "3");
        s.put("wootrack.trackingtech.redelivery.initial-delay", "20");
        s.put("wootrack.trackingtech.redelivery.maximum-delay", "2000");
        s.put("wootrack.inbox.recovery-interval", "200");
        s.put("wootrack.inbox.lease", "60000");
        s.put("wootrack.trackingtech.connection-check-interval", "200");
        return s;
    }

    /** As {@link #settings(Path, TrackingTechSandbox)}, plus a WooCommerce store's REST API: polling, re-reading, write-back. */
    public static Map<String, String> settings(Path dataDir, TrackingTechSandbox sandbox, WooCommerceSimulator store)
            throws IOException {
        Map<String, String> s = settings(dataDir, sandbox);
        s.put("wootrack.woocommerce.url", store.url());
        s.put("wootrack.woocommerce.consumer-key", WooCommerceSimulator.CONSUMER_KEY);
        s.put("wootrack.woocommerce.consumer-secret", WooCommerceSimulator.CONSUMER_SECRET);
        s.put("wootrack.woocommerce.poll.interval", "300");
        s.put("wootrack.woocommerce.poll.start-lookback", "86400000");
        s.put("wootrack.woocommerce.redelivery.maximum-redeliveries", "2");
        s.put("wootrack.woocommerce.redelivery.initial-delay", "20");
        s.put("wootrack.writeback.interval", "300");
        return s;
    }

    public static TestApp start(Map<String, String> settings) throws Exception {
        return new TestApp(WooTrackRuntime.start(settings), Integer.parseInt(settings.get("wootrack.http.port")));
    }

    /**
     * A port free now, below Linux's ephemeral range (32768-60999): a port the kernel hands out with
     * {@code new ServerSocket(0)} comes from that range, and until WooTrack binds it the source port of any
     * outgoing connection (the load tools open thousands) may take it: a kill -9 fault run once lost that race.
     */
    public static int freePort() throws IOException {
        for (int attempt = 0; attempt < 200; attempt++) {
            int port = 20_000 + java.util.concurrent.ThreadLocalRandom.current().nextInt(12_000);
            try (ServerSocket s = new ServerSocket(port)) {
                return s.getLocalPort();
            } catch (java.net.BindException taken) {
                // another one
            }
        }
        throw new IOException("no free port between 20000 and 32000");
    }

    public WooTrackRuntime runtime() {
        return runtime;
    }

    public <T> T bean(String name, Class<T> type) {
        return runtime.bean(name, type);
    }

    public String url(String path) {
        return client.url(path);
    }

    public HttpResponse<String> webhook(String body, String topic) throws Exception {
        return client.webhook(body, topic);
    }

    public HttpResponse<String> webhook(byte[] body, String topic, String signature) throws Exception {
        return client.webhook(body, topic, signature);
    }

    public HttpResponse<String> send(HttpRequest request) throws Exception {
        return client.send(request);
    }

    public List<Decision> history(long orderId) {
        return bean("wootrackDecisions", Decisions.class).history(orderId);
    }

    public List<String> decisions(long orderId) {
        return history(orderId).stream().map(Decision::decision).toList();
    }

    @Override
    public void close() throws Exception {
        runtime.close();
    }
}
