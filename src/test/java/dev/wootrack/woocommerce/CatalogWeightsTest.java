package dev.wootrack.woocommerce;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.wootrack.woocommerce.CatalogWeights.Lookup;
import dev.wootrack.woocommerce.WooOrder.LineItem;
import dev.wootrack.woocommerce.WooOrder.Meta;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** The catalog's weights without Camel: what is read, the cache, the units, and what the decision says. */
class CatalogWeightsTest {

    private final ObjectMapper json = new ObjectMapper();

    private static LineItem item(long id, long product, long variation, Meta... meta) {
        return new LineItem(id, "item " + id, product, variation, 1, "", BigDecimal.TEN, BigDecimal.TEN, List.of(meta));
    }

    private static WooOrder order(LineItem... items) {
        return new WooOrder(727, "727", "processing", "CLP", null, null, null, null, null, List.of(items), List.of());
    }

    private CatalogWeights weights(String unit) {
        return new CatalogWeights(json, true, unit, 100, Duration.ofMinutes(10));
    }

    @ParameterizedTest
    @CsvSource({"2, kg, 2", "250, g, 0.25", "1, lbs, 0.453592", "2, lbs, 0.907185", "8, oz, 0.226796",
            "0.5, oz, 0.014175", "1.500, kg, 1.5", "0, g, 0"})
    void aWeightInTheShopsUnitBecomesKilograms(String weight, String unit, String kilograms) {
        assertThat(CatalogWeights.toKilograms(new BigDecimal(weight), unit).toPlainString()).isEqualTo(kilograms);
    }

    @Test
    void theUnitIsReadFirstThenEachProductOnceAndNothingOnceItIsCached() {
        CatalogWeights weights = weights("auto");
        WooOrder order = order(item(1, 93, 0), item(2, 22, 23), item(3, 93, 0));
        assertThat(weights.lookups(order)).extracting(Lookup::path).containsExactly(
                "settings/products/woocommerce_weight_unit", "products/93", "products/22/variations/23");

        for (Lookup l : weights.lookups(order)) {
            weights.learn(l, switch (l.key()) {
                case CatalogWeights.UNIT_KEY -> "{\"id\":\"woocommerce_weight_unit\",\"value\":\"g\"}";
                case "product:93" -> "{\"id\":93,\"weight\":\"250\"}";
                default -> "{\"id\":23,\"weight\":\"1200\"}";
            });
        }
        assertThat(weights.lookups(order)).isEmpty();
        CatalogWeights.OrderWeights w = weights.weigh(order);
        assertThat(w.kilograms()).containsEntry(1L, new BigDecimal("0.25")).containsEntry(2L, new BigDecimal("1.2"))
                .containsEntry(3L, new BigDecimal("0.25"));
        assertThat(weights.decisionNote(w)).isEqualTo("; weights 3/3");
    }

    @Test
    void aLineItemsOwnWeightMetaNeedsNoLookupAndAFixedUnitIsNotAskedFor() {
        CatalogWeights weights = weights("kg");
        WooOrder order = order(item(1, 93, 0, new Meta(1L, "_weight", TextNode.valueOf("0.7"))), item(2, 94, 0));
        assertThat(weights.lookups(order)).extracting(Lookup::path).containsExactly("products/94");
        weights.learn(weights.lookups(order).get(0), "{\"weight\":\"3\"}");
        assertThat(weights.weigh(order).kilograms()).containsEntry(1L, new BigDecimal("0.7"))
                .containsEntry(2L, new BigDecimal("3"));
    }

    @Test
    void whatHasNoWeightIsGoneOrFailedIsSentWithoutItAndTheNoteSaysWhy() {
        CatalogWeights weights = weights("kg");
        WooOrder order = order(item(1, 93, 0), item(2, 94, 0), item(3, 95, 0), item(4, 96, 0));
        List<Lookup> lookups = weights.lookups(order);
        weights.learn(lookups.get(0), "{\"weight\":\"\"}");
        weights.gone(lookups.get(1));
        weights.failed(lookups.get(2), "GET product 95: 503 Service Unavailable");
        weights.learn(lookups.get(3), "{\"weight\":\"heavy\"}");

        CatalogWeights.OrderWeights w = weights.weigh(order);
        assertThat(w.kilograms()).containsEntry(1L, null).containsEntry(2L, null).containsEntry(3L, null)
                .containsEntry(4L, null);
        assertThat(w.note()).isEqualTo("weights 0/4 (product 93 has no weight; product 94 has no weight;"
                + " product 95: lookup failed, sent without its weight (GET product 95: 503 Service Unavailable);"
                + " product 96: weight 'heavy' is not a number)");
        assertThat(weights.lookups(order)).as("a failure is remembered for a while too").isEmpty();
    }

    @Test
    void anUnknownUnitLeavesTheWeightsOutAndSaysWhichSettingFixesIt() {
        CatalogWeights weights = weights("auto");
        WooOrder order = order(item(1, 93, 0));
        List<Lookup> lookups = weights.lookups(order);
        weights.learn(lookups.get(0), "{\"value\":\"stone\"}");
        weights.learn(lookups.get(1), "{\"weight\":\"2\"}");
        assertThat(weights.weigh(order).note()).isEqualTo(
                "weights 0/1 (the shop's weight unit: 'stone' is not kg, g, lbs or oz; set wootrack.catalog.weight-unit)");
    }

    @Test
    void offItReadsNothingAndSaysNothing() {
        CatalogWeights off = new CatalogWeights(json, false, "auto", 100, Duration.ofMinutes(10));
        WooOrder order = order(item(1, 93, 0, new Meta(1L, "weight", TextNode.valueOf("1.25"))), item(2, 94, 0));
        assertThat(off.lookups(order)).isEmpty();
        assertThat(off.weigh(order).kilograms()).containsEntry(1L, new BigDecimal("1.25")).containsEntry(2L, null);
        assertThat(off.decisionNote(off.weigh(order))).isEmpty();
        assertThatThrownBy(() -> new CatalogWeights(json, true, "stone", 1, Duration.ofMinutes(1)))
                .hasMessageContaining("wootrack.catalog.weight-unit");
    }
}
