package dev.wootrack.examples.springboot;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A host has a {@code direct:dead-letter} of its own beside WooTrack's routes, and it is the host's route that answers.
 *
 * <p>WooTrack's own is {@code direct:wootrack-dead-letter}: every name WooTrack defines is prefixed. Before that, the host
 * could not start: {@code Multiple consumers for the same endpoint is not allowed: direct://dead-letter}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties =
        "camel.main.routes-include-pattern = classpath:wootrack/routes/*.camel.yaml,"
                + "classpath:wootrack/routes/errors/*.camel.yaml,classpath:host/routes/*.camel.yaml,"
                + "classpath:host/dead-letter/*.camel.yaml")
@DirtiesContext
class HostOwnDeadLetterTest {

    @Autowired
    CamelContext camel;

    @Autowired
    ProducerTemplate template;

    @DynamicPropertySource
    static void wooTrack(DynamicPropertyRegistry p) throws IOException {
        Path data = Files.createTempDirectory("wootrack-host-");
        p.add("server.address", () -> "127.0.0.1");
        p.add("wootrack.data-dir", data::toString);
        p.add("wootrack.woocommerce.webhook-secret", () -> "host-test-webhook-secret");
    }

    @Test
    void theHostsOwnDeadLetterRouteAnswersBesideWooTracksRoutes() {
        // WooTrack's routes, from the library jar (found by what they consume: their ids are the library's business)
        assertThat(camel.getRoutes()).anyMatch(r -> r.getEndpoint().getEndpointUri().contains("/webhooks/woocommerce"));
        assertThat(camel.getRoute("host-dead-letter")).isNotNull();
        assertThat(template.requestBody("direct:dead-letter", "order 1", String.class))
                .isEqualTo("host dead letter: order 1");
    }
}
