package dev.wootrack.cli;

import dev.wootrack.WooTrackRuntime;
import dev.wootrack.store.Decisions;
import dev.wootrack.store.Inbox;
import dev.wootrack.woocommerce.OrderPoller;
import dev.wootrack.woocommerce.OrderWalk;
import dev.wootrack.woocommerce.WooCommerceAlarm;
import dev.wootrack.woocommerce.WooCommerceApi;
import java.io.PrintWriter;
import java.time.LocalDate;
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
            WooCommerceApi api = rt.bean("wooCommerce", WooCommerceApi.class);
            if (!api.isConfigured()) {
                err.println("backfill needs WooCommerce REST keys: set wootrack.woocommerce.consumer-key and"
                        + " wootrack.woocommerce.consumer-secret");
                return 2;
            }
            OrderWalk walk = rt.bean("orderPoller", OrderPoller.class).backfill(since.atStartOfDay(),
                    (until == null ? LocalDate.now(java.time.ZoneOffset.UTC) : until).plusDays(1).atStartOfDay(),
                    statuses);
            Inbox inbox = rt.bean("inbox", Inbox.class);
            WooCommerceAlarm alarm = rt.bean("wooAlarm", WooCommerceAlarm.class);
            CompletableFuture<Object> reading = rt.context().createProducerTemplate()
                    .asyncRequestBody("direct:backfill", walk);
            try (ProgressBar bar = new ProgressBarBuilder().setTaskName("backfill").setInitialMax(-1)
                    .setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(250).continuousUpdate().build()) {
                long deadline = Long.MAX_VALUE;
                while (true) {
                    if (walk.getTotal() >= 0) {
                        bar.maxHint(walk.getTotal());
                    }
                    long pending = pending(walk, inbox);
                    bar.stepTo(walk.getCommitted() - pending);
                    bar.setExtraMessage(walk.getFetched() + " read");
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
            }
            Throwable failure = reading.handle((ok, e) -> e).join();
            return summary(out, err, walk, rt, alarm, failure);
        }
    }

    private int summary(PrintWriter out, PrintWriter err, OrderWalk walk, WooTrackRuntime rt, WooCommerceAlarm alarm,
                        Throwable failure) {
        Map<String, Long> d = walk.getCommitted() == 0 ? Map.of() : rt.bean("decisions", Decisions.class)
                .summary("backfill", walk.getFirstInboxId(), walk.getLastInboxId());
        long pending = pending(walk, rt.bean("inbox", Inbox.class));
        out.printf("Backfill of orders created %s to %s%s%n", since, until == null ? "today" : until,
                statuses == null ? "" : " with status " + String.join(",", statuses));
        row(out, "fetched", walk.getFetched());
        row(out, "sent", d.getOrDefault("sent", 0L));
        row(out, "already sent", d.getOrDefault("duplicate", 0L));
        row(out, "ignored", d.getOrDefault("ignored", 0L));
        d.forEach((k, v) -> {
            if (k.startsWith("ignored:")) {
                row(out, "  status " + k.substring("ignored:".length()), v);
            }
        });
        row(out, "not shippable", d.getOrDefault("not-shippable", 0L));
        row(out, "cancelled", d.getOrDefault("cancelled", 0L));
        row(out, "parked", d.getOrDefault("parked", 0L));
        row(out, "dead letters", d.getOrDefault("dead-letter", 0L));
        if (pending > 0) {
            row(out, "still in progress", pending);
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

    private static void row(PrintWriter out, String label, long n) {
        out.printf("  %-22s %,10d%n", label, n);
    }

    /** This backfill's inbox rows not decided yet. */
    private static long pending(OrderWalk walk, Inbox inbox) {
        return walk.getCommitted() == 0 ? 0
                : inbox.count("backfill", walk.getFirstInboxId(), walk.getLastInboxId(), Inbox.PENDING);
    }

}
