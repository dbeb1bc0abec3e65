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

    /**
     * Sets CamelHttpMethod as camel-http's own enum: set as text, camel-http converts it for every call, and that
     * conversion (a miss in Camel's type-converter cache, each time) cost about 3 % of WooTrack's CPU per order (issue 15).
     */
    static String method(org.apache.camel.Message in, String fallback) {
        Object given = in.getHeader(org.apache.camel.Exchange.HTTP_METHOD);
        String method = (given == null ? fallback : given.toString()).trim().toUpperCase(java.util.Locale.ROOT);
        in.setHeader(org.apache.camel.Exchange.HTTP_METHOD, org.apache.camel.component.http.HttpMethods.valueOf(method));
        return method;
    }

    /** A JSON request: Accept JSON; a read (GET, HEAD) sends no body, whatever the caller's is; a body is JSON. */
    static void jsonRequest(org.apache.camel.Message in) {
        in.setHeader("Accept", "application/json");
        Object m = in.getHeader(org.apache.camel.Exchange.HTTP_METHOD);
        String method = m == null ? "" : m.toString();
        if ("GET".equals(method) || "HEAD".equals(method)) {
            in.setBody(null);
        }
        if (in.getBody() != null) {
            in.setHeader("Content-Type", "application/json");
        }
    }
}
