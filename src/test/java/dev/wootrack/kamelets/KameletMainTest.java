package dev.wootrack.kamelets;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wootrack.sandbox.TrackingTechSandbox;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.camel.Exchange;
import org.apache.camel.main.KameletMain;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Kamelets in KameletMain, the engine behind {@code camel run}: a routes folder with one YAML route, the
 * credentials as {@code camel.kamelet.<name>.<property>}, the Kamelet found on the classpath at kamelets/.
 */
class KameletMainTest {

    @TempDir
    Path dir;

    @Test
    void theTrackingTechActionRunsInKameletMain() throws Exception {
        Path route = dir.resolve("send.camel.yaml");
        Files.writeString(route, """
                - route:
                    id: send
                    from:
                      uri: direct:send
                      steps:
                        - setExchangePattern: InOnly
                        - to:
                            uri: kamelet:wootrack-trackingtech-action
                            parameters:
                              noErrorHandler: true
                              method: GET
                              path: "/v1/orders/${header.orderId}?storeId=s_1"
                """);
        try (TrackingTechSandbox sandbox = new TrackingTechSandbox()) {
            sandbox.advance(727, "delivered", "TT7");
            KameletMain main = new KameletMain("camel.jbang");
            main.setDownload(false);
            // not WooTrack's own application.properties from the classpath (it wires the whole application): the
            // Kamelet alone
            main.setDefaultPropertyPlaceholderLocation("false");
            main.addInitialProperty("camel.main.routes-include-pattern", "file:" + route);
            main.addInitialProperty("camel.kamelet.wootrack-trackingtech-action.baseUrl", sandbox.baseUrl());
            main.addInitialProperty("camel.kamelet.wootrack-trackingtech-action.token", TrackingTechSandbox.TOKEN);
            main.start();
            try {
                Exchange out = main.getCamelContext().createProducerTemplate().send("direct:send",
                        e -> e.getMessage().setHeader("orderId", 727));
                assertThat(out.getException()).isNull();
                assertThat(out.getMessage().getBody(String.class)).contains("\"trackingNumber\":\"TT7\"");
                assertThat(sandbox.requests().get(0).header("Authorization")).isEqualTo("Bearer " + TrackingTechSandbox.TOKEN);
            } finally {
                main.stop();
            }
        }
    }
}
