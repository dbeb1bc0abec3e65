package dev.wootrack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.wootrack.reconcile.Reconciler;
import dev.wootrack.sandbox.TrackingTechSandbox;
import dev.wootrack.sandbox.WooCommerceSimulator;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reconciliation ledger (issue 16): a shop with each kind of difference planted while WooTrack was not looking
 * (an order TrackingTech lost, one cancelled in WooCommerce and not there, one whose content changed after it was
 * sent, one WooTrack never saw), each reported in its category with exit code 1, as JSON and CSV; {@code --fix}
 * converges to all in step with exactly one shipment per key; the scheduled route keeps its report for the console.
 */
class ReconcileTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dataDir;
    private TrackingTechSandbox trackingTech;
    private WooCommerceSimulator store;

    @BeforeEach
    void servers() throws Exception {
        trackingTech = new TrackingTechSandbox();
        store = new WooCommerceSimulator();
    }

    @AfterEach
    void stop() {
        store.close();
        trackingTech.close();
    }

    @Test
    void eachDifferenceInItsCategoryAndFixConvergesToAllInStep() throws Exception {
        java.time.Instant before = store.now().minusSeconds(60);
        for (long id = 7001; id <= 7004; id++) {
            store.addOrder(id, "processing", before);
        }
        store.addOrder(7005, "completed", before); // never in a trigger status: not the ledger's business
        store.addOrder(7006, "processing", before);
        store.update(7006, o -> ((ObjectNode) o.path("shipping")).put("address_1", "")); // TrackingTech says 422
        Map<String, String> s = TestApp.settings(dataDir, trackingTech, store);
        try (TestApp app = TestApp.start(s)) {
            await().atMost(Duration.ofSeconds(30)).until(() -> trackingTech.created() == 4
                    && app.decisions(7006).contains("dead-letter"));
        }
        // planted while WooTrack is not running: it cannot have seen any of it
        trackingTech.forget(7001);
        store.setStatus(7002, "cancelled");
        JsonNode sent7003 = store.order(7003);
        store.update(7003, o -> {
            ((ObjectNode) o.path("shipping")).put("address_1", "Pasaje Secreto 4321");
            ((ObjectNode) o.path("line_items").get(0)).put("quantity", 7);
        });
        store.addOrder(7010, "processing", store.now());

        Result json = reconcile(s, "--json");
        assertThat(json.code).as(json.out + json.err).isEqualTo(1);
        JsonNode report = JSON.readTree(json.out);
        assertThat(report.path("outcome").asText()).isEqualTo("differences");
        Map<Long, JsonNode> lines = lines(report);
        assertThat(lines.keySet()).containsExactlyInAnyOrder(7001L, 7002L, 7003L, 7006L, 7010L);
        assertThat(lines.get(7001L).path("category").asText()).isEqualTo("missing-at-trackingtech");
        assertThat(lines.get(7001L).path("wootrack").asText()).isEqualTo("sent");
        assertThat(lines.get(7002L).path("category").asText()).isEqualTo("not-cancelled-at-trackingtech");
        assertThat(lines.get(7002L).path("trackingtech").asText()).isEqualTo("received");
        assertThat(lines.get(7003L).path("category").asText()).isEqualTo("content-differs");
        assertThat(lines.get(7003L).path("detail").asText()).contains("quantities", "shipping.address1")
                .doesNotContain("shipping.city");
        assertThat(lines.get(7006L).path("category").asText()).as("waiting in a visible state").isEqualTo("dead-letter");
        assertThat(lines.get(7010L).path("category").asText()).isEqualTo("unknown-to-wootrack");
        assertThat(report.path("counts").path("in-step").asLong()).as("7004").isEqualTo(1);
        assertThat(report.path("differences").asLong()).isEqualTo(4);
        assertThat(json.out).doesNotContain("Pasaje Secreto").doesNotContain("@");

        Result csv = reconcile(s, "--csv");
        assertThat(csv.code).isEqualTo(1);
        List<String> rows = csv.out.lines().toList();
        assertThat(rows.get(0)).isEqualTo("order,category,woocommerce,wootrack,trackingtech,detail,fix");
        assertThat(rows).hasSize(6).anyMatch(r -> r.startsWith("7001,missing-at-trackingtech,processing,sent,-,"))
                .anyMatch(r -> r.startsWith("7002,not-cancelled-at-trackingtech,cancelled,"))
                .anyMatch(r -> r.startsWith("7003,content-differs,processing,sent,received,\"changed since it was sent:"
                        + " quantities, shipping.address1\""))
                .anyMatch(r -> r.startsWith("7010,unknown-to-wootrack,processing,unknown,-,"));

        Result table = reconcile(s);
        System.out.println(table.out); // what README shows
        assertThat(table.code).isEqualTo(1);
        assertThat(table.out).doesNotContain("7004");
        table = reconcile(s, "--all");
        assertThat(table.code).isEqualTo(1);
        assertThat(table.out).contains("missing-at-trackingtech", "7004", "4 difference(s).")
                .doesNotContain("Pasaje Secreto").containsPattern("content-differs\\s+1");
        int postsBefore = trackingTech.orderPosts().size();

        Result fixed = reconcile(s, "--fix", "--json");
        assertThat(fixed.code).as("content that differs is reported, not fixed: " + fixed.out).isEqualTo(1);
        Map<Long, JsonNode> fixes = lines(JSON.readTree(fixed.out));
        assertThat(fixes.get(7001L).path("fix").asText()).isEqualTo("sent");
        assertThat(fixes.get(7002L).path("fix").asText()).isEqualTo("cancelled");
        assertThat(fixes.get(7010L).path("fix").asText()).isEqualTo("sent");
        assertThat(fixes.get(7003L).path("fix").isNull()).isTrue();
        assertThat(JSON.readTree(fixed.out).path("fixed").asLong()).isEqualTo(3);
        assertThat(trackingTech.orderPosts()).hasSize(postsBefore + 2);
        assertThat(trackingTech.cancels()).extracting(TrackingTechSandbox.Request::path)
                .containsExactly("/api/v1/orders/7002/cancel");
        assertThat(trackingTech.statusOf(7002)).isEqualTo("cancelled");

        Result after = reconcile(s, "--json");
        assertThat(after.code).isEqualTo(1);
        assertThat(lines(JSON.readTree(after.out)).keySet()).as(after.out).containsExactlyInAnyOrder(7003L, 7006L);

        Result fixAgain = reconcile(s, "--fix");
        assertThat(fixAgain.code).isEqualTo(1);
        assertThat(trackingTech.orderPosts()).as("a second --fix sends nothing").hasSize(postsBefore + 2);
        assertThat(trackingTech.cancels()).hasSize(1);

        // the order as it was sent again: nothing differs any more
        store.update(7003, o -> {
            o.set("shipping", sent7003.path("shipping").deepCopy());
            o.set("line_items", sent7003.path("line_items").deepCopy());
        });
        Result inStep = reconcile(s);
        assertThat(inStep.code).as(inStep.out + inStep.err).isZero();
        assertThat(inStep.out).contains("In step.").containsPattern("dead-letter\\s+1");
        assertThat(trackingTech.createdOrderIds()).as("exactly one shipment per key")
                .containsExactlyInAnyOrder("7001", "7002", "7003", "7004", "7010");
        assertThat(trackingTech.acceptedPostsByKey().keySet()).hasSize(5);

        // the last report, kept: `status` says it
        StringWriter status = new StringWriter();
        List<String> args = new ArrayList<>(List.of("status"));
        s.forEach((k, v) -> args.addAll(List.of("--set", k + "=" + v)));
        assertThat(WooTrack.commandLine().setOut(new PrintWriter(status)).execute(args.toArray(String[]::new))).isZero();
        assertThat(status.toString()).containsPattern("Reconciled\\s+in step at .* \\(command, orders modified since");
    }

    @Test
    void aStoreThatCannotBeReadIsNotReconciled() throws Exception {
        Map<String, String> s = TestApp.settings(dataDir, trackingTech, store);
        s.put("wootrack.woocommerce.url", "http://127.0.0.1:" + TestApp.freePort()); // nobody listens there
        try (TestApp app = TestApp.start(s)) {
            assertThat(app.runtime()).isNotNull(); // makes the data dir
        }
        Result r = reconcile(s, "--json");
        assertThat(r.code).as(r.out + r.err).isEqualTo(3);
        assertThat(JSON.readTree(r.out).path("outcome").asText()).isEqualTo("failed");
        assertThat(r.err).contains("reconcile could not be done");
    }

    @Test
    void theScheduledRunKeepsItsReportForTheConsole() throws Exception {
        java.time.Instant before = store.now().minusSeconds(60);
        store.addOrder(7101, "processing", before);
        store.addOrder(7102, "processing", before);
        Map<String, String> s = TestApp.settings(dataDir, trackingTech, store);
        s.put("wootrack.reconcile.interval", "300");
        s.put("wootrack.reconcile.window", "1d");
        s.put("wootrack.admin.token", "admin-secret");
        try (TestApp app = TestApp.start(s)) {
            await().atMost(Duration.ofSeconds(30)).until(() -> trackingTech.created() == 2);
            Reconciler reconciler = app.bean("wootrackReconciler", Reconciler.class);
            await().atMost(Duration.ofSeconds(30)).until(() -> reconciler.last().map(r -> "schedule".equals(
                    r.path("by").asText()) && "in-step".equals(r.path("outcome").asText())
                    && r.path("checked").asLong() == 2).orElse(false));

            trackingTech.forget(7102);
            await().atMost(Duration.ofSeconds(30)).until(() -> reconciler.last().map(r -> "differences".equals(
                    r.path("outcome").asText())).orElse(false));
            HttpResponse<String> last = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create(app.url("/admin/reconcile"))).header("Authorization", "Bearer admin-secret").build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(last.statusCode()).as(last.body()).isEqualTo(200);
            JsonNode report = JSON.readTree(last.body());
            assertThat(report.path("counts").path("missing-at-trackingtech").asLong()).isEqualTo(1);
            assertThat(lines(report).get(7102L).path("category").asText()).isEqualTo("missing-at-trackingtech");
            assertThat(report.path("fix").asBoolean()).as("a scheduled run fixes only when told").isFalse();
            HttpResponse<String> status = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create(app.url("/admin/status"))).header("Authorization", "Bearer admin-secret").build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(JSON.readTree(status.body()).path("reconcile").path("outcome").asText()).isEqualTo("differences");
            assertThat(trackingTech.created()).as("nothing re-sent without fix").isEqualTo(1);
            // a warning in health, never DOWN
            HealthTest.Health health = HealthTest.health(app, "/observe/health?exposureLevel=full&data=true");
            assertThat(health.status()).as(health.body().toString()).isEqualTo(200);
            JsonNode check = health.check("reconciliation");
            assertThat(check.path("status").asText()).isEqualTo("UP");
            assertThat(check.path("message").asText()).contains("warning", "1 difference(s)");
            assertThat(check.path("data").path("outcome").asText()).isEqualTo("differences");
        }
    }

    private static Map<Long, JsonNode> lines(JsonNode report) {
        Map<Long, JsonNode> out = new HashMap<>();
        report.path("orders").forEach(l -> out.put(l.path("order").asLong(), l));
        return out;
    }

    private Result reconcile(Map<String, String> settings, String... options) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        List<String> args = new ArrayList<>(List.of("reconcile", "--since",
                LocalDate.now(ZoneOffset.UTC).minusDays(1).toString()));
        args.addAll(List.of(options));
        settings.forEach((k, v) -> args.addAll(List.of("--set", k + "=" + v)));
        int code = WooTrack.commandLine().setOut(new PrintWriter(out)).setErr(new PrintWriter(err))
                .execute(args.toArray(String[]::new));
        return new Result(code, out.toString(), err.toString());
    }

    private record Result(int code, String out, String err) {
    }
}
