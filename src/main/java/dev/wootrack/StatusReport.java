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
    private final dev.wootrack.store.InstalledWebhooks installedWebhooks;

    public StatusReport(ObjectMapper json, TrackingTechConnection connection, Decisions decisions,
                        DeadLetters deadLetters, Inbox inbox, dev.wootrack.store.InstalledWebhooks installedWebhooks) {
        this.installedWebhooks = installedWebhooks;
        this.json = json;
        this.connection = connection;
        this.decisions = decisions;
        this.deadLetters = deadLetters;
        this.inbox = inbox;
    }

    private static String time(java.time.Instant at) {
        return at == null ? null : at.toString();
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
        // the webhooks WooTrack installed, as the webhooks check saw them last; an alarm while one is disabled or gone
        ObjectNode hooks = report.putObject("webhooks");
        com.fasterxml.jackson.databind.node.ArrayNode list = hooks.putArray("installed");
        java.util.List<String> alarms = new java.util.ArrayList<>();
        for (dev.wootrack.store.InstalledWebhooks.Installed w : installedWebhooks.list()) {
            ObjectNode n = list.addObject().put("topic", w.topic());
            if (w.webhookId() == null) {
                n.putNull("id");
            } else {
                n.put("id", w.webhookId());
            }
            n.put("status", w.status()).put("deliveryUrl", w.deliveryUrl()).put("origin", w.origin())
                    .put("installedAt", time(w.installedAt())).put("checkedAt", time(w.checkedAt()))
                    .put("disabledAt", time(w.disabledAt())).put("alarm", w.alarm()).put("repairs", w.repairs())
                    .put("repairedAt", time(w.repairedAt())).put("lastRepair", w.lastRepair());
            if (w.alarm() != null) {
                alarms.add(w.alarm());
            }
        }
        hooks.put("alarm", alarms.isEmpty() ? null : String.join("; ", alarms));
        if (reconcile != null) {
            report.set("reconcile", reconcile.get());
        }
        return report;
    }
}
