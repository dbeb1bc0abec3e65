package dev.wootrack.config;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Every {@code wootrack.*} setting WooTrack reads, with the kind of value it takes. The defaults and the words
 * for each are in {@code application.properties}; this is what checks them, one place for the command line and
 * for a Camel runtime that embeds WooTrack.
 */
public final class Catalog {

    /** One setting: its key, the kind of value, whether it may be empty, whether its value is a secret. */
    public record Setting(String key, Kind kind, boolean optional, boolean secret) {
        /** The environment variable that sets it: upper-cased, '.' and '-' turned into '_'. */
        public String envName() {
            return Catalog.envName(key);
        }
    }

    private static final Map<String, Setting> SETTINGS = new LinkedHashMap<>();

    static {
        add("wootrack.data-dir", Kind.NAME);
        optional("wootrack.node-id", Kind.NAME);
        optional("wootrack.routes-dir", Kind.NAME);
        add("wootrack.http.port", Kind.PORT);
        add("wootrack.http.max-body-bytes", Kind.SIZE);
        optional("wootrack.public-url", Kind.URL);

        add("wootrack.db.url", Kind.JDBC_URL);
        optional("wootrack.db.user", Kind.TEXT);
        secret("wootrack.db.password");
        add("wootrack.db.pool-size", Kind.POSITIVE);
        add("wootrack.db.group-commit-max", Kind.AUTO_POSITIVE);
        add("wootrack.db.housekeeping-interval", Kind.DURATION);
        optional("wootrack.db.datasource", Kind.TEXT);
        add("wootrack.db.migrate", Kind.BOOLEAN);

        add("wootrack.cluster.enabled", Kind.AUTO_BOOLEAN);
        add("wootrack.cluster.name", Kind.NAME);
        add("wootrack.cluster.checkin-interval", Kind.DURATION);
        add("wootrack.cluster.node-timeout", Kind.DURATION);
        add("wootrack.cluster.misfire-threshold", Kind.DURATION);

        add("wootrack.woocommerce.url", Kind.URL);
        secret("wootrack.woocommerce.consumer-key");
        secret("wootrack.woocommerce.consumer-secret");
        add("wootrack.woocommerce.auth", Kind.AUTH);
        add("wootrack.woocommerce.refetch-on-webhook", Kind.AUTO_BOOLEAN);
        add("wootrack.woocommerce.timeout", Kind.DURATION);
        // the catalog: each line item's weight (issue 16)
        add("wootrack.catalog.weights-enabled", Kind.BOOLEAN);
        add("wootrack.catalog.weight-unit", Kind.WEIGHT_UNIT);
        add("wootrack.catalog.cache-size", Kind.POSITIVE);
        add("wootrack.catalog.cache-expiry", Kind.DURATION);
        add("wootrack.catalog.retries", Kind.COUNT);
        add("wootrack.catalog.retry-delay", Kind.DURATION);
        redelivery("wootrack.woocommerce.redelivery");
        add("wootrack.woocommerce.poll.enabled", Kind.BOOLEAN);
        add("wootrack.woocommerce.poll.interval", Kind.DURATION);
        optional("wootrack.woocommerce.poll.cron", Kind.CRON);
        add("wootrack.woocommerce.poll.overlap", Kind.DURATION);
        add("wootrack.woocommerce.poll.start-lookback", Kind.DURATION);
        add("wootrack.woocommerce.poll.handoff-timeout", Kind.DURATION);
        // optional since issue 16: `webhooks install` sets a secret WooTrack generates; this one is for a webhook made by hand
        SETTINGS.put("wootrack.woocommerce.webhook-secret",
                new Setting("wootrack.woocommerce.webhook-secret", Kind.NAME, true, true));
        add("wootrack.woocommerce.trigger-statuses", Kind.STATUS_LIST);
        optional("wootrack.woocommerce.cancel-statuses", Kind.STATUS_LIST_OR_EMPTY);
        add("wootrack.webhooks.check-interval", Kind.DURATION);
        add("wootrack.webhooks.repair", Kind.BOOLEAN);
        add("wootrack.webhooks.catch-up-lookback", Kind.DURATION);

        add("wootrack.trackingtech.base-url", Kind.URL);
        for (String path : new String[] {"resolve", "login", "stores", "link", "uninstall", "orders", "cancel",
                "status", "updates"}) {
            add("wootrack.trackingtech.path." + path, Kind.URL_PATH);
        }
        add("wootrack.trackingtech.cancel-enabled", Kind.BOOLEAN);
        add("wootrack.trackingtech.connection-check-interval", Kind.DURATION);
        secret("wootrack.trackingtech.token");
        optional("wootrack.trackingtech.store-id", Kind.TEXT);
        optional("wootrack.trackingtech.customer-id", Kind.TEXT);
        add("wootrack.trackingtech.timeout", Kind.DURATION);
        redelivery("wootrack.trackingtech.redelivery");
        secret("wootrack.admin.token");

        add("wootrack.writeback.enabled", Kind.BOOLEAN);
        add("wootrack.writeback.interval", Kind.DURATION);
        add("wootrack.writeback.max-pages-per-run", Kind.POSITIVE);
        add("wootrack.writeback.pages-per-batch", Kind.POSITIVE);
        add("wootrack.writeback.parallelism", Kind.POSITIVE);
        add("wootrack.writeback.note", Kind.NAME);
        add("wootrack.writeback.provider", Kind.NAME);
        optional("wootrack.writeback.status-map", Kind.STATUS_MAP);

        for (String check : new String[] {"region", "commune", "rut", "phone"}) {
            add("wootrack.address.check." + check, Kind.POLICY);
        }
        add("wootrack.address.rut-meta-keys", Kind.NAME);

        add("wootrack.pipeline.workers", Kind.POSITIVE);
        add("wootrack.pipeline.queue-size", Kind.POSITIVE);
        add("wootrack.inbox.recovery-enabled", Kind.BOOLEAN);
        add("wootrack.inbox.recovery-interval", Kind.DURATION);
        add("wootrack.inbox.recovery-batch", Kind.POSITIVE);
        add("wootrack.inbox.lease", Kind.DURATION);

        add("wootrack.events.enabled", Kind.BOOLEAN);
        add("wootrack.events.endpoint", Kind.NAME);
        add("wootrack.events.interval", Kind.DURATION);
        add("wootrack.events.batch", Kind.POSITIVE);

        add("wootrack.reconcile.enabled", Kind.BOOLEAN);
        add("wootrack.reconcile.interval", Kind.DURATION);
        optional("wootrack.reconcile.cron", Kind.CRON);
        add("wootrack.reconcile.window", Kind.DURATION);
        add("wootrack.reconcile.fix", Kind.BOOLEAN);

        add("wootrack.retention.enabled", Kind.BOOLEAN);
        add("wootrack.retention.interval", Kind.DURATION);
        add("wootrack.retention.personal-data", Kind.DURATION);
        add("wootrack.retention.history", Kind.DURATION);
        add("wootrack.retention.keys", Kind.DURATION);
        add("wootrack.retention.versions", Kind.DURATION);
    }

