package dev.wootrack.cluster;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.wootrack.store.Nodes;
import dev.wootrack.trackingtech.TrackingTechCalls;
import dev.wootrack.woocommerce.OrderPoller;
import dev.wootrack.woocommerce.WebhookIntake;
import java.time.Instant;

/**
 * This node's heartbeat (the {@code wootrack-node-heartbeat} route, on every node): its row in {@code wootrack_node}
 * with what only this node knows — the webhooks it took, its last TrackingTech answer and failure, the last poll it
 * ran — so the console and {@code /admin/status} of any node show every node's; then the rows of nodes seen dead are
 * put back in line.
 */
public final class NodeHeartbeat {

    private final Nodes nodes;
    private final ObjectMapper json;
    private final WebhookIntake webhooks;
    private final TrackingTechCalls trackingTech;
    private final OrderPoller poller;
    private final java.util.function.Supplier<String> schedulerInstance;

    public NodeHeartbeat(Nodes nodes, ObjectMapper json, WebhookIntake webhooks, TrackingTechCalls trackingTech,
                         OrderPoller poller, java.util.function.Supplier<String> schedulerInstance) {
        this.schedulerInstance = schedulerInstance;
        this.nodes = nodes;
        this.json = json;
        this.webhooks = webhooks;
        this.trackingTech = trackingTech;
        this.poller = poller;
    }

    /** One heartbeat; returns how many inbox rows of dead nodes it put back in line. */
    public int beat() {
        nodes.heartbeat(health());
        return nodes.takeOverFromDeadNodes();
    }

    /** What this node saw, as the JSON kept in its row. */
    public String health() {
        ObjectNode h = json.createObjectNode();
        // the id Quartz knows this node by (wootrack_qrtz_fired_triggers.instance_name: which node runs a job now)
        h.put("schedulerInstance", schedulerInstance.get());
        WebhookIntake.Health w = webhooks.health();
        h.putObject("webhooks").put("lastSigned", time(w.lastSigned())).put("signatureFailures", w.signatureFailures())
                .put("lastSignatureFailure", time(w.lastSignatureFailure()));
        TrackingTechCalls.Outcome answer = trackingTech.lastAnswer();
        TrackingTechCalls.Outcome failure = trackingTech.lastFailure();
        ObjectNode tt = h.putObject("trackingtech");
        tt.put("lastAnswer", answer == null ? null : time(answer.at()));
        if (answer != null) {
            tt.put("lastAnswerStatus", answer.status());
        }
        if (failure != null) {
            tt.putObject("lastFailure").put("at", time(failure.at())).put("status", failure.status())
                    .put("what", failure.what());
        }
        OrderPoller.LastPoll last = poller.lastPoll();
        if (last != null) {
            h.putObject("poller").put("lastPoll", time(last.at())).put("lastPollRead", last.fetched());
        }
        return h.toString();
    }

    private static String time(Instant at) {
        return at == null ? null : at.toString();
    }
}
