package dev.wootrack.demo;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.wootrack.demo.ChileanOrders.Kind;
import dev.wootrack.demo.ChileanOrders.Planned;
import dev.wootrack.sandbox.TrackingTechSandbox;
import dev.wootrack.sandbox.WooCommerceSimulator;
import dev.wootrack.store.DeadLetters;
import dev.wootrack.store.DeadLetters.DeadLetter;
import dev.wootrack.store.InstalledWebhooks;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * What WooTrack recorded during a demo (read from its database), each figure checked against what the store
 * and TrackingTech actually saw. The numbers add up when every check holds.
 */
public record DemoSummary(
        int orders,
        long webhookDeliveries,
        long webhookOrders,
        long pollReads,
        long pollOrders,
        long ordersReceived,
        long sent,
        Map<String, Long> ignoredByStatus,
        long notShippable,
        long cancelled,
        List<DeadLetter> deadLetters,
        long trackingWrittenBack,
        long duplicatesSuppressed,
        long ownWriteBackEchoes,
        int webhooksRepaired,
        double ordersPerSecond,
        Path dataDir,
        List<Row> rows) {

    /** One line of the table: the figure, what it was checked against, and whether it holds (null: not checked). */
    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();

    public record Row(String label, String value, String checkedAgainst, Boolean ok) {
    }

    public boolean addsUp() {
        return rows.stream().allMatch(r -> r.ok() == null || r.ok());
    }

    public long ignored() {
        return ignoredByStatus.values().stream().mapToLong(Long::longValue).sum();
    }

    static DemoSummary read(DemoSession s, List<Planned> tracked, Planned cancelledOrder, List<Planned> meanwhile,
                            double seconds) {
        List<Planned> plan = s.plan();
        TrackingTechSandbox tt = s.trackingTech();
        WooCommerceSimulator shop = s.shop();
        long webhookDeliveries = s.countRows("SELECT COUNT(*) FROM inbox WHERE source = 'webhook'");
        long webhookOrders = s.countRows("SELECT COUNT(DISTINCT order_id) FROM inbox WHERE source = 'webhook'");
        long pollReads = s.countRows("SELECT COUNT(*) FROM inbox WHERE source = 'poll'");
        long pollOrders = s.countRows("SELECT COUNT(DISTINCT order_id) FROM inbox WHERE source = 'poll'");
        long catchUpReads = s.countRows("SELECT COUNT(*) FROM inbox WHERE source = 'catch-up'");
        long catchUpOrders = s.countRows("SELECT COUNT(DISTINCT order_id) FROM inbox WHERE source = 'catch-up'");
        long received = s.countRows("SELECT COUNT(DISTINCT order_id) FROM inbox");
        long sent = s.countRows("SELECT COUNT(*) FROM decision WHERE decision = 'sent'");
        // orders ignored on arrival (never sent); a sent order's later updates (e.g. `completed` after delivery) are
        // counted apart: they are routed too, and there is nothing to do for them
        String neverSent = " AND order_id NOT IN (SELECT order_id FROM decision WHERE decision = 'sent')";
        Map<String, Long> ignored = s.counts("SELECT status_seen, COUNT(DISTINCT order_id) FROM decision"
                + " WHERE decision = 'ignored'" + neverSent + " GROUP BY status_seen ORDER BY status_seen");
        long ignoredTotal = ignored.values().stream().mapToLong(Long::longValue).sum();
        long laterUpdates = s.countRows("SELECT COUNT(*) FROM decision WHERE decision = 'ignored'"
                + " AND order_id IN (SELECT order_id FROM decision WHERE decision = 'sent')");
        long notShippable = s.countRows("SELECT COUNT(DISTINCT order_id) FROM decision WHERE decision = 'not-shippable'");
        long cancelled = s.countRows("SELECT COUNT(*) FROM decision WHERE decision = 'cancelled'");
        List<DeadLetter> dead = s.wooTrack().bean("wootrackDeadLetters", DeadLetters.class).list(false);
        long written = s.distinctOrders(List.of("written-back"));
        long duplicates = s.countRows("SELECT COUNT(*) FROM decision WHERE decision = 'duplicate'");
        long echoes = s.countRows("SELECT COUNT(*) FROM decision WHERE decision = 'own-write-back'");
        long unfinished = s.countRows("SELECT COUNT(*) FROM inbox WHERE state <> 'done'");

        long shippable = count(plan, Kind.SHIPPABLE);
        long virtual = count(plan, Kind.VIRTUAL);
        long other = count(plan, Kind.OTHER_STATUS);
        long invalidId = plan.stream().filter(p -> p.kind() == Kind.INVALID).findFirst().orElseThrow().id();
        List<TrackingTechSandbox.Request> posts = tt.orderPosts();
        long distinctKeys = posts.stream().map(r -> r.header("Idempotency-Key")).distinct().count();
        long trackedInShop = tracked.stream().filter(p -> hasTracking(shop, p.id())).count();
        List<Planned> delivered = new ArrayList<>();
        for (int i = 1; i < tracked.size(); i += 2) {
            delivered.add(tracked.get(i));
        }
        long completedInShop = delivered.stream()
                .filter(p -> "completed".equals(shop.order(p.id()).path("status").asText())).count();
        List<TrackingTechSandbox.Request> cancels = tt.cancels();

        List<Row> rows = new ArrayList<>();
        rows.add(new Row("received by webhook", String.format("%,d deliveries, %,d orders", webhookDeliveries,
                webhookOrders), String.format("%,d webhooks the store sent", shop.webhooksSent()),
                webhookDeliveries == shop.webhooksSent() && shop.webhookFailures() == 0));
        rows.add(new Row("received by poll", String.format("%,d reads, %,d orders", pollReads, pollOrders),
                "", null));
        if (catchUpReads > 0) {
            rows.add(new Row("received by catch-up", String.format("%,d reads, %,d orders", catchUpReads,
                    catchUpOrders), "the repaired webhook's gap, read again", null));
        }
        rows.add(new Row("orders received", String.format("%,d", received),
                String.format("%,d orders in the store", plan.size()), received == plan.size()));
        rows.add(new Row("sent", String.format("%,d", sent), String.format("%,d created at TrackingTech, %,d"
                + " shippable planned", tt.created(), shippable), sent == tt.created() && sent == shippable));
        rows.add(weightsRow(posts));
        rows.add(new Row("ignored by status", String.format("%,d", ignoredTotal),
                String.format("%,d in other statuses planned", other), ignoredTotal == other));
        ignored.forEach((status, n) -> rows.add(new Row("  " + status, String.format("%,d", n), "", null)));
        rows.add(new Row("not shippable", String.format("%,d", notShippable),
                String.format("%,d virtual orders planned", virtual), notShippable == virtual));
        rows.add(new Row("cancelled", String.format("%,d", cancelled), String.format("%,d cancel(s) at TrackingTech"
                + " (order %d)", cancels.size(), cancelledOrder.id()), cancelled == 1 && cancels.size() == 1
                && cancels.get(0).path().contains("/" + cancelledOrder.id() + "/")));
        rows.add(new Row("dead letters", String.format("%,d", dead.size()), "1 invalid order planned ("
                + invalidId + ")", dead.size() == 1 && dead.get(0).orderId() == invalidId
                && Objects.equals(dead.get(0).httpStatus(), 422)));
        dead.forEach(d -> rows.add(new Row("  order " + d.orderId(), "HTTP " + d.httpStatus(),
                d.reason().replaceFirst("^HTTP \\d+ ", ""), null)));
        rows.add(new Row("tracking written back", String.format("%,d", written), String.format("%,d with tracking"
                + " in WooCommerce, %,d of %,d delivered now completed", trackedInShop, completedInShop,
                delivered.size()), written == tracked.size() && trackedInShop == tracked.size()
                && completedInShop == delivered.size()));
        rows.add(new Row("duplicates suppressed", String.format("%,d", duplicates), String.format(
                "%,d posts for %,d orders at TrackingTech", posts.size(), distinctKeys),
                posts.size() == distinctKeys));
        // the order.created webhook WooCommerce disabled while the store could not reach WooTrack: repaired
        InstalledWebhooks.Installed created = s.installed("order.created");
        String createdStatus = shop.webhook(s.webhookId("order.created")).path("status").asText();
        long gapDecided = meanwhile.stream().filter(p -> s.countRows("SELECT COUNT(*) FROM decision WHERE order_id = "
                + p.id()) > 0).count();
        boolean gapOnce = meanwhile.stream().allMatch(p -> tt.orderPostsFor(p.id()).size() <= 1);
        rows.add(new Row("webhook repaired", String.format("%,d", created.repairs()), String.format("order.created:"
                + " disabled after %d failed deliveries, %s again, %d of %d orders of the gap decided", shop.webhooksDropped(),
                createdStatus, gapDecided, meanwhile.size()), created.repairs() >= 1 && created.alarm() == null
                && "active".equals(createdStatus) && gapDecided == meanwhile.size() && gapOnce
                && shop.webhooksDropped() > WooCommerceSimulator.MAX_DELIVERY_FAILURES));
        rows.add(new Row("own write-back echoes", String.format("%,d", echoes), "recorded, not routed again", null));
        rows.add(new Row("later updates ignored", String.format("%,d", laterUpdates),
                "updates of sent orders with nothing to do", null));
        rows.add(new Row("left pending or parked", String.format("%,d", unfinished), "", unfinished == 0));
        rows.add(reconciliation(s, dead.size()));
        rows.add(new Row("orders per second", String.format("%,.0f", plan.size() / seconds),
                String.format("%,d orders decided in %.1f s", plan.size(), seconds), null));
        rows.add(new Row("data dir", s.dataDir().toString(), "", null));
        return new DemoSummary(plan.size(), webhookDeliveries, webhookOrders, pollReads, pollOrders, received, sent,
                ignored, notShippable, cancelled, dead, written, duplicates, echoes, created.repairs(), plan.size() / seconds,
                s.dataDir(), List.copyOf(rows));
    }

    /**
     * The reconciliation ledger over the demo's orders, as `reconcile` runs it (WooCommerce's list, WooTrack's record,
     * TrackingTech's): in step, the dead letter waiting in its visible state; its report is kept for the console.
     */
    private static Row reconciliation(DemoSession s, int deadLetters) {
        dev.wootrack.reconcile.Reconciler reconciler = s.wooTrack().bean("wootrackReconciler",
                dev.wootrack.reconcile.Reconciler.class);
        java.time.Instant now = java.time.Instant.now();
        dev.wootrack.reconcile.Reconciliation run = reconciler.of(now.minus(java.time.Duration.ofDays(2)),
                now.plus(java.time.Duration.ofDays(1)), false);
        org.apache.camel.Exchange done = s.wooTrack().context().createProducerTemplate()
                .send("direct:wootrack-reconcile-run", e -> e.getMessage().setBody(run));
        if (done.getException() != null) {
            reconciler.failed(run, done.getException());
            return new Row("reconciliation", "failed", dev.wootrack.reconcile.Reconciler.problem(done.getException()),
                    false);
        }
        com.fasterxml.jackson.databind.node.ObjectNode report = reconciler.finish(run);
        com.fasterxml.jackson.databind.JsonNode counts = report.path("counts");
        long inStep = counts.path("in-step").asLong();
        long waiting = counts.path("dead-letter").asLong();
        boolean ok = "in-step".equals(report.path("outcome").asText()) && report.path("differences").asLong() == 0
                && waiting == deadLetters && inStep + waiting == report.path("checked").asLong();
        return new Row("reconciliation", ok ? "in step" : report.path("differences").asLong() + " differences",
                String.format("%,d orders checked: %,d in step, %,d dead letter(s) waiting", report.path("checked")
                        .asLong(), inStep, waiting), ok);
    }

    public void print(PrintWriter out) {
        int width = rows.stream().filter(r -> !r.label().equals("data dir")).mapToInt(r -> r.value().length())
                .max().orElse(10);
        out.printf("%nWooTrack demo: %,d orders%n", orders);
        for (Row r : rows) {
            String mark = r.ok() == null ? " " : r.ok() ? "✓" : "✗";
            if (r.label().equals("data dir")) {
                out.printf("  %s %-24s %s%n", mark, r.label(), r.value());
            } else {
                out.printf("  %s %-24s %" + width + "s   %s%n", mark, r.label(), r.value(), r.checkedAgainst());
            }
        }
        out.println(addsUp() ? "The numbers add up." : "The numbers do NOT add up: see the rows marked ✗.");
        out.flush();
    }

    /** The weights TrackingTech received, each checked against its product's in the catalog (grams → kilograms). */
    private static Row weightsRow(List<TrackingTechSandbox.Request> posts) {
        Map<String, String> catalog = ChileanOrders.kilogramsByName();
        long items = 0;
        long weighed = 0;
        long wrong = 0;
        for (TrackingTechSandbox.Request post : posts) {
            try {
                for (com.fasterxml.jackson.databind.JsonNode item : JSON.readTree(post.body()).path("items")) {
                    items++;
                    String sent = item.path("weight").isNull() ? null : item.path("weight").asText();
                    weighed += sent == null ? 0 : 1;
                    wrong += Objects.equals(sent, catalog.get(item.path("name").asText())) ? 0 : 1;
                }
            } catch (java.io.IOException e) {
                wrong++;
            }
        }
        return new Row("weights sent", String.format("%,d of %,d items", weighed, items),
                "each its product's catalog weight, grams in kilograms", items > 0 && wrong == 0);
    }

    private static long count(List<Planned> plan, Kind kind) {
        return plan.stream().filter(p -> p.kind() == kind).count();
    }

    private static boolean hasTracking(WooCommerceSimulator shop, long orderId) {
        String number = DemoSession.trackingNumber(orderId);
        return shop.shipmentTrackings(orderId).stream()
                .map(ObjectNode.class::cast)
                .anyMatch(t -> number.equals(t.path("tracking_number").asText()));
    }

    @Override
    public String toString() {
        return rows.stream().map(r -> r.label() + "=" + r.value()).collect(Collectors.joining(", "));
    }
}
