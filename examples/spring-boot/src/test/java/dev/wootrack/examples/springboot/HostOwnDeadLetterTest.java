package dev.wootrack.examples.springboot;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
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
 * <p>It runs once WooTrack's routes no longer claim that global name (the library-wide {@code wootrack} prefix). Until
 * then it is skipped, because the host cannot start: {@code FailedToStartRouteException: Failed to start route:
 * host-dead-letter because: Multiple consumers for the same endpoint is not allowed: direct://dead-letter}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties =
        "camel.main.routes-include-pattern = classpath:wootrack/routes/*.camel.yaml,classpath:host/routes/*.camel.yaml,"
                + "classpath:host/dead-letter/*.camel.yaml")
@DirtiesContext
@EnabledIf(value = "wooTrackLeavesTheNameFree",
        disabledReason = "WooTrack's routes still use the global direct:dead-letter: a host cannot have its own yet")
class HostOwnDeadLetterTest {

    @Autowired
    CamelContext camel;

    @Autowired
    ProducerTemplate template;

    /** False while a route file of WooTrack's (in the library jar) still uses the global direct:dead-letter. */
    static boolean wooTrackLeavesTheNameFree() throws IOException {
        for (Resource r : new PathMatchingResourcePatternResolver().getResources("classpath*:wootrack/routes/*.camel.yaml")) {
            if (r.getContentAsString(StandardCharsets.UTF_8).contains("direct:dead-letter")) {
                return false;
            }
        }
        return true;
    }

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
