package dev.wootrack.admin;

import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.apache.camel.component.platform.http.vertx.HttpMessage;

/**
 * The admin API's door ({@code routes/admin-api.camel.yaml}, {@code interceptFrom}): the token is taken from the
 * request's real {@code Authorization} header, read off the Vert.x request, and nowhere else. The Camel header of
 * that name is no proof: platform-http also turns every query parameter and form field into a message header, so
 * {@code ?Authorization=Bearer%20…} (which proxies log) would pass as the header. A request that carries no
 * Vert.x request (not over HTTP) has no header at all and is refused.
 */
public final class AdminAuthorization implements Processor {

    private final AdminApi admin;

    public AdminAuthorization(AdminApi admin) {
        this.admin = admin;
    }

    @Override
    public void process(Exchange exchange) {
        String header = authorizationHeader(exchange.getIn());
        if (header == null && exchange.getIn().getHeader("Authorization") != null && admin.isEnabled()) {
            throw new AdminApi.Refused(401, "unauthorized", "the admin token is read from the 'Authorization: Bearer"
                    + " <admin token>' header only, never from the URL or a form field (proxies log those)");
        }
        admin.authorize(header);
    }

    /** The request's own {@code Authorization} header, or null when it has none (or is not an HTTP request). */
    static String authorizationHeader(Message message) {
        if (message instanceof HttpMessage http && http.getRequest() != null) {
            return http.getRequest().getHeader("Authorization");
        }
        return null;
    }
}
