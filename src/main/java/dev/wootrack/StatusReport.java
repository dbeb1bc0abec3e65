package dev.wootrack;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.wootrack.store.DeadLetters;
import dev.wootrack.store.Decisions;
import dev.wootrack.store.Inbox;
import dev.wootrack.trackingtech.TrackingTechConnection;

/** What `status` and {@code GET /admin/status} show: the connection, the last order sent, counts, what waits. */
public final class StatusReport {

    private final ObjectMapper json;
    private final TrackingTechConnection connection;
    private final Decisions decisions;
    private final DeadLetters deadLetters;
    private final Inbox inbox;

    public StatusReport(ObjectMapper json, TrackingTechConnection connection, Decisions decisions,
                        DeadLetters deadLetters, Inbox inbox) {
        this.json = json;
        this.connection = connection;
        this.decisions = decisions;
        this.deadLetters = deadLetters;
        this.inbox = inbox;
    }

    private volatile java.util.function.Supplier<ObjectNode> reconcile;

    /** The last reconciliation's summary (null: none yet) goes into the report as {@code reconcile}. */
    public void reconcileFrom(java.util.function.Supplier<ObjectNode> lastSummary) {
        this.reconcile = lastSummary;
    }

    public ObjectNode report() {
        ObjectNode report = json.createObjectNode();
        ObjectNode tt = report.putObject("trackingtech");
        tt.put("state", connection.getState().name().toLowerCase().replace('_', '-'));
        connection.getLink().ifPresent(l -> tt.put("tenant", l.tenantName()).put("code", l.tenantCode())
                .put("store", l.storeId()).put("storeName", l.storeName()).put("customer", l.customerId())
                .put("linkedAt", l.linkedAt() == null ? null : l.linkedAt().toString()));
        if (connection.getProblem() != null) {
            tt.put("problem", connection.getProblem());
        }
        decisions.latest("sent").ifPresentOrElse(d -> report.putObject("lastSent").put("order", d.orderId())
                .put("at", d.decidedAt().toString()), () -> report.putNull("lastSent"));
        ObjectNode counts = report.putObject("decisions");
        decisions.counts().forEach(counts::put);
        report.put("deadLetters", deadLetters.list(false).size());
        inbox.oldestParked().ifPresentOrElse(p -> report.putObject("oldestParked")
                .put("order", p.getKey().orderId()).put("since", p.getKey().receivedAt().toString())
                .put("reason", p.getValue()), () -> report.putNull("oldestParked"));
        if (reconcile != null) {
            report.set("reconcile", reconcile.get());
        }
        return report;
    }
}
