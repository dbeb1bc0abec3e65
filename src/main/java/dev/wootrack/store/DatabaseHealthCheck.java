package dev.wootrack.store;

import java.util.Map;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/**
 * {@code /observe/health} and {@code /observe/health/ready}: DOWN with the reason while the database fails (a full
 * disk, a closed file, a server that went away): webhooks are refused with 503 meanwhile, so a load balancer should
 * send them elsewhere. Each check probes with a write while it is DOWN, so recovery shows without waiting for traffic.
 */
public final class DatabaseHealthCheck extends AbstractHealthCheck {

    private final Database db;

    public DatabaseHealthCheck(Database db) {
        super("wootrack", "database");
        this.db = db;
    }

    @Override
    public boolean isLiveness() {
        return false; // a restart does not mend a full disk; WooTrack recovers by itself once there is room
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        Database.Outcome outcome = db.probe();
        if (outcome.ok()) {
            builder.up();
        } else {
            builder.down().message("the database fails since " + outcome.at() + ": " + outcome.problem());
        }
    }
}
