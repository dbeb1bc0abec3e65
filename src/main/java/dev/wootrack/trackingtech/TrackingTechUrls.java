package dev.wootrack.trackingtech;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** TrackingTech's URLs, from the configured base URL and path templates ({@code {externalOrderId}}, {@code {storeId}}). */
public final class TrackingTechUrls {

    private final String baseUrl;
    private final String ordersPath;
    private final String cancelPath;
    private final TrackingTechConnection connection;

    public TrackingTechUrls(String baseUrl, String ordersPath, String cancelPath, TrackingTechConnection connection) {
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.ordersPath = ordersPath;
        this.cancelPath = cancelPath;
        this.connection = connection;
    }

    public String orders() {
        return baseUrl + ordersPath;
    }

    public String cancel(long orderId) {
        return baseUrl + expand(cancelPath, orderId);
    }

    private String expand(String template, long orderId) {
        String store = connection.getStoreId() == null ? "" : connection.getStoreId();
        return template.replace("{externalOrderId}", Long.toString(orderId))
                .replace("{storeId}", URLEncoder.encode(store, StandardCharsets.UTF_8));
    }
}
