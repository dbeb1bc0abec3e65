package dev.wootrack.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class WooCommerceSimulatorTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final Instant T0 = Instant.parse("2024-05-01T12:00:00Z");
    static final String ORDERS = "/wp-json/wc/v3/orders";
    static final String BASIC = "Basic " + Base64.getEncoder().encodeToString(
            (WooCommerceSimulator.CONSUMER_KEY + ":" + WooCommerceSimulator.CONSUMER_SECRET)
                    .getBytes(StandardCharsets.UTF_8));

    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    WooCommerceSimulator woo;
    HttpServer target;
    final Queue<Delivery> deliveries = new ConcurrentLinkedQueue<>();

    record Delivery(Map<String, List<String>> headers, byte[] body) {
        String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name)).findFirst()
                    .map(e -> e.getValue().get(0)).orElse(null);
        }
    }

    @BeforeEach
    void start() throws IOException {
        woo = new WooCommerceSimulator();
    }

    @AfterEach
    void stop() {
        woo.close();
        if (target != null) {
            target.stop(0);
        }
    }

    // ------------------------------------------------------------ authentication

    @Test
    void basicAuthAndQueryKeysOnlyWhenWordPressSeesHttps() throws Exception {
        woo.addOrder(1, "processing", T0);
        String keys = "?consumer_key=" + WooCommerceSimulator.CONSUMER_KEY + "&consumer_secret="
                + WooCommerceSimulator.CONSUMER_SECRET;

        assertError(send("GET", ORDERS, null, "Authorization", BASIC), 401, "woocommerce_rest_cannot_view",
                "Sorry, you cannot list resources.");
        assertError(send("GET", ORDERS + keys, null), 401, "woocommerce_rest_cannot_view",
                "Sorry, you cannot list resources.");

        woo.secure(true);
        assertThat(json(ok(send("GET", ORDERS, null, "Authorization", BASIC)))).hasSize(1);
        assertThat(json(ok(send("GET", ORDERS + keys, null)))).hasSize(1);
        assertError(send("GET", ORDERS, null, "Authorization", "Basic " + Base64.getEncoder().encodeToString(
                (WooCommerceSimulator.CONSUMER_KEY + ":cs_wrong").getBytes(StandardCharsets.UTF_8))),
                401, "woocommerce_rest_authentication_error", "Consumer secret is invalid.");
        assertError(send("GET", ORDERS + "/1", null), 401, "woocommerce_rest_cannot_view",
                "Sorry, you cannot view this resource.");
        assertError(send("PUT", ORDERS + "/1", "{}"), 401, "woocommerce_rest_cannot_edit",
                "Sorry, you are not allowed to edit this resource.");
        assertThat(woo.authFailures()).isEqualTo(5);
    }

    @Test
    void oauthSignedRequestsAreAccepted() throws Exception {
        woo.addOrder(7, "processing", T0);
        Map<String, String> query = new LinkedHashMap<>();
        query.put("status", "processing,on-hold");
        query.put("modified_after", "2024-01-01T00:00:00");
        query.put("per_page", "100");
        HttpResponse<String> inQuery = oauth("GET", ORDERS, query, null, WooCommerceSimulator.CONSUMER_SECRET,
                "nonce-1", now(), "HMAC-SHA1", false);
        assertThat(json(ok(inQuery))).hasSize(1);

        HttpResponse<String> inHeader = oauth("GET", ORDERS + "/7", Map.of(), null,
                WooCommerceSimulator.CONSUMER_SECRET, "nonce-2", now(), "HMAC-SHA256", true);
        assertThat(json(ok(inHeader)).get("id").asLong()).isEqualTo(7);

        HttpResponse<String> put = oauth("PUT", ORDERS + "/7", Map.of(), "{\"status\":\"completed\"}",
                WooCommerceSimulator.CONSUMER_SECRET, "nonce-3", now(), "HMAC-SHA1", true);
        assertThat(json(ok(put)).get("status").asText()).isEqualTo("completed");
        assertThat(woo.authFailures()).isZero();
    }

    @Test
    void oauthFailuresAreWooCommercesErrors() throws Exception {
        String secret = WooCommerceSimulator.CONSUMER_SECRET;
        assertError(oauth("GET", ORDERS, Map.of(), null, "cs_wrong", "n1", now(), "HMAC-SHA1", false), 401,
                "woocommerce_rest_authentication_error", "Invalid signature - provided signature does not match.");

        ok(oauth("GET", ORDERS, Map.of(), null, secret, "n2", now(), "HMAC-SHA1", true));
        assertError(oauth("GET", ORDERS, Map.of(), null, secret, "n2", now(), "HMAC-SHA1", true), 401,
                "woocommerce_rest_authentication_error", "Invalid nonce - nonce has already been used.");

        assertError(oauth("GET", ORDERS, Map.of(), null, secret, "n3", now() - 20 * 60, "HMAC-SHA1", false), 401,
                "woocommerce_rest_authentication_error", "Invalid timestamp.");

        // a parameter the signature did not cover
        URI signed = URI.create(woo.url() + ORDERS + "?" + oauthQuery("GET", ORDERS, Map.of(), secret, "n4", now(),
                "HMAC-SHA1") + "&per_page=5");
        assertError(http.send(HttpRequest.newBuilder(signed).GET().build(), HttpResponse.BodyHandlers.ofString()),
                401, "woocommerce_rest_authentication_error", "Invalid signature - provided signature does not match.");

        assertError(send("GET", ORDERS + "?oauth_consumer_key=" + WooCommerceSimulator.CONSUMER_KEY, null), 401,
                "woocommerce_rest_authentication_missing_parameter",
                "Missing OAuth parameters oauth_timestamp, oauth_nonce, oauth_signature, oauth_signature_method");

        woo.revokeKeys();
        assertError(oauth("GET", ORDERS, Map.of(), null, secret, "n5", now(), "HMAC-SHA1", false), 401,
                "woocommerce_rest_authentication_error", "Consumer key is invalid.");
        woo.restoreKeys();
        ok(oauth("GET", ORDERS, Map.of(), null, secret, "n6", now(), "HMAC-SHA1", false));
        assertThat(woo.authFailures()).isEqualTo(6);
    }

    @Test
    void signatureCodeMatchesPublishedVectors() {
        // OAuth Core 1.0, Appendix A.5
        List<Map.Entry<String, String>> params = List.of(Map.entry("file", "vacation.jpg"),
                Map.entry("size", "original"), Map.entry("oauth_consumer_key", "dpf43f3p2l4k3l03"),
                Map.entry("oauth_token", "nnch734d00sl2jdk"), Map.entry("oauth_signature_method", "HMAC-SHA1"),
                Map.entry("oauth_timestamp", "1191242096"), Map.entry("oauth_nonce", "kllo9940pd9333jh"),
                Map.entry("oauth_version", "1.0"));
        String uri = WooCommerceSimulator.baseUri("http", "photos.example.net", "/photos");
        assertThat(WooCommerceSimulator.oauthBaseString("GET", uri, params)).isEqualTo("GET&http%3A%2F%2Fphotos."
                + "example.net%2Fphotos&file%3Dvacation.jpg%26oauth_consumer_key%3Ddpf43f3p2l4k3l03%26oauth_nonce%3D"
                + "kllo9940pd9333jh%26oauth_signature_method%3DHMAC-SHA1%26oauth_timestamp%3D1191242096%26"
                + "oauth_token%3Dnnch734d00sl2jdk%26oauth_version%3D1.0%26size%3Doriginal");
        assertThat(WooCommerceSimulator.oauthSignature("GET", uri, params, "HMAC-SHA1", "kd94hf93k423kf44",
                "pfkkdhi9sl3r4s00")).isEqualTo("tR3+Ty81lMeYAr/Fid0kMTYa/WM=");

        // RFC 5849 3.4.1: repeated names sorted by value, encoded names and values, default port dropped
        List<Map.Entry<String, String>> rfc = List.of(Map.entry("b5", "=%3D"), Map.entry("a3", "a"),
                Map.entry("c@", ""), Map.entry("a2", "r b"), Map.entry("oauth_consumer_key", "9djdj82h48djs9d2"),
                Map.entry("oauth_token", "kkk9d7dh3k39sjv7"), Map.entry("oauth_signature_method", "HMAC-SHA1"),
                Map.entry("oauth_timestamp", "137131201"), Map.entry("oauth_nonce", "7d8f3e4a"),
                Map.entry("c2", ""), Map.entry("a3", "2 q"));
        assertThat(WooCommerceSimulator.oauthBaseString("post",
                WooCommerceSimulator.baseUri("HTTP", "EXAMPLE.COM:80", "/request"), rfc)).isEqualTo(
                "POST&http%3A%2F%2Fexample.com%2Frequest&a2%3Dr%2520b%26a3%3D2%2520q%26a3%3Da%26b5%3D%253D%25253D%26"
                + "c%2540%3D%26c2%3D%26oauth_consumer_key%3D9djdj82h48djs9d2%26oauth_nonce%3D7d8f3e4a%26"
                + "oauth_signature_method%3DHMAC-SHA1%26oauth_timestamp%3D137131201%26oauth_token%3Dkkk9d7dh3k39sjv7");
        assertThat(WooCommerceSimulator.baseUri("https", "Shop.example:443", "/a%20b")).isEqualTo(
                "https://shop.example/a%20b");
        assertThat(WooCommerceSimulator.baseUri("http", "127.0.0.1:8080", "/x")).isEqualTo("http://127.0.0.1:8080/x");
        assertThat(WooCommerceSimulator.percentEncode("Ladies + Gentlemen, ~-._ é☃*"))
                .isEqualTo("Ladies%20%2B%20Gentlemen%2C%20~-._%20%C3%A9%E2%98%83%2A");

        // WooCommerce's own webhook test vector (empty secret)
        assertThat(WooCommerceSimulator.webhookSignature("", "secret".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo("GBDo00G55h6IiV+6CxqivQPLbI//KzaOZm747971tPs=");
    }

    // ------------------------------------------------------------ listing

    @Test
    void pagesOf250Orders() throws Exception {
        woo.secure(true);
        woo.addOrders(1, 250, id -> "processing", T0, Duration.ofMinutes(1));
        List<Long> seen = new ArrayList<>();
        for (int page = 1; page <= 3; page++) {
            HttpResponse<String> r = ok(get(ORDERS + "?per_page=100&page=" + page));
            assertThat(r.headers().firstValue("X-WP-Total")).hasValue("250");
            assertThat(r.headers().firstValue("X-WP-TotalPages")).hasValue("3");
            json(r).forEach(o -> seen.add(o.get("id").asLong()));
        }
        assertThat(seen).hasSize(250).doesNotHaveDuplicates().startsWith(250L, 249L).endsWith(1L);
        assertThat(json(ok(get(ORDERS + "?per_page=100&page=3")))).hasSize(50);
        HttpResponse<String> beyond = ok(get(ORDERS + "?per_page=100&page=4"));
        assertThat(beyond.body()).isEqualTo("[]");
        assertThat(beyond.headers().firstValue("X-WP-Total")).hasValue("250");
        assertThat(get(ORDERS + "?per_page=100&page=2").headers().firstValue("Link").orElseThrow())
                .contains("page=1>; rel=\"prev\"", "page=3>; rel=\"next\"");
        assertThat(json(ok(get(ORDERS)))).hasSize(10);

        JsonNode tooMany = assertError(get(ORDERS + "?per_page=101"), 400, "rest_invalid_param",
                "Invalid parameter(s): per_page");
        assertThat(tooMany.at("/data/params/per_page").asText())
                .isEqualTo("per_page must be between 1 (inclusive) and 100 (inclusive)");
        assertError(get(ORDERS + "?per_page=0"), 400, "rest_invalid_param", "Invalid parameter(s): per_page");
        assertError(get(ORDERS + "?page=0"), 400, "rest_invalid_param", "Invalid parameter(s): page");
        JsonNode badDate = assertError(get(ORDERS + "?modified_after=yesterday"), 400, "rest_invalid_param",
                "Invalid parameter(s): modified_after");
        assertThat(badDate.at("/data/params/modified_after").asText()).isEqualTo("Invalid date.");
        assertError(get(ORDERS + "?orderby=total"), 400, "rest_invalid_param", "Invalid parameter(s): orderby");
    }

    @Test
    void dateFiltersAreStrictToTheSecond() throws Exception {
        woo.secure(true);
        woo.addOrder(1, "processing", T0);
        woo.addOrder(2, "processing", T0.plusSeconds(1));
        woo.addOrder(3, "processing", T0.plusSeconds(2));
        assertThat(woo.order(2).get("date_modified_gmt").asText()).isEqualTo("2024-05-01T12:00:01");
        assertThat(woo.order(2).get("date_modified").asText()).isEqualTo("2024-05-01T09:00:01");

        String gmt = "&dates_are_gmt=true&orderby=id&order=asc";
        assertThat(ids(get(ORDERS + "?modified_after=2024-05-01T12:00:00" + gmt))).containsExactly(2L, 3L);
        assertThat(ids(get(ORDERS + "?modified_after=2024-05-01T12:00:00.999" + gmt))).containsExactly(2L, 3L);
        assertThat(ids(get(ORDERS + "?modified_before=2024-05-01T12:00:02" + gmt))).containsExactly(1L, 2L);
        assertThat(ids(get(ORDERS + "?after=2024-05-01T12:00:01" + gmt))).containsExactly(3L);
        assertThat(ids(get(ORDERS + "?before=2024-05-01T12:00:01" + gmt))).containsExactly(1L);
        // without dates_are_gmt the store's local time (GMT-3); a zone in the value is honoured
        assertThat(ids(get(ORDERS + "?modified_after=2024-05-01T09:00:00&orderby=id&order=asc")))
                .containsExactly(2L, 3L);
        assertThat(ids(get(ORDERS + "?modified_after=2024-05-01T12:00:01Z&orderby=id&order=asc")))
                .containsExactly(3L);
        assertThat(ids(get(ORDERS + "?modified_after=2024-05-01T14:00:00%2B02:00&orderby=id&order=asc")))
                .containsExactly(2L, 3L);
    }

    @Test
    void statusFilterAndSortOrder() throws Exception {
        woo.secure(true);
        woo.addOrder(10, "processing", T0.plusSeconds(5));
        woo.addOrder(11, "on-hold", T0);
        woo.addOrder(12, "completed", T0);
        woo.addOrder(13, "processing", T0.plusSeconds(1));
        assertThat(ids(get(ORDERS + "?status=processing,on-hold&orderby=id&order=asc")))
                .containsExactly(10L, 11L, 13L);
        assertThat(ids(get(ORDERS + "?status=any&orderby=id&order=asc"))).containsExactly(10L, 11L, 12L, 13L);
        assertThat(ids(get(ORDERS + "?orderby=modified&order=asc"))).containsExactly(11L, 12L, 13L, 10L);
        assertThat(ids(get(ORDERS + "?orderby=modified&order=desc"))).containsExactly(10L, 13L, 11L, 12L);
        assertThat(ids(get(ORDERS))).containsExactly(10L, 13L, 11L, 12L);
        assertThat(ids(get(ORDERS + "?orderby=include&include=12,10,13&order=asc"))).containsExactly(12L, 10L, 13L);
        assertError(get(ORDERS + "?status=shipped"), 400, "rest_invalid_param", "Invalid parameter(s): status");
    }

    @Test
    void hundredThousandOrdersStayCheap() throws Exception {
        woo.secure(true);
        long start = System.nanoTime();
        woo.addOrders(1, 100_000, id -> id % 10 == 0 ? "completed" : "processing", T0, Duration.ofSeconds(1));
        long added = System.nanoTime();
        HttpResponse<String> recent = ok(get(ORDERS + "?dates_are_gmt=true&per_page=100&orderby=modified&order=asc"
                + "&modified_after=2024-05-02T15:45:00"));
        assertThat(recent.headers().firstValue("X-WP-Total")).hasValue("99");
        assertThat(json(recent).get(0).get("id").asLong()).isEqualTo(99_902);
        for (int page = 1; page <= 5; page++) {
            assertThat(json(ok(get(ORDERS + "?per_page=100&status=completed&page=" + page)))).hasSize(100);
        }
        long listed = System.nanoTime();
        assertThat(woo.orderCount()).isEqualTo(100_000);
        assertThat(Duration.ofNanos(added - start)).isLessThan(Duration.ofSeconds(3));
        assertThat(Duration.ofNanos(listed - added)).isLessThan(Duration.ofSeconds(5));
    }

    // ------------------------------------------------------------ writes and webhooks

    @Test
    void putChangesMetaStatusAndDateModifiedAndFiresASignedWebhook() throws Exception {
        woo.secure(true);
        woo.addOrder(727, "processing", T0);
        startTarget();
        woo.webhookTarget("http://127.0.0.1:" + target.getAddress().getPort() + "/hook", "s3cret");
        woo.autoWebhooks(true);
        woo.advanceClock(Duration.ofSeconds(5));
        Instant before = woo.now();

        HttpResponse<String> put = ok(send("PUT", ORDERS + "/727", "{\"status\":\"completed\",\"meta_data\":["
                + "{\"key\":\"_download_permissions_granted\",\"value\":\"no\"},"
                + "{\"key\":\"_tt_order_id\",\"value\":\"tt_9001\"}]}", "Authorization", BASIC));
        JsonNode order = json(put);
        assertThat(order.get("status").asText()).isEqualTo("completed");
        Instant modified = LocalDateTime.parse(order.get("date_modified_gmt").asText()).toInstant(ZoneOffset.UTC);
        assertThat(modified).isBetween(before, woo.now());
        assertThat(LocalDateTime.parse(order.get("date_modified").asText()))
                .isEqualTo(LocalDateTime.ofInstant(modified, ZoneOffset.ofHours(-3)));
        assertThat(order.get("date_completed_gmt").asText()).isEqualTo(order.get("date_modified_gmt").asText());
        assertThat(order.at("/meta_data/0/id").asLong()).isEqualTo(13106);
        assertThat(order.at("/meta_data/0/value").asText()).isEqualTo("no");
        assertThat(order.at("/meta_data/1/key").asText()).isEqualTo("_tt_order_id");
        assertThat(order.at("/meta_data/1/id").asLong()).isNotEqualTo(13106).isPositive();
        assertThat(put.body()).isEqualTo(get(ORDERS + "/727").body()).contains("\\/wp-json\\/wc\\/v3\\/orders\\/727");
        assertThat(woo.notes(727)).extracting(n -> n.get("note").asText())
                .containsExactly("Order status changed from Processing to Completed.");

        await().atMost(Duration.ofSeconds(5)).until(() -> deliveries.size() == 1);
        Delivery d = deliveries.poll();
        assertThat(d.header("X-WC-Webhook-Topic")).isEqualTo("order.updated");
        assertThat(d.header("X-WC-Webhook-Resource")).isEqualTo("order");
        assertThat(d.header("X-WC-Webhook-Event")).isEqualTo("updated");
        assertThat(d.header("X-WC-Webhook-Source")).isEqualTo(woo.url() + "/");
        assertThat(d.header("X-WC-Webhook-ID")).isEqualTo("1");
        assertThat(d.header("X-WC-Webhook-Delivery-ID")).isNotBlank();
        assertThat(d.header("Content-Type")).isEqualTo("application/json");
        assertThat(d.header("X-WC-Webhook-Signature")).isEqualTo(hmacSha256Base64("s3cret", d.body()));
        assertThat(new String(d.body(), StandardCharsets.UTF_8)).isEqualTo(put.body());

        // a change outside the API: date_modified moves, webhook fires; non-ASCII goes out as PHP escapes it
        woo.advanceClock(Duration.ofSeconds(1));
        ObjectNode changed = woo.update(727, o -> ((ObjectNode) o.get("billing")).put("first_name", "João"));
        assertThat(changed.get("date_modified_gmt").asText()).isGreaterThan(order.get("date_modified_gmt").asText());
        await().atMost(Duration.ofSeconds(5)).until(() -> deliveries.size() == 1);
        Delivery second = deliveries.poll();
        assertThat(new String(second.body(), StandardCharsets.US_ASCII)).contains("\"first_name\":\"Jo\\u00e3o\"");
        assertThat(second.header("X-WC-Webhook-Signature")).isEqualTo(hmacSha256Base64("s3cret", second.body()));
        assertThat(JSON.readTree(second.body()).at("/billing/first_name").asText()).isEqualTo("João");
        assertThat(woo.webhooksSent()).isEqualTo(2);

        assertThat(woo.sendWebhook(727, "order.deleted")).isEqualTo(200);
        assertThat(new String(deliveries.poll().body(), StandardCharsets.UTF_8)).isEqualTo("{\"id\":727}");

        assertError(send("PUT", ORDERS + "/728", "{}", "Authorization", BASIC), 400,
                "woocommerce_rest_shop_order_invalid_id", "Invalid ID.");
        assertError(send("PUT", ORDERS + "/727", "{\"status\":\"shipped\"}", "Authorization", BASIC), 400,
                "rest_invalid_param", "Invalid parameter(s): status");
        assertError(send("PUT", ORDERS + "/727", "{not json", "Authorization", BASIC), 400, "rest_invalid_json",
                "Invalid JSON body passed.");
    }

    @Test
    void notesAndShipmentTracking() throws Exception {
        woo.secure(true);
        woo.addOrder(723, "processing", T0);
        String modified = woo.order(723).get("date_modified_gmt").asText();

        HttpResponse<String> created = send("POST", ORDERS + "/723/notes",
                "{\"note\":\"Sent to TrackingTech\",\"customer_note\":false}", "Authorization", BASIC);
        assertThat(created.statusCode()).isEqualTo(201);
        JsonNode note = json(created);
        assertThat(note.get("author").asText()).isEqualTo("system");
        assertThat(note.get("note").asText()).isEqualTo("Sent to TrackingTech");
        assertThat(note.get("customer_note").asBoolean()).isFalse();
        assertThat(note.has("date_created") && note.has("date_created_gmt")).isTrue();
        assertThat(note.at("/_links/up/0/href").asText()).isEqualTo(woo.url() + ORDERS + "/723");
        assertThat(created.headers().firstValue("Location")).hasValue(note.at("/_links/self/0/href").asText());
        assertThat(json(ok(get(ORDERS + "/723/notes")))).extracting(n -> n.get("id").asLong())
                .containsExactly(note.get("id").asLong());
        assertThat(woo.notes(723)).hasSize(1);
        assertError(send("POST", ORDERS + "/999/notes", "{\"note\":\"x\"}", "Authorization", BASIC), 404,
                "woocommerce_rest_order_invalid_id", "Invalid order ID.");

        String trackings = "/wp-json/wc-shipment-tracking/v3/orders/723/shipment-trackings";
        String item = "{\"tracking_number\":\"TT123\",\"custom_tracking_provider\":\"TrackingTech\","
                + "\"custom_tracking_link\":\"https://track.example/%1$s\",\"date_shipped\":\"2024-05-02\"}";
        HttpResponse<String> tracked = send("POST", trackings, item, "Authorization", BASIC);
        assertThat(tracked.statusCode()).isEqualTo(201);
        JsonNode view = json(tracked);
        assertThat(view.get("tracking_id").asText()).matches("[0-9a-f]{32}");
        assertThat(view.get("tracking_provider").asText()).isEqualTo("TrackingTech");
        assertThat(view.get("tracking_link").asText()).isEqualTo("https://track.example/TT123");
        assertThat(view.get("tracking_number").asText()).isEqualTo("TT123");
        assertThat(view.get("date_shipped").asText()).isEqualTo("2024-05-02");
        assertThat(json(ok(get(trackings)))).hasSize(1);
        assertThat(woo.shipmentTrackings(723)).singleElement().satisfies(t -> {
            assertThat(t.get("tracking_number").asText()).isEqualTo("TT123");
            assertThat(t.get("custom_tracking_link").asText()).isEqualTo("https://track.example/%1$s");
            assertThat(t.get("tracking_id").asText()).isEqualTo(view.get("tracking_id").asText());
        });
        ObjectNode order = woo.order(723);
        assertThat(order.get("meta_data").findValues("key")).extracting(JsonNode::asText)
                .contains("_wc_shipment_tracking_items");
        assertThat(order.get("date_modified_gmt").asText()).isEqualTo(modified);
        assertError(send("POST", trackings, "{}", "Authorization", BASIC), 400, "rest_missing_callback_param",
                "Missing parameter(s): tracking_number");

        woo.shipmentTrackingInstalled(false);
        assertError(send("POST", trackings, item, "Authorization", BASIC), 404, "rest_no_route",
                "No route was found matching the URL and request method.");
        assertError(get(trackings), 404, "rest_no_route", "No route was found matching the URL and request method.");
    }

    // ------------------------------------------------------------ routes, scripts, hooks, records

    @Test
    void unknownRoutesScriptedAnswersAndListHook() throws Exception {
        woo.secure(true);
        woo.addOrders(1, 3, id -> "processing", T0, Duration.ofSeconds(1));
        assertError(get("/wp-json/wc/v3/products"), 404, "rest_no_route",
                "No route was found matching the URL and request method.");
        assertError(send("DELETE", ORDERS + "/1", null, "Authorization", BASIC), 404, "rest_no_route",
                "No route was found matching the URL and request method.");
        assertError(get(ORDERS + "/999"), 404, "woocommerce_rest_shop_order_invalid_id", "Invalid ID.");

        woo.answerNext(503, "{\"code\":\"busy\"}", Map.of("Retry-After", "1"));
        HttpResponse<String> scripted = get(ORDERS);
        assertThat(scripted.statusCode()).isEqualTo(503);
        assertThat(scripted.headers().firstValue("Retry-After")).hasValue("1");
        ok(get(ORDERS));

        List<Integer> pages = new CopyOnWriteArrayList<>();
        woo.beforeListPage(page -> {
            pages.add(page);
            if (page == 2) {
                woo.setStatus(1, "completed");
            }
        });
        String asc = ORDERS + "?per_page=1&orderby=id&order=asc&page=";
        assertThat(json(ok(get(asc + 1))).get(0).get("status").asText()).isEqualTo("processing");
        ok(get(asc + 2));
        assertThat(woo.order(1).get("status").asText()).isEqualTo("completed");
        assertThat(json(ok(get(asc + 3)))).hasSize(1);
        assertThat(pages).containsExactly(1, 2, 3);
        woo.beforeListPage(null);
        assertThat(ids(get(ORDERS + "?status=completed"))).containsExactly(1L);
        assertThat(pages).hasSize(3);

        List<WooCommerceSimulator.Request> lists = woo.listRequests();
        WooCommerceSimulator.Request last = lists.get(lists.size() - 1);
        assertThat(last.query()).isEqualTo("status=completed");
        assertThat(last.params()).containsEntry("status", "completed");
        assertThat(last.header("authorization")).isEqualTo(BASIC);
        assertThat(woo.requests()).hasSizeGreaterThan(lists.size());
    }

    // ------------------------------------------------------------ webhooks (wc/v3/webhooks)

    static final String WEBHOOKS = "/wp-json/wc/v3/webhooks";

    /**
     * The webhooks resource as WC_REST_Webhooks_V2_Controller answers it: create (always active, a ping to the URL,
     * no secret in any answer), list with its filters and paging headers, read (a missing id is a 400), update,
     * delete (only with force=true; a missing id is a 404), and WordPress's checks before the permission's.
     */
    @Test
    void theWebhooksResourceAnswersAsWooCommerceDoes() throws Exception {
        woo.secure(true);
        java.util.concurrent.atomic.AtomicInteger answer = new java.util.concurrent.atomic.AtomicInteger(200);
        List<String> pings = new CopyOnWriteArrayList<>();
        target = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        target.createContext("/hook", ex -> {
            try (ex) {
                String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                if (ex.getRequestHeaders().getFirst("X-WC-Webhook-Signature") == null) {
                    pings.add(ex.getRequestHeaders().getFirst("Content-Type") + " " + body);
                    ex.sendResponseHeaders(200, -1);
                } else {
                    deliveries.add(new Delivery(Map.copyOf(ex.getRequestHeaders()), body.getBytes(StandardCharsets.UTF_8)));
                    ex.sendResponseHeaders(answer.get(), -1);
                }
            }
        });
        target.start();
        String hook = "http://127.0.0.1:" + target.getAddress().getPort() + "/hook";

        // WordPress checks the arguments first, then the permission
        assertError(send("POST", WEBHOOKS, "{\"topic\":\"order.created\"}"), 400, "rest_missing_callback_param",
                "Missing parameter(s): delivery_url");
        assertError(send("POST", WEBHOOKS, "{\"topic\":\"order.created\",\"delivery_url\":\"" + hook + "\"}"), 401,
                "woocommerce_rest_cannot_create", "Sorry, you are not allowed to create resources.");
        assertError(send("POST", WEBHOOKS, "{\"topic\":\"order.shipped\",\"delivery_url\":\"" + hook + "\"}",
                "Authorization", BASIC), 400, "woocommerce_rest_shop_webhook_invalid_topic",
                "Webhook topic is required and must be valid.");
        assertError(send("POST", WEBHOOKS, "{\"topic\":\"order.created\",\"delivery_url\":\"ftp://x\"}",
                "Authorization", BASIC), 400, "woocommerce_rest_shop_webhook_invalid_delivery_url",
                "Webhook delivery URL must be a valid URL starting with http:// or https://.");

        // created: 201, Location, active even when asked otherwise, pinged, and the secret never shown
        HttpResponse<String> created = send("POST", WEBHOOKS, "{\"name\":\"Mine\",\"topic\":\"order.updated\","
                + "\"delivery_url\":\"" + hook + "\",\"secret\":\"s3cr3t-of-the-test\",\"status\":\"paused\"}",
                "Authorization", BASIC);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        JsonNode w = json(created);
        long id = w.get("id").asLong();
        assertThat(created.headers().firstValue("Location")).hasValue(woo.url() + WEBHOOKS + "/" + id);
        assertThat(w.get("status").asText()).isEqualTo("active");
        assertThat(w.get("topic").asText()).isEqualTo("order.updated");
        assertThat(w.get("resource").asText()).isEqualTo("order");
        assertThat(w.get("event").asText()).isEqualTo("updated");
        assertThat(w.get("hooks").toString()).contains("woocommerce_update_order");
        assertThat(w.get("delivery_url").asText()).isEqualTo(hook);
        assertThat(w.has("secret")).isFalse();
        assertThat(w.has("date_modified_gmt")).isTrue();
        assertThat(created.body()).doesNotContain("s3cr3t");
        assertThat(pings).containsExactly("application/x-www-form-urlencoded webhook_id=" + id);
        assertThat(woo.webhookSecret(id)).isEqualTo("s3cr3t-of-the-test");

        long other = woo.addWebhook("Products", "product.created", "https://elsewhere.example/h", "x", "paused");
        assertThat(ids(get(WEBHOOKS + "?orderby=id&order=asc"))).containsExactly(id, other);
        assertThat(ids(get(WEBHOOKS + "?status=active"))).containsExactly(id);
        HttpResponse<String> page = ok(get(WEBHOOKS + "?per_page=1&page=1&orderby=id&order=asc"));
        assertThat(page.headers().firstValue("X-WP-Total")).hasValue("2");
        // search_webhooks(): max_num_pages is 1 whenever the limit is not over 1 (a quirk of WooCommerce's own)
        assertThat(page.headers().firstValue("X-WP-TotalPages")).hasValue("1");
        assertThat(ok(get(WEBHOOKS + "?per_page=2")).headers().firstValue("X-WP-TotalPages")).hasValue("1");
        assertError(get(WEBHOOKS + "?status=broken"), 400, "rest_invalid_param", "Invalid parameter(s): status");
        assertThat(get(WEBHOOKS + "/" + id).body()).doesNotContain("s3cr3t");
        assertError(get(WEBHOOKS + "/999"), 400, "woocommerce_rest_shop_webhook_invalid_id", "ID is invalid.");

        // deliveries: signed with the webhook's secret and carrying its id; seven failures in a row disable it
        woo.addOrder(10, "processing", T0);
        assertThat(woo.sendWebhook(10, "order.updated")).isEqualTo(200);
        Delivery first = deliveries.poll();
        assertThat(first.header("X-WC-Webhook-ID")).isEqualTo(Long.toString(id));
        assertThat(first.header("X-WC-Webhook-Signature")).isEqualTo(hmacSha256Base64("s3cr3t-of-the-test", first.body()));
        answer.set(503);
        for (int i = 1; i <= 6; i++) {
            assertThat(woo.sendWebhook(10, "order.updated")).isEqualTo(503);
            assertThat(woo.webhookFailureCount(id)).isEqualTo(i);
            assertThat(woo.webhook(id).get("status").asText()).isEqualTo("active");
        }
        assertThat(woo.sendWebhook(10, "order.updated")).isEqualTo(503);
        assertThat(woo.webhook(id).get("status").asText()).as("the 7th failure in a row").isEqualTo("disabled");
        assertThat(woo.sendWebhook(10, "order.updated")).as("a disabled webhook delivers nothing").isEqualTo(-1);
        assertThat(ids(get(WEBHOOKS + "?status=disabled"))).containsExactly(id);

        // set active again: the count stays, so the next failure disables it again; a success resets it
        JsonNode active = json(ok(send("PUT", WEBHOOKS + "/" + id, "{\"status\":\"active\"}", "Authorization", BASIC)));
        assertThat(active.get("status").asText()).isEqualTo("active");
        assertThat(woo.webhookFailureCount(id)).isEqualTo(6);
        assertThat(woo.sendWebhook(10, "order.updated")).isEqualTo(503);
        assertThat(woo.webhook(id).get("status").asText()).isEqualTo("disabled");
        ok(send("PUT", WEBHOOKS + "/" + id, "{\"status\":\"active\",\"secret\":\"another\"}", "Authorization", BASIC));
        answer.set(200);
        assertThat(woo.sendWebhook(10, "order.updated")).isEqualTo(200);
        assertThat(woo.webhookFailureCount(id)).isZero();
        assertThat(woo.webhookSecret(id)).isEqualTo("another");
        assertError(send("PUT", WEBHOOKS + "/" + id, "{\"status\":\"sleeping\"}", "Authorization", BASIC), 400,
                "rest_invalid_param", "Invalid parameter(s): status");
        assertError(send("PUT", WEBHOOKS + "/999", "{\"status\":\"active\"}", "Authorization", BASIC), 400,
                "woocommerce_rest_shop_webhook_invalid_id", "ID is invalid.");

        // a network that drops deliveries: failures too, nothing arrives
        deliveries.clear();
        woo.dropDeliveries(true);
        assertThat(woo.sendWebhook(10, "order.updated")).isZero();
        assertThat(woo.webhookFailureCount(id)).isEqualTo(1);
        assertThat(woo.webhooksDropped()).isEqualTo(1);
        assertThat(deliveries).isEmpty();
        woo.dropDeliveries(false);

        // delete: only with force=true
        assertError(send("DELETE", WEBHOOKS + "/" + id, null, "Authorization", BASIC), 501,
                "woocommerce_rest_trash_not_supported", "Webhooks do not support trashing.");
        assertThat(json(ok(send("DELETE", WEBHOOKS + "/" + id + "?force=true", null, "Authorization", BASIC)))
                .get("id").asLong()).isEqualTo(id);
        assertError(send("DELETE", WEBHOOKS + "/" + id + "?force=true", null, "Authorization", BASIC), 404,
                "woocommerce_rest_shop_webhook_invalid_id", "Invalid ID.");
        assertThat(ids(get(WEBHOOKS))).containsExactly(other);
    }

    // ------------------------------------------------------------ helpers

    private HttpResponse<String> get(String pathAndQuery) throws Exception {
        return send("GET", pathAndQuery, null, "Authorization", BASIC);
    }

    private HttpResponse<String> send(String method, String pathAndQuery, String body, String... headers)
            throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(woo.url() + pathAndQuery))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A request signed with OAuth 1.0a one-legged by this test's own signer, in the query or the header. */
    private HttpResponse<String> oauth(String method, String path, Map<String, String> query, String body,
            String secret, String nonce, long timestamp, String signatureMethod, boolean inHeader) throws Exception {
        Map<String, String> oauth = new TreeMap<>(Map.of("oauth_consumer_key", WooCommerceSimulator.CONSUMER_KEY,
                "oauth_nonce", nonce, "oauth_signature_method", signatureMethod,
                "oauth_timestamp", Long.toString(timestamp), "oauth_version", "1.0"));
        Map<String, String> all = new TreeMap<>(query);
        all.putAll(oauth);
        oauth.put("oauth_signature", sign(method, woo.url() + path, all, secret, signatureMethod));
        Map<String, String> inUrl = new LinkedHashMap<>(query);
        if (!inHeader) {
            inUrl.putAll(oauth);
        }
        String q = inUrl.entrySet().stream().map(e -> enc(e.getKey()) + "=" + enc(e.getValue()))
                .collect(Collectors.joining("&"));
        String url = path + (q.isEmpty() ? "" : "?" + q);
        if (!inHeader) {
            return send(method, url, body);
        }
        String header = "OAuth realm=\"WooTrack\", " + oauth.entrySet().stream()
                .map(e -> e.getKey() + "=\"" + enc(e.getValue()) + "\"").collect(Collectors.joining(", "));
        return send(method, url, body, "Authorization", header);
    }

    private String oauthQuery(String method, String path, Map<String, String> query, String secret, String nonce,
            long timestamp, String signatureMethod) {
        Map<String, String> all = new TreeMap<>(query);
        all.putAll(Map.of("oauth_consumer_key", WooCommerceSimulator.CONSUMER_KEY, "oauth_nonce", nonce,
                "oauth_signature_method", signatureMethod, "oauth_timestamp", Long.toString(timestamp)));
        String signature = sign(method, woo.url() + path, all, secret, signatureMethod);
        all.put("oauth_signature", signature);
        return all.entrySet().stream().map(e -> enc(e.getKey()) + "=" + enc(e.getValue()))
                .collect(Collectors.joining("&"));
    }

    /** RFC 5849 HMAC signing, written independently of the simulator: java.net.URLEncoder plus the RFC fixes. */
    private static String sign(String method, String url, Map<String, String> params, String secret,
            String signatureMethod) {
        TreeMap<String, String> sorted = new TreeMap<>();
        params.forEach((k, v) -> sorted.put(enc(k), enc(v)));
        String normalized = sorted.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining("&"));
        String base = method + "&" + enc(url) + "&" + enc(normalized);
        String algorithm = signatureMethod.equals("HMAC-SHA1") ? "HmacSHA1" : "HmacSHA256";
        try {
            Mac mac = Mac.getInstance(algorithm);
            mac.init(new SecretKeySpec((enc(secret) + "&").getBytes(StandardCharsets.UTF_8), algorithm));
            return Base64.getEncoder().encodeToString(mac.doFinal(base.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20").replace("*", "%2A")
                .replace("%7E", "~");
    }

    private static String hmacSha256Base64(String secret, byte[] body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return Base64.getEncoder().encodeToString(mac.doFinal(body));
    }

    private static long now() {
        return Instant.now().getEpochSecond();
    }

    private void startTarget() throws IOException {
        target = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        target.createContext("/hook", ex -> {
            try (ex) {
                deliveries.add(new Delivery(Map.copyOf(ex.getRequestHeaders()), ex.getRequestBody().readAllBytes()));
                ex.sendResponseHeaders(200, -1);
            }
        });
        target.start();
    }

    private static HttpResponse<String> ok(HttpResponse<String> r) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return r;
    }

    private static JsonNode json(HttpResponse<String> r) throws IOException {
        return JSON.readTree(r.body());
    }

    private static List<Long> ids(HttpResponse<String> r) throws IOException {
        List<Long> ids = new ArrayList<>();
        json(ok(r)).forEach(o -> ids.add(o.get("id").asLong()));
        return ids;
    }

    private static JsonNode assertError(HttpResponse<String> r, int status, String code, String message)
            throws IOException {
        JsonNode e = json(r);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        assertThat(e.get("code").asText()).isEqualTo(code);
        assertThat(e.get("message").asText()).isEqualTo(message);
        assertThat(e.at("/data/status").asInt()).isEqualTo(status);
        return e;
    }
}
