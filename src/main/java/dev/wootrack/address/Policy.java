package dev.wootrack.address;

import java.util.Locale;

/**
 * What one address check does with what it finds ({@code wootrack.address.check.*}).
 * <ul>
 * <li>{@link #OFF}: the check does not run.</li>
 * <li>{@link #WARN}: the order is sent as it is; a problem is recorded as a warning in the decision's reason.</li>
 * <li>{@link #FIX}: what can be put right is (a canonical form, a close unique match), the rest is a warning.</li>
 * <li>{@link #HOLD}: canonical forms are written as under fix; any other problem parks the order as
 * {@code needs-review} until someone sends it anyway (the console, {@code POST /admin/orders/{id}/send-anyway}).</li>
 * </ul>
 */
public enum Policy {
    OFF, WARN, FIX, HOLD;

    /** {@code off}, {@code warn}, {@code fix} or {@code hold}, in any case. */
    public static Policy of(String value) {
        return valueOf(value.trim().toUpperCase(Locale.ROOT));
    }

    public String slug() {
        return name().toLowerCase(Locale.ROOT);
    }
}
