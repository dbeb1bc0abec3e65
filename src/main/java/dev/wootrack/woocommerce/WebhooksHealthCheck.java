package dev.wootrack.woocommerce;

import dev.wootrack.MonitoringHealthCheck;
import dev.wootrack.store.InstalledWebhooks;
import java.util.Map;
import org.apache.camel.health.HealthCheckResultBuilder;

/**
 * {@code /observe/health}: DOWN with the reason while one of the webhooks WooTrack installed is disabled by WooCommerce
 * (until it is active again and the orders changed meanwhile were read again) or gone from WooCommerce; UP otherwise,
 * with each installed webhook's status in the details. Every node shows it (the rows are shared; at most a few seconds
 * old).
 *
 * <p>Neither a readiness nor a liveness check, like the access alarm: this node takes webhooks all the same (a load
 * balancer keeps it), and a restart would not re-activate a webhook. Monitoring watches {@code /observe/health}.
 */
public final class WebhooksHealthCheck extends MonitoringHealthCheck {

    private final InstalledWebhooks installed;

    public WebhooksHealthCheck(InstalledWebhooks installed) {
        super("webhooks");
        this.installed = installed;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        InstalledWebhooks.Snapshot s = installed.cached();
        s.rows().forEach(r -> builder.detail(r.topic(), (r.status() == null ? "installed" : r.status())
                + (r.webhookId() == null ? "" : " (webhook " + r.webhookId() + ")")));
        if (s.alarms().isEmpty()) {
            builder.up();
        } else {
            builder.down().message(String.join("; ", s.alarms().stream().map(InstalledWebhooks.Installed::alarm)
                    .toList()));
        }
    }
}
