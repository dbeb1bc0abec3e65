package dev.wootrack.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.wootrack.StatusReport;
import dev.wootrack.WooTrackRuntime;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Connected or not, to which store, when the last order was sent, what was decided, what waits, the webhooks. */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Show the TrackingTech connection, the last order sent, counts by decision and what waits.")
public final class StatusCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--json", description = "Print JSON, for machines.")
    boolean json;

    @Mixin
    SettingOverrides settings;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        try (WooTrackRuntime rt = BatchRuntime.start(settings, "status", false, false)) {
            ObjectNode report = report(rt);
            if (json) {
                out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(report));
            } else {
                ObjectNode tt = (ObjectNode) report.get("trackingtech");
                out.printf("TrackingTech   %s%s%n", tt.path("state").asText(), tt.has("store")
                        ? " — " + tt.path("tenant").asText("?") + ", store " + tt.path("storeName").asText("")
                        + " (" + tt.path("store").asText() + "), customer " + tt.path("customer").asText("?")
                        + (tt.hasNonNull("linkedAt") ? ", linked " + tt.path("linkedAt").asText() : "") : "");
                if (tt.hasNonNull("problem")) {
                    out.printf("               %s%n", tt.path("problem").asText());
                }
                out.printf("Last sent      %s%n", report.hasNonNull("lastSent") ? "order " + report.path("lastSent")
                        .path("order").asText() + " at " + report.path("lastSent").path("at").asText() : "none yet");
                StringBuilder counts = new StringBuilder();
                report.path("decisions").fields().forEachRemaining(e -> counts.append(counts.length() == 0 ? "" : " · ")
                        .append(e.getKey()).append(' ').append(e.getValue().asLong()));
                out.printf("Decisions      %s%n", counts.length() == 0 ? "none yet" : counts);
                out.printf("Dead letters   %d open%n", report.path("deadLetters").asLong());
                StringBuilder hooks = new StringBuilder();
                report.path("webhooks").path("installed").forEach(h -> hooks.append(hooks.length() == 0 ? "" : " · ")
                        .append(h.path("topic").asText()).append(' ').append(h.path("status").asText("installed")));
                out.printf("Webhooks       %s%n", hooks.length() == 0
                        ? "none installed by WooTrack (`wootrack webhooks install`)" : hooks);
                report.path("webhooks").path("installed").forEach(h -> {
                    if (h.hasNonNull("alarm")) {
                        out.printf("               ALARM: %s%n", h.path("alarm").asText());
                    }
                });
                out.printf("Oldest parked  %s%n", report.hasNonNull("oldestParked") ? "order " + report.path("oldestParked")
                        .path("order").asText() + " since " + report.path("oldestParked").path("since").asText() + " ("
                        + report.path("oldestParked").path("reason").asText() + ")" : "none");
                if (report.has("reconcile")) {
                    out.printf("Reconciled     %s%n", reconciled(report.path("reconcile")));
                }
            }
            out.flush();
            return 0;
        }
    }

    /** The last reconciliation in one line: when, and in step or not. */
    static String reconciled(com.fasterxml.jackson.databind.JsonNode r) {
        if (r.isNull() || r.isMissingNode()) {
            return "never";
        }
        String when = r.path("finishedAt").asText() + " (" + r.path("by").asText() + ", orders modified since "
                + r.path("since").asText() + ")";
        return switch (r.path("outcome").asText()) {
            case "in-step" -> "in step at " + when + ", " + r.path("checked").asLong() + " order(s) checked";
            case "failed" -> "could not reconcile at " + when + ": " + r.path("problem").asText();
            default -> r.path("differences").asLong() + " difference(s) at " + when + ": see `reconcile`";
        };
    }

    static ObjectNode report(WooTrackRuntime rt) {
        return rt.bean("wootrackStatusReport", StatusReport.class).report();
    }
}
