package dev.wootrack.woocommerce;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.wootrack.pipeline.OrderRules;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Collection;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongFunction;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * Whether the write-back may change an order's status: only from a status WooTrack expects it in. That is the
 * status WooTrack sent it in, or one WooTrack set itself (the order is at a version WooTrack wrote, in a status the
 * status map sets). A merchant who meanwhile refunded, cancelled or completed the order by hand is not overwritten:
 * the write-back records what it left alone instead. No Camel: the route reads the live order and asks.
 */
public final class StatusGuard {

    /**
     * @param change whether the update carries the mapped status
     * @param note   what the decision says about the status when it is not changed (empty when it is)
     */
    public record Check(boolean change, String note) {
        public static final Check NONE = new Check(false, "");
    }

    private final ObjectMapper json;
    private final Predicate<String> writtenVersions;
    private final LongFunction<Optional<String>> sentStatus;
    private final Predicate<String> isTrigger;
    private final Set<String> mapTargets;

    /**
     * @param writtenVersions {@code <id>@<date_modified_gmt>} of the versions WooTrack's own updates produced
     * @param sentStatus      the status an order was in when WooTrack sent it (empty when that history is gone)
     * @param isTrigger       the trigger statuses: what is expected when the send is no longer in the history
     * @param mapTargets      the statuses the status map sets
     */
    public StatusGuard(ObjectMapper json, Predicate<String> writtenVersions, LongFunction<Optional<String>> sentStatus,
                       Predicate<String> isTrigger, Collection<String> mapTargets) {
        this.json = json;
        this.writtenVersions = writtenVersions;
        this.sentStatus = sentStatus;
        this.isTrigger = isTrigger;
        this.mapTargets = mapTargets.stream().map(OrderRules::normalise).collect(Collectors.toUnmodifiableSet());
    }

    /** @param liveOrder the order as WooCommerce has it now (JSON); {@code target} the status the map wants */
    public Check check(long orderId, String target, String liveOrder) {
        JsonNode order;
        try {
            order = json.readTree(liveOrder);
        } catch (IOException e) {
            throw new UncheckedIOException("WooCommerce's order " + orderId + " is not JSON", e);
        }
        String live = OrderRules.normalise(order.path("status").asText());
        if (live.equals(OrderRules.normalise(target))) {
            return new Check(false, "order status already " + target);
        }
        boolean ownVersion = writtenVersions.test(order.path("id").asLong() + "@" + order.path("date_modified_gmt").asText());
        if (ownVersion && mapTargets.contains(live)) {
            return new Check(true, "");
        }
        Optional<String> sent = sentStatus.apply(orderId).map(OrderRules::normalise);
        if (sent.isPresent() ? sent.get().equals(live) : isTrigger.test(live)) {
            return new Check(true, "");
        }
        return new Check(false, "order status left '" + live + "' (changed in WooCommerce since WooTrack "
                + sent.map(s -> "sent it as '" + s + "'").orElse("last saw it") + "), not set to '" + target + "'");
    }
}
