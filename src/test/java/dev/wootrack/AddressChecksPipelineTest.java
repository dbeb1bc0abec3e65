package dev.wootrack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.wootrack.sandbox.TrackingTechSandbox;
import dev.wootrack.store.Inbox;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 16: the address checks in the pipeline, end to end (real routes, real H2 file, webhooks over loopback, the
 * TrackingTech sandbox), one WooTrack per set of policies: the defaults (fix, fix, warn, fix), all warn, all off, all
 * hold. Under hold a bad address waits as needs-review with nothing sent; "send anyway" over the admin API sends it
 * exactly once with the fixed fields, after a restart too.
 */
class AddressChecksPipelineTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String TOKEN = "address-checks-test-token";

    @TempDir
    static Path root;
    static TrackingTechSandbox sandbox;

    @BeforeAll
    static void start() throws Exception {
        sandbox = new TrackingTechSandbox();
    }

    @AfterAll
    static void stop() {
        sandbox.close();
    }

    static TestApp app(String name, Map<String, String> policies) throws Exception {
        Map<String, String> s = TestApp.settings(root.resolve(name), sandbox);
        s.put("wootrack.admin.token", TOKEN);
        s.putAll(policies);
        return TestApp.start(s);
    }

    static Map<String, String> all(String policy) {
        return Map.of("wootrack.address.check.region", policy, "wootrack.address.check.commune", policy,
                "wootrack.address.check.rut", policy, "wootrack.address.check.phone", policy);
    }

    /** The fixture order as a Chilean one: shipping state and city, billing phone, a RUT in its meta data. */
    static String chilean(long id, String state, String city, String phone, String rut) throws Exception {
        ObjectNode o = (ObjectNode) JSON.readTree(Fixtures.order(id, "processing"));
        ((ObjectNode) o.path("shipping")).put("address_1", "Av. Providencia 1234").put("city", city).put("state", state)
                .put("postcode", "7500000").put("country", "CL");
        ((ObjectNode) o.path("billing")).put("phone", phone).put("country", "CL");
        if (rut != null) {
            o.withArray("meta_data").addObject().put("id", 99).put("key", "billing_rut").put("value", rut);
        }
        return o.toString();
    }

    static JsonNode shippingSent(long id) throws Exception {
        List<TrackingTechSandbox.Request> posts = sandbox.orderPostsFor(id);
        assertThat(posts).hasSize(1);
        return JSON.readTree(posts.get(0).body()).path("shipping");
    }

    static void awaitDecisions(TestApp app, long id, String... decisions) {
        await().atMost(Duration.ofSeconds(15)).until(() -> app.decisions(id), d -> d.equals(List.of(decisions)));
    }

    static HttpResponse<String> admin(TestApp app, String method, String path) throws Exception {
        return app.send(HttpRequest.newBuilder(URI.create(app.url(path))).header("Authorization", "Bearer " + TOKEN)
                .method(method, HttpRequest.BodyPublishers.noBody()).build());
    }

    @Test
    void theDefaultsFixWhatTheyCanWarnOfTheRestAndLeaveValidFixturesAsTheyWere() throws Exception {
        try (TestApp app = app("defaults", Map.of())) {
            app.webhook(chilean(16001, "cl-rm", "provdencia", "+56 9 8765 4321", "12.345.678-4"), "order.updated");
            awaitDecisions(app, 16001, "sent");
            JsonNode shipping = shippingSent(16001);
            assertThat(shipping.path("phone").asText()).isEqualTo("+56987654321");
            assertThat(shipping.path("city").asText()).isEqualTo("Providencia");
            assertThat(shipping.path("state").asText()).isEqualTo("RM");
            String reason = app.history(16001).get(0).reason();
            assertThat(reason).startsWith("TrackingTech order tt_")
                    .contains("address checks: region fixed", "commune fixed", "rut warning", "phone fixed")
                    .doesNotContain("8765", "12.345.678");

            // the WooCommerce fixture (a US address, a made-up 555 number): the bytes PipelineTest expects, a warning
            app.webhook(Fixtures.order(16002, "processing"), "order.updated");
            awaitDecisions(app, 16002, "sent");
            assertThat(sandbox.orderPostsFor(16002)).singleElement().extracting(TrackingTechSandbox.Request::body)
                    .isEqualTo(PipelineTest.trackingTechJson(16002));
            assertThat(app.history(16002).get(0).reason()).startsWith("TrackingTech order tt_")
                    .endsWith("; address checks: phone warning: (***) ***-**55 is not a valid number for US (+*********55)");
        }
    }

    @Test
    void underWarnTheOrderIsSentAsItCameWithTheWarningsInItsDecision() throws Exception {
        try (TestApp app = app("warn", all("warn"))) {
            app.webhook(chilean(16011, "CL-VS", "Providencia", "+56 9 8765 4321", "12.345.678-4"), "order.updated");
            awaitDecisions(app, 16011, "sent");
            JsonNode shipping = shippingSent(16011);
            assertThat(shipping.path("phone").asText()).isEqualTo("+56 9 8765 4321");
            assertThat(shipping.path("city").asText()).isEqualTo("Providencia");
            assertThat(shipping.path("state").asText()).isEqualTo("VS");
            assertThat(app.history(16011).get(0).reason())
                    .contains("commune warning: Providencia is a commune of RM, not of VS", "rut warning")
                    .doesNotContain("phone");
        }
    }

    @Test
    void offSendsEverythingAsItCameAndSaysNothing() throws Exception {
        try (TestApp app = app("off", all("off"))) {
            app.webhook(chilean(16021, "XX", "Gotham", "hola", "1-1"), "order.updated");
            awaitDecisions(app, 16021, "sent");
            JsonNode shipping = shippingSent(16021);
            assertThat(shipping.path("phone").asText()).isEqualTo("hola");
            assertThat(shipping.path("city").asText()).isEqualTo("Gotham");
            assertThat(app.history(16021).get(0).reason()).doesNotContain("address");
        }
    }

    @Test
    void underHoldABadAddressWaitsForReviewAndSendAnywaySendsItOnceWithTheFixedFieldsAfterARestartToo()
            throws Exception {
        Map<String, String> hold = all("hold");
        long held = 16031;
        long valid = 16032;
        try (TestApp app = app("hold", hold)) {
            app.webhook(chilean(held, "CL-RM", "Provdencia", "+56 9 8765 4321", null), "order.updated");
            app.webhook(chilean(valid, "CL-RM", "Ñuñoa", "+56987654321", "12.345.678-5"), "order.updated");
            awaitDecisions(app, held, "parked");
            awaitDecisions(app, valid, "sent"); // a valid order is never held
            assertThat(app.history(held).get(0).reason()).isEqualTo("needs-review: address checks: commune held:"
                    + " 'Provdencia' is not a commune of RM (did you mean Providencia?); phone fixed: +** * **** **21"
                    + " in E.164 is +*********21");
            assertThat(app.bean("wootrackInbox", Inbox.class).count(Inbox.PARKED)).isEqualTo(1);

            // the connection watch releases parked orders every 200 ms while connected: never one held for review
            await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3))
                    .until(() -> sandbox.orderPostsFor(held).isEmpty() && app.decisions(held).equals(List.of("parked")));

            HttpResponse<String> list = admin(app, "GET", "/admin/needs-review");
            assertThat(list.statusCode()).isEqualTo(200);
            JsonNode rows = JSON.readTree(list.body());
            assertThat(rows).hasSize(1);
            assertThat(rows.get(0).path("order").asLong()).isEqualTo(held);
            assertThat(rows.get(0).path("state").asText()).isEqualTo("parked");
            assertThat(rows.get(0).path("reason").asText()).startsWith("address checks: commune held: 'Provdencia'");
            assertThat(list.body()).doesNotContain("8765");

            // the console lists them (its "Needs review" view, a "Send anyway" button per order: README, Console);
            // ConsoleTest drives the console in Chromium, this checks that the page and its script ship the view
            String page = app.send(HttpRequest.newBuilder(URI.create(app.url("/console/index.html"))).build()).body();
            assertThat(page).contains("data-view=\"needs-review\"", "id=\"view-needs-review\"", "id=\"needs-review\"");
            String script = app.send(HttpRequest.newBuilder(URI.create(app.url("/console/console.js"))).build()).body();
            assertThat(script).contains("'/admin/needs-review'", "'/send-anyway'", "Send anyway");
        }

        // a restart in between: the hold and the release are in the database
        try (TestApp app = app("hold", hold)) {
            assertThat(admin(app, "POST", "/admin/orders/" + valid + "/send-anyway").statusCode()).isEqualTo(404);
            assertThat(admin(app, "POST", "/admin/orders/x/send-anyway").statusCode()).isEqualTo(400);
            assertThat(app.send(HttpRequest.newBuilder(URI.create(app.url("/admin/orders/" + held + "/send-anyway")))
                    .POST(HttpRequest.BodyPublishers.noBody()).build()).statusCode()).isEqualTo(401);

            HttpResponse<String> sent = admin(app, "POST", "/admin/orders/" + held + "/send-anyway");
            assertThat(sent.statusCode()).as(sent.body()).isEqualTo(200);
            assertThat(JSON.readTree(sent.body()).path("released").asBoolean()).isTrue();
            awaitDecisions(app, held, "parked", "review-accepted", "sent");
            JsonNode shipping = shippingSent(held);
            assertThat(shipping.path("city").asText()).isEqualTo("Providencia");
            assertThat(shipping.path("phone").asText()).isEqualTo("+56987654321");
            assertThat(app.history(held).get(2).reason()).contains("commune accepted: 'Provdencia'");

            // once: a second "send anyway" has nothing to release, and nothing more arrives
            assertThat(admin(app, "POST", "/admin/orders/" + held + "/send-anyway").statusCode()).isEqualTo(404);
            assertThat(JSON.readTree(admin(app, "GET", "/admin/needs-review").body())).isEmpty();
            await().during(Duration.ofMillis(800)).atMost(Duration.ofSeconds(3))
                    .until(() -> sandbox.orderPostsFor(held).size() == 1);

            // the review let that event through once: a new event of another order with the same problem is held
            app.webhook(chilean(16033, "CL-RM", "Provdencia", "", null), "order.updated");
            awaitDecisions(app, 16033, "parked");
            assertThat(sandbox.orderPostsFor(16033)).isEmpty();
        }
    }

    @Test
    void aLaterEventOfAnOrderHeldForReviewReplacesTheEarlierOneInTheList() throws Exception {
        try (TestApp app = app("hold-twice", Map.of("wootrack.address.check.commune", "hold"))) {
            app.webhook(chilean(16041, "CL-RM", "Provdencia", "", null), "order.created");
            awaitDecisions(app, 16041, "parked");
            app.webhook(chilean(16041, "CL-RM", "Provdenca", "", null), "order.updated");
            awaitDecisions(app, 16041, "parked", "parked");
            JsonNode rows = JSON.readTree(admin(app, "GET", "/admin/needs-review").body());
            assertThat(rows).hasSize(1);
            assertThat(rows.get(0).path("reason").asText()).contains("'Provdenca'");
            assertThat(app.bean("wootrackInbox", Inbox.class).count(Inbox.PARKED)).isEqualTo(1);
            assertThat(admin(app, "POST", "/admin/orders/16041/send-anyway").statusCode()).isEqualTo(200);
            awaitDecisions(app, 16041, "parked", "parked", "review-accepted", "sent");
            // the latest event is the one sent, with its suggestion (two letters off Providencia)
            assertThat(shippingSent(16041).path("city").asText()).isEqualTo("Providencia");
        }
    }
}
