package dev.wootrack.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.wootrack.WooTrackRuntime;
import dev.wootrack.reconcile.Category;
import dev.wootrack.reconcile.Reconciler;
import dev.wootrack.reconcile.Reconciliation;
import java.io.PrintWriter;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.apache.camel.Exchange;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The reconciliation ledger on demand: every WooCommerce order modified in a date range against WooTrack's decisions
 * and TrackingTech's own record, one line per order not in step and a count per category; with {@code --fix} the
 * missing are sent and the not-cancelled cancelled, through the inbox. Exit code 0: in step (after the fixes);
 * 1: differences; 3: could not reconcile (WooCommerce or TrackingTech unreachable, not configured, not connected).
 */
@Command(name = "reconcile", mixinStandardHelpOptions = true,
        description = "Compare WooCommerce's orders modified since a date with WooTrack's decisions and TrackingTech's"
                + " record; --fix sends the missing and cancels what should be cancelled.")
public final class ReconcileCommand implements Callable<Integer> {

    /** Exit codes. */
    public static final int IN_STEP = 0;
    public static final int DIFFERENCES = 1;
    public static final int COULD_NOT_RECONCILE = 3;

    @Spec
    CommandSpec spec;

    @Option(names = "--since", required = true, paramLabel = "DATE",
            description = "First day (UTC) of order changes to look at, e.g. 2026-01-01.")
    LocalDate since;

    @Option(names = "--until", paramLabel = "DATE", description = "Last day (UTC), inclusive; default: today.")
    LocalDate until;

    @Option(names = "--fix", description = "Send the orders missing at TrackingTech and cancel those cancelled in"
            + " WooCommerce and not there (through the inbox, once per order); content that differs is only reported.")
    boolean fix;

    @Option(names = "--all", description = "List the orders in step too.")
    boolean all;

    @ArgGroup(exclusive = true)
    Format format;

    static final class Format {
        @Option(names = "--json", description = "Print the report as JSON, for machines.")
        boolean json;

        @Option(names = "--csv", description = "Print the order lines as CSV, for machines.")
        boolean csv;
    }

    @Option(names = "--wait", defaultValue = "10", paramLabel = "MINUTES",
            description = "With --fix, how long to wait for the pipeline to decide the fixes (default ${DEFAULT-VALUE}).")
    long waitMinutes;

    @Mixin
    SettingOverrides settings;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        LocalDate last = until == null ? LocalDate.now(ZoneOffset.UTC) : until;
        if (last.isBefore(since)) {
            err.println("reconcile: --until " + last + " is before --since " + since);
            return 2;
        }
        try (WooTrackRuntime rt = BatchRuntime.start(settings, "reconcile", fix, false)) {
            Reconciler reconciler = rt.bean("wootrackReconciler", Reconciler.class);
            Reconciliation run = reconciler.of(since.atStartOfDay().toInstant(ZoneOffset.UTC),
                    last.plusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC), fix).listAll(all);
            Exchange done = rt.context().createProducerTemplate().send("direct:wootrack-reconcile-run",
                    e -> e.getMessage().setBody(run));
            // only what failed the run: a 404 of TrackingTech's, handled as "does not have it", stays caught
            Throwable failure = done.getException();
            ObjectNode report;
            if (failure != null) {
                report = reconciler.failed(run, failure);
            } else {
                if (fix && !run.getFixRows().isEmpty()) {
                    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(waitMinutes);
                    while (reconciler.pendingFixes(run) > 0 && System.nanoTime() < deadline) {
                        TimeUnit.MILLISECONDS.sleep(100); // the pipeline decides the fixes meanwhile
                    }
                    reconciler.readFixOutcomes(run);
                }
                report = reconciler.finish(run);
            }
            print(out, report);
            out.flush();
            if (failure != null) {
                err.println("reconcile could not be done: " + Reconciler.problem(failure));
                err.flush();
                return COULD_NOT_RECONCILE;
            }
            return "in-step".equals(report.path("outcome").asText()) ? IN_STEP : DIFFERENCES;
        }
    }

    private void print(PrintWriter out, ObjectNode report) throws Exception {
        if (format != null && format.json) {
            out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(report));
            return;
        }
        if (format != null && format.csv) {
            csv(out, report);
            return;
        }
        table(out, report);
    }

    /** One header line, then one line per order listed (those not in step; all with --all). */
    static void csv(PrintWriter out, JsonNode report) {
        out.println("order,category,woocommerce,wootrack,trackingtech,detail,fix");
        for (JsonNode l : report.path("orders")) {
            out.println(String.join(",", l.path("order").asText(), cell(l, "category"), cell(l, "woocommerce"),
                    cell(l, "wootrack"), cell(l, "trackingtech"), cell(l, "detail"), cell(l, "fix")));
        }
    }

    private static String cell(JsonNode l, String field) {
        String v = l.path(field).isNull() || l.path(field).isMissingNode() ? "" : l.path(field).asText();
        return v.matches(".*[\",\\r\\n].*") ? "\"" + v.replace("\"", "\"\"") + "\"" : v;
    }

    static void table(PrintWriter out, JsonNode report) {
        out.printf("Reconciliation of orders modified %s to %s (UTC)%s%n", report.path("since").asText(),
                report.path("until").asText(), report.path("fix").asBoolean() ? ", with --fix" : "");
        if ("failed".equals(report.path("outcome").asText())) {
            out.println("Could not reconcile: " + report.path("problem").asText());
            return;
        }
        if (!report.path("orders").isEmpty()) {
            out.printf("%-10s %-30s %-12s %-16s %-16s %s%n", "ORDER", "CATEGORY", "WOOCOMMERCE", "WOOTRACK",
                    "TRACKINGTECH", "DETAIL");
            for (JsonNode l : report.path("orders")) {
                String fixed = l.path("fix").isTextual() ? " [fix: " + l.path("fix").asText() + "]" : "";
                out.printf("%-10s %-30s %-12s %-16s %-16s %s%s%n", l.path("order").asText(),
                        l.path("category").asText(), l.path("woocommerce").asText(), l.path("wootrack").asText(),
                        l.path("trackingtech").asText(), l.path("detail").asText(), fixed);
            }
            out.println();
        }
        out.printf("  %-32s %,8d%n", "orders read", report.path("read").asLong());
        out.printf("  %-32s %,8d%n", "orders checked", report.path("checked").asLong());
        for (String category : Category.slugs()) {
            out.printf("    %-30s %,8d%n", category, report.path("counts").path(category).asLong());
        }
        if (report.path("fix").asBoolean()) {
            out.printf("  %-32s %,8d%n", "fixed", report.path("fixed").asLong());
        }
        long differences = report.path("differences").asLong();
        out.println(differences == 0 ? "In step." : differences + " difference(s)."
                + (report.path("fix").asBoolean() ? "" : " `reconcile --fix` sends the missing and cancels what should"
                + " be cancelled;") + " content-differs and cancelled-at-trackingtech are reported, not fixed.");
    }

    /** The categories, for the help and README. */
    static List<String> categories() {
        return Category.slugs();
    }
}
