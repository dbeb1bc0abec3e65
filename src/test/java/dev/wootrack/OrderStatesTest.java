package dev.wootrack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.wootrack.sandbox.TrackingTechSandbox;
import dev.wootrack.sandbox.WooCommerceSimulator;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The console's order list by state, through the real pipeline, the real write-back and the admin API: an order's
 * state is what its decisions add up to, not its latest event. Before, a duplicate webhook or our own write-back
 * echo became the "latest decision", so filtering {@code sent} missed most sent orders and {@code cancelled} none.
 */
class OrderStatesTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String TOKEN = "order-states-admin";

    @TempDir
    Path dataDir;
    TrackingTechSandbox trackingTech;
    WooCommerceSimulator store;
    TestApp app;
    final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void start() throws Exception {
        trackingTech = new TrackingTechSandbox();
        store = new WooCommerceSimulator();
        Map<String, String> s = TestApp.settings(dataDir, trackingTech, store);
        s.put("wootrack.woocommerce.poll.enabled", "false"); // every event below is a webhook, in this order
        s.put("wootrack.admin.token", TOKEN);
        app = TestApp.start(s);
        store.webhookTarget(app.url("/webhooks/woocommerce"), TestApp.SECRET);
        store.autoWebhooks(true); // our own write-back fires order.updated back at WooTrack, as WooCommerce does
    }

    @AfterEach
    void stop() throws Exception {
        app.close();
        store.close();
        trackingTech.close();
    }

    JsonNode get(String pathAndQuery) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(app.url(pathAndQuery)))
                .header("Authorization", "Bearer " + TOKEN).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(pathAndQuery + ": " + r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    /** The orders the list shows for a filter, as "id state latest-decision". */
    List<String> listed(String query) throws Exception {
        List<String> out = new ArrayList<>();
        for (JsonNode o : get("/admin/orders?size=200" + query).path("orders")) {
            out.add(o.path("order").asLong() + " " + o.path("state").asText() + " " + o.path("decision").asText());
        }
        return out;
    }

    String stateOf(long order) throws Exception {
        JsonNode rows = get("/admin/orders?q=" + order).path("orders");
        return rows.isEmpty() ? null : rows.get(0).path("state").asText();
    }

    @Test
    void eachOrderIsListedAndFilteredByItsStateNotByItsLatestEvent() throws Exception {
        // 7001: sent, the same webhook again (duplicate), tracking written back (our own echo), delivered
        store.addOrder(7001, "processing", store.now());
        assertThat(store.sendWebhook(7001, "order.updated")).isEqualTo(200);
        await().atMost(Duration.ofSeconds(20)).until(() -> app.decisions(7001).contains("sent"));
        assertThat(store.sendWebhook(7001, "order.updated")).isEqualTo(200);
        await().atMost(Duration.ofSeconds(20)).until(() -> app.decisions(7001).contains("duplicate"));
        assertThat(stateOf(7001)).isEqualTo("sent");
        assertThat(listed("&state=sent")).containsExactly("7001 sent duplicate");

        trackingTech.advance(7001, "in_transit", "TT7001CL");
        await().atMost(Duration.ofSeconds(20)).until(() -> app.decisions(7001).contains("own-write-back")
                && app.decisions(7001).contains("written-back"));
        assertThat(stateOf(7001)).isEqualTo("tracking-written");
        trackingTech.advance(7001, "delivered", "TT7001CL");
        await().atMost(Duration.ofSeconds(20)).until(() -> "completed".equals(store.order(7001).path("status").asText()));
        await().atMost(Duration.ofSeconds(20)).until(() -> app.decisions(7001).stream()
                .filter("own-write-back"::equals).count() >= 2);

        // 7002: sent, then cancelled in WooCommerce
        store.addOrder(7002, "processing", store.now());
        assertThat(store.sendWebhook(7002, "order.updated")).isEqualTo(200);
        await().atMost(Duration.ofSeconds(20)).until(() -> app.decisions(7002).contains("sent"));
        store.autoWebhooks(false);
        store.setStatus(7002, "cancelled");
        assertThat(store.sendWebhook(7002, "order.updated")).isEqualTo(200);
        await().atMost(Duration.ofSeconds(20)).until(() -> app.decisions(7002).contains("cancelled"));

        // 7003: TrackingTech refuses it for good (no city: 422): a dead letter; 7004: on hold, not sent
        store.addOrder(7003, "processing", store.now());
        store.update(7003, o -> ((com.fasterxml.jackson.databind.node.ObjectNode) o.path("shipping")).put("city", ""));
        assertThat(store.sendWebhook(7003, "order.updated")).isEqualTo(200);
        store.addOrder(7004, "on-hold", store.now());
        assertThat(store.sendWebhook(7004, "order.updated")).isEqualTo(200);
        await().atMost(Duration.ofSeconds(20)).until(() -> app.decisions(7003).contains("dead-letter")
                && app.decisions(7004).contains("ignored"));

        assertThat(app.decisions(7001)).as("the last event of 7001 is our own write-back's echo")
                .endsWith("own-write-back");
        assertThat(listed("")).extracting(r -> r.substring(0, r.lastIndexOf(' '))).containsExactlyInAnyOrder(
                "7004 ignored", "7003 dead-letter", "7002 cancelled", "7001 delivered");
        assertThat(listed("&state=delivered")).containsExactly("7001 delivered own-write-back");
        assertThat(listed("&state=cancelled")).containsExactly("7002 cancelled cancelled");
        assertThat(listed("&state=dead-letter")).containsExactly("7003 dead-letter dead-letter");
        assertThat(listed("&state=sent")).isEmpty();
        assertThat(listed("&state=tracking-written")).isEmpty();
        // decision= is the older name of the same filter
        assertThat(listed("&decision=delivered")).containsExactly("7001 delivered own-write-back");
        assertThat(listed("&decision=cancelled")).containsExactly("7002 cancelled cancelled");
        assertThat(listed("&state=ignored&decision=cancelled")).as("state wins").containsExactly("7004 ignored ignored");

        HttpResponse<String> bad = http.send(HttpRequest.newBuilder(URI.create(app.url("/admin/orders?state=shipped")))
                .header("Authorization", "Bearer " + TOKEN).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(bad.body()).path("message").asText()).contains("sent, tracking-written, delivered");
    }
}
