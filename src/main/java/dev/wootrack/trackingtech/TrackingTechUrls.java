package dev.wootrack.trackingtech;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** TrackingTech's URLs, from the configured base URL and path templates ({@code {externalOrderId}}, {@code {storeId}}). */
public final class TrackingTechUrls {

    private final String baseUrl;
    private final String ordersPath;
    private final String cancelPath;
    private final String statusPath;
    private final String updatesPath;
    private final TrackingTechConnection connection;

    public TrackingTechUrls(String baseUrl, String ordersPath, String cancelPath, String statusPath,
                            String updatesPath, TrackingTechConnection connection) {
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.ordersPath = ordersPath;
        this.cancelPath = cancelPath;
        this.statusPath = statusPath;
        this.updatesPath = updatesPath;
        this.connection = connection;
    }

    public String orders() {
        return baseUrl + ordersPath;
    }

    public String cancel(long orderId) {
        return baseUrl + expand(cancelPath, orderId);
    }

    /** One order's status (contract §6). */
    public String status(long orderId) {
        return baseUrl + expand(statusPath, orderId);
    }

    /** The status changes feed from a cursor (contract §7); no cursor starts from the beginning. */
    public String updates(String cursor) {
        String path = cursor == null
                ? updatesPath.replaceAll("[?&]since=\\{since}", "").replaceFirst("^([^?]*)&", "$1?")
                : updatesPath.replace("{since}", URLEncoder.encode(cursor, StandardCharsets.UTF_8));
        return baseUrl + expand(path, 0);
    }

    private String expand(String template, long orderId) {
        String store = connection.getStoreId() == null ? "" : connection.getStoreId();
        return template.replace("{externalOrderId}", Long.toString(orderId))
                .replace("{storeId}", URLEncoder.encode(store, StandardCharsets.UTF_8));
    }
}
