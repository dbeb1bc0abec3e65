package dev.wootrack.woocommerce;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import dev.wootrack.woocommerce.WooOrder.LineItem;
import dev.wootrack.woocommerce.WooOrder.Meta;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Each line item's weight, from WooCommerce's catalog: WooCommerce's REST order carries none, so the product (or
 * the variation: in WooCommerce's {@code view} context a variation without a weight of its own shows its parent's)
 * is read, and its weight converted from the shop's unit ({@code woocommerce_weight_unit}: kg, g, lbs, oz) to
 * kilograms. What was read is kept in a bounded cache with an expiry, so that a backlog does not read a product per
 * order. No Camel and no I/O here: the route {@code wootrack-weigh-order} asks {@link #lookups} what to read, reads
 * it through the WooCommerce Kamelet, and hands each answer to {@link #learn} (or a failure to {@link #failed}).
 */
public final class CatalogWeights {

    /** What one catalog read is: the cache key, the path under {@code /wp-json/wc/v3/}, and what it is for messages. */
    public record Lookup(String key, String path, String what) {
    }

    /**
     * The weights of one order: kilograms per line item id (null: none known), and what the decision says about
     * them (empty when weights are not looked up at all).
     */
    public record OrderWeights(Map<Long, BigDecimal> kilograms, String note) {
        /** What the 'sent' decision adds about the weights: {@code ; weights 2/3 (product 105 has no weight)}, or nothing. */
        public String decisionNote() {
            return note.isEmpty() ? "" : "; " + note;
        }

        public BigDecimal of(LineItem item) {
            return kilograms.get(item.id());
        }
    }

    /** What the cache holds for a product, a variation or the unit: a value (possibly none), or why it failed. */
    private record Known(String value, String failure) {
        boolean failed() {
            return failure != null;
        }
    }

    public static final String UNIT_KEY = "unit";
    static final String UNIT_PATH = "settings/products/woocommerce_weight_unit";
    private static final Map<String, BigDecimal> TO_KG = Map.of(
            "kg", BigDecimal.ONE,
            "g", new BigDecimal("0.001"),
            "lbs", new BigDecimal("0.45359237"),
            "oz", new BigDecimal("0.028349523125"));
    /** A failed read is remembered this long (at most the cache's expiry): a backlog does not retry it per order. */
    static final Duration FAILURE_TTL = Duration.ofMinutes(1);

    private final ObjectMapper json;
    private final boolean enabled;
    private final String fixedUnit;
    private final Cache<String, Known> cache;

    /**
     * @param enabled whether the catalog is read at all (it needs REST credentials)
     * @param unit    {@code auto} (ask the shop) or the shop's unit: kg, g, lbs, oz
     */
    public CatalogWeights(ObjectMapper json, boolean enabled, String unit, int maxEntries, Duration expiry) {
        this.json = json;
        this.enabled = enabled;
        String u = unit == null ? "auto" : unit.trim().toLowerCase(Locale.ROOT);
        if (!u.equals("auto") && !TO_KG.containsKey(u)) {
            throw new IllegalArgumentException("wootrack.catalog.weight-unit: '" + unit + "' is not auto, kg, g, lbs or oz");
        }
        this.fixedUnit = u.equals("auto") ? null : u;
        long ttl = expiry.toNanos();
        long failureTtl = Math.min(ttl, FAILURE_TTL.toNanos());
        this.cache = Caffeine.newBuilder().maximumSize(maxEntries).expireAfter(new Expiry<String, Known>() {
            @Override
            public long expireAfterCreate(String key, Known value, long currentTime) {
                return value.failed() ? failureTtl : ttl;
            }

            @Override
            public long expireAfterUpdate(String key, Known value, long currentTime, long currentDuration) {
                return expireAfterCreate(key, value, currentTime);
            }

            @Override
            public long expireAfterRead(String key, Known value, long currentTime, long currentDuration) {
                return currentDuration;
            }
        }).build();
    }

    public boolean isEnabled() {
        return enabled;
    }

    /** The catalog reads this order needs (nothing cached for them): the unit first, then each product once. */
    public List<Lookup> lookups(WooOrder order) {
        if (!enabled || order.lineItems() == null) {
            return List.of();
        }
        Set<String> keys = new LinkedHashSet<>();
        for (LineItem item : order.lineItems()) {
            if (item.productId() > 0 && metaWeight(item.metaData()) == null) {
                keys.add(key(item));
            }
        }
        List<Lookup> lookups = new ArrayList<>();
        if (!keys.isEmpty() && fixedUnit == null && cache.getIfPresent(UNIT_KEY) == null) {
            lookups.add(new Lookup(UNIT_KEY, UNIT_PATH, "GET the shop's weight unit"));
        }
        for (String key : keys) {
            if (cache.getIfPresent(key) == null) {
                lookups.add(lookup(key));
            }
        }
        return lookups;
    }

    /** WooCommerce's answer to a lookup: a product, a variation, or the weight-unit setting. */
    public void learn(Lookup lookup, String answer) {
        JsonNode node;
        try {
            node = json.readTree(answer);
        } catch (IOException e) {
            failed(lookup, "the answer is not JSON");
            return;
        }
        String value = lookup.key().equals(UNIT_KEY) ? node.path("value").asText("") : node.path("weight").asText("");
        cache.put(lookup.key(), new Known(value.trim(), null));
    }

    /** WooCommerce answered 404: the product (or variation) is no longer in the catalog; it has no weight. */
    public void gone(Lookup lookup) {
        cache.put(lookup.key(), new Known("", lookup.key().equals(UNIT_KEY) ? "not found" : null));
    }

    /** The lookup failed after its retries: the order goes without that weight, and its decision says why. */
    public void failed(Lookup lookup, String why) {
        cache.put(lookup.key(), new Known(null, why == null || why.isBlank() ? "failed" : why));
    }

    /** The order's weights from its line items' meta and the catalog as far as it is known now. */
    public OrderWeights weigh(WooOrder order) {
        Map<Long, BigDecimal> kilograms = new LinkedHashMap<>();
        List<LineItem> items = order.lineItems() == null ? List.of() : order.lineItems();
        List<String> problems = new ArrayList<>();
        int known = 0;
        for (LineItem item : items) {
            BigDecimal kg = metaWeight(item.metaData());
            if (kg == null && enabled && item.productId() > 0) {
                kg = fromCatalog(item, problems);
            }
            kilograms.put(item.id(), kg);
            if (kg != null) {
                known++;
            }
        }
        String note = !enabled || items.isEmpty() ? ""
                : "weights " + known + "/" + items.size() + (problems.isEmpty() ? "" : " (" + String.join("; ", problems) + ")");
        return new OrderWeights(kilograms, note);
    }

    /** What the 'sent' decision adds about the weights: {@code ; weights 2/3 (product 105 has no weight)}, or nothing. */
    public String decisionNote(OrderWeights weights) {
        return weights == null ? "" : weights.decisionNote();
    }

    private BigDecimal fromCatalog(LineItem item, List<String> problems) {
        String key = key(item);
        String what = describe(key);
        Known weight = cache.getIfPresent(key);
        if (weight == null) {
            problems.add(what + ": not read");
            return null;
        }
        if (weight.failed()) {
            problems.add(what + ": lookup failed, sent without its weight (" + weight.failure() + ")");
            return null;
        }
        if (weight.value().isEmpty()) {
            problems.add(what + " has no weight");
            return null;
        }
        BigDecimal raw;
        try {
            raw = new BigDecimal(weight.value());
        } catch (NumberFormatException e) {
            problems.add(what + ": weight '" + weight.value() + "' is not a number");
            return null;
        }
        String unit = unit(problems);
        return unit == null ? null : toKilograms(raw, unit);
    }

    private String unit(List<String> problems) {
        if (fixedUnit != null) {
            return fixedUnit;
        }
        Known unit = cache.getIfPresent(UNIT_KEY);
        if (unit == null || unit.failed() || !TO_KG.containsKey(unit.value().toLowerCase(Locale.ROOT))) {
            String why = unit == null ? "not read" : unit.failed() ? "lookup failed (" + unit.failure() + ")"
                    : "'" + unit.value() + "' is not kg, g, lbs or oz";
            String problem = "the shop's weight unit: " + why + "; set wootrack.catalog.weight-unit";
            if (!problems.contains(problem)) {
                problems.add(problem);
            }
            return null;
        }
        return unit.value().toLowerCase(Locale.ROOT);
    }

    /** A weight in the shop's unit → kilograms as the contract wants them: exact, or to the milligram for lbs and oz. */
    public static BigDecimal toKilograms(BigDecimal weight, String unit) {
        BigDecimal kg = weight.multiply(TO_KG.get(unit.toLowerCase(Locale.ROOT)));
        if (kg.scale() > 6) {
            kg = kg.setScale(6, RoundingMode.HALF_UP);
        }
        return kg.stripTrailingZeros();
    }

    /** A {@code _weight}/{@code weight} meta entry on the line item (some shops' plugins store one), in kilograms. */
    public static BigDecimal metaWeight(List<Meta> meta) {
        if (meta == null) {
            return null;
        }
        for (Meta m : meta) {
            if (("_weight".equals(m.key()) || "weight".equals(m.key())) && m.value() != null
                    && (m.value().isNumber() || m.value().isTextual())) {
                try {
                    return new BigDecimal(m.value().asText().trim());
                } catch (NumberFormatException e) {
                    // not a number: not a weight
                }
            }
        }
        return null;
    }

    private static String key(LineItem item) {
        return item.variationId() > 0 ? "variation:" + item.productId() + "/" + item.variationId()
                : "product:" + item.productId();
    }

    private static Lookup lookup(String key) {
        String ids = key.substring(key.indexOf(':') + 1);
        if (key.startsWith("variation:")) {
            String[] pv = ids.split("/");
            return new Lookup(key, "products/" + pv[0] + "/variations/" + pv[1], "GET " + describe(key));
        }
        return new Lookup(key, "products/" + ids, "GET " + describe(key));
    }

    private static String describe(String key) {
        String ids = key.substring(key.indexOf(':') + 1);
        if (key.startsWith("variation:")) {
            String[] pv = ids.split("/");
            return "variation " + pv[1] + " of product " + pv[0];
        }
        return "product " + ids;
    }
}