    private Catalog() {
    }

    private static void add(String key, Kind kind) {
        SETTINGS.put(key, new Setting(key, kind, false, false));
    }

    private static void optional(String key, Kind kind) {
        SETTINGS.put(key, new Setting(key, kind, true, false));
    }

    private static void secret(String key) {
        SETTINGS.put(key, new Setting(key, Kind.TEXT, true, true));
    }

    private static void redelivery(String prefix) {
        add(prefix + ".maximum-redeliveries", Kind.COUNT);
        add(prefix + ".initial-delay", Kind.DURATION);
        add(prefix + ".multiplier", Kind.MULTIPLIER);
        add(prefix + ".maximum-delay", Kind.DURATION);
    }

    /** Every setting, in the order of application.properties. */
    public static Iterable<Setting> all() {
        return SETTINGS.values();
    }

    public static Optional<Setting> find(String key) {
        return Optional.ofNullable(SETTINGS.get(key));
    }

    /** The environment variable that sets a key: upper-cased, '.' and '-' turned into '_'. */
    public static String envName(String key) {
        return key.toUpperCase(java.util.Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    /**
     * Checks every known setting the lookup has and returns each in its plain form (durations in milliseconds,
     * sizes in bytes). A value that is not of its kind, or a required one that is missing or empty, stops with an
     * {@link InvalidSetting} that names the key, its environment variable, the value (secrets masked) and what is
     * expected.
     */
    public static Map<String, String> check(Function<String, Optional<String>> lookup) {
        Map<String, String> out = new LinkedHashMap<>();
        for (Setting s : SETTINGS.values()) {
            Optional<String> raw = lookup.apply(s.key());
            if (raw.isEmpty() || raw.get().isBlank()) {
                if (!s.optional()) {
                    throw InvalidSetting.missing(s);
                }
                continue;
            }
            out.put(s.key(), normalize(s, raw.get()));
        }
        return out;
    }

    /** One value in its plain form, or an {@link InvalidSetting}. */
    public static String normalize(Setting s, String value) {
        try {
            return s.kind().normalize(value);
        } catch (RuntimeException e) {
            throw InvalidSetting.bad(s, value);
        }
    }
}
