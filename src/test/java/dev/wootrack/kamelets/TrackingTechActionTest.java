package dev.wootrack.kamelets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wootrack.sandbox.TrackingTechSandbox;
import dev.wootrack.sandbox.TrackingTechSandbox.Answer;
import dev.wootrack.trackingtech.TrackingTechException;
import java.util.List;
import java.util.Map;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangePattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** wootrack-trackingtech-action alone, in a plain CamelContext, against the TrackingTech sandbox over loopback. */
class TrackingTechActionTest {

    private static final String ORDER = "{\"storeId\":\"s_1\",\"externalOrderId\":\"727\",\"items\":[{\"name\":\"Polera\","
            + "\"quantity\":1,\"price\":\"12990\"}],\"shipping\":{\"address1\":\"Av. Providencia 1234\",\"city\":"
            + "\"Providencia\",\"country\":\"CL\"}}";

    private TrackingTechSandbox sandbox;
    private KameletHost host;

    @BeforeEach
    void sandbox() throws Exception {
        sandbox = new TrackingTechSandbox();
        host = new KameletHost()
                .property("camel.kamelet.wootrack-trackingtech-action.baseUrl", sandbox.baseUrl())
                .property("camel.kamelet.wootrack-trackingtech-action.token", TrackingTechSandbox.TOKEN);
    }

    @AfterEach
    void stop() {
        host.close();
        sandbox.close();
    }

    /** A caller that redelivers up to {@code redeliveries} times, as WooTrack's delivery policy does. */
    private static String caller(int redeliveries, String kameletUri) {
        return """
                - route:
                    id: send
                    errorHandler:
                      defaultErrorHandler:
                        redeliveryPolicy:
                          maximumRedeliveries: %d
                          redeliveryDelay: 10
                          logStackTrace: false
                    from:
                      uri: direct:send
                      steps:
                        - to:
                %s
                """.formatted(redeliveries, KameletHost.to(kameletUri));
    }

    private static final String SEND_ORDER = """
            kamelet:wootrack-trackingtech-action
                            parameters:
                              noErrorHandler: true
                              path: /v1/orders
                              idempotencyKey: "s_1:${header.orderId}"
            """.strip();

    @Test
    void postsTheBodyWithBearerTokenAndIdempotencyKeyAndAnswersTheJson() throws Exception {
        host.start(caller(0, SEND_ORDER));
        Exchange out = host.template().request("direct:send", e -> {
            e.getMessage().setBody(ORDER);
            e.getMessage().setHeader("orderId", 727);
            e.getMessage().setHeader("X-Inbound", "must not travel");
        });
        assertThat(out.getException()).isNull();
        assertThat(out.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, Integer.class)).isEqualTo(201);
        assertThat(out.getMessage().getBody()).isInstanceOf(String.class);
        assertThat(out.getMessage().getBody(String.class)).contains("\"externalOrderId\":\"727\"", "\"status\":\"received\"");
        assertThat(out.getMessage().getHeaders()).doesNotContainKeys("Authorization", "Idempotency-Key");

        TrackingTechSandbox.Request sent = sandbox.requests().get(0);
        assertThat(sent.method()).isEqualTo("POST");
        assertThat(sent.path()).isEqualTo("/api/v1/orders");
        assertThat(sent.header("Authorization")).isEqualTo("Bearer " + TrackingTechSandbox.TOKEN);
        assertThat(sent.header("Idempotency-Key")).isEqualTo("s_1:727");
        assertThat(sent.header("Content-Type")).startsWith("application/json");
        assertThat(sent.header("X-Inbound")).isNull();
        assertThat(sent.header("orderId")).isNull();
        assertThat(sent.body()).isEqualTo(ORDER);

