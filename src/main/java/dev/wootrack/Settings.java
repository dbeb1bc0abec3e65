package dev.wootrack;

import dev.wootrack.config.Catalog;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The typed view of the {@code wootrack.*} settings, read through whatever resolves properties (Camel's properties
 * component in any runtime) and checked by {@link Catalog}: a missing or bad value stops start-up with one line
 * that names the key, its environment variable, the value and what is expected.
 */
public final class Settings {

    private final Map<String, String> values;

    private Settings(Map<String, String> values) {
        this.values = values;
    }

    public static Settings from(Function<String, Optional<String>> lookup) {
        return new Settings(Catalog.check(lookup));
    }

    /** A setting's value in its plain form (durations in ms, sizes in bytes); empty when an optional one is unset. */
    public Optional<String> optional(String key) {
        return Optional.ofNullable(values.get(key));
    }

    public String text(String key) {
        return optional(key).orElseThrow(() -> new IllegalStateException("no setting " + key));
    }

    public long number(String key) {
        return Long.parseLong(text(key));
    }

    public Duration duration(String key) {
        return Duration.ofMillis(number(key));
    }

    public boolean flag(String key) {
        return Boolean.parseBoolean(text(key));
    }

    public List<String> list(String key) {
        return optional(key).map(v -> Arrays.stream(v.split(",")).map(String::trim).filter(s -> !s.isEmpty())
                .toList()).orElse(List.of());
    }

    public Path dataDir() {
        return Path.of(text("wootrack.data-dir"));
    }

    /**
     * This node's id: {@code wootrack.node-id}, or by default {@code <host>-<pid>}, unique among the nodes that share
     * a database (a restarted node is a new node; the claims of its previous life are taken back once that one is
     * seen dead, see {@link dev.wootrack.store.Nodes}).
     */
    public String nodeId() {
        return optional("wootrack.node-id").map(String::trim).filter(s -> !s.isEmpty()).orElse(DEFAULT_NODE_ID);
    }

    private static final String DEFAULT_NODE_ID = defaultNodeId();

    private static String defaultNodeId() {
        String id = dev.wootrack.store.Nodes.thisHost() + "-" + ProcessHandle.current().pid();
        return id.length() <= 80 ? id : id.substring(id.length() - 80);
    }

    /**
     * Whether the scheduled routes that run once per cluster use Quartz's clustered job store in the database:
     * {@code wootrack.cluster.enabled} true/false, or auto: on for PostgreSQL ({@code jdbc:postgresql:}), off for H2.
     */
    public boolean clustered() {
        String v = optional("wootrack.cluster.enabled").map(String::trim).orElse("auto");
        if (!"auto".equalsIgnoreCase(v)) {
            return Boolean.parseBoolean(v);
        }
        return optional("wootrack.db.datasource").filter(s -> !s.isBlank()).isEmpty()
                && optional("wootrack.db.url").map(u -> u.trim().startsWith("jdbc:postgresql:")).orElse(false);
    }

    /** The configured webhook secret (a webhook made by hand); empty when only WooTrack's own webhooks are used. */
    public Optional<String> webhookSecret() {
        return optional("wootrack.woocommerce.webhook-secret");
    }

    /**
     * WooTrack's address as WooCommerce reaches it ({@code wootrack.public-url}), without a trailing slash; empty when
     * not set ({@code webhooks install} needs it).
     */
    public Optional<String> publicUrl() {
        return optional("wootrack.public-url").map(String::trim).map(u -> u.replaceAll("/+$", ""))
                .filter(u -> !u.isEmpty());
    }

    public List<String> triggerStatuses() {
        return list("wootrack.woocommerce.trigger-statuses");
    }

    public List<String> cancelStatuses() {
        return list("wootrack.woocommerce.cancel-statuses");
    }

    public long maxBodyBytes() {
        return number("wootrack.http.max-body-bytes");
    }

    public Optional<String> trackingTechToken() {
        return optional("wootrack.trackingtech.token");
    }

    public Optional<String> storeId() {
        return optional("wootrack.trackingtech.store-id");
    }

    public Optional<String> customerId() {
        return optional("wootrack.trackingtech.customer-id");
    }

    /** The longest back-off, Retry-After included. */
    public long retryAfterCapMillis() {
        return number("wootrack.trackingtech.redelivery.maximum-delay");
    }

    public long inboxLeaseMillis() {
        return number("wootrack.inbox.lease");
    }

    /** The environment variable that overrides a key: upper-cased, '.' and '-' turned into '_'. */
    public static String envName(String key) {
        return Catalog.envName(key);
    }
}
