package dev.wootrack.kamelets;

import org.apache.camel.component.http.HttpClientConfigurer;
import org.apache.hc.client5.http.impl.classic.HttpClientBuilder;

/**
 * One call is one request: Apache HttpClient's own retries (on an I/O error, and of a 503 with Retry-After) are
 * off, so redelivery happens once, in the caller's error handler. The HTTP Kamelets set this on their endpoint
 * ({@code httpClientConfigurer}), so it holds in any host, whatever the host set on its http component.
 */
public final class NoAutomaticRetries implements HttpClientConfigurer {

    @Override
    public void configureHttpClient(HttpClientBuilder clientBuilder) {
        clientBuilder.disableAutomaticRetries();
    }
}
