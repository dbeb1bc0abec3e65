package dev.wootrack.tools;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * README's route diagram is the one the route files make now (RouteDiagram), and the route files hang together: every
 * direct:/seda: endpoint sent to has a route consuming it.
 *
 * <p>After changing a route file: {@code mvn -B -q test -Dtest=RouteDiagramTest -Dwootrack.diagram.write=true}
 * rewrites README's block; commit it with the route change.
 */
class RouteDiagramTest {

    static final String REGENERATE = "mvn -B -q test -Dtest=RouteDiagramTest -Dwootrack.diagram.write=true";

    private static final Path BASE = Path.of(System.getProperty("basedir", "")).toAbsolutePath();
    private static final Path README = BASE.resolve("README.md");

    private final RouteDiagram diagram = RouteDiagram.of(BASE);

    @Test
    void readmeHoldsTheDiagramOfTheRouteFiles() throws Exception {
        String readme = Files.readString(README, StandardCharsets.UTF_8);
        if (Boolean.getBoolean("wootrack.diagram.write")) {
            String rewritten = diagram.rewrite(readme);
            if (!rewritten.equals(readme)) {
                Files.writeString(README, rewritten, StandardCharsets.UTF_8);
                System.out.println("README.md: route diagram rewritten");
            }
            return;
        }
        assertThat(RouteDiagram.currentBlock(readme))
                .as("README's route diagram is stale: regenerate with " + REGENERATE)
                .isEqualTo(diagram.readmeBlock());
    }

    @Test
    void theDiagramShowsKnownEdgesAndKamelets() {
        assertThat(diagram.edges())
                .as("the webhook hands orders to the intake queue")
                .contains(new RouteDiagram.Edge("wootrack-woocommerce-webhook", "wootrack-order-intake"))
                .as("the webhook route's input is the webhook source Kamelet")
                .contains(new RouteDiagram.Edge("wootrack-woocommerce-webhook-source", "wootrack-woocommerce-webhook"))
                .as("a route configuration's onException sends to the dead-letter route")
                .contains(new RouteDiagram.Edge("wootrack-pipeline-errors", "wootrack-dead-letter"))
                .as("delivery calls TrackingTech through its Kamelet")
                .contains(new RouteDiagram.Edge("wootrack-deliver-order", "wootrack-trackingtech-action"));

        String mermaid = diagram.mermaid();
        assertThat(mermaid).startsWith("flowchart LR\n")
                .contains("r_wootrack_woocommerce_webhook -->|seda| r_wootrack_order_intake\n")
                .contains("k_wootrack_trackingtech_action[[\"wootrack-trackingtech-action<br/>")
                .contains("k_wootrack_woocommerce_webhook_source --> r_wootrack_woocommerce_webhook\n")
                .contains("x_WooCommerce --> k_wootrack_woocommerce_webhook_source\n")
                .contains("subgraph f_routes_order_pipeline_camel_yaml [\"routes/order-pipeline.camel.yaml\"]\n")
                .contains("c_wootrack_database_down[\"routeConfiguration wootrack-database-down<br/>used by: ");
        assertThat(RouteDiagram.of(BASE).mermaid()).as("the same files give the same text").isEqualTo(mermaid);
    }

    @Test
    void everyDirectAndSedaEndpointSentToHasAConsumingRoute() {
        assertThat(diagram.routes()).as("the route files are read").hasSizeGreaterThan(10);
        assertThat(diagram.danglingEndpoints())
                .as("direct:/seda: endpoints sent to that no route in routes/ consumes (a typo, or a route gone)")
                .isEmpty();
    }

    @Test
    void routeConfigurationsKameletsAndIdsNamedInTheRouteFilesExist() {
        assertThat(diagram.inconsistencies()).isEmpty();
    }
}
