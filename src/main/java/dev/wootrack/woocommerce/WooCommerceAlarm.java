package dev.wootrack.woocommerce;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Access alarms: which routes WooCommerce refused (401/403) and why. A raised alarm shows in the log and
 * turns {@code /observe/health} DOWN; it clears when a call to WooCommerce succeeds again (after the keys
 * are fixed and the route restarted, or WooTrack restarted).
 */
public final class WooCommerceAlarm {

    private static final Logger LOG = LoggerFactory.getLogger("dev.wootrack.woocommerce");

    /** One raised alarm. */
    public record Raised(String route, String message, Instant since) {
    }

    private final Map<String, Raised> raised = new ConcurrentHashMap<>();
    private final Clock clock;

    public WooCommerceAlarm(Clock clock) {
        this.clock = clock;
    }

    /** Raises the alarm for a route; logs it once per route. */
    public void raise(String route, String message) {
        Raised previous = raised.putIfAbsent(route, new Raised(route, message, clock.instant()));
        if (previous == null) {
            LOG.error("ALARM: WooCommerce refused access; route '{}' is stopped until this is fixed: {}", route,
                    message);
        }
    }

    /** Clears the alarm of a route after a successful call. */
    public void clear(String route) {
        if (route != null && raised.remove(route) != null) {
            LOG.info("WooCommerce access restored for route '{}'", route);
        }
    }

    public boolean isRaised() {
        return !raised.isEmpty();
    }

    public Map<String, Raised> alarms() {
        return Map.copyOf(raised);
    }

    /** One line for health checks and status. */
    public String describe() {
        return raised.values().stream().map(r -> r.route() + ": " + r.message())
                .collect(Collectors.joining("; "));
    }
}
