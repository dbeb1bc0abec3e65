package dev.wootrack;

import dev.wootrack.sandbox.TrackingTechSandbox;
import dev.wootrack.store.Decisions;
import dev.wootrack.store.Decisions.Decision;
import dev.wootrack.woocommerce.WebhookSignature;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** WooTrack as production boots it, on a temporary data dir and a free port, pointed at a sandbox. */
public final class TestApp implements AutoCloseable {

    public static final String SECRET = "test-webhook-secret";

    private final WooTrackRuntime runtime;
    private final int port;
    private final HttpClient http = HttpClient.newHttpClient();

    private TestApp(WooTrackRuntime runtime, int port) {
        this.runtime = runtime;
        this.port = port;
    }

    /** Settings a test starts from: fast redelivery, quick recovery, connected to the sandbox. */
    public static Map<String, String> settings(Path dataDir, TrackingTechSandbox sandbox) throws IOException {
        Map<String, String> s = new HashMap<>();
        s.put("wootrack.data-dir", dataDir.toString());
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
        return s;
    }

    public static TestApp start(Map<String, String> settings) throws Exception {
        return new TestApp(WooTrackRuntime.start(settings), Integer.parseInt(settings.get("wootrack.http.port")));
    }

    public static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    public WooTrackRuntime runtime() {
        return runtime;
    }

    public <T> T bean(String name, Class<T> type) {
        return runtime.bean(name, type);
    }

    public String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    /** Posts a webhook signed with the test secret, as WooCommerce does. */
    public HttpResponse<String> webhook(String body, String topic) throws Exception {
        return webhook(body.getBytes(StandardCharsets.UTF_8), topic,
                new WebhookSignature(SECRET).sign(body.getBytes(StandardCharsets.UTF_8)));
    }

    public HttpResponse<String> webhook(byte[] body, String topic, String signature) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url("/webhooks/woocommerce")))
                .header("Content-Type", "application/json")
                .header("User-Agent", "WooCommerce/8.9.0 Hookshot (WordPress/6.5.0)")
                .header("X-WC-Webhook-Source", "https://shop.example/")
                .header("X-WC-Webhook-Resource", "order")
                .header("X-WC-Webhook-Event", topic.substring(topic.indexOf('.') + 1))
                .header("X-WC-Webhook-ID", "12")
                .header("X-WC-Webhook-Delivery-ID", "d41d8cd98f00b204e9800998ecf8427e")
                .header("X-WC-Webhook-Topic", topic)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (signature != null) {
            b.header("X-WC-Webhook-Signature", signature);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    public HttpResponse<String> send(HttpRequest request) throws Exception {
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    public List<Decision> history(long orderId) {
        return bean("decisions", Decisions.class).history(orderId);
    }

    public List<String> decisions(long orderId) {
        return history(orderId).stream().map(Decision::decision).toList();
    }

    @Override
    public void close() throws Exception {
        runtime.close();
    }

    /** Posts signed webhooks to a WooTrack on a port, e.g. one running in another process. */
    public static final class Client implements AutoCloseable {
        private final TestApp app;

        public Client(int port) {
            this.app = new TestApp(null, port);
        }

        public HttpResponse<String> webhook(String body, String topic) throws Exception {
            return app.webhook(body, topic);
        }

        @Override
        public void close() {
        }
    }
}
