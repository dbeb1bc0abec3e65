package dev.wootrack.kamelets;

/** Joining a base URL and a path, the way the Kamelets take them. */
final class Urls {

    private Urls() {
    }

    /** {@code https://h/api} + {@code v1/orders} or {@code /v1/orders} = {@code https://h/api/v1/orders}. */
    static String join(String base, String path) {
        String b = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
        if (path == null || path.isEmpty()) {
            return b;
        }
        return b + (path.startsWith("/") ? path : "/" + path);
    }

    static String require(String kamelet, String property, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(kamelet + ": property '" + property + "' is required and must not be"
                    + " blank (set it on the kamelet URI or as camel.kamelet." + kamelet + "." + property + ")");
        }
        return value.trim();
    }

    /** A JSON request: Accept JSON; a read (GET, HEAD) sends no body, whatever the caller's is; a body is JSON. */
    static void jsonRequest(org.apache.camel.Message in) {
        in.setHeader("Accept", "application/json");
        String m = in.getHeader(org.apache.camel.Exchange.HTTP_METHOD, String.class);
        if ("GET".equals(m) || "HEAD".equals(m)) {
            in.setBody(null);
        }
        if (in.getBody() != null) {
            in.setHeader("Content-Type", "application/json");
        }
    }
}
