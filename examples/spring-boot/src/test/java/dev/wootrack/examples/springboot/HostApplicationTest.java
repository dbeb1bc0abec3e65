package dev.wootrack.examples.springboot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.wootrack.Fixtures;
import dev.wootrack.sandbox.TrackingTechSandbox;
import dev.wootrack.woocommerce.WebhookSignature;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The Spring Boot host, booted as it runs (its web server on a random loopback port), with WooTrack's routes from the
 * library jar, an H2 database in a temporary folder and WooTrack's own TrackingTech sandbox: a signed WooCommerce
 * webhook reaches TrackingTech exactly once, and the host's own route still answers.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext
class HostApplicationTest {

    static final String SECRET = "host-test-webhook-secret";
    static final TrackingTechSandbox SANDBOX = sandbox();
    static final Path DATA = dataDir();

    @LocalServerPort
    int port;

    @Autowired
    CamelContext camel;

    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @DynamicPropertySource
    static void wooTrack(DynamicPropertyRegistry p) {
        p.add("server.address", () -> "127.0.0.1");
        p.add("wootrack.data-dir", DATA::toString);
        p.add("wootrack.woocommerce.webhook-secret", () -> SECRET);
        p.add("wootrack.trackingtech.base-url", SANDBOX::baseUrl);
        p.add("wootrack.trackingtech.token", () -> TrackingTechSandbox.TOKEN);
        p.add("wootrack.trackingtech.store-id", () -> TrackingTechSandbox.STORE);
        p.add("wootrack.trackingtech.customer-id", () -> TrackingTechSandbox.CUSTOMER);
        // no WooCommerce REST keys: webhooks only (no polling, no re-reading, no write-back)
    }

    @AfterAll
    static void closeSandbox() {
        SANDBOX.close();
    }

    @Test
    void aSignedWebhookReachesTrackingTechExactlyOnceAndTheHostsOwnRouteStillAnswers() throws Exception {
        // WooTrack's routes, from the library jar (found by what they consume: their ids are the library's business)
        assertThat(camel.getRoutes()).anyMatch(r -> r.getEndpoint().getEndpointUri().contains("/webhooks/woocommerce"));
        assertThat(camel.getRoute("host-hello")).as("the host's own route").isNotNull();

        String order = Fixtures.order(4242, "processing");
        assertThat(webhook(order).statusCode()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(SANDBOX.orderPostsFor(4242)).hasSize(1));
        // the same delivery again (WooCommerce sends an order more than once): recognised, not sent again
        assertThat(webhook(order).statusCode()).isEqualTo(200);
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                assertThat(SANDBOX.orderPostsFor(4242)).hasSize(1));
        assertThat(SANDBOX.created()).isEqualTo(1);

        HttpResponse<String> hello = http.send(HttpRequest.newBuilder(URI.create(url("/host/hello"))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(hello.statusCode()).isEqualTo(200);
        assertThat(hello.body()).isEqualTo("host up");
    }

    private HttpResponse<String> webhook(String body) throws Exception {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        return http.send(HttpRequest.newBuilder(URI.create(url("/webhooks/woocommerce")))
                .header("Content-Type", "application/json")
                .header("User-Agent", "WooCommerce/8.9.0 Hookshot (WordPress/6.5.0)")
                .header("X-WC-Webhook-Source", "https://shop.example/")
                .header("X-WC-Webhook-Topic", "order.updated")
                .header("X-WC-Webhook-Resource", "order")
                .header("X-WC-Webhook-Event", "updated")
                .header("X-WC-Webhook-ID", "12")
                .header("X-WC-Webhook-Delivery-ID", "d41d8cd98f00b204e9800998ecf8427e")
                .header("X-WC-Webhook-Signature", new WebhookSignature(SECRET).sign(bytes))
                .POST(HttpRequest.BodyPublishers.ofByteArray(bytes)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    private static TrackingTechSandbox sandbox() {
        try {
            return new TrackingTechSandbox();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static Path dataDir() {
        try {
            return Files.createTempDirectory("wootrack-host-");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
