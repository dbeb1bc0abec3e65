package dev.wootrack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.wootrack.cli.ConnectCommand;
import dev.wootrack.sandbox.TrackingTechSandbox;
import dev.wootrack.trackingtech.TrackingTechConnection;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The guided connection (connect, status, disconnect) against the sandbox, beside a running WooTrack. */
class ConnectTest {

    @TempDir
    Path dataDir;
    private TrackingTechSandbox trackingTech;
    private final ListAppender<ILoggingEvent> log = new ListAppender<>();

    @BeforeEach
    void setUp() throws Exception {
        trackingTech = new TrackingTechSandbox();
        log.start();
        root().addAppender(log);
    }

    @AfterEach
    void tearDown() {
        root().detachAppender(log);
        trackingTech.close();
    }

    private static ch.qos.logback.classic.Logger root() {
        return (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    }

    /** Settings without a pre-set connection: only `connect` connects. */
    private Map<String, String> settings() throws IOException {
        Map<String, String> s = TestApp.settings(dataDir, trackingTech);
        s.remove("wootrack.trackingtech.token");
        s.remove("wootrack.trackingtech.store-id");
        s.remove("wootrack.trackingtech.customer-id");
        s.put("wootrack.woocommerce.url", "https://tienda.example.cl");
        return s;
    }

    private record Run(int code, String out, String err) {
    }

    private Run cli(Map<String, String> settings, Object command, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(command);
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        List<String> all = new ArrayList<>(List.of(args));
        settings.forEach((k, v) -> all.addAll(List.of("--set", k + "=" + v)));
        int code = cli.execute(all.toArray(String[]::new));
        return new Run(code, out.toString(), err.toString());
    }

    private Run connect(Map<String, String> settings, String code, String password, String... more) {
        List<String> args = new ArrayList<>(List.of("--code", code, "--email", TrackingTechSandbox.EMAIL));
        args.addAll(List.of(more));
        return cli(settings, new ConnectCommand().withPassword(password.toCharArray()), args.toArray(String[]::new));
    }

    private Run wooTrack(Map<String, String> settings, String... args) {
        return cli(settings, new WooTrack(), args);
    }

    @Test
    void connectStatusAndDisconnectAgainstTheSandbox() throws Exception {
        Map<String, String> s = settings();
        try (TestApp app = TestApp.start(s)) {
            // nothing is sent before connect: orders are accepted and wait
            app.webhook(Fixtures.recentOrder(801, "processing", 5), "order.updated"); // 5 s before connecting
            app.webhook(Fixtures.order(800, "processing"), "order.updated"); // changed in 2017
            await().atMost(Duration.ofSeconds(10)).until(() -> app.decisions(801).contains("parked")
                    && app.decisions(800).contains("parked"));
            assertThat(app.history(801).get(0).reason()).startsWith("awaiting-connection");
            assertThat(trackingTech.orderPosts()).isEmpty();

            // no admin token configured: the admin API is off
            java.net.http.HttpResponse<String> off = java.net.http.HttpClient.newHttpClient().send(
                    java.net.http.HttpRequest.newBuilder(java.net.URI.create(app.url("/admin/status"))).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(off.statusCode()).isEqualTo(404);
            assertThat(off.body()).contains("admin_api_off");

            Run connected = connect(s, "ACME", TrackingTechSandbox.PASSWORD, "--store", "s_1");
            assertThat(connected.code()).as(connected.err()).isZero();
            assertThat(connected.out()).contains("Courier: Acme Couriers (ACME)")
                    .contains("Connected: store Tienda Centro (s_1) of Acme Couriers");

            // like the plugin, what reached a trigger status before the first connection is not sent on its
            // own (backfill sends it); what happens after connecting is
            await().atMost(Duration.ofSeconds(20)).until(() -> app.decisions(801).contains("ignored")
                    && app.decisions(800).contains("ignored"));
            assertThat(app.history(801)).filteredOn(d -> d.decision().equals("ignored")).singleElement()
                    .satisfies(d -> assertThat(d.reason()).contains("before WooTrack was first connected")
                            .contains("backfill"));
            app.webhook(Fixtures.recentOrder(803, "processing"), "order.updated");
            await().atMost(Duration.ofSeconds(20)).until(() -> app.decisions(803).contains("sent"));
            assertThat(trackingTech.orderPostsFor(803)).hasSize(1);
            assertThat(trackingTech.orderPostsFor(803).get(0).header("Authorization")).startsWith("Bearer tt-");
            assertThat(trackingTech.orderPosts()).hasSize(1);

            List<TrackingTechSandbox.Request> flow = trackingTech.accountRequests();
            assertThat(flow).extracting(TrackingTechSandbox.Request::path).containsExactly("/api/v1/tenants/resolve",
                    "/api/v1/auth/login", "/api/v1/stores", "/api/v1/stores/s_1/link");
            String deviceId = new com.fasterxml.jackson.databind.ObjectMapper().readTree(flow.get(0).body())
                    .path("deviceId").asText();
            assertThat(deviceId).matches("[0-9a-f]{64}");
            assertThat(flow.get(3).body()).contains("\"storeUrl\":\"https://tienda.example.cl\"").contains(deviceId);
            // the installation's secret is in the database, shared by every node (issue 14), not in one node's data dir
            String secret = app.bean("wootrackCheckpoints", dev.wootrack.store.Checkpoints.class)
                    .get(dev.wootrack.trackingtech.Installation.SECRET).orElseThrow();
            assertThat(secret).matches("[0-9a-f]{64}");
            assertThat(deviceId).isEqualTo(java.util.HexFormat.of().formatHex(java.security.MessageDigest
                    .getInstance("SHA-256").digest(("https://tienda.example.cl" + secret)
                            .getBytes(java.nio.charset.StandardCharsets.UTF_8))));
            assertThat(dataDir.resolve("installation-secret")).doesNotExist();

            Run status = wooTrack(s, "status");
            assertThat(status.out()).contains("TrackingTech   connected — Acme Couriers, store Tienda Centro (s_1),"
                    + " customer c_42").contains("Last sent      order 803").contains("Oldest parked  none");
            Run json = wooTrack(s, "status", "--json");
            assertThat(json.out()).contains("\"state\" : \"connected\"").contains("\"sent\" : 1")
                    .contains("\"ignored\" : 2");

            Run disconnected = wooTrack(s, "disconnect");
            assertThat(disconnected.code()).as(disconnected.err()).isZero();
            assertThat(trackingTech.accountRequests().get(4).path()).isEqualTo("/api/v1/integrations/uninstall");
            assertThat(trackingTech.accountRequests().get(4).body()).contains("\"customerId\":\"c_42\"")
                    .contains("\"storeUrl\":\"https://tienda.example.cl\"");
            await().atMost(Duration.ofSeconds(10)).until(() -> app.bean("wootrackConnection", TrackingTechConnection.class)
                    .getState() == TrackingTechConnection.State.DISCONNECTED);
            app.webhook(Fixtures.recentOrder(802, "processing"), "order.updated");
            await().atMost(Duration.ofSeconds(10)).until(() -> app.decisions(802).contains("parked"));
            assertThat(trackingTech.orderPostsFor(802)).as("nothing is sent after disconnect").isEmpty();
            assertThat(wooTrack(s, "status").out()).contains("TrackingTech   disconnected")
                    .contains("Oldest parked  order 802");
            // received while disconnected: delivered once connected again
            assertThat(connect(s, "ACME", TrackingTechSandbox.PASSWORD, "--store", "s_1").code()).isZero();
            await().atMost(Duration.ofSeconds(20)).until(() -> app.decisions(802).contains("sent"));
            assertThat(trackingTech.orderPostsFor(802)).hasSize(1);
        }
        // the password is used for the login call only: never logged, never stored
        assertThat(log.list).extracting(ILoggingEvent::getFormattedMessage)
                .noneMatch(m -> m.contains(TrackingTechSandbox.PASSWORD));
        try (Stream<Path> files = Files.walk(dataDir)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                assertThat(new String(Files.readAllBytes(f), java.nio.charset.StandardCharsets.ISO_8859_1))
                        .as(f.toString()).doesNotContain(TrackingTechSandbox.PASSWORD);
            }
        }
    }

    @Test
    void eachFailureSaysWhichStepAndWhyInPlainWords() throws Exception {
        Map<String, String> s = settings();
        assertThat(connect(s, "NOPE", TrackingTechSandbox.PASSWORD).err())
                .contains("connect failed (resolve): Unknown courier code 'NOPE'");
        assertThat(connect(s, TrackingTechSandbox.INACTIVE_CODE, TrackingTechSandbox.PASSWORD).err())
                .contains("connect failed (resolve): The courier 'DORMIDO' is not active at TrackingTech yet");
        assertThat(connect(s, "ACME", "wrong").err())
                .contains("connect failed (login): Wrong email or password for Acme Couriers.");
        assertThat(connect(s, "ACME", TrackingTechSandbox.PASSWORD, "--store", "s_2").err())
                .contains("connect failed (link): Store Tienda Sur (s_2) is already linked to another WooCommerce installation");
        Run noChoice = connect(s, "ACME", TrackingTechSandbox.PASSWORD);
        assertThat(noChoice.code()).isEqualTo(1);
        assertThat(noChoice.err()).contains("Choose a store with --store:").contains("s_1  Tienda Centro");
        Map<String, String> down = new java.util.HashMap<>(s);
        down.put("wootrack.trackingtech.base-url", "http://127.0.0.1:" + TestApp.freePort() + "/api");
        assertThat(connect(down, "ACME", TrackingTechSandbox.PASSWORD).err())
                .contains("connect failed (resolve): TrackingTech is unreachable at http://127.0.0.1:");
        assertThat(wooTrack(s, "status").out()).contains("TrackingTech   disconnected");
    }

    @Test
    void aRevokedTokenParksOrdersUntilConnectIsRunAgainAndNothingIsLost() throws Exception {
        Map<String, String> s = settings();
        try (TestApp app = TestApp.start(s)) {
            assertThat(connect(s, "ACME", TrackingTechSandbox.PASSWORD, "--store", "s_1").code()).isZero();
            await().atMost(Duration.ofSeconds(10)).until(() -> app.bean("wootrackConnection", TrackingTechConnection.class).isReady());
            app.webhook(Fixtures.recentOrder(811, "processing"), "order.updated");
            await().atMost(Duration.ofSeconds(10)).until(() -> app.decisions(811).contains("sent"));

            trackingTech.invalidateTokens();
            for (long id = 812; id <= 815; id++) {
                app.webhook(Fixtures.recentOrder(id, "processing"), "order.updated");
            }
            await().atMost(Duration.ofSeconds(20)).until(() -> Stream.of(812L, 813L, 814L, 815L)
                    .allMatch(id -> app.decisions(id).contains("parked")));
            assertThat(wooTrack(s, "status").out()).contains("TrackingTech   login-required");
            java.net.http.HttpResponse<String> health = java.net.http.HttpClient.newHttpClient().send(
                    java.net.http.HttpRequest.newBuilder(java.net.URI.create(app.url("/observe/health"))).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(health.statusCode()).isEqualTo(503);
            assertThat(health.body()).contains("trackingtech-connection");

            assertThat(connect(s, "ACME", TrackingTechSandbox.PASSWORD, "--store", "s_1").code()).isZero();
            await().atMost(Duration.ofSeconds(20)).until(() -> Stream.of(812L, 813L, 814L, 815L)
                    .allMatch(id -> app.decisions(id).contains("sent")));
            assertThat(trackingTech.created()).isEqualTo(5);
            assertThat(java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create(app.url("/observe/health"))).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
        }
    }

    @Test
    void theAdminApiRefusesAMissingOrWrongTokenAndWorksWithTheRightOne() throws Exception {
        Map<String, String> s = settings();
        s.put("wootrack.admin.token", "admin-token-123");
        java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
        try (TestApp app = TestApp.start(s)) {
            java.util.function.BiFunction<String, String, java.net.http.HttpRequest.Builder> req = (path, token) -> {
                java.net.http.HttpRequest.Builder b = java.net.http.HttpRequest.newBuilder(java.net.URI.create(app.url(path)));
                return token == null ? b : b.header("Authorization", "Bearer " + token);
            };
            java.net.http.HttpResponse.BodyHandler<String> text = java.net.http.HttpResponse.BodyHandlers.ofString();

            assertThat(http.send(req.apply("/admin/status", null).build(), text).statusCode()).isEqualTo(401);
            assertThat(http.send(req.apply("/admin/status", "admin-token-124").build(), text).statusCode()).isEqualTo(401);
            java.net.http.HttpResponse<String> status = http.send(req.apply("/admin/status", "admin-token-123").build(), text);
            assertThat(status.statusCode()).isEqualTo(200);
            assertThat(status.body()).contains("\"state\":\"disconnected\"");
            assertThat(status.headers().firstValue("X-Content-Type-Options")).contains("nosniff");
            assertThat(status.headers().map().keySet()).noneMatch(h -> h.equalsIgnoreCase("Authorization"));

            String wrong = "{\"code\":\"ACME\",\"email\":\"" + TrackingTechSandbox.EMAIL + "\",\"password\":\"nope\",\"storeId\":\"s_1\"}";
            java.net.http.HttpResponse<String> refused = http.send(req.apply("/admin/connect", "admin-token-123")
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString(wrong)).build(), text);
            assertThat(refused.statusCode()).isEqualTo(422);
            assertThat(refused.body()).contains("login_failed").contains("Wrong email or password");

            String right = wrong.replace("nope", TrackingTechSandbox.PASSWORD);
            java.net.http.HttpResponse<String> connected = http.send(req.apply("/admin/connect", "admin-token-123")
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString(right)).build(), text);
            assertThat(connected.statusCode()).as(connected.body()).isEqualTo(200);
            assertThat(connected.body()).contains("\"connected\":true").contains("\"store\":\"s_1\"");

            trackingTech.answerNext(TrackingTechSandbox.Answer.of(422,
                    "{\"error\":\"validation_failed\",\"message\":\"bad address\"}"));
            app.webhook(Fixtures.recentOrder(821, "processing"), "order.updated");
            await().atMost(Duration.ofSeconds(10)).until(() -> app.decisions(821).contains("dead-letter"));
            java.net.http.HttpResponse<String> letters = http.send(req.apply("/admin/dead-letters", "admin-token-123").build(), text);
            assertThat(letters.body()).contains("\"order\":821").contains("bad address");
            long id = new com.fasterxml.jackson.databind.ObjectMapper().readTree(letters.body()).get(0).path("id").asLong();
            java.net.http.HttpResponse<String> replayed = http.send(req.apply("/admin/dead-letters/" + id + "/replay",
                    "admin-token-123").POST(java.net.http.HttpRequest.BodyPublishers.noBody()).build(), text);
            assertThat(replayed.statusCode()).isEqualTo(200);
            await().atMost(Duration.ofSeconds(10)).until(() -> app.decisions(821).contains("sent"));
            java.net.http.HttpResponse<String> history = http.send(req.apply("/admin/orders/821", "admin-token-123").build(), text);
            assertThat(history.body()).contains("\"decision\":\"dead-letter\"").contains("\"decision\":\"sent\"");

            java.net.http.HttpResponse<String> off = http.send(req.apply("/admin/disconnect", "admin-token-123")
                    .POST(java.net.http.HttpRequest.BodyPublishers.noBody()).build(), text);
            assertThat(off.statusCode()).isEqualTo(200);
            assertThat(app.bean("wootrackConnection", TrackingTechConnection.class).isReady()).isFalse();
        }
        assertThat(log.list).extracting(ILoggingEvent::getFormattedMessage)
                .noneMatch(m -> m.contains(TrackingTechSandbox.PASSWORD) || m.contains("admin-token-123"));
    }

    @Test
    void disconnectKeepsTheConnectionWhenTrackingTechDoesNotConfirmUnlessForced() throws Exception {
        Map<String, String> s = settings();
        assertThat(connect(s, "ACME", TrackingTechSandbox.PASSWORD, "--store", "s_1").code()).isZero();
        trackingTech.answerNext(TrackingTechSandbox.Answer.of(503, "upstream down"));
        Run refused = wooTrack(s, "disconnect");
        assertThat(refused.code()).isEqualTo(1);
        assertThat(refused.err()).contains("disconnect failed:").contains("HTTP 503: upstream down")
                .contains("The connection is kept; use --force to drop it anyway.");
        assertThat(wooTrack(s, "status").out()).contains("TrackingTech   connected");

        trackingTech.answerNext(TrackingTechSandbox.Answer.of(503, "upstream down"));
        assertThat(wooTrack(s, "disconnect", "--force").code()).isZero();
        assertThat(wooTrack(s, "status").out()).contains("TrackingTech   disconnected");
    }
}