        // the same key and body again: TrackingTech's 200 for a repeat
        Exchange again = host.template().request("direct:send", e -> {
            e.getMessage().setBody(ORDER);
            e.getMessage().setHeader("orderId", 727);
        });
        assertThat(again.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, Integer.class)).isEqualTo(200);
    }

    @Test
    void theTokenIsAnExpressionEvaluatedForEachMessage() throws Exception {
        host.property("camel.kamelet.wootrack-trackingtech-action.token", "${exchangeProperty.token}");
        host.start(caller(0, """
                kamelet:wootrack-trackingtech-action
                                parameters:
                                  noErrorHandler: true
                                  method: GET
                                  path: "/v1/orders/${header.orderId}?storeId=s_1"
                """.strip()));
        sandbox.advance(727, "in_transit", "TT1");
        sandbox.allow("second-token");
        for (String token : List.of(TrackingTechSandbox.TOKEN, "Bearer second-token")) {
            Exchange out = host.template().request("direct:send", e -> {
                e.setProperty("token", token);
                e.getMessage().setBody("the caller's body, not for a GET");
                e.getMessage().setHeader("orderId", 727);
            });
            assertThat(out.getException()).isNull();
            assertThat(out.getMessage().getBody(String.class)).contains("\"trackingNumber\":\"TT1\"");
        }
        assertThat(sandbox.requests()).extracting(r -> r.header("Authorization"))
                .containsExactly("Bearer " + TrackingTechSandbox.TOKEN, "Bearer second-token");
        assertThat(sandbox.requests()).extracting(TrackingTechSandbox.Request::path)
                .containsOnly("/api/v1/orders/727");
        // no idempotencyKey given: no header at all
        assertThat(sandbox.requests()).allSatisfy(r -> assertThat(r.header("Idempotency-Key")).isNull());
        assertThat(sandbox.requests()).allSatisfy(r -> assertThat(r.method()).isEqualTo("GET"));
        assertThat(sandbox.requests()).allSatisfy(r -> assertThat(r.body()).isEmpty());
    }

    @Test
    void answersButTwoHundredAreTypedFailures() throws Exception {
        host.start(caller(0, SEND_ORDER));
        sandbox.answerNext(
                Answer.of(422, "{\"error\":\"validation_failed\",\"message\":\"no\",\"fields\":{\"shipping.city\":\"required\"}}"),
                Answer.of(409, "{\"error\":\"idempotency_conflict\",\"message\":\"same key\"}"),
                Answer.of(401, "{\"error\":\"invalid_token\",\"message\":\"expired\"}"),
                Answer.of(503, "<html>down</html>"),
                new Answer(429, "{\"error\":\"rate_limited\",\"message\":\"slow\"}", Map.of("Retry-After", "7")));
        assertThat(failure()).isInstanceOf(TrackingTechException.Rejected.class)
                .hasMessageContaining("HTTP 422 validation_failed").hasMessageContaining("shipping.city: required");
        assertThat(failure()).isInstanceOf(TrackingTechException.Rejected.class).hasMessageContaining("409");
        assertThat(failure()).isInstanceOf(TrackingTechException.LoginRequired.class);
        assertThat(failure()).isInstanceOf(TrackingTechException.Unavailable.class).hasMessageContaining("HTTP 503: <html>down</html>");
        Exchange limited = send(ExchangePattern.InOnly);
        assertThat(limited.getException()).isInstanceOf(TrackingTechException.Unavailable.class);
        assertThat(limited.getMessage().getHeader(Exchange.REDELIVERY_DELAY, Long.class)).isEqualTo(7000L);
    }

    private Exchange send(ExchangePattern pattern) {
        return host.template().send("direct:send", pattern, e -> {
            e.getMessage().setBody(ORDER);
            e.getMessage().setHeader("orderId", 727);
        });
    }

    private Throwable failure() {
        return send(ExchangePattern.InOut).getException();
    }

    @Test
    void theCallerRedeliversOnceInItsOwnErrorHandlerWithNoErrorHandler() throws Exception {
        host.start(caller(2, SEND_ORDER));
        for (int i = 0; i < 5; i++) {
            sandbox.answerNext(Answer.of(503, "{\"error\":\"unavailable\",\"message\":\"later\"}"));
        }
        assertThat(failure()).isInstanceOf(TrackingTechException.Unavailable.class);
        assertThat(sandbox.orderPosts()).hasSize(3); // 1 + 2 redeliveries, not 3 x 3
    }

    @Test
    void withoutNoErrorHandlerTheKameletRouteClonesTheCallersErrorHandler() throws Exception {
        // what a caller that forgets noErrorHandler=true gets: the Kamelet's route has a clone of the caller's error
        // handler and redelivers its failing step, the check of the answer, which fails the same way each time; the
        // exchange comes back "exhausted", and the caller does not redeliver: one request instead of three
        host.start(caller(2, """
                kamelet:wootrack-trackingtech-action
                                parameters:
                                  path: /v1/orders
                """.strip()));
        for (int i = 0; i < 5; i++) {
            sandbox.answerNext(Answer.of(503, "{\"error\":\"unavailable\",\"message\":\"later\"}"));
        }
        assertThat(failure()).isInstanceOf(TrackingTechException.Unavailable.class);
        assertThat(sandbox.orderPosts()).hasSize(1);
    }

    @Test
    void oneCallIsOneRequestEvenForAnIdempotentGet() throws Exception {
        host.start(caller(0, """
                kamelet:wootrack-trackingtech-action
                                parameters:
                                  noErrorHandler: true
                                  method: GET
                                  path: /v1/orders/727?storeId=s_1
                """.strip()));
        sandbox.outage(true); // the connection closes without an answer: HttpClient would retry a GET by itself
        assertThat(failure()).isInstanceOf(java.io.IOException.class);
        assertThat(sandbox.requests()).hasSize(1);
    }

    @Test
    void retryAfterBecomesTheCallersRedeliveryDelayWhenTheCallIsInOnly() throws Exception {
        host.start(caller(1, SEND_ORDER));
        sandbox.answerNext(new Answer(429, "{\"error\":\"rate_limited\",\"message\":\"slow\"}", Map.of("Retry-After", "1")));
        Exchange out = send(ExchangePattern.InOnly);
        assertThat(out.getException()).isNull();
        List<TrackingTechSandbox.Request> posts = sandbox.orderPosts();
        assertThat(posts).hasSize(2);
        assertThat((posts.get(1).nanos() - posts.get(0).nanos()) / 1_000_000).isBetween(900L, 5000L);
    }

    @Test
    void anInOutCallerLosesTheRetryAfterDelay() throws Exception {
        // KameletProducer copies an InOut result into the OUT message, which the redelivery does not read
        host.start(caller(1, SEND_ORDER));
        sandbox.answerNext(new Answer(429, "{\"error\":\"rate_limited\",\"message\":\"slow\"}", Map.of("Retry-After", "3")));
        Exchange out = send(ExchangePattern.InOut);
        assertThat(out.getException()).isNull();
        List<TrackingTechSandbox.Request> posts = sandbox.orderPosts();
        assertThat(posts).hasSize(2);
        assertThat((posts.get(1).nanos() - posts.get(0).nanos()) / 1_000_000).isLessThan(2500L);
    }

    @Test
    void aHostsGlobalRouteConfigurationDoesNotHandleInsideTheKamelet() throws Exception {
        host.start("""
                - routeConfiguration:
                    onException:
                      - onException:
                          exception:
                            - java.lang.Exception
                          handled:
                            constant: true
                          steps:
                            - setBody:
                                simple: "handled in ${routeId}"
                """ + caller(0, SEND_ORDER));
        sandbox.answerNext(Answer.of(503, "{\"error\":\"unavailable\",\"message\":\"later\"}"));
        Exchange out = send(ExchangePattern.InOut);
        assertThat(out.getException()).isNull();
        assertThat(out.getMessage().getBody(String.class)).isEqualTo("handled in send");
    }

    @Test
    void aHostsTrackingTechCallsBeanSeesEveryAnswerAndPausesCalls() throws Exception {
        dev.wootrack.trackingtech.TrackingTechCalls calls = new dev.wootrack.trackingtech.TrackingTechCalls(
                java.time.Clock.systemUTC());
        host.context.getRegistry().bind("ttHealth", calls);
        host.start(caller(0, SEND_ORDER + "\n                  health: ttHealth"));
        assertThat(send(ExchangePattern.InOnly).getException()).isNull();
        assertThat(calls.lastAnswer().status()).isEqualTo(201);
        calls.pauseUntil(java.time.Instant.now().plusSeconds(3600));
        assertThat(send(ExchangePattern.InOnly).getException()).isInstanceOf(TrackingTechException.Paused.class);
        assertThat(sandbox.orderPosts()).hasSize(1);
    }

    @Test
    void requiredPropertiesAreEnforced() {
        KameletHost bare = new KameletHost()
                .property("camel.kamelet.wootrack-trackingtech-action.baseUrl", sandbox.baseUrl());
        try (bare) {
            assertThatThrownBy(() -> bare.start(caller(0, """
                    kamelet:wootrack-trackingtech-action
                                    parameters:
                                      noErrorHandler: true
                                      path: /v1/orders
                    """.strip()))).hasStackTraceContaining("token");
        }
        KameletHost noPath = new KameletHost()
                .property("camel.kamelet.wootrack-trackingtech-action.baseUrl", sandbox.baseUrl())
                .property("camel.kamelet.wootrack-trackingtech-action.token", "t");
        try (noPath) {
            assertThatThrownBy(() -> noPath.start(caller(0, "kamelet:wootrack-trackingtech-action?noErrorHandler=true")))
                    .hasStackTraceContaining("path");
        }
    }
}
