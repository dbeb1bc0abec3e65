package dev.wootrack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.wootrack.sandbox.TrackingTechSandbox;
import dev.wootrack.sandbox.WooCommerceSimulator;
import dev.wootrack.store.InstalledWebhooks;
import dev.wootrack.woocommerce.WebhookSignature;
import dev.wootrack.woocommerce.Webhooks;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 16: the webhooks WooTrack installs and keeps alive, against the WooCommerce simulator's webhooks API (which
 * counts failed deliveries and disables a webhook as WooCommerce does). No configured webhook secret anywhere: the only
 * secret is the one WooTrack generated.
 */
class WebhooksTest {

    @TempDir
    Path dataDir;
    private TrackingTechSandbox trackingTech;
    private WooCommerceSimulator store;

    /** Every log line of the test, as formatted: the generated secret is never in one. */
    private final ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> log =
            new ch.qos.logback.core.read.ListAppender<>();

    @BeforeEach
    void servers() throws Exception {
        trackingTech = new TrackingTechSandbox();
        store = new WooCommerceSimulator();
        log.start();
        root().addAppender(log);
    }

    @AfterEach
    void stop() {
        root().detachAppender(log);
        store.close();
        trackingTech.close();
    }

    private static ch.qos.logback.classic.Logger root() {
        return (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    }

    private String logged() {
        synchronized (log) {
            return String.join("\n", log.list.stream().map(e -> e.getFormattedMessage()
                    + (e.getThrowableProxy() == null ? "" : " " + e.getThrowableProxy().getMessage())).toList());
        }
    }

    private Map<String, String> settings() throws Exception {
        Map<String, String> s = TestApp.settings(dataDir, trackingTech, store);
        s.remove("wootrack.woocommerce.webhook-secret");
        s.put("wootrack.public-url", "http://127.0.0.1:" + s.get("wootrack.http.port") + "/");
        return s;
    }

    private static String url(Map<String, String> settings) {
        return "http://127.0.0.1:" + settings.get("wootrack.http.port") + Webhooks.PATH;
    }

    record Run(int code, String out, String err) {
        @Override
        public String toString() {
            return "exit " + code + "\n" + out + err;
        }
    }

    /** {@code wootrack webhooks <sub>} beside the running WooTrack, on its database. */
    private static Run webhooks(Map<String, String> settings, String... sub) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        List<String> args = new ArrayList<>(List.of("webhooks"));
        args.addAll(List.of(sub));
        settings.forEach((k, v) -> args.addAll(List.of("--set", k + "=" + v)));
        int code = WooTrack.commandLine().setOut(new PrintWriter(out)).setErr(new PrintWriter(err))
                .execute(args.toArray(String[]::new));
        return new Run(code, out.toString(), err.toString());
    }

    private List<ObjectNode> ours(String url) {
        return store.webhooks().stream().filter(w -> w.path("delivery_url").asText().equals(url)
                && w.path("topic").asText().startsWith("order.")).toList();
    }

