package dev.wootrack.woocommerce;

/** A webhook delivery refused, with the HTTP status and a short machine code the sender gets back. */
public final class WebhookRejected extends RuntimeException {

    private final int status;
    private final String code;

    public WebhookRejected(int status, String code, String message) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
    }

    public int getStatus() {
        return status;
    }

    public String getCode() {
        return code;
    }
}
