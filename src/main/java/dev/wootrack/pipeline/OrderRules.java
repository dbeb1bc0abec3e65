package dev.wootrack.pipeline;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/** Which WooCommerce statuses create a shipment and which cancel one. Statuses match without a {@code wc-} prefix. */
public final class OrderRules {

    private final Set<String> triggers;
    private final Set<String> cancellations;

    public OrderRules(List<String> triggerStatuses, List<String> cancelStatuses) {
        this.triggers = normalise(triggerStatuses);
        this.cancellations = normalise(cancelStatuses);
    }

    public boolean isTrigger(String status) {
        return triggers.contains(normalise(status));
    }

    public boolean isCancellation(String status) {
        return cancellations.contains(normalise(status));
    }

    private static Set<String> normalise(List<String> statuses) {
        return statuses.stream().map(OrderRules::normalise).collect(Collectors.toUnmodifiableSet());
    }

    /** A status as the rules compare it: trimmed, lower case, without a {@code wc-} prefix. */
    public static String normalise(String status) {
        if (status == null) {
            return "";
        }
        String s = status.trim().toLowerCase(Locale.ROOT);
        return s.startsWith("wc-") ? s.substring(3) : s;
    }
}
