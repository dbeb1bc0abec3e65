package dev.wootrack.woocommerce;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.wootrack.store.Checkpoints;
import dev.wootrack.trackingtech.TtOrderStatus;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a TrackingTech status becomes in the WooCommerce order: a customer note with the tracking number and
 * link, a Shipment Tracking entry (when that extension is installed), the {@code _trackingtech_*} meta, and
 * an order status only where the status map says so (default {@code delivered → completed}).
 */
public final class TrackingWriteBack {

    public static final String META_TRACKING_NUMBER = "_trackingtech_tracking_number";
    public static final String META_STATUS = "_trackingtech_status";
    private static final Logger LOG = LoggerFactory.getLogger("dev.wootrack.writeback");

    private final ObjectMapper json;
    private final Checkpoints checkpoints;
    private final Clock clock;
    private final String noteTemplate;
    private final String provider;
    private final Map<String, String> statusMap;
    private volatile Boolean shipmentTracking;

    public TrackingWriteBack(ObjectMapper json, Checkpoints checkpoints, Clock clock, String noteTemplate,
                             String provider, String statusMap) {
        this.json = json;
        this.checkpoints = checkpoints;
        this.clock = clock;
        this.noteTemplate = noteTemplate;
        this.provider = provider;
        this.statusMap = parseMap(statusMap);
    }

    /** {@code delivered:completed, returned:on-hold} → a map; blank → empty. */
    static Map<String, String> parseMap(String spec) {
        Map<String, String> map = new LinkedHashMap<>();
        if (spec == null || spec.isBlank()) {
            return map;
        }
        for (String pair : spec.split(",")) {
            String[] kv = pair.split("[:=]", 2);
            if (kv.length != 2 || kv[0].isBlank() || kv[1].isBlank()) {
                throw new IllegalArgumentException("wootrack.writeback.status-map: '" + pair.trim()
                        + "' is not trackingtech-status:woocommerce-status");
            }
            map.put(kv[0].trim().toLowerCase(Locale.ROOT), kv[1].trim());
        }
        return Map.copyOf(map);
    }

    /** The customer-visible note: {@code {"note": …, "customer_note": true}}. */
    public String note(TtOrderStatus s) {
        String text = noteTemplate.replace("{trackingNumber}", s.trackingNumber())
                .replace("{trackingUrl}", s.trackingUrl() == null ? "" : s.trackingUrl())
                .replace("{status}", s.status() == null ? "" : s.status()).trim();
        return json.createObjectNode().put("note", text).put("customer_note", true).toString();
    }

    /** A Shipment Tracking entry (the WooCommerce extension's REST API). */
    public String shipmentTrackingEntry(TtOrderStatus s) {
        ObjectNode o = json.createObjectNode()
                .put("tracking_number", s.trackingNumber())
                .put("custom_tracking_provider", provider)
                .put("custom_tracking_link", s.trackingUrl() == null ? "" : s.trackingUrl())
                .put("date_shipped", shippedOn(s).toString());
        return o.toString();
    }

    /** The order update: the {@code _trackingtech_*} meta, plus a status when the map has one for this status. */
    public String orderUpdate(TtOrderStatus s) {
        return orderUpdate(s, null);
    }

    /** As {@link #orderUpdate(TtOrderStatus)}, with the mapped status only where the guard's check allows it. */
    public String orderUpdate(TtOrderStatus s, StatusGuard.Check check) {
        ObjectNode o = json.createObjectNode();
        String mapped = mappedStatus(s.status());
        if (mapped != null && (check == null || check.change())) {
            o.put("status", mapped);
        }
        ArrayNode meta = o.putArray("meta_data");
        if (s.hasTrackingNumber()) {
            meta.addObject().put("key", META_TRACKING_NUMBER).put("value", s.trackingNumber());
        }
        meta.addObject().put("key", META_STATUS).put("value", s.status());
        return o.toString();
    }

    /** The WooCommerce status a TrackingTech status maps to, or null (nothing else changes the order's status). */
    public String mappedStatus(String trackingTechStatus) {
        return trackingTechStatus == null ? null : statusMap.get(trackingTechStatus.toLowerCase(Locale.ROOT));
    }

    /**
     * The version the order is at after our update ({@code <id>@<date_modified_gmt>} of WooCommerce's answer):
     * the {@code order.updated} webhook our own change fires carries it, and is recognised by it.
     */
    public String writtenVersion(String updatedOrder) {
        try {
            JsonNode o = json.readTree(updatedOrder);
            return o.path("id").asLong() + "@" + o.path("date_modified_gmt").asText();
        } catch (IOException e) {
            throw new UncheckedIOException("WooCommerce's answer to the order update is not JSON", e);
        }
    }

    /** False once WooCommerce said the Shipment Tracking route does not exist (remembered across restarts). */
    public boolean isShipmentTrackingInstalled() {
        Boolean known = shipmentTracking;
        if (known == null) {
            known = !"absent".equals(checkpoints.get(Checkpoints.SHIPMENT_TRACKING).orElse(null));
            shipmentTracking = known;
        }
        return known;
    }

    /** WooCommerce answered 404 {@code rest_no_route}: the extension is not installed; notes alone from now on. */
    public void shipmentTrackingAbsent() {
        checkpoints.put(Checkpoints.SHIPMENT_TRACKING, "absent");
        shipmentTracking = false;
        LOG.info("the Shipment Tracking extension is not installed in WooCommerce (404 rest_no_route): tracking"
                + " numbers go into order notes and meta only. Delete checkpoint '{}' after installing it.",
                Checkpoints.SHIPMENT_TRACKING);
    }

    /** The statuses the status map sets (e.g. {@code completed}). */
    public java.util.Collection<String> mapTargets() {
        return statusMap.values();
    }

    /** The decision's reason: what was written, and what the guard left alone. */
    public String describe(TtOrderStatus s, boolean noted, StatusGuard.Check check) {
        boolean changed = check == null || check.change();
        String d = describe(s, noted, changed);
        return changed ? d : d + "; " + check.note();
    }

    /** The decision's reason: what was written. */
    public String describe(TtOrderStatus s, boolean noted) {
        return describe(s, noted, true);
    }

    private String describe(TtOrderStatus s, boolean noted, boolean statusChanged) {
        StringBuilder sb = new StringBuilder("TrackingTech ").append(s.status());
        if (s.hasTrackingNumber()) {
            sb.append(", tracking ").append(s.trackingNumber());
        }
        sb.append(": meta");
        if (noted) {
            sb.append(", customer note").append(isShipmentTrackingInstalled() ? ", shipment tracking" : "");
        }
        String mapped = mappedStatus(s.status());
        if (mapped != null && statusChanged) {
            sb.append(", order status → ").append(mapped);
        }
        return sb.toString();
    }

    private LocalDate shippedOn(TtOrderStatus s) {
        if (s.updatedAt() != null) {
            try {
                return OffsetDateTime.parse(s.updatedAt()).withOffsetSameInstant(ZoneOffset.UTC).toLocalDate();
            } catch (RuntimeException notIso) {
                // TrackingTech also sends local dates; today will do for the shipment date
            }
        }
        return LocalDate.now(clock);
    }
}
