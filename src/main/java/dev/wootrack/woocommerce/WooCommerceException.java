package dev.wootrack.woocommerce;

/**
 * What WooCommerce answered when a REST call did not succeed, with WooCommerce's own error code
 * ({@code {"code","message","data":{"status"}}}). Subclasses say what the route does about it.
 */
public abstract sealed class WooCommerceException extends RuntimeException
        permits WooCommerceException.AccessDenied, WooCommerceException.Unavailable,
        WooCommerceException.NotFound, WooCommerceException.Rejected {

    private final int status;
    private final String code;

    WooCommerceException(int status, String code, String message) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
    }

    public int getStatus() {
        return status;
    }

    /** WooCommerce's error code, e.g. {@code woocommerce_rest_authentication_error}; null when the body had none. */
    public String getCode() {
        return code;
    }

    /** 401/403: the keys are wrong, revoked or lack permission. Retrying cannot help: the route stops. */
    public static final class AccessDenied extends WooCommerceException {
        public AccessDenied(int status, String code, String message) {
            super(status, code, message);
        }
    }

    /** 429, 408, 5xx: worth retrying after a back-off. */
    public static final class Unavailable extends WooCommerceException {
        public Unavailable(int status, String code, String message) {
            super(status, code, message);
        }
    }

    /** 404: no such order ({@code woocommerce_rest_shop_order_invalid_id}) or no such route ({@code rest_no_route}). */
    public static final class NotFound extends WooCommerceException {
        public NotFound(int status, String code, String message) {
            super(status, code, message);
        }
    }

    /** Any other 4xx, e.g. 400 {@code rest_invalid_param}: the request itself is wrong. */
    public static final class Rejected extends WooCommerceException {
        public Rejected(int status, String code, String message) {
            super(status, code, message);
        }
    }
}
