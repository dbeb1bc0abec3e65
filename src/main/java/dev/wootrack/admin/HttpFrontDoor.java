package dev.wootrack.admin;

import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.camel.CamelContext;
import org.apache.camel.StartupListener;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpRouter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What every answer of WooTrack's HTTP server gets before any route sees the request, installed on the
 * platform-http Vert.x router when Camel starts (commands without a server have no router: nothing to do).
 * <ul>
 * <li>The security headers of {@code /admin} and {@code /console}. They cannot be message headers of the routes:
 * platform-http's {@code HttpHeaderFilterStrategy} drops {@code Cache-Control} (and {@code Pragma}) on the way out,
 * and the router's own 404/405 or a failure never reach a route at all. Written on the Vert.x response at the
 * door, they are on every answer under those paths: success, refusal, 401, 404, 405, 400, 500.</li>
 * <li>A URL Vert.x cannot decode (a malformed {@code %}-escape in the path or the query) is a 400 with a JSON
 * reason and one WARN line, instead of Vert.x's "Unhandled exception in router" with a stack trace at ERROR.</li>
 * <li>The router's own 404 and 405 (no route for the path, or not for that method) are JSON
 * {@code {"error","message"}} like every other refusal, instead of an HTML page.</li>
 * </ul>
 */
public final class HttpFrontDoor implements StartupListener {

    private static final Logger LOG = LoggerFactory.getLogger("dev.wootrack.http");

    /** Before Camel's routes (Vert.x orders routes by this number, then by when they were added). */
    private static final int FIRST = -1000;

    /** The admin API's answers: JSON for the token holder only, never cached, sniffed, framed or referred. */
    public static final Map<String, String> ADMIN_HEADERS = headers(
            "Cache-Control", "no-store",
            "X-Content-Type-Options", "nosniff",
            "X-Frame-Options", "DENY",
            "Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'",
            "Referrer-Policy", "no-referrer");

    /** The console's files: no data in them, but always revalidated, and only this origin's code runs. */
    public static final Map<String, String> CONSOLE_HEADERS = headers(
            "Cache-Control", "no-cache",
            "X-Content-Type-Options", "nosniff",
            "X-Frame-Options", "DENY",
            "Content-Security-Policy", ConsoleFiles.CSP,
            "Referrer-Policy", "no-referrer",
            "Cross-Origin-Opener-Policy", "same-origin");

    @Override
    public void onCamelContextStarted(CamelContext context, boolean alreadyStarted) {
        for (VertxPlatformHttpRouter router : context.getRegistry().findByType(VertxPlatformHttpRouter.class)) {
            install(router);
        }
    }

    static void install(VertxPlatformHttpRouter router) {
        router.route("/admin/*").order(FIRST).handler(ctx -> {
            put(ctx.response(), ADMIN_HEADERS);
            ctx.next();
        });
        router.route("/console*").order(FIRST).handler(ctx -> {
            put(ctx.response(), CONSOLE_HEADERS);
            ctx.next();
        });
        // a path Vert.x cannot decode fails in the top router, before any route: its error handler for 400
        io.vertx.core.http.HttpServer server = router.getServer() == null ? null : router.getServer().getServer();
        if (server != null && server.requestHandler() instanceof io.vertx.ext.web.Router top) {
            top.errorHandler(400, HttpFrontDoor::badRequest);
            top.errorHandler(404, ctx -> refuse(ctx, 404, "not_found", "there is nothing at "
                    + ctx.request().method() + " " + pathOnly(ctx.request().uri())));
            top.errorHandler(405, ctx -> refuse(ctx, 405, "method_not_allowed", ctx.request().method()
                    + " is not one of the methods " + pathOnly(ctx.request().uri()) + " takes"));
        } else {
            LOG.warn("no top-level HTTP router found: a malformed URL gets Vert.x's own 400");
        }
    }

    /**
     * A request the router could not read (400): a JSON reason and one WARN line with the method and the path
     * (never the query, which may hold anything), without the stack trace.
     */
    private static void badRequest(RoutingContext ctx) {
        boolean url = mentions(ctx.failure(), "escape");
        String reason = url ? "the URL is not valid: a '%' must be followed by two hexadecimal digits"
                : "the request could not be read";
        LOG.warn("HTTP {} {}: 400 bad_request: {}", ctx.request().method(), pathOnly(ctx.request().uri()), reason);
        refuse(ctx, 400, "bad_request", reason);
    }

    /** The router's own refusal as WooTrack's others look: {@code {"error","message"}}. */
    private static void refuse(RoutingContext ctx, int status, String code, String message) {
        HttpServerResponse response = ctx.response();
        if (response.headWritten()) {
            return;
        }
        if (pathOnly(ctx.request().uri()).startsWith("/admin")) {
            put(response, ADMIN_HEADERS); // also when the path could not be routed at all
        }
        response.setStatusCode(status).putHeader("Content-Type", "application/json")
                .end(new io.vertx.core.json.JsonObject().put("error", code).put("message", message).encode());
    }

    private static boolean mentions(Throwable t, String word) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c.getMessage() != null && c.getMessage().contains(word)) {
                return true;
            }
        }
        return false;
    }

    /** The path of a request URI, without its query (which may hold anything), printable and short. */
    static String pathOnly(String uri) {
        String p = uri == null ? "" : uri;
        int q = p.indexOf('?');
        if (q >= 0) {
            p = p.substring(0, q);
        }
        p = p.replaceAll("[^\\x21-\\x7E]", "?");
        return p.length() > 100 ? p.substring(0, 100) + "…" : p;
    }

    private static void put(HttpServerResponse response, Map<String, String> headers) {
        MultiMap h = response.headers();
        headers.forEach(h::set);
    }

    private static Map<String, String> headers(String... pairs) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            m.put(pairs[i], pairs[i + 1]);
        }
        return java.util.Collections.unmodifiableMap(m);
    }
}
