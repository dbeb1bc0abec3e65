package dev.wootrack.woocommerce;

import dev.wootrack.MonitoringHealthCheck;
import java.util.Map;
import org.apache.camel.health.HealthCheckResultBuilder;

/**
 * {@code /observe/health}: DOWN with the reason while WooCommerce refuses WooTrack's keys (the routes that got the
 * 401/403 are stopped; see their details).
 *
 * <p>Neither a readiness nor a liveness check: webhooks are still taken and committed while the REST keys are
 * refused, so {@code /observe/health/ready} stays UP (a load balancer keeps the node), and a restart
 * ({@code /live}) would not fix the keys. Monitoring watches {@code /observe/health}, which has it.
 */
public final class WooCommerceHealthCheck extends MonitoringHealthCheck {

    private final WooCommerceAlarm alarm;

    public WooCommerceHealthCheck(WooCommerceAlarm alarm) {
        super("woocommerce-access");
        this.alarm = alarm;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        if (alarm.isRaised()) {
            builder.down().message(alarm.describe());
            alarm.alarms().forEach((route, r) -> builder.detail("stopped." + route, r.message()));
        } else {
            builder.up();
        }
    }
}
