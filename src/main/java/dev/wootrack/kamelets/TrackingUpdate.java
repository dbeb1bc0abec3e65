package dev.wootrack.kamelets;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.wootrack.woocommerce.TrackingWriteBack;
import java.time.Clock;
import java.time.LocalDate;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

/**
 * The {@code wootrack-woocommerce-tracking-sink} Kamelet's writes, in the shapes WooTrack's write-back uses
 * ({@link TrackingWriteBack}): a customer note ({@code POST orders/{id}/notes}), a Shipment Tracking entry
 * ({@code POST /wp-json/wc-shipment-tracking/v3/orders/{id}/shipment-trackings}) and the order update
 * ({@code PUT orders/{id}}: the {@code _trackingtech_*} meta, and a status only when one is given).
 * {@link #prepare} reads what the template evaluated from the {@code CamelWooTrack*} headers; each step then sets
 * the body, method and path of one call for {@link WooCommerceCall}.
 */
public final class TrackingUpdate {

    /** Exchange properties the template's filters read (removed at the end). */
    public static final String UPDATE = "CamelWooTrackUpdate";
    public static final String HAS_NOTE = "CamelWooTrackHasNote";
    public static final String HAS_SHIPMENT = "CamelWooTrackHasShipment";
    static final String KAMELET = "wootrack-woocommerce-tracking-sink";

    private final ObjectMapper json = new ObjectMapper();
    private final String provider;
    private final String noteTemplate;
    private final boolean shipmentTracking;
    private final Clock clock = Clock.systemUTC();

    /** What one message writes. */
    record Update(String orderId, String trackingNumber, String trackingUrl, String trackingStatus,
                  String orderStatus, String dateShipped) {
    }

    public TrackingUpdate(String provider, String noteTemplate, boolean shipmentTracking) {
        this.provider = provider == null ? "" : provider;
        this.noteTemplate = noteTemplate == null ? "" : noteTemplate;
        this.shipmentTracking = shipmentTracking;
    }

    public void prepare(Exchange exchange) {
        Message in = exchange.getMessage();
        String orderId = text(in, "CamelWooTrackOrderId");
        if (orderId == null || !orderId.matches("[0-9]{1,19}")) {
            throw new IllegalArgumentException(KAMELET + ": orderId evaluated to '" + (orderId == null ? "" : orderId)
                    + "', not a WooCommerce order id");
        }
        Update u = new Update(orderId, text(in, "CamelWooTrackNumber"), text(in, "CamelWooTrackUrl"),
                text(in, "CamelWooTrackStatus"), text(in, "CamelWooTrackOrderStatus"), text(in, "CamelWooTrackDateShipped"));
        in.removeHeaders("CamelWooTrack*");
        exchange.setProperty(UPDATE, u);
        exchange.setProperty(HAS_NOTE, u.trackingNumber() != null && !noteTemplate.isBlank());
        exchange.setProperty(HAS_SHIPMENT, u.trackingNumber() != null && shipmentTracking);
    }

    /** {@code {"note": …, "customer_note": true}} with {trackingNumber}, {trackingUrl} and {status} filled in. */
    public void note(Exchange exchange) {
        Update u = update(exchange);
        String text = noteTemplate.replace("{trackingNumber}", u.trackingNumber())
                .replace("{trackingUrl}", nz(u.trackingUrl())).replace("{status}", nz(u.trackingStatus())).trim();
        call(exchange, "POST", "orders/" + u.orderId() + "/notes", "POST a note on order " + u.orderId(),
                json.createObjectNode().put("note", text).put("customer_note", true));
    }

    public void shipment(Exchange exchange) {
        Update u = update(exchange);
        ObjectNode entry = json.createObjectNode()
                .put("tracking_number", u.trackingNumber())
                .put("custom_tracking_provider", provider)
                .put("custom_tracking_link", nz(u.trackingUrl()))
                .put("date_shipped", u.dateShipped() != null ? u.dateShipped() : LocalDate.now(clock).toString());
        call(exchange, "POST", "/wp-json/wc-shipment-tracking/v3/orders/" + u.orderId() + "/shipment-trackings",
                "POST a shipment tracking entry on order " + u.orderId(), entry);
    }

    public void order(Exchange exchange) {
        Update u = update(exchange);
        ObjectNode o = json.createObjectNode();
        if (u.orderStatus() != null) {
            o.put("status", u.orderStatus());
        }
        ArrayNode meta = o.putArray("meta_data");
        if (u.trackingNumber() != null) {
            meta.addObject().put("key", TrackingWriteBack.META_TRACKING_NUMBER).put("value", u.trackingNumber());
        }
        if (u.trackingStatus() != null) {
            meta.addObject().put("key", TrackingWriteBack.META_STATUS).put("value", u.trackingStatus());
        }
        call(exchange, "PUT", "orders/" + u.orderId(), "PUT order " + u.orderId(), o);
    }

    /** The end: the body is WooCommerce's answer to the order update; the bookkeeping goes. */
    public void done(Exchange exchange) {
        exchange.removeProperty(UPDATE);
        exchange.removeProperty(HAS_NOTE);
        exchange.removeProperty(HAS_SHIPMENT);
    }

    private void call(Exchange exchange, String method, String path, String what, ObjectNode body) {
        Message in = exchange.getMessage();
        in.removeHeaders("*", "CamelRedelivery*");
        in.setHeader(Exchange.HTTP_METHOD, method);
        in.setHeader(Exchange.HTTP_URI, path);
        in.setHeader(WooCommerceCall.CALL, what);
        in.setBody(body.toString());
    }

    private static Update update(Exchange exchange) {
        return exchange.getProperty(UPDATE, Update.class);
    }

    private static String text(Message in, String header) {
        String s = in.getHeader(header, String.class);
        return s == null || s.isBlank() ? null : s.trim();
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }
}