    @Test
    void installAdoptsTheStoresOwnCreatesTheRestIsIdempotentAndRemoveDeletesOnlyWooTracks() throws Exception {
        Map<String, String> s = settings();
        s.put("wootrack.webhooks.check-interval", "3600000"); // this test looks at install/status/remove alone
        String url = url(s);
        // the merchant made an order.updated webhook by hand, with a secret WooTrack does not know; and others
        long theirs = store.addWebhook("My order hook", "order.updated", url, "the-merchants-own-secret", "paused");
        long elsewhere = store.addWebhook("ERP", "order.updated", "https://erp.example/hook", "erp", "active");
        long products = store.addWebhook("Products", "product.created", "https://erp.example/products", "p", "active");

        String secret;
        try (TestApp app = TestApp.start(s)) {
            Run install = webhooks(s, "install");
            assertThat(install.code()).as("%s", install).isZero();
            assertThat(install.out()).contains("order.created", "created", "order.updated", "adopted",
                    "order.deleted", url);
            List<ObjectNode> mine = ours(url);
            assertThat(mine).extracting(w -> w.path("topic").asText())
                    .containsExactlyInAnyOrder("order.created", "order.updated", "order.deleted");
            assertThat(mine).allSatisfy(w -> assertThat(w.path("status").asText()).isEqualTo("active"));
            long updated = mine.stream().filter(w -> w.path("topic").asText().equals("order.updated")).findFirst()
                    .orElseThrow().path("id").asLong();
            assertThat(updated).as("the store's own webhook adopted, not duplicated").isEqualTo(theirs);
            secret = store.webhookSecret(theirs);
            assertThat(secret).as("adopting sets WooTrack's secret").isNotEqualTo("the-merchants-own-secret")
                    .hasSizeGreaterThanOrEqualTo(43);
            assertThat(mine).allSatisfy(w -> assertThat(store.webhookSecret(w.path("id").asLong())).isEqualTo(secret));
            assertThat(install.out() + install.err()).doesNotContain(secret);
            assertThat(store.webhookSecret(elsewhere)).isEqualTo("erp");
            assertThat(store.webhook(products).path("status").asText()).isEqualTo("active");
            assertThat(store.webhookPings()).as("WooCommerce pings a webhook it creates").isGreaterThanOrEqualTo(2);
            assertThat(app.bean("wootrackInstalledWebhooks", InstalledWebhooks.class).list())
                    .extracting(InstalledWebhooks.Installed::origin)
                    .containsExactlyInAnyOrder("created", "adopted", "created");

            // the secrets verify: the running WooTrack takes deliveries signed with the secret it generated
            store.addOrder(701, "processing", store.now());
            store.addOrder(702, "processing", store.now());
            assertThat(store.sendWebhook(701, "order.created")).isEqualTo(200);
            assertThat(store.sendWebhook(701, "order.updated")).isEqualTo(200);
            assertThat(store.sendWebhook(702, "order.deleted")).isEqualTo(200);
            await().atMost(Duration.ofSeconds(20)).until(() -> app.decisions(701).size() >= 2
                    && app.decisions(702).contains("deleted"));
            assertThat(trackingTech.orderPostsFor(701)).hasSize(1);
            // a delivery signed with the merchant's old secret is not taken any more
            byte[] body = store.order(701).toString().getBytes(StandardCharsets.UTF_8);
            assertThat(app.webhook(body, "order.updated", new WebhookSignature("the-merchants-own-secret").sign(body))
                    .statusCode()).isEqualTo(401);

            // idempotent: nothing new, nothing duplicated, the same secret
            int count = store.webhooks().size();
            Run again = webhooks(s, "install");
            assertThat(again.code()).as("%s", again).isZero();
            assertThat(again.out()).contains("kept").doesNotContain(" created ").doesNotContain(" adopted ");
            assertThat(store.webhooks()).hasSize(count);
            assertThat(store.webhookSecret(theirs)).isEqualTo(secret);

            Run status = webhooks(s, "status");
            assertThat(status.code()).as("%s", status).isZero();
            for (ObjectNode w : mine) {
                assertThat(status.out()).containsPattern(w.path("topic").asText() + "\\s+" + w.path("id").asLong()
                        + "\\s+active\\s+" + java.util.regex.Pattern.quote(url));
            }
            assertThat(status.out()).contains("All three webhooks are active");

            // one disabled, one deleted by hand: status says so, with a non-zero exit
            long created = mine.stream().filter(w -> w.path("topic").asText().equals("order.created")).findFirst()
                    .orElseThrow().path("id").asLong();
            long deleted = mine.stream().filter(w -> w.path("topic").asText().equals("order.deleted")).findFirst()
                    .orElseThrow().path("id").asLong();
            store.disableWebhook(created);
            store.deleteWebhook(deleted);
            Run broken = webhooks(s, "status");
            assertThat(broken.code()).as("%s", broken).isEqualTo(1);
            assertThat(broken.out()).containsPattern("order.created\\s+" + created + "\\s+disabled")
                    .containsPattern("order.deleted\\s+" + deleted + "\\s+missing");
            Run json = webhooks(s, "status", "--json");
            assertThat(json.code()).isEqualTo(1);
            assertThat(new com.fasterxml.jackson.databind.ObjectMapper().readTree(json.out()).isArray()).isTrue();

            // install mends both: the disabled one active again, the deleted one made anew
            Run mend = webhooks(s, "install");
            assertThat(mend.code()).as("%s", mend).isZero();
            assertThat(store.webhook(created).path("status").asText()).isEqualTo("active");
            assertThat(ours(url)).hasSize(3);

            // remove: WooTrack's webhooks (the adopted one included) are deleted, the others stay
            Run remove = webhooks(s, "remove");
            assertThat(remove.code()).as("%s", remove).isZero();
            assertThat(remove.out()).contains("removed");
            assertThat(ours(url)).isEmpty();
            assertThat(store.webhooks()).extracting(w -> w.path("id").asLong()).containsExactlyInAnyOrder(elsewhere,
                    products);
            assertThat(app.bean("wootrackInstalledWebhooks", InstalledWebhooks.class).list()).isEmpty();
            // and the forgotten secret is refused once the running WooTrack has read the rows again
            String signature = new WebhookSignature(secret).sign(body);
            await().atMost(Duration.ofSeconds(15)).until(() -> app.webhook(body, "order.updated", signature)
                    .statusCode() == 401);
            assertThat(webhooks(s, "remove").out()).contains("nothing to remove");
        }
        assertThat(logged()).contains("webhooks installed for " + url).doesNotContain(secret);
    }

