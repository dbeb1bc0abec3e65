package dev.wootrack;

import dev.wootrack.woocommerce.WebhookSignature;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

/** Posts webhooks to a WooTrack on a port (in this process or another) as WooCommerce does, signed with the test secret. */
public final class WebhookClient {

    public static final String SECRET = "test-webhook-secret";

    private final int port;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    public WebhookClient(int port) {
        this.port = port;
    }

    public String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    public HttpResponse<String> webhook(String body, String topic) throws Exception {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        return webhook(bytes, topic, new WebhookSignature(SECRET).sign(bytes));
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
        return send(b.build());
    }

    public HttpResponse<String> send(HttpRequest request) throws Exception {
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }
}
