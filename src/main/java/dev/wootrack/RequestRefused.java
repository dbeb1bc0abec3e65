package dev.wootrack;

/**
 * A request WooTrack refuses (a webhook delivery, an admin call), with the HTTP status and a short machine code
 * the sender gets back as {@code {"error": code, "message": message}}.
 */
public class RequestRefused extends RuntimeException {

    private final int status;
    private final String code;

    public RequestRefused(int status, String code, String message) {
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
