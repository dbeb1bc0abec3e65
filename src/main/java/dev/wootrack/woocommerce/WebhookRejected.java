package dev.wootrack.woocommerce;

import dev.wootrack.RequestRefused;

/** A webhook delivery refused, with the HTTP status and a short machine code the sender gets back. */
public final class WebhookRejected extends RequestRefused {

    public WebhookRejected(int status, String code, String message) {
        super(status, code, message);
    }
}
