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
    private final java.util.Map<String, String> accountPaths;

    /** @param accountPaths the connection flow's paths: resolve, login, stores, link ({storeId}), uninstall */
    public TrackingTechUrls(String baseUrl, String ordersPath, String cancelPath, String statusPath,
                            String updatesPath, java.util.Map<String, String> accountPaths,
                            TrackingTechConnection connection) {
        this.accountPaths = java.util.Map.copyOf(accountPaths);
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

    /** The orders path, after the base URL (contract §5). */
    public String ordersPath() {
        return ordersPath;
    }

    public String cancel(long orderId) {
        return baseUrl + cancelPath(orderId);
    }

    /** Cancelling an order, after the base URL. */
    public String cancelPath(long orderId) {
        return expand(cancelPath, orderId);
    }

    /** A path of the connection flow (contract §1–4, §9), e.g. {@code account("link", "s_1")}. */
    public String account(String step, String storeId) {
        String path = accountPaths.get(step);
        if (path == null) {
            throw new IllegalArgumentException("no path for the connection step " + step);
        }
        return baseUrl + path.replace("{storeId}", URLEncoder.encode(storeId == null ? "" : storeId,
                StandardCharsets.UTF_8));
    }

    public String getBaseUrl() {
        return baseUrl;
    }

    /** One order's status (contract §6). */
    public String status(long orderId) {
        return baseUrl + statusPath(orderId);
    }

    /** One order's status, after the base URL. */
    public String statusPath(long orderId) {
        return expand(statusPath, orderId);
    }

    /** The status changes feed from a cursor (contract §7); no cursor starts from the beginning. */
    public String updates(String cursor) {
        return baseUrl + updatesPath(cursor);
    }

    /** The status changes feed from a cursor, after the base URL. */
    public String updatesPath(String cursor) {
        String path = cursor == null
                ? updatesPath.replaceAll("[?&]since=\\{since}", "").replaceFirst("^([^?]*)&", "$1?")
                : updatesPath.replace("{since}", URLEncoder.encode(cursor, StandardCharsets.UTF_8));
        return expand(path, 0);
    }

    private String expand(String template, long orderId) {
        String store = connection.getStoreId() == null ? "" : connection.getStoreId();
        return template.replace("{externalOrderId}", Long.toString(orderId))
                .replace("{storeId}", URLEncoder.encode(store, StandardCharsets.UTF_8));
    }
}
