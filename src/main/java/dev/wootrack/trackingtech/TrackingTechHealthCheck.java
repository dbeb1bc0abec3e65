package dev.wootrack.trackingtech;

import dev.wootrack.MonitoringHealthCheck;
import java.util.Map;
import org.apache.camel.health.HealthCheckResultBuilder;

/**
 * {@code /observe/health}: DOWN while TrackingTech refuses the token (orders park until {@code connect} is run
 * again). Not being connected (yet, or after {@code disconnect}) is a state, not a fault: UP, with the state in the
 * details ({@code state: disconnected}); orders are accepted and wait, parked.
 *
 * <p>Neither a readiness nor a liveness check: {@code /observe/health/ready} says whether this node can take
 * webhooks, and it can (they are committed and park), so a load balancer must not drop it; and a restart
 * ({@code /live}) would not bring a valid token back. Monitoring watches {@code /observe/health}, which has it.
 */
public final class TrackingTechHealthCheck extends MonitoringHealthCheck {

    private final TrackingTechConnection connection;

    public TrackingTechHealthCheck(TrackingTechConnection connection) {
        super("trackingtech-connection");
        this.connection = connection;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        builder.detail("state", connection.getState().name().toLowerCase());
        if (connection.getState() == TrackingTechConnection.State.LOGIN_REQUIRED) {
            builder.down().message(connection.getProblem());
        } else if (connection.getState() == TrackingTechConnection.State.CONNECTED) {
            builder.up();
        } else {
            builder.up().message(connection.getProblem() + "; orders are accepted and wait, parked");
        }
    }
}
