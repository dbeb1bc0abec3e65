package dev.wootrack.admin;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * The admin console's static files ({@code /console}, route {@code admin-console}), read once from the jar's
 * {@code console/} folder: no CDN, nothing fetched at run time. Every answer carries a strict
 * Content-Security-Policy ({@link #CSP}: scripts and styles from this origin only, no inline code, no framing) and
 * asks to be revalidated, not sniffed or framed: {@link HttpFrontDoor#CONSOLE_HEADERS}, written by the HTTP server's
 * front door (a {@code Cache-Control} message header would be dropped by platform-http). The files hold no data:
 * everything comes from {@code /admin}, with the token.
 */
public final class ConsoleFiles implements Processor {

    /** The console's files; anything else under /console is 404. */
    static final List<String> FILES = List.of("index.html", "console.css", "console.js", "icon.svg");

    static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self';"
            + " connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    private final Map<String, byte[]> files = new HashMap<>();

    public ConsoleFiles() {
        for (String name : FILES) {
            try (InputStream in = ConsoleFiles.class.getClassLoader().getResourceAsStream("console/" + name)) {
                if (in == null) {
                    throw new IllegalStateException("console/" + name + " is missing from the class path");
                }
                files.put(name, in.readAllBytes());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    @Override
    public void process(Exchange exchange) {
        String path = path(exchange.getMessage().getHeader(Exchange.HTTP_URI, String.class));
        String name = path.isEmpty() || path.equals("/") ? "index.html" : path.substring(1);
        byte[] file = files.get(name);
        var message = exchange.getMessage();
        message.getHeaders().clear();
        if (file == null) {
            message.setHeader(Exchange.HTTP_RESPONSE_CODE, 404);
            message.setHeader(Exchange.CONTENT_TYPE, "text/plain; charset=utf-8");
            message.setBody("not found".getBytes(StandardCharsets.UTF_8));
            return;
        }
        message.setHeader(Exchange.HTTP_RESPONSE_CODE, 200);
        message.setHeader(Exchange.CONTENT_TYPE, type(name));
        message.setBody(file);
    }

    /** The part after {@code /console} of the request's path ({@code /console}, {@code /console/x.js}). */
    static String path(String uri) {
        String p = uri == null ? "" : URI.create(uri.replace(" ", "%20")).getPath();
        if (p == null) {
            return "";
        }
        int at = p.indexOf("/console");
        return at < 0 ? p : p.substring(at + "/console".length());
    }

    private static String type(String name) {
        if (name.endsWith(".html")) {
            return "text/html; charset=utf-8";
        }
        if (name.endsWith(".css")) {
            return "text/css; charset=utf-8";
        }
        if (name.endsWith(".svg")) {
            return "image/svg+xml";
        }
        return "text/javascript; charset=utf-8";
    }
}
