package dev.wootrack.kamelets;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wootrack.sandbox.TrackingTechSandbox;
import dev.wootrack.sandbox.TrackingTechSandbox.Answer;
import dev.wootrack.trackingtech.TrackingTechException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangePattern;
import org.apache.camel.main.Main;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Kamelet in a stock camel-main host that is not WooTrack: a routes file, the Kamelet's credentials as
 * {@code camel.kamelet.<name>.<property>}, and the Kamelet found on the classpath at kamelets/.
 */
class CamelMainHostTest {

    @TempDir
    Path dir;
    private TrackingTechSandbox sandbox;
    private Main main;

    @BeforeEach
    void sandbox() throws Exception {
        sandbox = new TrackingTechSandbox();
    }

    @AfterEach
    void stop() {
        if (main != null) {
            main.stop();
        }
        sandbox.close();
    }

    private void start(String kameletParameters, String... properties) throws Exception {
        Path route = dir.resolve("send.camel.yaml");
        Files.writeString(route, """
                - route:
                    id: send
                    errorHandler:
                      defaultErrorHandler:
                        redeliveryPolicy:
                          maximumRedeliveries: 2
                          redeliveryDelay: 10
                          logStackTrace: false
                    from:
                      uri: direct:send
                      steps:
                        - setExchangePattern: InOnly
                        - to:
                            uri: kamelet:wootrack-trackingtech-action
                            parameters:
                              method: GET
                              path: "/v1/orders/${header.orderId}?storeId=s_1"
                """ + kameletParameters);
        main = new Main();
        // not WooTrack's own application.properties from the classpath (it wires the whole application)
        main.setDefaultPropertyPlaceholderLocation("false");
        main.addInitialProperty("camel.main.routes-include-pattern", "file:" + route);
        main.addInitialProperty("camel.kamelet.wootrack-trackingtech-action.baseUrl", sandbox.baseUrl());
        main.addInitialProperty("camel.kamelet.wootrack-trackingtech-action.token", TrackingTechSandbox.TOKEN);
        for (int i = 0; i < properties.length; i += 2) {
            main.addInitialProperty(properties[i], properties[i + 1]);
        }
        main.start();
    }

    private Exchange send() {
        return main.getCamelContext().createProducerTemplate().send("direct:send", ExchangePattern.InOut,
                e -> e.getMessage().setHeader("orderId", 727));
    }

    @Test
    void theTrackingTechActionRunsInCamelMain() throws Exception {
        start("              noErrorHandler: true\n");
        sandbox.advance(727, "delivered", "TT7");
        Exchange out = send();
        assertThat(out.getException()).isNull();
        assertThat(out.getMessage().getBody(String.class)).contains("\"trackingNumber\":\"TT7\"");
        assertThat(sandbox.requests().get(0).header("Authorization")).isEqualTo("Bearer " + TrackingTechSandbox.TOKEN);
    }

    @Test
    void theKameletComponentsNoErrorHandlerOptionDoesForEveryCallWhatTheUriParameterDoes() throws Exception {
        start("", "camel.component.kamelet.no-error-handler", "true");
        for (int i = 0; i < 5; i++) {
            sandbox.answerNext(Answer.of(503, "{\"error\":\"unavailable\",\"message\":\"later\"}"));
        }
        assertThat(send().getException()).isInstanceOf(TrackingTechException.Unavailable.class);
        assertThat(sandbox.requests()).hasSize(3); // 1 + 2 redeliveries, in the caller
    }
}
