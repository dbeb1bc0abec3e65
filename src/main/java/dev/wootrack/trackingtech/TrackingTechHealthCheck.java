package dev.wootrack.trackingtech;

import java.util.Map;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/**
 * {@code /observe/health}: DOWN while TrackingTech refuses the token (orders park until {@code connect} is run
 * again). Not being connected yet is a state, not a fault: UP, with the state in the details.
 */
public final class TrackingTechHealthCheck extends AbstractHealthCheck {

    private final TrackingTechConnection connection;

    public TrackingTechHealthCheck(TrackingTechConnection connection) {
        super("wootrack", "trackingtech-connection");
        this.connection = connection;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        builder.detail("state", connection.getState().name().toLowerCase());
        if (connection.getState() == TrackingTechConnection.State.LOGIN_REQUIRED) {
            builder.down().message(connection.getProblem());
        } else {
            builder.up();
        }
    }
}
