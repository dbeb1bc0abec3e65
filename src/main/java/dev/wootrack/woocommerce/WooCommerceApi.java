package dev.wootrack.woocommerce;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The WooCommerce REST URLs WooTrack calls (wc/v3 under {@code /wp-json/}: {@code ?rest_route=} rejects API
 * keys), and whether REST calls are possible at all (credentials configured).
 */
public final class WooCommerceApi {

    private static final String API = "/wp-json/wc/v3/";

    /** WooCommerce's largest page. */
    public static final int PER_PAGE = 100;

    private final String storeUrl;
    private final WooCommerceAuth auth;
    private final boolean refetchOnWebhook;

    /** @param refetchOnWebhook {@code auto} (on when credentials are set), {@code true} or {@code false} */
    public WooCommerceApi(String storeUrl, WooCommerceAuth auth, String refetchOnWebhook) {
        this.storeUrl = storeUrl.endsWith("/") ? storeUrl.substring(0, storeUrl.length() - 1) : storeUrl;
        this.auth = auth;
        String r = refetchOnWebhook == null ? "auto" : refetchOnWebhook.trim();
        this.refetchOnWebhook = auth.configured() && !r.equalsIgnoreCase("false");
        if (r.equalsIgnoreCase("true") && !auth.configured()) {
            throw new IllegalStateException("wootrack.woocommerce.refetch-on-webhook=true needs REST credentials:"
                    + " set wootrack.woocommerce.consumer-key and wootrack.woocommerce.consumer-secret");
        }
    }

    public String getStoreUrl() {
        return storeUrl;
    }

    public boolean isConfigured() {
        return auth.configured();
    }

    public boolean isRefetchOnWebhook() {
        return refetchOnWebhook;
    }

    /** The list page a walk reads next: its path under {@code /wp-json/wc/v3/}, query included. */
    public String pagePath(OrderWalk walk) {
        StringBuilder url = new StringBuilder("orders?");
        if (!walk.getStatuses().isEmpty()) {
            url.append("status=").append(encode(String.join(",", walk.getStatuses()))).append('&');
        }
        if (walk.getKind().byModification()) {
            url.append("modified_after=").append(encode(walk.getAfter()))
                    .append("&dates_are_gmt=true&orderby=modified&order=asc");
        } else {
            url.append("after=").append(encode(walk.getAfter()));
            if (walk.getBefore() != null) {
                url.append("&before=").append(encode(walk.getBefore()));
            }
            url.append("&dates_are_gmt=true&orderby=date&order=asc");
        }
        return url.append("&per_page=").append(PER_PAGE).append("&page=").append(walk.getPage()).toString();
    }

    /** The list page a walk reads next, as a URL. */
    public String page(OrderWalk walk) {
        return storeUrl + API + pagePath(walk);
    }

    /** One order's path under {@code /wp-json/wc/v3/}. */
    public String orderPath(long id) {
        return "orders/" + id;
    }

    public String order(long id) {
        return storeUrl + API + orderPath(id);
    }

    /** An order's notes, under {@code /wp-json/wc/v3/}. */
    public String notesPath(long id) {
        return "orders/" + id + "/notes";
    }

    public String notes(long id) {
        return storeUrl + API + notesPath(id);
    }

    /** The Shipment Tracking extension's entries of an order: an absolute {@code /wp-json/} path. */
    public String shipmentTrackingsPath(long id) {
        return "/wp-json/wc-shipment-tracking/v3/orders/" + id + "/shipment-trackings";
    }

    public String shipmentTrackings(long id) {
        return storeUrl + shipmentTrackingsPath(id);
    }

    /** The statuses a poll asks for: trigger and cancellation statuses. */
    public static List<String> statuses(List<String> a, List<String> b) {
        return java.util.stream.Stream.concat(a.stream(), b.stream()).distinct().toList();
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
