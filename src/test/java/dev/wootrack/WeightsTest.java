package dev.wootrack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.wootrack.sandbox.TrackingTechSandbox;
import dev.wootrack.sandbox.WooCommerceSimulator;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Each line item's weight from the simulated shop's catalog, in the bytes TrackingTech receives. */
class WeightsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dataDir;
    private TrackingTechSandbox trackingTech;
    private WooCommerceSimulator store;

    @BeforeEach
    void servers() throws Exception {
        trackingTech = new TrackingTechSandbox();
        store = new WooCommerceSimulator();
        // a polo with a weight; a hoodie whose size L has its own weight and whose size M inherits the hoodie's;
        // a gift card with none
        store.addProduct(501, "Polera", "2");
        store.addProduct(502, "Polerón", "0.5");
        store.addVariation(502, 5021, "1.2");
        store.addVariation(502, 5022, "");
        store.addProduct(503, "Gift card", "");
    }

    @AfterEach
    void stop() {
        store.close();
        trackingTech.close();
    }

    /** An order whose line items are {@code product/variation} pairs (variation 0: a simple product). */
    private void addOrder(long id, long... productAndVariation) {
        store.addOrder(id, "processing", store.now().minusSeconds(30));
        store.update(id, o -> {
            ArrayNode items = o.putArray("line_items");
            for (int i = 0; i < productAndVariation.length; i += 2) {
                items.addObject().put("id", id * 10 + i).put("name", "item " + i)
                        .put("product_id", productAndVariation[i]).put("variation_id", productAndVariation[i + 1])
                        .put("quantity", 1).put("sku", "").put("price", 1000).put("total", "1000")
                        .putArray("meta_data");
            }
        });
    }

    private List<String> weightsSent(long orderId) throws Exception {
        JsonNode sent = JSON.readTree(trackingTech.orderPostsFor(orderId).get(0).body());
        List<String> weights = new ArrayList<>();
        sent.path("items").forEach(i -> weights.add(i.path("weight").isNull() ? null : i.path("weight").asText()));
        return weights;
    }

    @ParameterizedTest
    @CsvSource({"kg, 2, 1.2, 0.5", "g, 0.002, 0.0012, 0.0005", "lbs, 0.907185, 0.544311, 0.226796",
            "oz, 0.056699, 0.034019, 0.014175"})
    void eachLineItemCarriesItsProductsWeightInKilogramsAndAVariationWithoutOneItsParents(
            String unit, String polo, String hoodieL, String hoodieM) throws Exception {
        store.weightUnit(unit);
        addOrder(7001, 501, 0, 502, 5021, 502, 5022, 503, 0);
        try (TestApp app = TestApp.start(TestApp.settings(dataDir, trackingTech, store))) {
            await().atMost(Duration.ofSeconds(20)).until(() -> trackingTech.orderPostsFor(7001).size() == 1);
            assertThat(weightsSent(7001)).containsExactly(polo, hoodieL, hoodieM, null);
            await().atMost(Duration.ofSeconds(10)).until(() -> !app.history(7001).isEmpty());
            assertThat(app.history(7001).get(0).reason()).contains("; weights 3/4 (product 503 has no weight)");
        }
    }

    @Test
    void aBacklogReadsEachProductOnce() throws Exception {
        addOrder(7101, 501, 0, 502, 5021);
        try (TestApp app = TestApp.start(TestApp.settings(dataDir, trackingTech, store))) {
            await().atMost(Duration.ofSeconds(20)).until(() -> trackingTech.orderPostsFor(7101).size() == 1);
            for (long id = 7102; id < 7122; id++) {
                addOrder(id, 501, 0, 502, 5021);
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> trackingTech.orderPosts().size() == 21);
            assertThat(store.catalogRequests()).extracting(WooCommerceSimulator.Request::path).containsExactly(
                    "/wp-json/wc/v3/settings/products/woocommerce_weight_unit", "/wp-json/wc/v3/products/501",
                    "/wp-json/wc/v3/products/502/variations/5021");
            assertThat(weightsSent(7121)).containsExactly("2", "1.2");
        }
    }

    @Test
    void aFailingReadIsTriedAgain() throws Exception {
        store.failCatalogReads(2, 503);
        addOrder(7201, 501, 0);
        Map<String, String> settings = TestApp.settings(dataDir, trackingTech, store);
        settings.put("wootrack.catalog.weight-unit", "kg");
        settings.put("wootrack.catalog.retry-delay", "10");
        try (TestApp app = TestApp.start(settings)) {
            await().atMost(Duration.ofSeconds(20)).until(() -> trackingTech.orderPostsFor(7201).size() == 1);
            assertThat(weightsSent(7201)).containsExactly("2");
            assertThat(store.catalogRequests()).hasSize(3);
        }
    }

    @Test
    void aReadThatStillFailsAfterItsRetriesSendsTheOrderWithoutThatWeightAndTheDecisionSaysSo() throws Exception {
        store.failCatalogReads(3, 503);
        addOrder(7301, 501, 0, 503, 0);
        Map<String, String> settings = TestApp.settings(dataDir, trackingTech, store);
        settings.put("wootrack.catalog.weight-unit", "kg");
        settings.put("wootrack.catalog.retry-delay", "10");
        try (TestApp app = TestApp.start(settings)) {
            await().atMost(Duration.ofSeconds(20)).until(() -> trackingTech.orderPostsFor(7301).size() == 1);
            assertThat(weightsSent(7301)).containsExactly(null, null);
            await().atMost(Duration.ofSeconds(10)).until(() -> !app.history(7301).isEmpty());
            assertThat(app.history(7301).get(0).decision()).isEqualTo("sent");
            assertThat(app.history(7301).get(0).reason()).contains("weights 0/2 (product 501: lookup failed, sent"
                    + " without its weight (").contains("503").contains("product 503 has no weight)");
        }
    }

    @Test
    void withoutRestKeysNothingIsReadAndTheOrderGoesAsBefore() throws Exception {
        try (TestApp app = TestApp.start(TestApp.settings(dataDir, trackingTech))) {
            assertThat(app.webhook(Fixtures.order(7401, "processing"), "order.updated").statusCode()).isEqualTo(200);
            await().atMost(Duration.ofSeconds(20)).until(() -> trackingTech.orderPostsFor(7401).size() == 1);
            // The order reaches the sandbox before WooTrack records its decision: await the decision itself.
            await().atMost(Duration.ofSeconds(10)).until(() -> !app.history(7401).isEmpty());
            assertThat(app.history(7401).get(0).decision()).isEqualTo("sent");
            assertThat(app.history(7401).get(0).reason()).doesNotContain("weights");
        }
    }
}
