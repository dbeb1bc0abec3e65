package dev.wootrack.woocommerce;

import dev.wootrack.store.InstalledWebhooks;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The secrets a webhook delivery may be signed with: those WooTrack generated for the webhooks it installed
 * ({@code webhooks install}, kept in the database) and the one configured as {@code wootrack.woocommerce.webhook-secret}
 * (a webhook the merchant made by hand), if any. A delivery verifies when its signature is that of one of them.
 *
 * <p>The stored secrets come from a snapshot a few seconds old at most ({@link InstalledWebhooks#cached()}); a delivery
 * that verifies with none of them has the rows read again (at most once a second), so a webhook installed a moment ago
 * by {@code webhooks install} beside the running WooTrack is taken from its first delivery.
 */
public final class WebhookSecrets {

    /** A delivery that does not verify reads the stored secrets again when they are older than this. */
    static final Duration REREAD_AFTER = Duration.ofSeconds(1);

    private final WebhookSignature configured;
    private final Supplier<List<String>> stored;
    private final Function<Duration, List<String>> reread;

    private WebhookSecrets(String configured, Supplier<List<String>> stored,
                           Function<Duration, List<String>> reread) {
        this(configured == null || configured.isEmpty() ? null : new WebhookSignature(configured), stored, reread);
    }

    private WebhookSecrets(WebhookSignature configured, Supplier<List<String>> stored,
                           Function<Duration, List<String>> reread) {
        this.configured = configured;
        this.stored = stored;
        this.reread = reread;
    }

    /** Only this secret (the Kamelet on its own, tests). */
    public static WebhookSecrets of(String secret) {
        return new WebhookSecrets(secret, List::of, age -> List.of());
    }

    /** Only this signature's secret. */
    static WebhookSecrets of(WebhookSignature signature) {
        return new WebhookSecrets(signature, List::of, age -> List.of());
    }

    /** The secrets of the installed webhooks and, when not blank, the configured one. */
    public static WebhookSecrets of(String configured, InstalledWebhooks installed) {
        return new WebhookSecrets(configured, () -> installed.cached().secrets(),
                age -> installed.refresh(age).secrets());
    }

    /** True when at least one secret is known: otherwise no delivery can verify. */
    public boolean any() {
        return configured != null || !stored.get().isEmpty();
    }

    /** True when {@code signature} is the signature of {@code body} with one of the secrets (each compared in constant time). */
    public boolean matches(byte[] body, String signature) {
        if (signature == null) {
            return false;
        }
        if (matchesStored(body, signature, stored.get())) {
            return true;
        }
        if (configured != null && configured.matches(body, signature)) {
            return true;
        }
        // installed a moment ago, by a command beside this WooTrack or on another node: read the rows again
        return matchesStored(body, signature, reread.apply(REREAD_AFTER));
    }

    private static boolean matchesStored(byte[] body, String signature, List<String> secrets) {
        for (String s : secrets) {
            if (new WebhookSignature(s).matches(body, signature)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return "WebhookSecrets[configured " + (configured != null) + "]";
    }
}