    /** Exit 2 without the public URL or the REST keys, 3 when WooCommerce refuses the keys; nothing is made. */
    @Test
    void installNeedsThePublicUrlAndTheKeys() throws Exception {
        Map<String, String> s = settings();
        s.remove("wootrack.public-url");
        Run noUrl = webhooks(s, "install");
        assertThat(noUrl.code()).isEqualTo(2);
        assertThat(noUrl.err()).contains("wootrack.public-url");
        s = settings();
        s.remove("wootrack.woocommerce.consumer-key");
        Run noKeys = webhooks(s, "install");
        assertThat(noKeys.code()).isEqualTo(2);
        assertThat(noKeys.err()).contains("wootrack.woocommerce.consumer-key");
        store.revokeKeys();
        Run refused = webhooks(settings(), "install");
        assertThat(refused.code()).as("%s", refused).isEqualTo(3);
        assertThat(refused.err()).contains("WooCommerce refused the REST keys", "401");
        assertThat(store.webhooks()).isEmpty();
    }

    /**
     * A webhook WooCommerce disabled (seven failed deliveries in a row while WooTrack's intake was down) raises the
     * alarm in health and status, is re-activated once WooTrack can take its deliveries again, and the orders created
     * while it was off are read by the catch-up poll from where it stopped delivering: each reaches TrackingTech exactly
     * once. Polling is off here: nothing but the catch-up can find them.
     */
    @Test
    void aDisabledWebhookIsRepairedAndItsGapCaughtUpExactlyOnce() throws Exception {
        Map<String, String> s = settings();
        s.put("wootrack.woocommerce.poll.enabled", "false");
        s.put("wootrack.webhooks.check-interval", "300");
        try (TestApp app = TestApp.start(s)) {
            Webhooks webhooks = app.bean("wootrackWebhooks", Webhooks.class);
            assertThat(webhooks.install().ok()).isTrue();
            long created = ours(url(s)).stream().filter(w -> w.path("topic").asText().equals("order.created"))
                    .findFirst().orElseThrow().path("id").asLong();

            // before the outage: an order by webhook
            store.addOrder(801, "processing", store.now());
            assertThat(store.sendWebhook(801, "order.created")).isEqualTo(200);
            await().atMost(Duration.ofSeconds(20)).until(() -> trackingTech.orderPostsFor(801).size() == 1);

            // WooTrack's intake goes down (its webhook route stopped: not ready to take deliveries), and the store's
            // deliveries do not reach it (dropped, as by a network gone): they fail until WooCommerce disables the webhook
            app.runtime().context().getRouteController().stopRoute(WooTrackRuntime.WEBHOOK_ROUTE);
            store.dropDeliveries(true);
            List<Long> gap = LongStream.rangeClosed(802, 809).boxed().toList();
            List<Integer> answers = new ArrayList<>();
            for (long id : gap) {
                store.addOrder(id, "processing", store.now());
                answers.add(store.sendWebhook(id, "order.created"));
            }
            assertThat(answers.subList(0, 7)).as("failed deliveries").allMatch(a -> a == 0 || a >= 300);
            assertThat(answers.get(7)).as("nothing is delivered once it is disabled").isEqualTo(-1);
            assertThat(store.webhook(created).path("status").asText()).isEqualTo("disabled");

            // the alarm: health DOWN with the reason, the status report, while WooTrack cannot take deliveries
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                HealthTest.Health health = HealthTest.health(app, "/observe/health?exposureLevel=full");
                assertThat(health.status()).isEqualTo(503);
                assertThat(health.check("webhooks").path("status").asText()).isEqualTo("DOWN");
                assertThat(health.check("webhooks").path("message").asText()).contains("order.created",
                        "disabled by WooCommerce", "re-activated once WooTrack can take its deliveries",
                        WooTrackRuntime.WEBHOOK_ROUTE);
            });
            JsonNode report = app.bean("wootrackStatusReport", StatusReport.class).report();
            assertThat(report.path("webhooks").path("alarm").asText()).contains("order.created", "disabled");
            HealthTest.Health ready = HealthTest.health(app, "/observe/health/ready?exposureLevel=full");
            assertThat(ready.check("webhooks").isMissingNode()).as("readiness is not this alarm's: %s", ready.body())
                    .isTrue();
            await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(
                    store.webhook(created).path("status").asText()).as("not re-activated while WooTrack is down")
                    .isEqualTo("disabled"));
            assertThat(gap).allSatisfy(id -> assertThat(trackingTech.orderPostsFor(id)).isEmpty());

            // WooTrack's intake is back: the check re-activates the webhook and the catch-up reads the gap
            store.dropDeliveries(false);
            app.runtime().context().getRouteController().startRoute(WooTrackRuntime.WEBHOOK_ROUTE);
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                assertThat(store.webhook(created).path("status").asText()).isEqualTo("active");
                for (long id : gap) {
                    assertThat(trackingTech.orderPostsFor(id)).as("order %d", id).hasSize(1);
                }
            });
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(
                    HealthTest.health(app, "/observe/health?exposureLevel=full").check("webhooks").path("status")
                            .asText()).isEqualTo("UP"));
            InstalledWebhooks.Installed row = app.bean("wootrackInstalledWebhooks", InstalledWebhooks.class)
                    .find("order.created").orElseThrow();
            assertThat(row.alarm()).isNull();
            assertThat(row.repairs()).isEqualTo(1);
            assertThat(row.lastRepair()).contains("re-activated by WooTrack", "read again by a poll");
            assertThat(app.bean("wootrackStatusReport", StatusReport.class).report().path("webhooks")
                    .path("alarm").isNull()).isTrue();
            assertThat(app.history(805)).extracting(d -> d.source()).contains("catch-up");

            // after the repair the webhook delivers again; every order reached TrackingTech exactly once
            store.addOrder(810, "processing", store.now());
            assertThat(store.sendWebhook(810, "order.created")).isEqualTo(200);
            await().atMost(Duration.ofSeconds(20)).until(() -> trackingTech.orderPostsFor(810).size() == 1);
            // later checks find nothing to do: no second catch-up, no second post
            await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
                for (long id = 801; id <= 810; id++) {
                    assertThat(trackingTech.orderPostsFor(id)).as("posts of order %d", id).hasSize(1);
                }
            });
            assertThat(app.bean("wootrackInstalledWebhooks", InstalledWebhooks.class).find("order.created")
                    .orElseThrow().repairs()).isEqualTo(1);
        }
    }

    /** With repair off the alarm stays until the merchant sets the webhook active; the gap is caught up all the same. */
    @Test
    void withRepairOffTheAlarmStaysUntilTheWebhookIsActiveAgain() throws Exception {
        Map<String, String> s = settings();
        s.put("wootrack.woocommerce.poll.enabled", "false");
        s.put("wootrack.webhooks.check-interval", "300");
        s.put("wootrack.webhooks.repair", "false");
        try (TestApp app = TestApp.start(s)) {
            assertThat(app.bean("wootrackWebhooks", Webhooks.class).install().ok()).isTrue();
            long updated = ours(url(s)).stream().filter(w -> w.path("topic").asText().equals("order.updated"))
                    .findFirst().orElseThrow().path("id").asLong();
            store.disableWebhook(updated);
            store.addOrder(901, "processing", store.now());
            assertThat(store.sendWebhook(901, "order.updated")).isEqualTo(-1);
            await().atMost(Duration.ofSeconds(20)).until(() -> app.bean("wootrackWebhooks", Webhooks.class).alarms()
                    .stream().anyMatch(a -> a.contains("wootrack.webhooks.repair is false")));
            await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(
                    store.webhook(updated).path("status").asText()).as("repair is off").isEqualTo("disabled"));
            // the merchant sets it Active in WooCommerce's admin screen
            store.setWebhookStatus(updated, "active");
            await().atMost(Duration.ofSeconds(30)).until(() -> trackingTech.orderPostsFor(901).size() == 1);
            await().atMost(Duration.ofSeconds(20)).until(() -> app.bean("wootrackWebhooks", Webhooks.class).alarms()
                    .isEmpty());
            assertThat(app.bean("wootrackInstalledWebhooks", InstalledWebhooks.class).find("order.updated")
                    .orElseThrow().lastRepair()).contains("set active in WooCommerce");
        }
    }
}
