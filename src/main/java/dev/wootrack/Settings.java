package dev.wootrack;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The typed view of the {@code wootrack.*} keys of application.properties, read through whatever resolves
 * properties (Camel's properties component, so {@code -Dkey=value} and environment variables override the
 * file). A required key that is missing or blank stops start-up with a message that names it.
 */
public record Settings(
        Path dataDir,
        String nodeId,
        String webhookSecret,
        List<String> triggerStatuses,
        List<String> cancelStatuses,
        boolean cancelEnabled,
        long maxBodyBytes,
        Optional<String> trackingTechToken,
        Optional<String> storeId,
        Optional<String> customerId,
        long retryAfterCapMillis,
        long inboxLeaseMillis) {

    public static Settings from(Function<String, Optional<String>> lookup) {
        Reader r = new Reader(lookup);
        return new Settings(
                Path.of(r.required("wootrack.data-dir")),
                r.required("wootrack.node-id"),
                r.required("wootrack.woocommerce.webhook-secret"),
                r.list("wootrack.woocommerce.trigger-statuses"),
                r.list("wootrack.woocommerce.cancel-statuses"),
                Boolean.parseBoolean(r.required("wootrack.trackingtech.cancel-enabled")),
                Long.parseLong(r.required("wootrack.http.max-body-bytes")),
                r.optional("wootrack.trackingtech.token"),
                r.optional("wootrack.trackingtech.store-id"),
                r.optional("wootrack.trackingtech.customer-id"),
                Long.parseLong(r.required("wootrack.trackingtech.redelivery.maximum-delay")),
                Long.parseLong(r.required("wootrack.inbox.lease")));
    }

    /** The environment variable that overrides a key: upper-cased, '.' and '-' turned into '_'. */
    public static String envName(String key) {
        return key.toUpperCase().replace('.', '_').replace('-', '_');
    }

    private record Reader(Function<String, Optional<String>> lookup) {
        Optional<String> optional(String key) {
            return lookup.apply(key).map(String::trim).filter(v -> !v.isEmpty());
        }

        String required(String key) {
            return optional(key).orElseThrow(() -> new MissingSetting(key));
        }

        List<String> list(String key) {
            return Arrays.stream(required(key).split(","))
                    .map(String::trim).filter(s -> !s.isEmpty()).toList();
        }
    }

    /** A required setting has no value. */
    public static final class MissingSetting extends IllegalStateException {
        public MissingSetting(String key) {
            super("Missing required setting '" + key + "': set it in application.properties, with -D" + key
                    + "=… or with the environment variable " + envName(key));
        }
    }
}
