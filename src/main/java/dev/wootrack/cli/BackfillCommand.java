package dev.wootrack.cli;

import dev.wootrack.WooTrackRuntime;
import dev.wootrack.store.Decisions;
import dev.wootrack.store.Inbox;
import dev.wootrack.trackingtech.TrackingTechConnection;
import dev.wootrack.woocommerce.OrderPoller;
import dev.wootrack.woocommerce.OrderWalk;
import dev.wootrack.woocommerce.WooCommerceAlarm;
import dev.wootrack.woocommerce.WooCommerceApi;
import java.io.PrintWriter;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.apache.camel.Exchange;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Pulls old orders (created in a date range) through the same inbox and pipeline as every other intake, in a
 * WooTrack of its own (no HTTP server, no schedules) on the configured database, then prints what happened
 * to them. Safe to run again: orders already sent are recognised and not sent twice.
 */
@Command(name = "backfill", mixinStandardHelpOptions = true,
        description = "Pull orders created since a date through the pipeline, then print a summary.")
public final class BackfillCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--since", required = true, paramLabel = "DATE",
            description = "First day (UTC) of order creation to read, e.g. 2026-01-01.")
    LocalDate since;

    @Option(names = "--until", paramLabel = "DATE", description = "Last day (UTC) to read, inclusive; default: today.")
    LocalDate until;

    @Option(names = "--status", split = ",", paramLabel = "STATUS",
            description = "Only these WooCommerce statuses (comma list); default: every status, each routed as usual.")
    List<String> statuses;

    @Option(names = "--wait", defaultValue = "30", paramLabel = "MINUTES",
            description = "How long to wait for the pipeline to finish after the last page (default ${DEFAULT-VALUE}).")
    long waitMinutes;

    @Mixin
    SettingOverrides settings;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try (WooTrackRuntime rt = BatchRuntime.start(settings, "backfill", true, false)) {
            WooCommerceApi api = rt.bean("wootrackWooCommerce", WooCommerceApi.class);
            if (!api.isConfigured()) {
                err.println("backfill needs WooCommerce REST keys: set wootrack.woocommerce.consumer-key and"
                        + " wootrack.woocommerce.consumer-secret");
                return 2;
            }
            TrackingTechConnection connection = rt.bean("wootrackConnection", TrackingTechConnection.class);
            if (!connection.isReady()) {
                err.println(notConnected(connection) + " The orders are read all the same: those to send wait,"
                        + " parked, and go out after `connect`.");
                err.flush();
            }
            OrderWalk walk = rt.bean("wootrackOrderPoller", OrderPoller.class).backfill(since.atStartOfDay(),
                    (until == null ? LocalDate.now(java.time.ZoneOffset.UTC) : until).plusDays(1).atStartOfDay(),
                    statuses);
            Inbox inbox = rt.bean("wootrackInbox", Inbox.class);
            WooCommerceAlarm alarm = rt.bean("wootrackWooAlarm", WooCommerceAlarm.class);
            CompletableFuture<Exchange> reading = rt.context().createProducerTemplate()
                    .asyncSend("direct:wootrack-backfill", e -> e.getMessage().setBody(walk));
            // a bar in a terminal only: redirected to a log (cron, a unit, CI) its \r frames are noise, and its
            // render thread can print a last frame after the closing newline, gluing it to the next line
            ProgressBar bar = System.console() == null ? null : new ProgressBarBuilder().setTaskName("backfill")
                    .setInitialMax(-1).setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(250)
                    .continuousUpdate().build();
            try {
                long deadline = Long.MAX_VALUE;
                while (true) {
                    long pending = pending(walk, inbox);
                    if (bar != null) {
                        if (walk.getTotal() >= 0) {
                            bar.maxHint(walk.getTotal());
                        }
                        bar.stepTo(walk.getFetched() - pending); // every order read is done, but those in the pipeline
                        bar.setExtraMessage(walk.getFetched() + " read");
                    }
                    if (reading.isDone()) {
                        deadline = Math.min(deadline, System.nanoTime() + TimeUnit.MINUTES.toNanos(waitMinutes));
                        if (pending == 0 || System.nanoTime() > deadline) {
                            break;
                        }
                        TimeUnit.MILLISECONDS.sleep(250); // the pipeline drains; refresh the bar meanwhile
                    } else {
                        try {
                            reading.get(250, TimeUnit.MILLISECONDS);
                        } catch (TimeoutException | ExecutionException readingGoesOnOrEnded) {
                            // the bar is refreshed, and the end is handled above
                        }
                    }
                }
            } finally {
                if (bar != null) {
                    bar.close();
                }
            }
            // what stopped the walk: thrown, or handled by the route (WooCommerce unavailable) and kept as caught
            Throwable failure = reading.handle((done, e) -> e != null ? e : done.getException() != null
                    ? done.getException() : done.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class)).join();
            return summary(out, err, walk, rt, alarm, failure);
        }
    }

    /** Every order fetched lands in exactly one line; the lines add up to {@code fetched}. */
    private int summary(PrintWriter out, PrintWriter err, OrderWalk walk, WooTrackRuntime rt, WooCommerceAlarm alarm,
                        Throwable failure) {
        Map<String, Long> d = new LinkedHashMap<>(walk.getCommitted() == 0 ? Map.of() : rt.bean("wootrackDecisions",
                Decisions.class).summary("backfill", walk.getFirstInboxId(), walk.getLastInboxId()));
        long pending = pending(walk, rt.bean("wootrackInbox", Inbox.class));
        TrackingTechConnection connection = rt.bean("wootrackConnection", TrackingTechConnection.class);
        out.printf("Backfill of orders created %s to %s%s%n", since, until == null ? "today" : until,
                statuses == null ? "" : " with status " + String.join(",", statuses));
        long fetched = walk.getFetched();
        long accounted = 0;
        row(out, "fetched", fetched);
        accounted += row(out, "sent", take(d, "sent"));
        accounted += row(out, "already sent", take(d, "duplicate") + walk.getReadBeforeSent());
        accounted += row(out, "unchanged since the last read", walk.getReadBefore() - walk.getReadBeforeSent());
        accounted += row(out, "ignored", take(d, "ignored"));
        for (String k : List.copyOf(d.keySet())) {
            if (k.startsWith("ignored:")) {
                row(out, "  status " + k.substring("ignored:".length()), take(d, k)); // within "ignored"
            }
        }
        accounted += row(out, "not shippable", take(d, "not-shippable"));
        accounted += row(out, "cancelled", take(d, "cancelled"));
        accounted += row(out, connection.isReady() ? "parked" : "parked (until connect)", take(d, "parked"));
        accounted += row(out, "dead letters", take(d, "dead-letter"));
        if (walk.getRefused() > 0) {
            accounted += row(out, "refused (too large)", walk.getRefused());
        }
        for (Map.Entry<String, Long> other : d.entrySet()) { // any decision the lines above do not name
            accounted += row(out, other.getKey().replace('-', ' '), other.getValue());
        }
        if (walk.getWithoutId() > 0) {
            accounted += row(out, "without an order id", walk.getWithoutId());
        }
        if (pending > 0) {
            accounted += row(out, "still in progress", pending);
        }
        if (fetched > accounted) {
            row(out, "not taken in", fetched - accounted); // the walk stopped while a page was being taken in
        }
        if (!connection.isReady()) {
            out.println(notConnected(connection));
        }
        out.flush();
        if (alarm.isRaised()) {
            err.println("backfill stopped: " + alarm.describe());
            return 3;
        }
        if (failure != null || walk.isHasNext()) {
            err.println("backfill stopped before the last page (" + walk + ")"
                    + (failure == null ? ": see the log" : ": " + failure.getMessage()) + ". Run it again: orders"
                    + " already sent are recognised.");
            return 1;
        }
        return pending > 0 ? 1 : 0;
    }

    private static String notConnected(TrackingTechConnection connection) {
        return (connection.getState() == TrackingTechConnection.State.LOGIN_REQUIRED
                ? "TrackingTech refused the stored login (" + connection.getProblem() + ")"
                : "Not connected to TrackingTech") + ": nothing can be sent until `connect`.";
    }

    private static long take(Map<String, Long> decisions, String key) {
        Long n = decisions.remove(key);
        return n == null ? 0 : n;
    }

    private static long row(PrintWriter out, String label, long n) {
        out.printf("  %-30s %,10d%n", label, n);
        return n;
    }

    /** This backfill's inbox rows not decided yet. */
    private static long pending(OrderWalk walk, Inbox inbox) {
        return walk.getCommitted() == 0 ? 0
                : inbox.count("backfill", walk.getFirstInboxId(), walk.getLastInboxId(), Inbox.PENDING);
    }

}
