package dev.wootrack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.wootrack.sandbox.TrackingTechSandbox;
import dev.wootrack.store.DeadLetters;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The admin API as a client, a proxy and an attacker meet it, over real loopback HTTP (bytes written by hand where
 * {@code java.net.http} would refuse or fix the request): the security headers on every answer, the token only
 * from the {@code Authorization} header, bad ids and malformed URLs refused with a reason and without an ERROR.
 */
@org.junit.jupiter.api.TestMethodOrder(org.junit.jupiter.api.MethodOrderer.OrderAnnotation.class)
class AdminApiTest {

    static final String TOKEN = "admin-api-test-token-5";
    static final String AUTH = "Authorization: Bearer " + TOKEN;
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dataDir;
    static TrackingTechSandbox sandbox;
    static TestApp app;
    static int port;

    static final ch.qos.logback.core.read.ListAppender<ILoggingEvent> LOG = new ch.qos.logback.core.read.ListAppender<>();

    @BeforeAll
    static void start() throws Exception {
        LOG.start();
        root().addAppender(LOG);
        sandbox = new TrackingTechSandbox();
        Map<String, String> s = TestApp.settings(dataDir, sandbox);
        s.put("wootrack.admin.token", TOKEN);
        port = Integer.parseInt(s.get("wootrack.http.port"));
        app = TestApp.start(s);
    }

    @AfterAll
    static void stop() throws Exception {
        app.close();
        sandbox.close();
        root().detachAppender(LOG);
    }

