package dev.wootrack.store;

/**
 * An order the inbox cannot keep as it is (larger than a payload column holds, a status longer than a status can be):
 * refused before anything is written, so the intake that read it can say so and go on with the next one.
 */
public final class InboxRefused extends RuntimeException {

    private final long orderId;

    public InboxRefused(long orderId, String message) {
        super(message, null, false, false);
        this.orderId = orderId;
    }

    public long orderId() {
        return orderId;
    }
}
