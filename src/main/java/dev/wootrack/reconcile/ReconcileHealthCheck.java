package dev.wootrack.reconcile;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.wootrack.MonitoringHealthCheck;
import java.util.Map;
import org.apache.camel.health.HealthCheckResultBuilder;

/**
 * {@code /observe/health}: the last reconciliation, as a warning in the details, never DOWN: an order out of step is
 * the operator's to look at (the console, {@code GET /admin/reconcile}), not a reason to stop taking orders. Its
 * message says how many differences the last report has, or why it could not be done; details {@code outcome},
 * {@code finishedAt}, {@code differences}. Neither a readiness nor a liveness check.
 */
public final class ReconcileHealthCheck extends MonitoringHealthCheck {

    private final Reconciler reconciler;

    public ReconcileHealthCheck(Reconciler reconciler) {
        super("reconciliation");
        this.reconciler = reconciler;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        builder.up();
        ObjectNode last;
        try {
            last = reconciler.lastSummary();
        } catch (RuntimeException unreadable) {
            builder.detail("outcome", "unknown");
            return; // the database check says why
        }
        if (last == null) {
            builder.detail("outcome", "none yet");
            return;
        }
        String outcome = last.path("outcome").asText();
        builder.detail("outcome", outcome).detail("finishedAt", last.path("finishedAt").asText())
                .detail("differences", last.path("differences").asLong());
        if ("differences".equals(outcome)) {
            builder.message("warning: the last reconciliation (" + last.path("finishedAt").asText() + ") found "
                    + last.path("differences").asLong() + " difference(s); see GET /admin/reconcile");
        } else if ("failed".equals(outcome)) {
            builder.message("warning: the last reconciliation could not be done: " + last.path("problem").asText());
        }
    }
}
