package dev.wootrack.kamelets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wootrack.TestApp;
import dev.wootrack.sandbox.WooCommerceSimulator;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.apache.camel.Exchange;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpServer;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpServerConfiguration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** wootrack-woocommerce-webhook-source alone: a plain CamelContext with a platform-http server and one consuming route. */
class WooCommerceWebhookSourceTest {

    private static final String SECRET = "kamelet-webhook-secret";
    private static final String ROUTE = """
            - route:
                id: intake
                from:
                  uri: kamelet:wootrack-woocommerce-webhook-source
                  steps:
                    - to: mock:delivered
                    - setHeader:
                        name: Content-Type
                        constant: application/json
                    - setBody:
                        constant: '{"status":"accepted"}'
            """;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private WooCommerceSimulator store;
    private KameletHost host;
    private int port;

    @BeforeEach
    void start() throws Exception {
        store = new WooCommerceSimulator();
        store.addOrder(727, "processing", Instant.now().minusSeconds(5));
        port = TestApp.freePort();
        host = server(new KameletHost()).property("camel.kamelet.wootrack-woocommerce-webhook-source.secret", SECRET);
    }

    private KameletHost server(KameletHost h) throws Exception {
        VertxPlatformHttpServerConfiguration conf = new VertxPlatformHttpServerConfiguration();
        conf.setBindHost("127.0.0.1");
        conf.setBindPort(port);
        h.context.addService(new VertxPlatformHttpServer(conf));
        return h;
    }

    @AfterEach
    void stop() {
        host.close();
        store.close();
    }

    private String url() {
        return "http://127.0.0.1:" + port + "/webhooks/woocommerce";
    }

    private HttpResponse<String> post(String contentType, String body, String signature) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url())).header("Content-Type", contentType)
                .header("X-WC-Webhook-Topic", "order.updated")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (signature != null) {
            b.header("X-WC-Webhook-Signature", signature);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void answersThePingItself() throws Exception {
        host.start(ROUTE);
        MockEndpoint delivered = host.context.getEndpoint("mock:delivered", MockEndpoint.class);
        delivered.expectedMessageCount(0);
        HttpResponse<String> ping = http.send(HttpRequest.newBuilder(URI.create(url()))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("webhook_id=1")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(ping.statusCode()).isEqualTo(200);
        assertThat(ping.body()).isEqualTo("{\"status\":\"ok\"}");
        assertThat(ping.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
        delivered.assertIsSatisfied();
    }

    @Test
    void passesASignedDeliveryOnWithItsRawBodyAndWebhookHeaders() throws Exception {
        host.start(ROUTE);
        MockEndpoint delivered = host.context.getEndpoint("mock:delivered", MockEndpoint.class);
        delivered.expectedMessageCount(1);
        store.webhookTarget(url(), SECRET);
        assertThat(store.sendWebhook(727, "order.updated")).isEqualTo(200);
        delivered.assertIsSatisfied();
        Exchange in = delivered.getReceivedExchanges().get(0);
        String body = in.getMessage().getBody(String.class);
        assertThat(in.getMessage().getBody()).isInstanceOf(String.class);
        // the bytes as WooCommerce signed them
        assertThat(WooCommerceSimulator.webhookSignature(SECRET, body.getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(in.getMessage().getHeader("X-WC-Webhook-Signature"));
        assertThat(body).contains("\"id\":727");
        assertThat(in.getMessage().getHeader("X-WC-Webhook-Topic")).isEqualTo("order.updated");
        assertThat(in.getMessage().getHeader("X-WC-Webhook-ID")).isEqualTo("1");
        assertThat(in.getMessage().getHeader("X-WC-Webhook-Delivery-ID", String.class)).isNotBlank();
        assertThat(in.getMessage().getHeaders().keySet()).noneMatch(k -> k.startsWith("CamelHttp"))
                .noneMatch(k -> k.equalsIgnoreCase("User-Agent"));
    }

    @Test
    void refusesBadSignaturesAndBadBodiesItself() throws Exception {
        host.start(ROUTE);
        MockEndpoint delivered = host.context.getEndpoint("mock:delivered", MockEndpoint.class);
        delivered.expectedMessageCount(0);
        String order = store.order(727).toString();

        HttpResponse<String> unsigned = post("application/json", order, null);
        assertThat(unsigned.statusCode()).isEqualTo(401);
        assertThat(unsigned.body()).contains("\"error\":\"signature_missing\"", "\"message\":");

        HttpResponse<String> wrong = post("application/json", order,
                WooCommerceSimulator.webhookSignature("another-secret", order.getBytes(StandardCharsets.UTF_8)));
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(wrong.body()).contains("\"error\":\"signature_mismatch\"");

        String notJson = "{\"id\": 727,";
        HttpResponse<String> broken = post("application/json", notJson,
                WooCommerceSimulator.webhookSignature(SECRET, notJson.getBytes(StandardCharsets.UTF_8)));
        assertThat(broken.statusCode()).isEqualTo(400);
        assertThat(broken.body()).contains("\"error\":\"invalid_json\"");
        delivered.assertIsSatisfied();
    }

    @Test
    void theConsumingRouteAnswersItsOwnFailure() throws Exception {
        // the consuming route's error policy decides what WooCommerce hears when the commit fails (here 503)
        host.start("""
                - routeConfiguration:
                    id: intake-errors
                    onException:
                      - onException:
                          exception:
                            - java.lang.IllegalStateException
                          handled:
                            constant: true
                          steps:
                            - setHeader:
                                name: CamelHttpResponseCode
                                constant: 503
                            - setBody:
                                constant: '{"error":"unavailable","message":"could not store the delivery"}'
                - route:
                    id: intake
                    routeConfigurationId: intake-errors
                    from:
                      uri: kamelet:wootrack-woocommerce-webhook-source
                      steps:
                        - throwException:
                            exceptionType: java.lang.IllegalStateException
                            message: disk full
                """);
        store.webhookTarget(url(), SECRET);
        assertThat(store.sendWebhook(727, "order.updated")).isEqualTo(503);
        String order = store.order(727).toString();
        HttpResponse<String> answer = post("application/json", order,
                WooCommerceSimulator.webhookSignature(SECRET, order.getBytes(StandardCharsets.UTF_8)));
        assertThat(answer.statusCode()).isEqualTo(503);
        assertThat(answer.body()).isEqualTo("{\"error\":\"unavailable\",\"message\":\"could not store the delivery\"}");
    }

    @Test
    void aMissingOrBlankSecretRefusesToStart() throws Exception {
        KameletHost missing = server(new KameletHost());
        try (missing) {
            assertThatThrownBy(() -> missing.start(ROUTE)).hasStackTraceContaining("secret");
        }
        KameletHost blank = server(new KameletHost())
                .property("camel.kamelet.wootrack-woocommerce-webhook-source.secret", "  ");
        try (blank) {
            assertThatThrownBy(() -> blank.start(ROUTE)).hasStackTraceContaining("'secret' is required");
        }
    }
}
