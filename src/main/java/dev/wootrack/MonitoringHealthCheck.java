package dev.wootrack;

import org.apache.camel.impl.health.AbstractHealthCheck;

/**
 * A WooTrack health check that is neither a readiness nor a liveness check: it is in {@code /observe/health}, which
 * monitoring watches, and not in {@code /ready} (the node still takes webhooks, a load balancer keeps it) nor in
 * {@code /live} (a restart would not mend what it reports). Each subclass says why it is one.
 */
public abstract class MonitoringHealthCheck extends AbstractHealthCheck {

    protected MonitoringHealthCheck(String id) {
        super("wootrack", id);
    }

    @Override
    public final boolean isReadiness() {
        return false;
    }

    @Override
    public final boolean isLiveness() {
        return false;
    }
}
