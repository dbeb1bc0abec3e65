package dev.wootrack.reconcile;

import dev.wootrack.trackingtech.OrderMapper;
import dev.wootrack.trackingtech.TtOrder;
import dev.wootrack.woocommerce.WooOrder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * What an order sent to TrackingTech carried, field by field, as digests: {@code items:3f…;quantities:a0…;…}. Kept
 * with the 'sent' decision so a reconciliation can say which field of the order changed in WooCommerce since it was
 * sent (items, quantities, prices, weights, each shipping field) without keeping the values. Plain Java.
 */
public final class ContentDigest {

    /** The fields compared, in this order: the names a {@code content-differs} line gives. */
    public static final List<String> FIELDS = List.of("items", "quantities", "prices", "weights", "shipping.name",
            "shipping.company", "shipping.address1", "shipping.address2", "shipping.city", "shipping.state",
            "shipping.postcode", "shipping.country", "shipping.email", "shipping.phone");

    private static final HexFormat HEX = HexFormat.of();

    /** Cloned for each field: a provider lookup per field cost more than the hash itself (14 per order). */
    private static final MessageDigest SHA_256;

    static {
        try {
            SHA_256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private final OrderMapper mapper;

    public ContentDigest(OrderMapper mapper) {
        this.mapper = mapper;
    }

    /** The digest of an order as it is (or was) sent. */
    public String of(TtOrder order) {
        return digest(order);
    }

    /**
     * The digest of WooCommerce's order as it came, mapped without what WooTrack adds on the way (the catalog's
     * weights, the address checks' fixes): what a reconciliation maps the order as it is now to, and compares.
     */
    public String ofWooCommerce(WooOrder order) {
        return digest(mapper.map(order, "", ""));
    }

    /** The digest of an order as it is (or was) sent. */
    public static String digest(TtOrder order) {
        Map<String, String> values = new LinkedHashMap<>();
        List<TtOrder.Item> items = order.items() == null ? List.of() : order.items();
        values.put("items", join(items, i -> (i.sku() == null ? "" : i.sku()) + "\u0001" + i.name()));
        values.put("quantities", join(items, i -> Integer.toString(i.quantity())));
        values.put("prices", join(items, TtOrder.Item::price));
        values.put("weights", join(items, TtOrder.Item::weight));
        TtOrder.Shipping s = order.shipping();
        values.put("shipping.name", s == null ? null : s.name());
        values.put("shipping.company", s == null ? null : s.company());
        values.put("shipping.address1", s == null ? null : s.address1());
        values.put("shipping.address2", s == null ? null : s.address2());
        values.put("shipping.city", s == null ? null : s.city());
        values.put("shipping.state", s == null ? null : s.state());
        values.put("shipping.postcode", s == null ? null : s.postcode());
        values.put("shipping.country", s == null ? null : s.country());
        values.put("shipping.email", s == null ? null : s.email());
        values.put("shipping.phone", s == null ? null : s.phone());
        StringBuilder out = new StringBuilder();
        values.forEach((field, value) -> out.append(out.length() == 0 ? "" : ";").append(field).append(':')
                .append(hash(field, value)));
        return out.toString();
    }

    /** The fields whose digests differ (a field one of them lacks differs too), in {@link #FIELDS}' order. */
    public static List<String> differences(String sent, String now) {
        Map<String, String> a = parse(sent);
        Map<String, String> b = parse(now);
        List<String> out = new ArrayList<>();
        for (String field : FIELDS) {
            if (!java.util.Objects.equals(a.get(field), b.get(field))) {
                out.add(field);
            }
        }
        return out;
    }

    private static Map<String, String> parse(String digest) {
        Map<String, String> out = new LinkedHashMap<>();
        if (digest != null) {
            for (String part : digest.split(";")) {
                int colon = part.lastIndexOf(':');
                if (colon > 0) {
                    out.put(part.substring(0, colon), part.substring(colon + 1));
                }
            }
        }
        return out;
    }

    private static <T> String join(List<T> items, Function<T, String> part) {
        StringBuilder b = new StringBuilder();
        for (T item : items) {
            String p = part.apply(item);
            b.append(p == null ? "\u0000" : p).append('\u0002');
        }
        return b.toString();
    }

    /** 12 hex digits of SHA-256 over the field's name and value: enough to see a change, too few to be the value. */
    private static String hash(String field, String value) {
        MessageDigest sha;
        try {
            sha = (MessageDigest) SHA_256.clone();
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException(e);
        }
        sha.update(field.getBytes(StandardCharsets.UTF_8));
        sha.update((byte) 0);
        sha.update((value == null ? "\u0000" : value.trim()).getBytes(StandardCharsets.UTF_8));
        return HEX.formatHex(sha.digest(), 0, 6);
    }
}
