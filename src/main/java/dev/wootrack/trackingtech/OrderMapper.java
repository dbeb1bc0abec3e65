package dev.wootrack.trackingtech;

import dev.wootrack.woocommerce.CatalogWeights;
import dev.wootrack.woocommerce.CatalogWeights.OrderWeights;
import dev.wootrack.woocommerce.WooOrder;
import dev.wootrack.woocommerce.WooOrder.Address;
import dev.wootrack.woocommerce.WooOrder.LineItem;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.stream.Stream;

/** WooCommerce order → TrackingTech order. Plain Java: no Camel, no I/O. */
public final class OrderMapper {

    public static final String PLATFORM = "woocommerce";

    /** Why this order cannot be shipped, or null when it can. */
    public String unshippableReason(WooOrder order) {
        if (isBlank(order.shipping())) {
            return "no shipping address (virtual or downloadable goods)";
        }
        if (order.lineItems() == null || order.lineItems().isEmpty()) {
            return "no line items";
        }
        return null;
    }

    public TtOrder map(WooOrder order, String storeId, String customerId) {
        return map(order, storeId, customerId, null);
    }

    /**
     * The order with each line item's weight from {@code weights} (the catalog's, in kilograms); without them, a
     * line item's {@code _weight}/{@code weight} meta entry, when there is one.
     */
    public TtOrder map(WooOrder order, String storeId, String customerId, OrderWeights weights) {
        Address ship = order.shipping();
        Address bill = order.billing() == null ? emptyAddress() : order.billing();
        return new TtOrder(
                storeId,
                customerId,
                PLATFORM,
                Long.toString(order.id()),
                order.number() == null || order.number().isBlank() ? Long.toString(order.id()) : order.number(),
                utc(order.dateCreatedGmt()),
                order.currency(),
                order.lineItems().stream().map(li -> item(li, weights)).toList(),
                new TtOrder.Shipping(
                        fullName(ship),
                        text(ship.company()),
                        text(ship.address1()),
                        text(ship.address2()),
                        text(ship.city()),
                        state(ship.state(), ship.country()),
                        text(ship.postcode()),
                        text(ship.country()),
                        text(bill.email()),
                        text(bill.phone())));
    }

    private static TtOrder.Item item(LineItem li, OrderWeights weights) {
        BigDecimal weight = weights == null ? CatalogWeights.metaWeight(li.metaData()) : weights.of(li);
        return new TtOrder.Item(text(li.name()), li.sku() == null || li.sku().isBlank() ? null : li.sku(),
                li.quantity(), decimal(unitPrice(li)), decimal(weight));
    }

    /** The unit price: WooCommerce's line-item {@code price}, or total ÷ quantity where it is missing. */
    private static BigDecimal unitPrice(LineItem li) {
        if (li.price() != null) {
            return li.price();
        }
        if (li.total() != null && li.quantity() > 0) {
            return li.total().divide(BigDecimal.valueOf(li.quantity()), 2, RoundingMode.HALF_UP);
        }
        return null;
    }

    private static String decimal(BigDecimal value) {
        return value == null ? null : value.stripTrailingZeros().toPlainString();
    }

    private static String fullName(Address a) {
        return (text(a.firstName()) + " " + text(a.lastName())).trim();
    }

    /** WooCommerce names Chilean regions {@code CL-RM}; TrackingTech expects {@code RM}. */
    private static String state(String state, String country) {
        String s = text(state);
        String c = text(country);
        return !c.isEmpty() && s.startsWith(c + "-") ? s.substring(c.length() + 1) : s;
    }

    /** WooCommerce's {@code _gmt} dates have no zone: they are UTC. */
    private static String utc(String gmt) {
        if (gmt == null || gmt.isBlank()) {
            return null;
        }
        try {
            return LocalDateTime.parse(gmt).toInstant(ZoneOffset.UTC).toString();
        } catch (DateTimeParseException e) {
            return OffsetDateTime.parse(gmt).toInstant().toString();
        }
    }

    private static boolean isBlank(Address a) {
        return a == null || Stream.of(a.firstName(), a.lastName(), a.address1(), a.address2(), a.city(),
                a.postcode(), a.country()).allMatch(s -> s == null || s.isBlank());
    }

    private static String text(String s) {
        return s == null ? "" : s.trim();
    }

    private static Address emptyAddress() {
        return new Address(null, null, null, null, null, null, null, null, null, null, null);
    }
}