    static ch.qos.logback.classic.Logger root() {
        return (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    }

    static RawHttp.Answer call(String method, String target, String... headers) throws Exception {
        return RawHttp.send(port, method, target, null, headers);
    }

    /** The log lines written since {@code from} (an index into the captured list). */
    static List<ILoggingEvent> logSince(int from) {
        synchronized (LOG) {
            return List.copyOf(LOG.list.subList(from, LOG.list.size()));
        }
    }

    /**
     * An ERROR line written while an HTTP request was handled (Vert.x's threads). The log is the JVM's: a scheduled
     * route of this app or of an earlier test's (all share surefire's JVM) may log meanwhile, and says nothing about
     * how a request was answered.
     */
    static boolean requestError(ILoggingEvent e) {
        return e.getLevel().isGreaterOrEqual(Level.ERROR) && e.getThreadName().startsWith("vert.x");
    }

    static int logMark() {
        synchronized (LOG) {
            return LOG.list.size();
        }
    }

    /** What every /admin answer carries, whatever its status (README, Operations: the admin API). */
    static void hasTheSecurityHeaders(String what, RawHttp.Answer a) {
        assertThat(a.header("Cache-Control")).as(what + ": Cache-Control").isEqualTo("no-store");
        assertThat(a.header("X-Content-Type-Options")).as(what).isEqualTo("nosniff");
        assertThat(a.header("X-Frame-Options")).as(what).isEqualTo("DENY");
        assertThat(a.header("Content-Security-Policy")).as(what).isEqualTo("default-src 'none'; frame-ancestors 'none'");
    }

    /** A refusal: the status, JSON {"error","message"} and nothing of a stack trace. */
    static JsonNode refused(String what, RawHttp.Answer a, int status) throws Exception {
        assertThat(a.status()).as(what + ": " + a.body()).isEqualTo(status);
        assertThat(a.header("Content-Type")).as(what).startsWith("application/json");
        JsonNode body = JSON.readTree(a.body());
        assertThat(body.path("error").asText()).as(what).isNotBlank();
        assertThat(body.path("message").asText()).as(what).isNotBlank();
        assertThat(a.body()).as(what).doesNotContain("Exception").doesNotContain("\tat ");
        return body;
    }

    @Test
    void everyAdminAnswerCarriesTheSecurityHeadersWhateverItsStatus() throws Exception {
        RawHttp.Answer ok = call("GET", "/admin/status", AUTH);
        assertThat(ok.status()).isEqualTo(200);
        hasTheSecurityHeaders("200", ok);

        Map<String, RawHttp.Answer> refusals = new java.util.LinkedHashMap<>();
        refusals.put("401 no token", call("GET", "/admin/status"));
        refusals.put("401 wrong token", call("GET", "/admin/status", "Authorization: Bearer not-it"));
        refusals.put("400 bad id", call("GET", "/admin/orders/abc", AUTH));
        refusals.put("404 unknown order", call("GET", "/admin/orders/424242", AUTH));
        refusals.put("404 no such call", call("GET", "/admin/nothing-here", AUTH));
        refusals.put("405 wrong method", call("DELETE", "/admin/status", AUTH));
        refusals.put("400 malformed URL", call("GET", "/admin/orders/%zz", AUTH));
        int[] statuses = {401, 401, 400, 404, 404, 405, 400};
        int i = 0;
        for (Map.Entry<String, RawHttp.Answer> r : refusals.entrySet()) {
            refused(r.getKey(), r.getValue(), statuses[i++]);
            hasTheSecurityHeaders(r.getKey(), r.getValue());
        }
        // a failure inside WooTrack (500): aFailureInsideWooTrackIsA500WithTheSameHeaders
    }

    @Test
    void theTokenCountsOnlyFromTheAuthorizationHeaderNeverFromTheUrlOrAForm() throws Exception {
        // an open dead letter, to see whether a refused replay-all replayed it
        sandbox.answerNext(TrackingTechSandbox.Answer.of(422, "{\"error\":\"validation_failed\",\"message\":\"no\"}"));
        app.webhook(Fixtures.order(7701, "processing"), "order.updated");
        await().atMost(Duration.ofSeconds(10)).until(() -> app.decisions(7701).contains("dead-letter"));
        DeadLetters deadLetters = app.bean("wootrackDeadLetters", DeadLetters.class);

        JsonNode inUrl = refused("token in the query", call("GET", "/admin/status?Authorization=Bearer%20" + TOKEN), 401);
        assertThat(inUrl.path("message").asText()).contains("'Authorization: Bearer <admin token>' header only");
        refused("token in a form field", RawHttp.send(port, "POST", "/admin/dead-letters/replay-all",
                "Authorization=Bearer%20" + TOKEN, "Content-Type: application/x-www-form-urlencoded"), 401);
        refused("token in a form field, lower case", RawHttp.send(port, "POST", "/admin/dead-letters/replay-all",
                "authorization=Bearer+" + TOKEN, "Content-Type: application/x-www-form-urlencoded"), 401);
        assertThat(deadLetters.list(false)).as("nothing was replayed").anyMatch(d -> d.orderId() == 7701);

        // the header itself, in any case, with a decoy in the query that changes nothing
        assertThat(call("GET", "/admin/status", "authorization: Bearer " + TOKEN).status()).isEqualTo(200);
        assertThat(call("GET", "/admin/status?Authorization=Bearer%20wrong", AUTH).status()).isEqualTo(200);
        refused("right token in the query, wrong one in the header",
                call("GET", "/admin/status?Authorization=Bearer%20" + TOKEN, "Authorization: Bearer wrong"), 401);
    }

    @Test
    void badIdsAreRefusedWithAReasonNotA500AndAnErrorLine() throws Exception {
        int mark = logMark();
        for (String[] c : new String[][] {
                {"GET", "/admin/orders/abc", "400"},
                {"GET", "/admin/orders/99999999999999999999", "400"},
                {"GET", "/admin/orders/0", "400"},
                {"GET", "/admin/orders/-5", "400"},
                {"POST", "/admin/dead-letters/x/replay", "400"},
                {"POST", "/admin/dead-letters/99999999999999999999/replay", "400"},
                {"POST", "/admin/orders/abc/refresh-tracking", "400"},
                {"GET", "/admin/orders/424242", "404"},
                {"POST", "/admin/dead-letters/424242/replay", "404"}}) {
            JsonNode body = refused(c[0] + " " + c[1], call(c[0], c[1], AUTH), Integer.parseInt(c[2]));
            assertThat(body.path("error").asText()).isEqualTo(c[2].equals("400") ? "invalid_parameter" : "not_found");
        }
        assertThat(refused("bad id", call("GET", "/admin/orders/abc", AUTH), 400).path("message").asText())
                .isEqualTo("the order id must be a whole number from 1 to 9223372036854775807");
        assertThat(logSince(mark)).as("no ERROR line for a client's mistake")
                .noneMatch(AdminApiTest::requestError);
        assertThat(sandbox.requests()).as("nothing asked of TrackingTech for a bad id")
                .noneMatch(r -> r.path().contains("abc"));
    }

    @Test
    void aMalformedEscapeInAnyUrlIsA400WithoutAStackTraceAtError() throws Exception {
        int mark = logMark();
        for (String target : List.of("/admin/orders/%zz", "/admin/orders?q=%", "/admin/orders/%", "/console/%zz",
                "/webhooks/woocommerce?x=%", "/webhooks/woocommerce/%2")) {
            String method = target.startsWith("/webhooks") ? "POST" : "GET";
            JsonNode body = refused(target, call(method, target, AUTH, "Content-Type: application/json"), 400);
            assertThat(body.path("error").asText()).isEqualTo("bad_request");
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> logSince(mark).stream()
                .filter(e -> e.getFormattedMessage().contains("400 bad_request")).count() == 6);
        List<ILoggingEvent> lines = logSince(mark);
        assertThat(lines).noneMatch(AdminApiTest::requestError);
        assertThat(lines).filteredOn(e -> e.getThreadName().startsWith("vert.x"))
                .allMatch(e -> e.getThrowableProxy() == null);
        assertThat(lines).extracting(ILoggingEvent::getFormattedMessage)
                .contains("HTTP GET /admin/orders: 400 bad_request: the URL is not valid: a '%' must be followed by two"
                        + " hexadecimal digits")
                .noneMatch(m -> m.contains("q=%"));
    }

    /** Every call of the admin API (README, Operations: the admin API), as the OpenAPI document names it. */
    static final List<String> ADMIN_CALLS = List.of(
            "get /admin/status",
            "post /admin/connect",
            "post /admin/connect/resolve",
            "post /admin/connect/login",
            "post /admin/connect/link",
            "post /admin/disconnect",
            "get /admin/dead-letters",
            "post /admin/dead-letters/{id}/replay",
            "post /admin/dead-letters/replay-all",
            "get /admin/orders",
            "get /admin/orders/{id}",
            "post /admin/orders/{id}/refresh-tracking",
            "get /admin/needs-review",
            "post /admin/orders/{id}/send-anyway",
            "get /admin/reconcile",
            "get /admin/openapi.json");

    @Test
    void theOpenApiDocumentListsEveryAdminCallAndNeedsTheToken() throws Exception {
        RawHttp.Answer doc = call("GET", "/admin/openapi.json", AUTH);
        assertThat(doc.status()).as(doc.body()).isEqualTo(200);
        assertThat(doc.header("Content-Type")).startsWith("application/json");
        hasTheSecurityHeaders("openapi.json", doc);
        JsonNode api = JSON.readTree(doc.body());
        assertThat(api.path("openapi").asText()).startsWith("3.");
        assertThat(api.path("servers").path(0).path("url").asText()).isEqualTo("/");
        assertThat(doc.body()).as("Camel's own extensions").doesNotContain("x-camel").doesNotContain("x-className");
        List<String> listed = new java.util.ArrayList<>();
        api.path("paths").fields().forEachRemaining(p -> p.getValue().fieldNames()
                .forEachRemaining(method -> listed.add(method + " " + p.getKey())));
        assertThat(listed).containsExactlyInAnyOrderElementsOf(ADMIN_CALLS);
        // the bodies the calls take are described, and the token is the way in
        assertThat(api.path("components").path("schemas").path("ConnectRequest").path("properties").has("storeId"))
                .as(doc.body()).isTrue();
        assertThat(api.path("components").path("securitySchemes").path("wootrack-admin-token").path("scheme").asText())
                .isEqualToIgnoringCase("bearer");

        for (String[] without : new String[][] {{}, {"Authorization: Bearer not-it"}}) {
            RawHttp.Answer refused = call("GET", "/admin/openapi.json", without);
            refused("openapi.json without the token", refused, 401);
            hasTheSecurityHeaders("openapi.json without the token", refused);
            assertThat(refused.body()).doesNotContain("paths");
        }
        refused("openapi.json with the token in the query",
                call("GET", "/admin/openapi.json?Authorization=Bearer%20" + TOKEN), 401);
    }

    @Test
    void aBodyThatIsNotJsonOrHasAFieldOfTheWrongTypeIsA400WithoutEchoingIt() throws Exception {
        String personal = "ana.rojas@example.cl";
        int mark = logMark();
        String[][] cases = {
                // call, body, what the message says
                {"/admin/connect/resolve", "code=" + personal, "the body is not JSON"},
                {"/admin/connect/resolve", "{\"code\": \"" + personal, "the body is not JSON"},
                {"/admin/connect/resolve", "{\"code\": {\"email\": \"" + personal + "\"}}", "'code' must be a string"},
                {"/admin/connect/login", "[\"" + personal + "\"]", "the body must be a JSON object"},
                {"/admin/connect/login", "\"" + personal + "\"", "the body must be a JSON object"},
                {"/admin/connect", "{\"code\":\"ACME\",\"email\":\"" + personal + "\",\"password\":[\"" + personal
                        + "\"]}", "'password' must be a string"},
                {"/admin/connect/link", "{\"wizard\": 7, \"storeId\": [\"" + personal + "\"]}", "'storeId' must be a string"},
                {"/admin/disconnect", "{\"force\": \"" + personal + "\"}", "'force' must be true or false"}};
        for (String[] c : cases) {
            RawHttp.Answer a = RawHttp.send(port, "POST", c[0], c[1], AUTH, "Content-Type: application/json");
            JsonNode body = refused(c[0] + " " + c[1], a, 400);
            assertThat(body.path("error").asText()).as(c[1]).isEqualTo("invalid_json");
            assertThat(body.path("message").asText()).as(c[1]).startsWith(c[2]);
            assertThat(a.body()).as(c[1]).doesNotContain(personal).doesNotContain("ana.rojas");
            hasTheSecurityHeaders(c[1], a);
        }
        // no body at all where one is needed: a 400 too (the disconnect call alone takes none)
        refused("no body", RawHttp.send(port, "POST", "/admin/connect/resolve", null, AUTH), 400);
        assertThat(sandbox.requests()).as("nothing asked of TrackingTech").noneMatch(r -> r.path().contains("resolve")
                || r.path().contains("login"));
        List<ILoggingEvent> lines = logSince(mark);
        assertThat(lines).as("a client's mistake is no ERROR").noneMatch(AdminApiTest::requestError);
        assertThat(lines).extracting(ILoggingEvent::getFormattedMessage).noneMatch(m -> m.contains("ana.rojas"));
        assertThat(lines).allMatch(e -> e.getThrowableProxy() == null || !String.valueOf(e.getThrowableProxy()
                .getMessage()).contains("ana.rojas"));
    }

    @Test
    void observeInfoIsNotServed() throws Exception {
        RawHttp.Answer info = call("GET", "/observe/info");
        assertThat(info.status()).isEqualTo(404);
        assertThat(info.body()).doesNotContain(System.getProperty("user.home")).doesNotContain("java.version");
        assertThat(call("GET", "/observe/info", AUTH).status()).isEqualTo(404);
    }

    @Test
    @org.junit.jupiter.api.Order(Integer.MAX_VALUE) // the last: it breaks the app
    void aFailureInsideWooTrackIsA500WithTheSameHeaders() throws Exception {
        // the pool closed under the running API: /admin/status cannot read the database
        app.bean("wootrackDataSource", dev.wootrack.store.LazyPool.class).close();
        int mark = logMark();
        RawHttp.Answer failed = call("GET", "/admin/status", AUTH);
        refused("500", failed, 500);
        hasTheSecurityHeaders("500", failed);
        assertThat(logSince(mark)).anyMatch(e -> e.getLevel() == Level.ERROR
                && e.getFormattedMessage().startsWith("admin GET /admin/status failed"));
    }
}
