package dev.wootrack.woocommerce;

import java.util.Map;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/** {@code /observe/health}: DOWN with the reason while WooCommerce refuses WooTrack's keys. */
public final class WooCommerceHealthCheck extends AbstractHealthCheck {

    private final WooCommerceAlarm alarm;

    public WooCommerceHealthCheck(WooCommerceAlarm alarm) {
        super("wootrack", "woocommerce-access");
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
