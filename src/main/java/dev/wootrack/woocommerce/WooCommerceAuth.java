package dev.wootrack.woocommerce;

import com.github.scribejava.core.builder.api.DefaultApi10a;
import com.github.scribejava.core.model.OAuth1AccessToken;
import com.github.scribejava.core.model.OAuthRequest;
import com.github.scribejava.core.model.Verb;
import com.github.scribejava.core.oauth.OAuth10aService;
import com.github.scribejava.core.services.TimestampService;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;

/**
 * Authenticates calls to the WooCommerce REST API the ways WooCommerce accepts
 * ({@code WC_REST_Authentication}): HTTP Basic with the consumer key and secret when WordPress sees HTTPS;
 * OAuth 1.0a one-legged (HMAC-SHA1, signed by scribejava) when it sees plain HTTP; or the key and secret
 * in the query string over HTTPS, for hosts that strip the Authorization header.
 * {@code auto} picks Basic for an https store URL and OAuth 1.0a for an http one.
 */
public final class WooCommerceAuth {

    /** How credentials travel. */
    public enum Mode { BASIC, OAUTH1, QUERY, NONE }

    private final Mode mode;
    private final String consumerKey;
    private final String consumerSecret;
    private final OAuth10aService oauth;

    public WooCommerceAuth(String mode, String storeUrl, String consumerKey, String consumerSecret) {
        this(mode, storeUrl, consumerKey, consumerSecret, null);
    }

    /** @param timestamps where OAuth timestamps and nonces come from (null: the clock and a random nonce) */
    WooCommerceAuth(String mode, String storeUrl, String consumerKey, String consumerSecret,
                    TimestampService timestamps) {
        this.consumerKey = blankToNull(consumerKey);
        this.consumerSecret = blankToNull(consumerSecret);
        this.mode = this.consumerKey == null || this.consumerSecret == null ? Mode.NONE : resolve(mode, storeUrl);
        this.oauth = this.mode == Mode.OAUTH1 ? oauthService(this.consumerKey, this.consumerSecret, timestamps) : null;
    }

    static Mode resolve(String configured, String storeUrl) {
        String m = configured == null ? "auto" : configured.trim().toLowerCase(Locale.ROOT);
        return switch (m) {
            case "basic" -> Mode.BASIC;
            case "oauth1" -> Mode.OAUTH1;
            case "query" -> Mode.QUERY;
            case "auto", "" -> storeUrl != null && storeUrl.trim().toLowerCase(Locale.ROOT).startsWith("https:")
                    ? Mode.BASIC : Mode.OAUTH1;
            default -> throw new IllegalArgumentException("wootrack.woocommerce.auth must be auto, basic, oauth1 or"
                    + " query, not '" + configured + "'");
        };
    }

    public Mode mode() {
        return mode;
    }

    /** True when REST credentials are configured. */
    public boolean configured() {
        return mode != Mode.NONE;
    }

    /** The URL to call: the given one, plus the credentials in its query string in {@code query} mode. */
    public String url(String url) {
        if (mode != Mode.QUERY) {
            return url;
        }
        return url + (url.contains("?") ? "&" : "?") + "consumer_key=" + encode(consumerKey)
                + "&consumer_secret=" + encode(consumerSecret);
    }

    /**
     * The {@code Authorization} header for a call to {@code url} (the URL as it will be sent, query included),
     * or null when the mode sends none. OAuth signatures cover the method, the URL and every query parameter.
     */
    public String authorization(String method, String url) {
        return switch (mode) {
            case BASIC -> "Basic " + Base64.getEncoder().encodeToString(
                    (consumerKey + ":" + consumerSecret).getBytes(StandardCharsets.UTF_8));
            case OAUTH1 -> oauth1(method, url, null, null);
            case QUERY, NONE -> null;
        };
    }

    /** OAuth 1.0a header; with a token for the published test vectors, without one (one-legged) in use. */
    String oauth1(String method, String url, String token, String tokenSecret) {
        OAuthRequest request = new OAuthRequest(Verb.valueOf(method.toUpperCase(Locale.ROOT)), url);
        oauth.signRequest(token == null ? new OAuth1AccessToken("", "") : new OAuth1AccessToken(token, tokenSecret),
                request);
        return request.getHeaders().get("Authorization");
    }

    /** A URL fit for a log line: the host and path, never credentials in the query string. */
    public static String redact(String url) {
        if (url == null) {
            return null;
        }
        try {
            URI u = URI.create(url);
            return u.getScheme() + "://" + u.getRawAuthority() + u.getRawPath();
        } catch (IllegalArgumentException e) {
            int q = url.indexOf('?');
            return q < 0 ? url : url.substring(0, q);
        }
    }

    @Override
    public String toString() {
        return "WooCommerceAuth[" + mode + (consumerKey == null ? "" : ", key " + consumerKey.substring(0,
                Math.min(7, consumerKey.length())) + "…") + "]";
    }

    private static OAuth10aService oauthService(String key, String secret, TimestampService timestamps) {
        DefaultApi10a api = new DefaultApi10a() {
            @Override
            public String getRequestTokenEndpoint() {
                throw new UnsupportedOperationException("one-legged OAuth: no request token");
            }

            @Override
            public String getAccessTokenEndpoint() {
                throw new UnsupportedOperationException("one-legged OAuth: no access token");
            }

            @Override
            protected String getAuthorizationBaseUrl() {
                throw new UnsupportedOperationException("one-legged OAuth: no authorization");
            }

            @Override
            public TimestampService getTimestampService() {
                return timestamps != null ? timestamps : super.getTimestampService();
            }
        };
        return new OAuth10aService(api, key, secret, null, null, null, null, null, null);
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
