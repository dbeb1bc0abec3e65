package dev.wootrack.sandbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.wootrack.Fixtures;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.IntConsumer;
import java.util.function.LongFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A WooCommerce store on loopback that answers the REST API (wc/v3 orders, order notes, webhooks, the Shipment
 * Tracking extension) the way WooCommerce and WordPress do on the wire, and sends signed webhooks.
 *
 * <p>Webhooks come two ways. A test may name one target ({@link #webhookTarget}), as a merchant's hand-made webhook
 * with {@link #WEBHOOK_ID}; or webhooks are made through the REST API ({@code /wc/v3/webhooks}, as
 * {@code wootrack webhooks install} does, or {@link #addWebhook} as in the admin screen), and then each delivery of a
 * topic goes to every webhook of that topic, signed with that webhook's secret, and counts as WooCommerce counts it:
 * an answer other than 2xx, 301 or 302 (or none) is a failure, and the delivery that fails while the webhook has more
 * than {@value #MAX_DELIVERY_FAILURES} failures in a row disables it ({@code class-wc-webhook.php},
 * {@code failed_delivery()}); a success resets the count; setting it active again does not.
 *
 * <p>Authentication follows {@code WC_REST_Authentication}: a plain-HTTP store (the default) accepts only OAuth 1.0a
 * one-legged requests, verified here independently per RFC 5849 (see {@link #oauthSignature}); a store that
 * {@linkplain #secure(boolean) sees HTTPS} accepts HTTP Basic or {@code consumer_key}/{@code consumer_secret} in the
 * query, and still falls back to OAuth. Errors are WordPress's {@code {"code","message","data":{"status"}}}.
 *
 * <p>Bodies are encoded as PHP's {@code json_encode} does (slashes as {@code "\/"}, non-ASCII as lowercase
 * backslash-u escapes), so a consumer that re-serialises a webhook body before checking its signature fails here
 * as it would against WooCommerce.
 *
 * <p>Orders are the shape of {@code order-single.wc-v3.json}. Bulk-added orders are kept as a few numbers and
 * rendered from the fixture when asked for; an order that changed keeps its tree and cached JSON bytes. Dates use
 * the simulator's clock {@link #now()}; the store's local time is GMT minus 3 hours. Tests script failures with
 * {@link #answerNext}, {@link #revokeKeys}, {@link #beforeListPage}, and read what arrived with {@link #requests()}.
 */
public final class WooCommerceSimulator implements AutoCloseable {

    /** The store's one REST API key (read/write). */
    public static final String CONSUMER_KEY = "ck_0123456789abcdef0123456789abcdef01234567";
    /** The secret of {@link #CONSUMER_KEY}. */
    public static final String CONSUMER_SECRET = "cs_0123456789abcdef0123456789abcdef01234567";
    /** The store's time zone (Chile, as in the fixtures): local dates are GMT minus 3 hours. */
    public static final ZoneOffset STORE_OFFSET = ZoneOffset.ofHours(-3);
    /** OAuth timestamps must lie within this many seconds of the wall clock; nonces are remembered as long. */
    public static final long OAUTH_WINDOW_SECONDS = 900;
    /** The id of the store's webhook, sent as {@code X-WC-Webhook-ID}. */
    public static final int WEBHOOK_ID = 1;
    /**
     * WooCommerce's {@code woocommerce_max_webhook_delivery_failures}: a webhook that has failed more deliveries in a row
     * than this is disabled by its next failure (the 7th in a row).
     */
    public static final int MAX_DELIVERY_FAILURES = 5;
    /** The webhook topics WooCommerce accepts ({@code wc_is_webhook_valid_topic}): resource.event, or action.*. */
    private static final List<String> WEBHOOK_RESOURCES = List.of("coupon", "customer", "order", "product");
    private static final List<String> WEBHOOK_EVENTS = List.of("created", "updated", "deleted", "restored");
    private static final List<String> WEBHOOK_STATUSES = List.of("active", "paused", "disabled");
    /** The order statuses WooCommerce registers (custom statuses of stored orders are accepted too). */
    public static final List<String> STATUSES = List.of("pending", "processing", "on-hold", "completed",
            "cancelled", "refunded", "failed", "checkout-draft");

    static final String USER_AGENT = "WooCommerce/9.8.0 Hookshot (WordPress/6.8.0)";
    private static final Map<String, String> STATUS_NAMES = Map.of("pending", "Pending payment", "processing",
            "Processing", "on-hold", "On hold", "completed", "Completed", "cancelled", "Cancelled", "refunded",
            "Refunded", "failed", "Failed", "checkout-draft", "Draft");
    private static final List<String> OAUTH_REQUIRED = List.of("oauth_consumer_key", "oauth_timestamp",
            "oauth_nonce", "oauth_signature", "oauth_signature_method");
    private static final DateTimeFormatter WC_DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss");
    private static final Pattern DATE = Pattern.compile(
            "\\d{4}-\\d{2}-\\d{2}[Tt ]\\d{2}:\\d{2}:\\d{2}(?:\\.\\d+)?(Z|[+-]\\d{2}(?::\\d{2})?)?");
    private static final Pattern ORDERS = Pattern.compile("/wc/v3/orders", Pattern.CASE_INSENSITIVE);
    private static final Pattern ORDER = Pattern.compile("/wc/v3/orders/(\\d+)", Pattern.CASE_INSENSITIVE);
    private static final Pattern NOTES = Pattern.compile("/wc/v3/orders/(\\d+)/notes", Pattern.CASE_INSENSITIVE);
    private static final Pattern WEBHOOKS = Pattern.compile("/wc/v3/webhooks", Pattern.CASE_INSENSITIVE);
    private static final Pattern WEBHOOK = Pattern.compile("/wc/v3/webhooks/(\\d+)", Pattern.CASE_INSENSITIVE);
    private static final Pattern TRACKINGS = Pattern.compile(
            "/wc-shipment-tracking/v3/orders/(\\d+)/shipment-trackings", Pattern.CASE_INSENSITIVE);
    private static final Pattern PRODUCT = Pattern.compile("/wc/v3/products/(\\d+)", Pattern.CASE_INSENSITIVE);
    private static final Pattern VARIATION = Pattern.compile("/wc/v3/products/(\\d+)/variations/(\\d+)",
            Pattern.CASE_INSENSITIVE);
    private static final String WEIGHT_UNIT = "/wc/v3/settings/products/woocommerce_weight_unit";
    private static final Pattern OAUTH_HEADER_PARAM = Pattern.compile("(oauth_[a-z_-]*)=(?:\"([^\"]*)\"|([^,]*))");
    private static final String TRACKING_META = "_wc_shipment_tracking_items";

    /** One stored order: its filter and sort keys, and (once changed) its tree and JSON; else rendered on demand. */
    private record Entry(long id, String status, long createdGmt, long modifiedGmt, ObjectNode node, byte[] json) {
    }

    private record Answer(int status, byte[] body, Map<String, String> headers) {
    }

    private record Auth(boolean ok, Answer error) {
    }

    private record Hook(URI target, String secret) {
    }

    /** A webhook of the REST API: WooCommerce's {@code wc_webhooks} row. Guarded by {@link #restHooks}. */
    private static final class RestHook {
        final long id;
        final long createdGmt;
        String name;
        String status;
        String topic;
        String deliveryUrl;
        String secret;
        int failureCount;
        boolean pendingDelivery;
        long modifiedGmt;

        RestHook(long id, long createdGmt) {
            this.id = id;
            this.createdGmt = createdGmt;
            this.modifiedGmt = createdGmt;
        }
    }

    private static final Auth NO_CREDENTIALS = new Auth(false, null);
    private static final Auth AUTHENTICATED = new Auth(true, null);

    private final ObjectMapper mapper = new ObjectMapper();
    private final ObjectNode template;
    private final HttpServer server;
    private final ExecutorService serverPool = Executors.newFixedThreadPool(8);
    private final ExecutorService webhookPool = Executors.newFixedThreadPool(2);
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final Map<Long, Entry> orders = new ConcurrentHashMap<>();
    private final Set<String> statusesSeen = ConcurrentHashMap.newKeySet();
    private final Map<Long, List<ObjectNode>> notes = new ConcurrentHashMap<>();
    private final Map<Long, List<ObjectNode>> trackings = new ConcurrentHashMap<>();
    private final Map<String, Long> nonces = new ConcurrentHashMap<>();
    private final Catalog catalog = new Catalog();
    private final ConcurrentLinkedQueue<Answer> script = new ConcurrentLinkedQueue<>();
    private final List<Request> requests = Collections.synchronizedList(new ArrayList<>());
    private final Object writes = new Object();
    private final AtomicLong clockOffsetNanos = new AtomicLong();
    private final AtomicLong nextMetaId = new AtomicLong(20_000);
    private final AtomicLong nextNoteId = new AtomicLong(1_000);
    private final AtomicInteger authFailures = new AtomicInteger();
    private final AtomicInteger webhooksSent = new AtomicInteger();
    private final AtomicInteger webhookFailures = new AtomicInteger();
    private volatile boolean seesHttps;
    private volatile boolean revoked;
    private volatile boolean trackingInstalled = true;
    private volatile boolean autoWebhooks;
    private volatile Hook hook;
    private volatile IntConsumer listHook;
    private final Map<Long, RestHook> restHooks = new LinkedHashMap<>();
    private final AtomicLong nextWebhookId = new AtomicLong();
    private final AtomicInteger webhooksDropped = new AtomicInteger();
    private final AtomicInteger webhookPings = new AtomicInteger();
    private volatile boolean dropDeliveries;

    /** One request as it arrived: {@code path} decoded, {@code query} raw (null when absent). */
    public record Request(String method, String path, String query, Map<String, List<String>> headers, String body) {

        /** The first value of a header, the name compared case-insensitively; null when absent. */
        public String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .findFirst().map(e -> e.getValue().get(0)).orElse(null);
        }

        /** The query parameters decoded ({@code +} is a space); for a repeated name the last wins, as in PHP. */
        public Map<String, String> params() {
            Map<String, String> params = new LinkedHashMap<>();
            paramList().forEach(e -> params.put(e.getKey(), e.getValue()));
            return params;
        }

        /** The query parameters decoded, in order, repeats kept (what an OAuth signature covers). */
        public List<Map.Entry<String, String>> paramList() {
            List<Map.Entry<String, String>> list = new ArrayList<>();
            if (query != null) {
                for (String pair : query.split("&")) {
                    if (!pair.isEmpty()) {
                        int eq = pair.indexOf('=');
                        list.add(Map.entry(formDecode(eq < 0 ? pair : pair.substring(0, eq)),
                                eq < 0 ? "" : formDecode(pair.substring(eq + 1))));
                    }
                }
            }
            return list;
        }
    }

    /** Starts a plain-HTTP store on 127.0.0.1 (a free port): REST requests need OAuth 1.0a. */
    public WooCommerceSimulator() throws IOException {
        this((ObjectNode) new ObjectMapper().readTree(Fixtures.read("order-single.wc-v3.json")));
    }

    /** As {@link #WooCommerceSimulator()}, with another order as the template of {@link #addOrder(long, String, Instant)}. */
    public WooCommerceSimulator(ObjectNode template) throws IOException {
        this.template = template.deepCopy();
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(serverPool);
        server.createContext("/", this::handle);
        server.start();
    }

    /** Whether WordPress sees HTTPS (behind a TLS-terminating proxy): Basic and query keys then work. */
    public WooCommerceSimulator secure(boolean seesHttps) {
        this.seesHttps = seesHttps;
        return this;
    }

    /** The store URL, {@code http://127.0.0.1:<port>}, without a trailing slash. */
    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    // ---------------------------------------------------------------- orders

    /**
     * Adds (or replaces) an order made from the single-order fixture with this id and status, created and last
     * modified at {@code modifiedGmt} (to the second); returns a copy of it.
     */
    public ObjectNode addOrder(long id, String status, Instant modifiedGmt) {
        Entry e = pristine(id, status, modifiedGmt.getEpochSecond());
        orders.put(id, e);
        return build(e);
    }

    /**
     * Adds (or replaces) an order as given, complete: its {@code id}, {@code status} and {@code date_created_gmt} /
     * {@code date_modified_gmt} are the stored keys; its {@code _links} are set to this store. Returns a copy.
     */
    public ObjectNode addOrder(ObjectNode order) {
        ObjectNode o = order.deepCopy();
        long id = o.path("id").asLong();
        o.remove("_links");
        ObjectNode links = o.putObject("_links");
        links.putArray("self").addObject().put("href", url() + "/wp-json/wc/v3/orders/" + id);
        links.putArray("collection").addObject().put("href", url() + "/wp-json/wc/v3/orders");
        String status = o.path("status").asText();
        statusesSeen.add(status);
        orders.put(id, new Entry(id, status, gmt(o, "date_created"), gmt(o, "date_modified"), o, php(o)));
        return o.deepCopy();
    }

    /** Adds {@code count} orders from {@code firstId} on; order i has status {@code statusOf(id)} and was modified at
     *  {@code firstModified + i * step}. Cheap: 100,000 orders take well under a second and little memory. */
    public void addOrders(long firstId, int count, LongFunction<String> statusOf, Instant firstModified,
            Duration step) {
        for (int i = 0; i < count; i++) {
            long id = firstId + i;
            orders.put(id, pristine(id, statusOf.apply(id), firstModified.plus(step.multipliedBy(i)).getEpochSecond()));
        }
    }

    /** A copy of the order as stored, or null. */
    public ObjectNode order(long id) {
        Entry e = orders.get(id);
        return e == null ? null : materialize(e);
    }

    /**
     * Changes an order as an admin or plugin would: applies {@code change} to it, sets {@code date_modified(_gmt)}
     * to {@link #now()}, and with {@link #autoWebhooks} on queues an {@code order.updated} delivery. Returns a copy.
     */
    public ObjectNode update(long id, Consumer<ObjectNode> change) {
        return change(id, change, true).node().deepCopy();
    }

    /** Sets the status as WooCommerce does: also the status-change note, date_paid/date_completed; see update. */
    public void setStatus(long id, String status) {
        update(id, o -> transition(o, status));
    }

    /** The simulator's clock: the wall clock plus the {@linkplain #advanceClock offset}, truncated to the second. */
    public Instant now() {
        return Instant.now().plusNanos(clockOffsetNanos.get()).truncatedTo(ChronoUnit.SECONDS);
    }

    /** Moves the simulator's clock forward (order dates only; OAuth timestamps are checked against the wall clock). */
    public void advanceClock(Duration d) {
        clockOffsetNanos.addAndGet(d.toNanos());
    }

    /** How many orders are stored. */
    public int orderCount() {
        return orders.size();
    }

    // ---------------------------------------------------------------- hooks and failures

    /** Called with the page number before each {@code GET /orders} page is computed (after auth); null clears. */
    public void beforeListPage(IntConsumer hook) {
        listHook = hook;
    }

    /** Queues an answer for the next {@code /wp-json} request (given after recording it, before auth). */
    public void answerNext(int status, String body, Map<String, String> headers) {
        script.add(new Answer(status, body.getBytes(StandardCharsets.UTF_8), headers == null ? Map.of() : headers));
    }

    /** Revokes the API key: OAuth requests get 401 "Consumer key is invalid.", Basic ones the no-credentials 401. */
    public void revokeKeys() {
        revoked = true;
    }

    /** Makes the API key valid again. */
    public void restoreKeys() {
        revoked = false;
    }

    /** Whether the Shipment Tracking extension is active (default); without it its routes are 404 rest_no_route. */
    public void shipmentTrackingInstalled(boolean installed) {
        trackingInstalled = installed;
    }

    // ---------------------------------------------------------------- what arrived

    // ---------------------------------------------------------------- the catalog (products' weights)

    /** A simple product in the catalog; {@code weight} in the shop's unit, "" for none (as WooCommerce has it). */
    public void addProduct(long id, String name, String weight) {
        catalog.products.put(id, catalog.product(id, name, weight));
    }

    /** A variation of a product; "" for none of its own: WooCommerce's {@code view} context then shows the parent's. */
    public void addVariation(long parentId, long id, String weight) {
        catalog.variations.put(parentId + "/" + id, catalog.variation(parentId, id, weight));
    }

    /** The shop's {@code woocommerce_weight_unit}: kg (default), g, lbs or oz. */
    public void weightUnit(String unit) {
        catalog.unit = unit;
    }

    /** The next {@code n} catalog reads (products, variations, the unit) answer {@code status}, e.g. 503. */
    public void failCatalogReads(int n, int status) {
        catalog.failStatus = status;
        catalog.failures.set(n);
    }

    /** Catalog reads that arrived (products, variations and the unit setting). */
    public List<Request> catalogRequests() {
        return requests().stream().filter(r -> r.path().contains("/wc/v3/products/")
                || r.path().contains("/wc/v3/settings/")).toList();
    }

    /** Every request, in arrival order. */
    public List<Request> requests() {
        synchronized (requests) {
            return List.copyOf(requests);
        }
    }

    /** The {@code GET /wp-json/wc/v3/orders} requests (list pages), in order. */
    public List<Request> listRequests() {
        return requests().stream().filter(r -> r.method().equals("GET")
                && ORDERS.matcher(stripSlash(r.path().replaceFirst("^/wp-json", ""))).matches()).toList();
    }

    /** Copies of the order's notes, oldest first (the API lists them newest first). */
    public List<ObjectNode> notes(long orderId) {
        return copies(notes.get(orderId));
    }

    /**
     * Copies of the order's tracking items as the extension stores them in the order meta
     * {@code _wc_shipment_tracking_items}: the fields posted, {@code date_shipped} as epoch seconds, and
     * {@code tracking_id}.
     */
    public List<ObjectNode> shipmentTrackings(long orderId) {
        return copies(trackings.get(orderId));
    }

    /** How many 401s the store has answered (scripted ones included). */
    public int authFailures() {
        return authFailures.get();
    }

    // ---------------------------------------------------------------- webhooks

    /** Where webhooks go, and the secret they are signed with. */
    public void webhookTarget(String url, String secret) {
        hook = new Hook(URI.create(url), secret);
    }

    /**
     * When on, every REST PUT of an order and every {@link #update} delivers {@code order.updated} asynchronously (to
     * the {@linkplain #webhookTarget target}, or the REST webhooks of that topic).
     */
    public void autoWebhooks(boolean on) {
        autoWebhooks = on;
    }

    /**
     * Delivers one webhook now, as WooCommerce does: POST of the order's JSON (for a {@code *.deleted} topic
     * {@code {"id":…}}), signed {@code X-WC-Webhook-Signature = base64(HMAC-SHA256(secret, body))}, with the
     * {@code X-WC-Webhook-*} headers. Returns the target's HTTP status. When webhooks of this topic were made through
     * the REST API, to each of them (the first one's status is returned): one that is not active gets nothing
     * (-1), and one whose delivery got no answer (or was {@linkplain #dropDeliveries dropped}) counts it as failed (0).
     */
    public int sendWebhook(long orderId, String topic) throws IOException, InterruptedException {
        String[] parts = topic.split("\\.", 2);
        if (parts.length != 2) {
            throw new IllegalArgumentException("topic is resource.event: " + topic);
        }
        byte[] body;
        if (parts[1].equals("deleted")) {
            body = php(mapper.createObjectNode().put("id", orderId));
        } else {
            Entry e = orders.get(orderId);
            if (e == null) {
                throw new IllegalArgumentException("no order " + orderId);
            }
            body = render(e);
        }
        List<RestHook> registered;
        synchronized (restHooks) {
            registered = restHooks.values().stream().filter(w -> w.topic.equals(topic)).toList();
        }
        if (!registered.isEmpty()) {
            int first = -1;
            for (RestHook w : registered) {
                int status = deliver(w, topic, parts, body);
                first = first == -1 ? status : first;
            }
            return first;
        }
        Hook h = hook;
        if (h == null) {
            throw new IllegalStateException("no webhookTarget and no webhook of topic " + topic);
        }
        HttpRequest request = HttpRequest.newBuilder(h.target()).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .header("User-Agent", USER_AGENT)
                .header("X-WC-Webhook-Source", url() + "/")
                .header("X-WC-Webhook-Topic", topic)
                .header("X-WC-Webhook-Resource", parts[0])
                .header("X-WC-Webhook-Event", parts[1])
                .header("X-WC-Webhook-Signature", webhookSignature(h.secret(), body))
                .header("X-WC-Webhook-ID", Integer.toString(WEBHOOK_ID))
                .header("X-WC-Webhook-Delivery-ID", UUID.randomUUID().toString().replace("-", ""))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        int status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        webhooksSent.incrementAndGet();
        return status;
    }

    /** Webhooks delivered (any HTTP status). */
    public int webhooksSent() {
        return webhooksSent.get();
    }

    /** Automatic deliveries that got no HTTP answer (connection refused, timeout). */
    public int webhookFailures() {
        return webhookFailures.get();
    }

    /** One delivery through a webhook of the REST API, counted as WooCommerce counts it (see the class comment). */
    private int deliver(RestHook w, String topic, String[] parts, byte[] body) throws InterruptedException {
        String target;
        String secret;
        synchronized (restHooks) {
            if (!"active".equals(w.status) || !restHooks.containsKey(w.id)) {
                return -1; // WooCommerce's should_deliver: only an active webhook delivers
            }
            target = w.deliveryUrl;
            secret = w.secret;
        }
        if (dropDeliveries) {
            webhooksDropped.incrementAndGet();
            delivered(w, false);
            return 0;
        }
        HttpRequest request = HttpRequest.newBuilder(URI.create(target)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .header("User-Agent", USER_AGENT)
                .header("X-WC-Webhook-Source", url() + "/")
                .header("X-WC-Webhook-Topic", topic)
                .header("X-WC-Webhook-Resource", parts[0])
                .header("X-WC-Webhook-Event", parts[1])
                .header("X-WC-Webhook-Signature", webhookSignature(secret, body))
                .header("X-WC-Webhook-ID", Long.toString(w.id))
                .header("X-WC-Webhook-Delivery-ID", UUID.randomUUID().toString().replace("-", ""))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        int status;
        try {
            status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            webhookFailures.incrementAndGet();
            delivered(w, false);
            return 0;
        }
        webhooksSent.incrementAndGet();
        delivered(w, status >= 200 && status < 303);
        return status;
    }

    /** log_delivery(): a success resets the count; a failure counts, or disables a webhook over the limit. Saved. */
    private void delivered(RestHook w, boolean success) {
        synchronized (restHooks) {
            if (success) {
                w.failureCount = 0;
            } else if (w.failureCount > MAX_DELIVERY_FAILURES) {
                w.status = "disabled"; // failed_delivery(): woocommerce_webhook_disabled_due_delivery_failures
            } else {
                w.failureCount++;
            }
            w.modifiedGmt = now().getEpochSecond(); // every delivery saves the webhook: date_modified
        }
    }

    /**
     * When on, the network between the store and its webhooks' delivery URLs drops every delivery through a REST
     * webhook (as when WooTrack is down): each counts as a failed delivery, none arrives ({@link #webhooksDropped}).
     */
    public void dropDeliveries(boolean on) {
        dropDeliveries = on;
    }

    private boolean hasWebhook(String topic) {
        synchronized (restHooks) {
            return restHooks.values().stream().anyMatch(w -> w.topic.equals(topic));
        }
    }

    /** Deliveries through REST webhooks that {@link #dropDeliveries} dropped. */
    public int webhooksDropped() {
        return webhooksDropped.get();
    }

    /** Pings sent to a webhook's delivery URL (on create, and on an update of an active webhook's URL). */
    public int webhookPings() {
        return webhookPings.get();
    }

    /**
     * Adds a webhook as the merchant does in WooCommerce's admin screen (no ping), delivering {@code topic} to
     * {@code deliveryUrl} signed with {@code secret}; returns its id.
     */
    public long addWebhook(String name, String topic, String deliveryUrl, String secret, String status) {
        synchronized (restHooks) {
            RestHook w = new RestHook(nextWebhookId.incrementAndGet(), now().getEpochSecond());
            w.name = name;
            w.topic = topic;
            w.deliveryUrl = deliveryUrl;
            w.secret = secret;
            w.status = status;
            restHooks.put(w.id, w);
            return w.id;
        }
    }

    /** A webhook as the REST API shows it (never with its secret), or null. */
    public ObjectNode webhook(long id) {
        synchronized (restHooks) {
            RestHook w = restHooks.get(id);
            return w == null ? null : view(w);
        }
    }

    /** Every REST webhook, as the API shows them, oldest first. */
    public List<ObjectNode> webhooks() {
        synchronized (restHooks) {
            return restHooks.values().stream().map(this::view).toList();
        }
    }

    /** The secret a webhook signs with (the REST API never shows it; a test may look). */
    public String webhookSecret(long id) {
        synchronized (restHooks) {
            RestHook w = restHooks.get(id);
            return w == null ? null : w.secret;
        }
    }

    /** A webhook's failures in a row (the REST API never shows it). */
    public int webhookFailureCount(long id) {
        synchronized (restHooks) {
            RestHook w = restHooks.get(id);
            return w == null ? -1 : w.failureCount;
        }
    }

    /** Disables a webhook as WooCommerce does after failed deliveries in a row (its count over the limit). */
    public void disableWebhook(long id) {
        synchronized (restHooks) {
            RestHook w = restHooks.get(id);
            if (w == null) {
                throw new IllegalArgumentException("no webhook " + id);
            }
            w.failureCount = MAX_DELIVERY_FAILURES + 1;
            w.status = "disabled";
            w.modifiedGmt = now().getEpochSecond();
        }
    }

    /** Sets a webhook's status as the merchant does in the admin screen (active, paused, disabled); the count stays. */
    public void setWebhookStatus(long id, String status) {
        synchronized (restHooks) {
            RestHook w = restHooks.get(id);
            if (w == null) {
                throw new IllegalArgumentException("no webhook " + id);
            }
            w.status = status;
            w.modifiedGmt = now().getEpochSecond();
        }
    }

    /** Deletes a webhook as the merchant does in the admin screen. */
    public void deleteWebhook(long id) {
        synchronized (restHooks) {
            restHooks.remove(id);
        }
    }

    /** WooCommerce's webhook signature: base64(HMAC-SHA256(key = secret, raw body)). The secret may be empty. */
    public static String webhookSignature(String secret, byte[] body) {
        byte[] key = secret.getBytes(StandardCharsets.UTF_8);
        // HMAC pads keys with zeros, so one zero byte is the empty key (which SecretKeySpec refuses)
        return Base64.getEncoder().encodeToString(hmac("HmacSHA256", key.length == 0 ? new byte[1] : key, body));
    }

    /** Stops the server and the webhook deliveries. */
    @Override
    public void close() {
        server.stop(0);
        serverPool.shutdownNow();
        webhookPool.shutdownNow();
    }

    // ---------------------------------------------------------------- OAuth 1.0a (RFC 5849), public for tests

    /** RFC 3986 percent-encoding as RFC 5849 3.6 wants it: UTF-8, unreserved kept, all else {@code %XX} uppercase. */
    public static String percentEncode(String s) {
        StringBuilder out = new StringBuilder();
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '.'
                    || c == '_' || c == '~') {
                out.append((char) c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 15, 16)));
            }
        }
        return out.toString();
    }

    /** The base string URI (RFC 5849 3.4.1.2): scheme and host lowercased, default port dropped, path as sent. */
    public static String baseUri(String scheme, String hostAndPort, String rawPath) {
        String s = scheme.toLowerCase(Locale.ROOT);
        String host = hostAndPort.toLowerCase(Locale.ROOT);
        if (s.equals("http") && host.endsWith(":80") || s.equals("https") && host.endsWith(":443")) {
            host = host.substring(0, host.lastIndexOf(':'));
        }
        return s + "://" + host + rawPath;
    }

    /**
     * The signature base string (RFC 5849 3.4.1): {@code METHOD&enc(baseUri)&enc(normalized)}, where the decoded
     * {@code params} (query plus {@code oauth_*}, without {@code oauth_signature}) are each percent-encoded, sorted
     * by name then value, and joined {@code k=v} with {@code &}.
     */
    public static String oauthBaseString(String method, String baseUri, List<Map.Entry<String, String>> params) {
        List<String> pairs = new ArrayList<>();
        params.stream().map(e -> Map.entry(percentEncode(e.getKey()), percentEncode(e.getValue())))
                .sorted(Map.Entry.<String, String>comparingByKey().thenComparing(Map.Entry.comparingByValue()))
                .forEach(e -> pairs.add(e.getKey() + "=" + e.getValue()));
        return method.toUpperCase(Locale.ROOT) + "&" + percentEncode(baseUri) + "&"
                + percentEncode(String.join("&", pairs));
    }

    /**
     * An OAuth 1.0a signature (RFC 5849 3.4.2): base64(HMAC(key = enc(consumerSecret) & enc(tokenSecret),
     * {@link #oauthBaseString})). {@code signatureMethod} is HMAC-SHA1 or HMAC-SHA256; {@code tokenSecret} is null
     * for WooCommerce's one-legged requests.
     */
    public static String oauthSignature(String method, String baseUri, List<Map.Entry<String, String>> params,
            String signatureMethod, String consumerSecret, String tokenSecret) {
        String algorithm = switch (signatureMethod) {
            case "HMAC-SHA1" -> "HmacSHA1";
            case "HMAC-SHA256" -> "HmacSHA256";
            default -> throw new IllegalArgumentException(signatureMethod);
        };
        String key = percentEncode(consumerSecret) + "&" + (tokenSecret == null ? "" : percentEncode(tokenSecret));
        byte[] base = oauthBaseString(method, baseUri, params).getBytes(StandardCharsets.UTF_8);
        return Base64.getEncoder().encodeToString(hmac(algorithm, key.getBytes(StandardCharsets.UTF_8), base));
    }

    // ---------------------------------------------------------------- HTTP

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            URI uri = ex.getRequestURI();
            Map<String, List<String>> headers = new LinkedHashMap<>();
            ex.getRequestHeaders().forEach((k, v) -> headers.put(k, List.copyOf(v)));
            Request req = new Request(ex.getRequestMethod(), uri.getPath(), uri.getRawQuery(),
                    Collections.unmodifiableMap(headers),
                    new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            requests.add(req);
            Answer answer;
            try {
                answer = answer(req, uri.getRawPath());
            } catch (RuntimeException e) {
                answer = error(500, "internal_server_error", String.valueOf(e));
            }
            if (answer.status() == 401) {
                authFailures.incrementAndGet();
            }
            ex.getResponseHeaders().set("Content-Type", "application/json; charset=UTF-8");
            answer.headers().forEach(ex.getResponseHeaders()::set);
            byte[] body = answer.body();
            ex.sendResponseHeaders(answer.status(), body.length == 0 ? -1 : body.length);
            if (body.length > 0) {
                ex.getResponseBody().write(body);
            }
        }
    }

    /** WordPress's order: authentication errors, route, parameter validation, permission, then the handler. */
    private Answer answer(Request req, String rawPath) {
        if (!req.path().startsWith("/wp-json/")) {
            return new Answer(404, "<html><body>Not Found</body></html>".getBytes(StandardCharsets.UTF_8),
                    Map.of("Content-Type", "text/html; charset=UTF-8"));
        }
        Answer scripted = script.poll();
        if (scripted != null) {
            return scripted;
        }
        Auth auth = authenticate(req, rawPath);
        if (auth.error() != null) {
            return auth.error();
        }
        String route = stripSlash(req.path().substring("/wp-json".length()));
        String method = req.method();
        boolean read = method.equals("GET");
        boolean edit = method.equals("POST") || method.equals("PUT") || method.equals("PATCH");
        Matcher m;
        if (ORDERS.matcher(route).matches() && read) {
            return listOrders(req, auth.ok());
        }
        if ((m = ORDER.matcher(route)).matches() && (read || edit)) {
            return read ? getOrder(id(m), auth.ok()) : putOrder(req, id(m), auth.ok());
        }
        if ((m = NOTES.matcher(route)).matches() && (read || method.equals("POST"))) {
            return read ? listNotes(id(m), auth.ok()) : postNote(req, id(m), auth.ok());
        }
        if (WEBHOOKS.matcher(route).matches() && (read || method.equals("POST"))) {
            return read ? listWebhooks(req, auth.ok()) : createWebhook(req, auth.ok());
        }
        if ((m = WEBHOOK.matcher(route)).matches() && (read || edit || method.equals("DELETE"))) {
            return read ? getWebhook(id(m), auth.ok()) : edit ? updateWebhook(req, id(m), auth.ok())
                    : deleteRestWebhook(req, id(m), auth.ok());
        }
        if (trackingInstalled && (m = TRACKINGS.matcher(route)).matches() && (read || method.equals("POST"))) {
            return read ? listTrackings(id(m), auth.ok()) : postTracking(req, id(m), auth.ok());
        }
        if (read && (PRODUCT.matcher(route).matches() || VARIATION.matcher(route).matches()
                || route.equalsIgnoreCase(WEIGHT_UNIT))) {
            return catalog.read(route, auth.ok());
        }
        return error(404, "rest_no_route", "No route was found matching the URL and request method.");
    }

    // ---------------------------------------------------------------- authentication (WC_REST_Authentication)

    private Auth authenticate(Request r, String rawPath) {
        Map<String, String> query = r.params();
        Auth basic = NO_CREDENTIALS;
        if (seesHttps) {
            String key = query.get("consumer_key");
            String secret = query.get("consumer_secret");
            String authorization = r.header("Authorization");
            if ((empty(key) || empty(secret)) && authorization != null
                    && authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
                String pair = new String(Base64.getMimeDecoder().decode(authorization.substring(6).trim()),
                        StandardCharsets.UTF_8);
                int colon = pair.indexOf(':');
                key = colon < 0 ? pair : pair.substring(0, colon);
                secret = colon < 0 ? "" : pair.substring(colon + 1);
            }
            // an unknown key is no error here: WooCommerce goes on to OAuth and ends at the no-credentials 401
            if (!empty(key) && !empty(secret) && keyValid(key)) {
                if (same(secret, CONSUMER_SECRET)) {
                    return AUTHENTICATED;
                }
                basic = failed("woocommerce_rest_authentication_error", "Consumer secret is invalid.");
            }
        }
        Auth oauth = oauth(r, rawPath, query);
        return oauth == NO_CREDENTIALS ? basic : oauth;
    }

    private Auth oauth(Request r, String rawPath, Map<String, String> query) {
        Map<String, String> header = new LinkedHashMap<>();
        String authorization = r.header("Authorization");
        if (authorization != null && authorization.trim().startsWith("OAuth ")) {
            Matcher m = OAUTH_HEADER_PARAM.matcher(authorization.trim());
            while (m.find()) {
                header.put(m.group(1), formDecode(m.group(2) != null ? m.group(2) : m.group(3)));
            }
        }
        Map<String, String> p = new HashMap<>(query);
        p.putAll(header);
        List<String> missing = OAUTH_REQUIRED.stream().filter(k -> empty(p.get(k))).toList();
        if (missing.size() == OAUTH_REQUIRED.size()) {
            return NO_CREDENTIALS;
        }
        if (!missing.isEmpty()) {
            return failed("woocommerce_rest_authentication_missing_parameter",
                    (missing.size() == 1 ? "Missing OAuth parameter " : "Missing OAuth parameters ")
                            + String.join(", ", missing));
        }
        if (!keyValid(p.get("oauth_consumer_key"))) {
            return failed("woocommerce_rest_authentication_error", "Consumer key is invalid.");
        }
        String signatureMethod = p.get("oauth_signature_method");
        if (!signatureMethod.equals("HMAC-SHA1") && !signatureMethod.equals("HMAC-SHA256")) {
            return failed("woocommerce_rest_authentication_error", "Invalid signature - signature method is invalid.");
        }
        List<Map.Entry<String, String>> signed = new ArrayList<>(r.paramList());
        signed.addAll(header.entrySet());
        signed.removeIf(e -> e.getKey().equals("oauth_signature"));
        String host = r.header("Host") != null ? r.header("Host") : server.getAddress().getHostString() + ":"
                + server.getAddress().getPort();
        String expected = oauthSignature(r.method(), baseUri(seesHttps ? "https" : "http", host, rawPath), signed,
                signatureMethod, CONSUMER_SECRET, null);
        String given = rawDecode(p.get("oauth_signature").replace(' ', '+'));
        if (!same(expected, given)) {
            return failed("woocommerce_rest_authentication_error",
                    "Invalid signature - provided signature does not match.");
        }
        long wall = Instant.now().getEpochSecond();
        long timestamp;
        try {
            timestamp = Long.parseLong(p.get("oauth_timestamp").trim());
        } catch (NumberFormatException e) {
            timestamp = Long.MIN_VALUE;
        }
        if (timestamp < wall - OAUTH_WINDOW_SECONDS || timestamp > wall + OAUTH_WINDOW_SECONDS) {
            return failed("woocommerce_rest_authentication_error", "Invalid timestamp.");
        }
        if (nonces.size() > 10_000) {
            nonces.values().removeIf(t -> t < wall - OAUTH_WINDOW_SECONDS);
        }
        long ts = timestamp;
        boolean[] reused = {false};
        nonces.compute(p.get("oauth_nonce"), (k, old) -> {
            reused[0] = old != null && old >= wall - OAUTH_WINDOW_SECONDS;
            return reused[0] ? old : ts;
        });
        if (reused[0]) {
            return failed("woocommerce_rest_authentication_error", "Invalid nonce - nonce has already been used.");
        }
        return AUTHENTICATED;
    }

    private boolean keyValid(String key) {
        return !revoked && same(key, CONSUMER_KEY);
    }

    private Auth failed(String code, String message) {
        return new Auth(false, error(401, code, message));
    }

    // ---------------------------------------------------------------- orders routes

    private Answer listOrders(Request r, boolean authed) {
        Map<String, String> q = r.params();
        Map<String, String[]> problems = new LinkedHashMap<>();
        int page = intParam(q, "page", 1, 1, Integer.MAX_VALUE, problems);
        int perPage = intParam(q, "per_page", 10, 1, 100, problems);
        Boolean gmt = bool(q.get("dates_are_gmt"));
        ZoneOffset frame = Boolean.TRUE.equals(gmt) ? ZoneOffset.UTC : STORE_OFFSET;
        Long after = dateParam(q, "after", frame, problems);
        Long before = dateParam(q, "before", frame, problems);
        Long modifiedAfter = dateParam(q, "modified_after", frame, problems);
        Long modifiedBefore = dateParam(q, "modified_before", frame, problems);
        if (gmt == null) {
            problems.put("dates_are_gmt", new String[] {"rest_invalid_type", "dates_are_gmt is not of type boolean."});
        }
        Set<Long> exclude = new HashSet<>(idList(q, "exclude", problems));
        List<Long> includeList = idList(q, "include", problems);
        String order = q.getOrDefault("order", "desc");
        oneOf("order", order, List.of("asc", "desc"), problems);
        String orderby = q.getOrDefault("orderby", "date");
        oneOf("orderby", orderby, List.of("date", "id", "include", "title", "slug", "modified"), problems);
        Set<String> statuses = null;
        if (q.containsKey("status")) {
            List<String> allowed = new ArrayList<>(List.of("any", "trash"));
            allowed.addAll(knownStatuses());
            List<String> given = list(q.get("status"));
            for (int i = 0; i < given.size(); i++) {
                oneOf("status[" + i + "]", given.get(i), allowed, problems);
            }
            statuses = given.contains("any") ? null : new HashSet<>(given);
        }
        if (!problems.isEmpty()) {
            return invalidParams(problems);
        }
        if (!authed) {
            return error(401, "woocommerce_rest_cannot_view", "Sorry, you cannot list resources.");
        }
        IntConsumer hook = listHook;
        if (hook != null) {
            hook.accept(page);
        }
        Map<Long, Integer> include = new HashMap<>();
        includeList.forEach(id -> include.putIfAbsent(id, include.size()));
        List<Entry> hits = new ArrayList<>();
        for (Entry e : orders.values()) {
            if ((statuses == null ? e.status().equals("trash") : !statuses.contains(e.status()))
                    || after != null && e.createdGmt() <= after || before != null && e.createdGmt() >= before
                    || modifiedAfter != null && e.modifiedGmt() <= modifiedAfter
                    || modifiedBefore != null && e.modifiedGmt() >= modifiedBefore
                    || !include.isEmpty() && !include.containsKey(e.id()) || exclude.contains(e.id())) {
                continue;
            }
            hits.add(e);
        }
        Comparator<Entry> sort = switch (orderby) {
            case "modified" -> Comparator.comparingLong(Entry::modifiedGmt);
            case "id" -> Comparator.comparingLong(Entry::id);
            case "include" -> Comparator.comparingInt(e -> include.getOrDefault(e.id(), 0));
            default -> Comparator.comparingLong(Entry::createdGmt);
        };
        hits.sort((order.equals("asc") ? sort : sort.reversed()).thenComparingLong(Entry::id));
        int total = hits.size();
        int pages = (total + perPage - 1) / perPage;
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write('[');
        long from = (long) (page - 1) * perPage;
        for (long i = from; i < Math.min(total, from + perPage); i++) {
            if (i > from) {
                body.write(',');
            }
            body.writeBytes(render(hits.get((int) i)));
        }
        body.write(']');
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("X-WP-Total", Integer.toString(total));
        headers.put("X-WP-TotalPages", Integer.toString(pages));
        List<String> links = new ArrayList<>();
        if (page > 1) {
            links.add("<" + pageUrl(r, Math.min(page - 1, pages)) + ">; rel=\"prev\"");
        }
        if (pages > page) {
            links.add("<" + pageUrl(r, page + 1) + ">; rel=\"next\"");
        }
        if (!links.isEmpty()) {
            headers.put("Link", String.join(", ", links));
        }
        return new Answer(200, body.toByteArray(), headers);
    }

    private Answer getOrder(long id, boolean authed) {
        Entry e = orders.get(id);
        if (e != null && !authed) {
            return error(401, "woocommerce_rest_cannot_view", "Sorry, you cannot view this resource.");
        }
        return e == null ? error(404, "woocommerce_rest_shop_order_invalid_id", "Invalid ID.")
                : new Answer(200, render(e), Map.of());
    }

    private Answer putOrder(Request r, long id, boolean authed) {
        ObjectNode body = jsonBody(r);
        if (body == null) {
            return invalidJson();
        }
        Map<String, String[]> problems = new LinkedHashMap<>();
        if (body.has("status")) {
            oneOf("status", body.get("status").asText(), knownStatuses(), problems);
        }
        if (body.has("meta_data") && !body.get("meta_data").isArray()) {
            problems.put("meta_data", new String[] {"rest_invalid_type", "meta_data is not of type array."});
        }
        if (!problems.isEmpty()) {
            return invalidParams(problems);
        }
        boolean exists = orders.containsKey(id);
        if (exists && !authed) {
            return error(401, "woocommerce_rest_cannot_edit", "Sorry, you are not allowed to edit this resource.");
        }
        if (!exists) {
            return error(400, "woocommerce_rest_shop_order_invalid_id", "Invalid ID.");
        }
        return new Answer(200, change(id, o -> applyPut(o, body), true).json(), Map.of());
    }

    private void applyPut(ObjectNode o, ObjectNode body) {
        if (body.hasNonNull("status")) {
            transition(o, body.get("status").asText());
        }
        for (String field : List.of("customer_note", "transaction_id")) {
            if (body.has(field)) {
                o.set(field, body.get(field));
            }
        }
        for (String field : List.of("billing", "shipping")) {
            if (body.get(field) instanceof ObjectNode given && o.get(field) instanceof ObjectNode own) {
                given.fields().forEachRemaining(f -> {
                    if (own.has(f.getKey())) {
                        own.set(f.getKey(), f.getValue());
                    }
                });
            }
        }
        if (body.get("meta_data") instanceof ArrayNode metas) {
            metas.forEach(m -> {
                if (m.hasNonNull("key")) {
                    putMeta(o, m.get("key").asText(), m.get("value"));
                }
            });
        }
    }

    /** The status change with WooCommerce's side effects: date_paid, date_completed, the status-change note. */
    private void transition(ObjectNode o, String status) {
        String from = o.path("status").asText();
        if (from.equals(status)) {
            return;
        }
        o.put("status", status);
        Instant now = now();
        if ((status.equals("processing") || status.equals("completed")) && o.path("date_paid").isNull()) {
            stamp(o, "date_paid", now);
        }
        if (status.equals("completed")) {
            stamp(o, "date_completed", now);
        }
        addNote(o.path("id").asLong(), "Order status changed from " + STATUS_NAMES.getOrDefault(from, from) + " to "
                + STATUS_NAMES.getOrDefault(status, status) + ".", false);
    }

    /** An existing key gets the new value; a new key is appended with a new meta id. */
    private void putMeta(ObjectNode o, String key, JsonNode value) {
        ArrayNode meta = o.get("meta_data") instanceof ArrayNode a ? a : o.putArray("meta_data");
        for (JsonNode m : meta) {
            if (key.equals(m.path("key").asText())) {
                ((ObjectNode) m).set("value", value);
                return;
            }
        }
        meta.addObject().put("id", nextMetaId.incrementAndGet()).put("key", key).set("value", value);
    }

    // ---------------------------------------------------------------- notes

    private Answer listNotes(long orderId, boolean authed) {
        if (!authed) {
            return error(401, "woocommerce_rest_cannot_view", "Sorry, you cannot list resources.");
        }
        if (!orders.containsKey(orderId)) {
            return error(404, "woocommerce_rest_shop_order_invalid_id", "Invalid order ID.");
        }
        List<ObjectNode> list = notes(orderId);
        Collections.reverse(list);
        return json(200, mapper.createArrayNode().addAll(list), Map.of());
    }

    private Answer postNote(Request r, long orderId, boolean authed) {
        ObjectNode body = jsonBody(r);
        if (body == null) {
            return invalidJson();
        }
        if (!body.hasNonNull("note")) {
            return missingParam("note");
        }
        if (!authed) {
            return error(401, "woocommerce_rest_cannot_create", "Sorry, you are not allowed to create resources.");
        }
        if (!orders.containsKey(orderId)) {
            return error(404, "woocommerce_rest_order_invalid_id", "Invalid order ID.");
        }
        ObjectNode note = addNote(orderId, body.get("note").asText(), body.path("customer_note").asBoolean(false));
        return json(201, note, Map.of("Location", note.at("/_links/self/0/href").asText()));
    }

    private ObjectNode addNote(long orderId, String text, boolean customerNote) {
        long id = nextNoteId.incrementAndGet();
        Instant now = now();
        String base = url() + "/wp-json/wc/v3/orders/" + orderId;
        ObjectNode note = mapper.createObjectNode().put("id", id).put("author", "system");
        stamp(note, "date_created", now);
        note.put("note", text).put("customer_note", customerNote);
        links(note, base + "/notes/" + id, base + "/notes", base);
        notes.computeIfAbsent(orderId, k -> Collections.synchronizedList(new ArrayList<>())).add(note);
        return note;
    }

    // ---------------------------------------------------------------- webhooks (WC_REST_Webhooks_V2_Controller, v3)

    private Answer listWebhooks(Request r, boolean authed) {
        Map<String, String> q = r.params();
        Map<String, String[]> problems = new LinkedHashMap<>();
        int page = intParam(q, "page", 1, 1, Integer.MAX_VALUE, problems);
        int perPage = intParam(q, "per_page", 10, 1, 100, problems);
        String status = q.getOrDefault("status", "all");
        oneOf("status", status, List.of("all", "active", "paused", "disabled"), problems);
        String order = q.getOrDefault("order", "desc");
        oneOf("order", order, List.of("asc", "desc"), problems);
        String orderby = q.getOrDefault("orderby", "date");
        oneOf("orderby", orderby, List.of("date", "id", "title"), problems);
        if (!problems.isEmpty()) {
            return invalidParams(problems);
        }
        if (!authed) {
            return error(401, "woocommerce_rest_cannot_view", "Sorry, you cannot list resources.");
        }
        List<ObjectNode> hits;
        synchronized (restHooks) {
            Comparator<RestHook> sort = switch (orderby) {
                case "id" -> Comparator.comparingLong(w -> w.id);
                case "title" -> Comparator.comparing(w -> w.name);
                default -> Comparator.comparingLong(w -> w.createdGmt);
            };
            hits = restHooks.values().stream().filter(w -> status.equals("all") || w.status.equals(status))
                    .sorted((order.equals("asc") ? sort : sort.reversed()).thenComparingLong(w -> w.id))
                    .map(this::view).toList();
        }
        int total = hits.size();
        int pages = perPage > 1 ? (total + perPage - 1) / perPage : 1; // search_webhooks' max_num_pages
        int from = Math.min(total, (page - 1) * perPage);
        ArrayNode body = mapper.createArrayNode().addAll(hits.subList(from, Math.min(total, from + perPage)));
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("X-WP-Total", Integer.toString(total));
        headers.put("X-WP-TotalPages", Integer.toString(pages));
        List<String> links = new ArrayList<>();
        if (page > 1) {
            links.add("<" + pageUrl(r, Math.min(page - 1, pages), "webhooks") + ">; rel=\"prev\"");
        }
        if (pages > page) {
            links.add("<" + pageUrl(r, page + 1, "webhooks") + ">; rel=\"next\"");
        }
        if (!links.isEmpty()) {
            headers.put("Link", String.join(", ", links));
        }
        return json(200, body, headers);
    }

    private Answer createWebhook(Request r, boolean authed) {
        ObjectNode body = jsonBody(r);
        if (body == null) {
            return invalidJson();
        }
        List<String> missing = new ArrayList<>();
        for (String required : List.of("topic", "delivery_url")) {
            if (!body.hasNonNull(required)) {
                missing.add(required);
            }
        }
        if (!missing.isEmpty()) {
            return missingParams(missing);
        }
        Map<String, String[]> problems = new LinkedHashMap<>();
        if (body.has("status")) {
            oneOf("status", body.get("status").asText(), WEBHOOK_STATUSES, problems);
        }
        if (!problems.isEmpty()) {
            return invalidParams(problems);
        }
        if (!authed) {
            return error(401, "woocommerce_rest_cannot_create", "Sorry, you are not allowed to create resources.");
        }
        if (body.path("id").asLong(0) != 0) {
            return error(400, "woocommerce_rest_shop_webhook_exists", "Cannot create existing shop_webhook.");
        }
        String topic = body.path("topic").asText("").toLowerCase(Locale.ROOT);
        if (!validTopic(topic)) {
            return error(400, "woocommerce_rest_shop_webhook_invalid_topic",
                    "Webhook topic is required and must be valid.");
        }
        String deliveryUrl = body.path("delivery_url").asText("");
        if (!validUrl(deliveryUrl)) {
            return error(400, "woocommerce_rest_shop_webhook_invalid_delivery_url",
                    "Webhook delivery URL must be a valid URL starting with http:// or https://.");
        }
        RestHook w;
        synchronized (restHooks) {
            w = new RestHook(nextWebhookId.incrementAndGet(), now().getEpochSecond());
            w.name = body.path("name").asText("").isEmpty() ? "Webhook created on "
                    + DateTimeFormatter.ofPattern("MMM dd, yyyy @ hh:mm a", Locale.ENGLISH)
                    .format(LocalDateTime.ofInstant(now(), STORE_OFFSET)) : body.path("name").asText();
            // create_item: the post status of a new webhook is always 'publish', so it is active whatever was asked
            w.status = "active";
            w.topic = topic;
            w.deliveryUrl = deliveryUrl;
            w.secret = body.path("secret").asText("").isEmpty() ? generatedPassword(50) : body.path("secret").asText();
            w.pendingDelivery = true;
            restHooks.put(w.id, w);
        }
        ObjectNode view = webhook(w.id);
        ping(w); // deliver_ping(), before the answer goes out
        return json(201, view, Map.of("Location", url() + "/wp-json/wc/v3/webhooks/" + w.id));
    }

    private Answer getWebhook(long id, boolean authed) {
        if (!authed) {
            return error(401, "woocommerce_rest_cannot_view", "Sorry, you cannot view this resource.");
        }
        ObjectNode view = webhook(id);
        // prepare_item_for_response() of an id that is not there: a 400, not a 404
        return view == null ? error(400, "woocommerce_rest_shop_webhook_invalid_id", "ID is invalid.")
                : json(200, view, Map.of());
    }

    private Answer updateWebhook(Request r, long id, boolean authed) {
        ObjectNode body = jsonBody(r);
        if (body == null) {
            return invalidJson();
        }
        Map<String, String[]> problems = new LinkedHashMap<>();
        if (body.has("status")) {
            oneOf("status", body.get("status").asText(), WEBHOOK_STATUSES, problems);
        }
        if (!problems.isEmpty()) {
            return invalidParams(problems);
        }
        if (!authed) {
            return error(401, "woocommerce_rest_cannot_edit", "Sorry, you are not allowed to edit this resource.");
        }
        boolean urlChanged;
        RestHook w;
        synchronized (restHooks) {
            w = restHooks.get(id);
            if (w == null) {
                return error(400, "woocommerce_rest_shop_webhook_invalid_id", "ID is invalid.");
            }
            String topic = body.path("topic").asText("");
            if (!topic.isEmpty() && !validTopic(topic.toLowerCase(Locale.ROOT))) {
                return error(400, "woocommerce_rest_shop_webhook_invalid_topic", "Webhook topic must be valid.");
            }
            String deliveryUrl = body.path("delivery_url").asText("");
            if (!deliveryUrl.isEmpty() && !validUrl(deliveryUrl)) {
                return error(400, "woocommerce_rest_shop_webhook_invalid_delivery_url",
                        "Webhook delivery URL must be a valid URL starting with http:// or https://.");
            }
            String status = body.path("status").asText("");
            if (!status.isEmpty() && !WEBHOOK_STATUSES.contains(status.toLowerCase(Locale.ROOT))) {
                return error(400, "woocommerce_rest_shop_webhook_invalid_status", "Webhook status must be valid.");
            }
            if (!topic.isEmpty()) {
                w.topic = topic.toLowerCase(Locale.ROOT);
            }
            urlChanged = !deliveryUrl.isEmpty() && !deliveryUrl.equals(w.deliveryUrl);
            if (!deliveryUrl.isEmpty()) {
                w.deliveryUrl = deliveryUrl;
            }
            if (!body.path("secret").asText("").isEmpty()) {
                w.secret = body.path("secret").asText();
            }
            if (!status.isEmpty()) {
                w.status = status; // set_status(): the failure count stays
            }
            if (!body.path("name").asText("").isEmpty()) {
                w.name = body.path("name").asText();
            }
            w.modifiedGmt = now().getEpochSecond();
        }
        // the data store's update(): an active webhook whose URL changed, or that never answered a ping, is pinged
        if ("active".equals(w.status) && (urlChanged || w.pendingDelivery)) {
            ping(w);
        }
        return json(200, webhook(id), Map.of());
    }

    private Answer deleteRestWebhook(Request r, long id, boolean authed) {
        Boolean force = bool(r.params().get("force"));
        if (force == null) {
            return invalidParams(Map.of("force", new String[] {"rest_invalid_type", "force is not of type boolean."}));
        }
        if (!authed) {
            return error(401, "woocommerce_rest_cannot_delete", "Sorry, you are not allowed to delete this resource.");
        }
        if (!force) {
            return error(501, "woocommerce_rest_trash_not_supported", "Webhooks do not support trashing.");
        }
        synchronized (restHooks) {
            RestHook w = restHooks.get(id);
            if (w == null) {
                return error(404, "woocommerce_rest_shop_webhook_invalid_id", "Invalid ID.");
            }
            ObjectNode view = view(w);
            restHooks.remove(id);
            return json(200, view, Map.of());
        }
    }

    /** deliver_ping(): {@code webhook_id=N}, form-encoded, no X-WC headers; a 200 ends the pending delivery. */
    private void ping(RestHook w) {
        String target;
        synchronized (restHooks) {
            target = w.deliveryUrl;
        }
        webhookPings.incrementAndGet();
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create(target)).timeout(Duration.ofSeconds(5))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .header("User-Agent", USER_AGENT)
                    .POST(HttpRequest.BodyPublishers.ofString("webhook_id=" + w.id)).build();
            int status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
            if (status == 200) {
                synchronized (restHooks) {
                    w.pendingDelivery = false;
                    w.modifiedGmt = now().getEpochSecond();
                }
            }
        } catch (IOException | IllegalArgumentException e) {
            // WooCommerce answers the REST call all the same; the webhook stays pending
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The webhook as prepare_item_for_response() (v2/v3) shows it: no secret, no failure count. Under the lock. */
    private ObjectNode view(RestHook w) {
        String[] parts = w.topic.split("\\.", 2);
        ObjectNode o = mapper.createObjectNode().put("id", w.id).put("name", w.name).put("status", w.status)
                .put("topic", w.topic).put("resource", parts[0]).put("event", parts.length > 1 ? parts[1] : "");
        ArrayNode hooks = o.putArray("hooks");
        topicHooks(w.topic).forEach(hooks::add);
        o.put("delivery_url", w.deliveryUrl);
        stamp(o, "date_created", Instant.ofEpochSecond(w.createdGmt));
        stamp(o, "date_modified", Instant.ofEpochSecond(w.modifiedGmt));
        ObjectNode links = o.putObject("_links");
        links.putArray("self").addObject().put("href", url() + "/wp-json/wc/v3/webhooks/" + w.id);
        links.putArray("collection").addObject().put("href", url() + "/wp-json/wc/v3/webhooks");
        return o;
    }

    /** WC_Webhook::get_default_topic_hooks() of the order topics. */
    private static List<String> topicHooks(String topic) {
        return switch (topic) {
            case "order.created" -> List.of("woocommerce_new_order");
            case "order.updated" -> List.of("woocommerce_update_order", "woocommerce_order_refunded",
                    "woocommerce_delete_order_refund");
            case "order.deleted" -> List.of("wp_trash_post", "woocommerce_trash_order");
            case "order.restored" -> List.of("untrashed_post", "woocommerce_untrash_order");
            default -> List.of();
        };
    }

    /** wc_is_webhook_valid_topic(). */
    private static boolean validTopic(String topic) {
        if (topic.startsWith("action.")) {
            return true;
        }
        String[] parts = topic.split("\\.", 2);
        return parts.length == 2 && WEBHOOK_RESOURCES.contains(parts[0]) && WEBHOOK_EVENTS.contains(parts[1]);
    }

    /** wc_is_valid_url(): http:// or https://, and a URL. */
    private static boolean validUrl(String url) {
        if (!url.startsWith("http://") && !url.startsWith("https://")) {
            return false;
        }
        try {
            URI u = new URI(url);
            return u.getHost() != null && !u.getHost().isEmpty();
        } catch (java.net.URISyntaxException e) {
            return false;
        }
    }

    /** wp_generate_password( $length, true, true ). */
    private static String generatedPassword(int length) {
        String chars = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!@#$%^&*()-_ []{}<>~`+=,.;:/?|";
        java.security.SecureRandom random = new java.security.SecureRandom();
        StringBuilder out = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            out.append(chars.charAt(random.nextInt(chars.length())));
        }
        return out.toString();
    }

    // ---------------------------------------------------------------- Shipment Tracking extension

    private Answer listTrackings(long orderId, boolean authed) {
        if (!authed) {
            return error(401, "woocommerce_rest_cannot_view", "Sorry, you cannot list resources.");
        }
        if (!orders.containsKey(orderId)) {
            return error(404, "woocommerce_rest_order_invalid_id", "Invalid order ID.");
        }
        ArrayNode list = mapper.createArrayNode();
        shipmentTrackings(orderId).forEach(t -> list.add(trackingView(orderId, t)));
        return json(200, list, Map.of());
    }

    private Answer postTracking(Request r, long orderId, boolean authed) {
        ObjectNode body = jsonBody(r);
        if (body == null) {
            return invalidJson();
        }
        if (!body.hasNonNull("tracking_number")) {
            return missingParam("tracking_number");
        }
        if (!authed) {
            return error(401, "woocommerce_rest_cannot_create", "Sorry, you are not allowed to create resources.");
        }
        if (!orders.containsKey(orderId)) {
            return error(404, "woocommerce_rest_order_invalid_id", "Invalid order ID.");
        }
        ObjectNode item = mapper.createObjectNode();
        for (String field : List.of("tracking_provider", "custom_tracking_provider", "custom_tracking_link",
                "tracking_number")) {
            item.put(field, body.path(field).asText(""));
        }
        item.put("date_shipped", Long.toString(shippedEpoch(body.path("date_shipped").asText(""))));
        item.put("tracking_id", UUID.randomUUID().toString().replace("-", ""));
        List<ObjectNode> list = trackings.computeIfAbsent(orderId,
                k -> Collections.synchronizedList(new ArrayList<>()));
        list.add(item);
        ArrayNode all = mapper.createArrayNode().addAll(copies(list));
        change(orderId, o -> putMeta(o, TRACKING_META, all), false); // save_meta_data: not a modification
        ObjectNode view = trackingView(orderId, item);
        return json(201, view, Map.of("Location", view.at("/_links/self/0/href").asText()));
    }

    /** The item as the extension's REST API shows it. */
    private ObjectNode trackingView(long orderId, ObjectNode item) {
        String custom = item.path("custom_tracking_provider").asText();
        JsonNode shipping = order(orderId).path("shipping");
        String link = item.path("custom_tracking_link").asText()
                .replace("%1$s", item.path("tracking_number").asText())
                .replace("%2$s", shipping.path("postcode").asText().replace(" ", ""))
                .replace("%3$s", shipping.path("country").asText());
        ObjectNode view = mapper.createObjectNode().put("tracking_id", item.path("tracking_id").asText())
                .put("tracking_provider", custom.isEmpty() ? item.path("tracking_provider").asText() : custom)
                .put("tracking_link", link)
                .put("tracking_number", item.path("tracking_number").asText())
                .put("date_shipped", LocalDate.ofEpochDay(Math.floorDiv(item.path("date_shipped").asLong(), 86_400))
                        .toString());
        String base = url() + "/wp-json/wc-shipment-tracking/v3/orders/" + orderId + "/shipment-trackings";
        return links(view, base + "/" + item.path("tracking_id").asText(), base,
                url() + "/wp-json/wc/v3/orders/" + orderId);
    }

    /** date_shipped as the extension stores it: strtotime (UTC) of a date, epoch seconds kept, default now. */
    private long shippedEpoch(String given) {
        if (given.matches("\\d+")) {
            return Long.parseLong(given);
        }
        if (given.matches("\\d{4}-\\d{2}-\\d{2}.*")) {
            return LocalDate.parse(given.substring(0, 10)).atStartOfDay().toEpochSecond(ZoneOffset.UTC);
        }
        return now().getEpochSecond();
    }

    // ---------------------------------------------------------------- storage

    private Entry pristine(long id, String status, long modifiedGmt) {
        statusesSeen.add(status);
        return new Entry(id, status, modifiedGmt, modifiedGmt, null, null);
    }

    /** Rewrites one order under the write lock; {@code touch} = a modification (date_modified, order.updated). */
    private Entry change(long id, Consumer<ObjectNode> change, boolean touch) {
        Entry updated;
        synchronized (writes) {
            Entry old = orders.get(id);
            if (old == null) {
                throw new IllegalArgumentException("no order " + id);
            }
            ObjectNode o = materialize(old);
            change.accept(o);
            if (touch) {
                stamp(o, "date_modified", now());
            }
            String status = o.path("status").asText();
            statusesSeen.add(status);
            updated = new Entry(id, status, gmt(o, "date_created"), gmt(o, "date_modified"), o, php(o));
            orders.put(id, updated);
        }
        Hook h = hook;
        if (touch && autoWebhooks && (h != null || hasWebhook("order.updated"))) {
            webhookPool.execute(() -> {
                try {
                    sendWebhook(id, "order.updated");
                } catch (IOException | RuntimeException e) {
                    webhookFailures.incrementAndGet();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
        }
        return updated;
    }

    private ObjectNode materialize(Entry e) {
        return e.node() != null ? e.node().deepCopy() : build(e);
    }

    private byte[] render(Entry e) {
        return e.json() != null ? e.json() : php(build(e));
    }

    /** The fixture order with this entry's id, status and dates, and links to this store. */
    private ObjectNode build(Entry e) {
        ObjectNode o = template.deepCopy();
        o.put("id", e.id()).put("number", Long.toString(e.id()))
                .put("order_key", String.format("wc_order_%013x", e.id())).put("status", e.status());
        Instant created = Instant.ofEpochSecond(e.createdGmt());
        stamp(o, "date_created", created);
        stamp(o, "date_modified", Instant.ofEpochSecond(e.modifiedGmt()));
        if (e.status().equals("processing") || e.status().equals("completed")) {
            stamp(o, "date_paid", created);
        } else {
            o.putNull("date_paid").putNull("date_paid_gmt");
        }
        if (e.status().equals("completed")) {
            stamp(o, "date_completed", Instant.ofEpochSecond(e.modifiedGmt()));
        }
        o.remove("_links");
        String self = url() + "/wp-json/wc/v3/orders/" + e.id();
        ObjectNode links = o.putObject("_links");
        links.putArray("self").addObject().put("href", self);
        links.putArray("collection").addObject().put("href", url() + "/wp-json/wc/v3/orders");
        return o;
    }

    private List<String> knownStatuses() {
        Set<String> known = new LinkedHashSet<>(STATUSES);
        statusesSeen.stream().filter(s -> !s.equals("trash")).sorted().forEach(known::add);
        return List.copyOf(known);
    }

    // ---------------------------------------------------------------- JSON and errors

    /** PHP json_encode's bytes: compact, {@code /} as {@code \/}, each non-ASCII UTF-16 unit a lowercase \-u escape. */
    private byte[] php(JsonNode node) {
        String s;
        try {
            s = mapper.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
        StringBuilder out = new StringBuilder(s.length() + 64);
        for (int i = 0; i < s.length(); i++) { // '/' and non-ASCII occur only inside JSON strings
            char c = s.charAt(i);
            if (c == '/') {
                out.append("\\/");
            } else if (c >= 0x80) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.toString().getBytes(StandardCharsets.US_ASCII);
    }

    private ObjectNode jsonBody(Request r) {
        if (r.body().isBlank()) {
            return mapper.createObjectNode();
        }
        try {
            return mapper.readTree(r.body()) instanceof ObjectNode o ? o : null;
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    private Answer json(int status, JsonNode body, Map<String, String> headers) {
        return new Answer(status, php(body), headers);
    }

    private Answer error(int status, String code, String message) {
        return json(status, errorNode(status, code, message), Map.of());
    }

    private ObjectNode errorNode(int status, String code, String message) {
        ObjectNode e = mapper.createObjectNode().put("code", code).put("message", message);
        e.putObject("data").put("status", status);
        return e;
    }

    private Answer invalidJson() {
        return error(400, "rest_invalid_json", "Invalid JSON body passed.");
    }

    private Answer missingParams(List<String> names) {
        ObjectNode e = errorNode(400, "rest_missing_callback_param", "Missing parameter(s): " + String.join(", ", names));
        ArrayNode params = ((ObjectNode) e.get("data")).putArray("params");
        names.forEach(params::add);
        return json(400, e, Map.of());
    }

    private Answer missingParam(String name) {
        ObjectNode e = errorNode(400, "rest_missing_callback_param", "Missing parameter(s): " + name);
        ((ObjectNode) e.get("data")).putArray("params").add(name);
        return json(400, e, Map.of());
    }

    /** WordPress's 400 for invalid query or body parameters, with data.params and data.details. */
    private Answer invalidParams(Map<String, String[]> problems) {
        ObjectNode e = errorNode(400, "rest_invalid_param",
                "Invalid parameter(s): " + String.join(", ", problems.keySet().stream()
                        .map(k -> k.replaceFirst("\\[.*", "")).distinct().toList()));
        ObjectNode data = (ObjectNode) e.get("data");
        ObjectNode params = data.putObject("params");
        ObjectNode details = data.putObject("details");
        problems.forEach((name, p) -> {
            String param = name.replaceFirst("\\[.*", "");
            params.put(param, p[1]);
            details.putObject(param).put("code", p[0]).put("message", p[1]).putNull("data");
        });
        return json(400, e, Map.of());
    }

    private static ObjectNode links(ObjectNode node, String self, String collection, String up) {
        ObjectNode links = node.putObject("_links");
        links.putArray("self").addObject().put("href", self);
        links.putArray("collection").addObject().put("href", collection);
        links.putArray("up").addObject().put("href", up);
        return node;
    }

    // ---------------------------------------------------------------- parameters

    private static int intParam(Map<String, String> q, String name, int fallback, int min, int max,
            Map<String, String[]> problems) {
        String v = q.get(name);
        if (v == null) {
            return fallback;
        }
        long n;
        try {
            n = Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            problems.put(name, new String[] {"rest_invalid_type", name + " is not of type integer."});
            return fallback;
        }
        if (n < min || n > max) {
            problems.put(name, new String[] {"rest_out_of_bounds", max == Integer.MAX_VALUE
                    ? name + " must be greater than or equal to " + min
                    : name + " must be between " + min + " (inclusive) and " + max + " (inclusive)"});
            return fallback;
        }
        return (int) n;
    }

    /** An ISO date-time as GMT epoch seconds (fraction dropped); without a zone it is read in {@code frame}. */
    private static Long dateParam(Map<String, String> q, String name, ZoneOffset frame,
            Map<String, String[]> problems) {
        String v = q.get(name);
        if (v == null) {
            return null;
        }
        Matcher m = DATE.matcher(v.trim());
        try {
            if (m.matches()) {
                String s = m.group();
                LocalDateTime local = LocalDateTime.parse(s.substring(0, 10) + "T" + s.substring(11, 19));
                String zone = m.group(1);
                return local.toEpochSecond(zone == null ? frame : zone.equals("Z") ? ZoneOffset.UTC
                        : ZoneOffset.of(zone.length() == 3 ? zone + ":00" : zone));
            }
        } catch (DateTimeException e) {
            // falls through to the error
        }
        problems.put(name, new String[] {"rest_invalid_date", "Invalid date."});
        return null;
    }

    private static List<Long> idList(Map<String, String> q, String name, Map<String, String[]> problems) {
        List<Long> ids = new ArrayList<>();
        List<String> given = list(q.get(name));
        for (int i = 0; i < given.size(); i++) {
            try {
                ids.add(Long.parseLong(given.get(i)));
            } catch (NumberFormatException e) {
                problems.put(name + "[" + i + "]", new String[] {"rest_invalid_type",
                        name + "[" + i + "] is not of type integer."});
            }
        }
        return ids;
    }

    private static void oneOf(String name, String value, List<String> allowed, Map<String, String[]> problems) {
        if (!allowed.contains(value)) {
            problems.put(name, new String[] {"rest_not_in_enum",
                    name + " is not one of " + String.join(", ", allowed) + "."});
        }
    }

    /** WordPress's wp_parse_list: split on commas and whitespace. */
    private static List<String> list(String v) {
        if (v == null) {
            return List.of();
        }
        return Arrays.stream(v.split("[\\s,]+")).filter(s -> !s.isEmpty()).toList();
    }

    /** rest_is_boolean; null when not a boolean. */
    private static Boolean bool(String v) {
        if (v == null) {
            return false;
        }
        return switch (v.toLowerCase(Locale.ROOT)) {
            case "true", "1" -> true;
            case "false", "0", "" -> false;
            default -> null;
        };
    }

    private String pageUrl(Request r, int page) {
        return pageUrl(r, page, "orders");
    }

    private String pageUrl(Request r, int page, String collection) {
        List<String> pairs = new ArrayList<>();
        if (r.query() != null) {
            for (String pair : r.query().split("&")) {
                if (!pair.isEmpty() && !pair.startsWith("page=") && !pair.equals("page")) {
                    pairs.add(pair);
                }
            }
        }
        pairs.add("page=" + page);
        return url() + "/wp-json/wc/v3/" + collection + "?" + String.join("&", pairs);
    }

    // ---------------------------------------------------------------- small helpers

    private static void stamp(ObjectNode o, String field, Instant gmt) {
        o.put(field, WC_DATE.format(LocalDateTime.ofInstant(gmt, STORE_OFFSET)));
        o.put(field + "_gmt", WC_DATE.format(LocalDateTime.ofInstant(gmt, ZoneOffset.UTC)));
    }

    private static long gmt(ObjectNode o, String field) {
        JsonNode v = o.get(field + "_gmt");
        return v == null || v.isNull() ? 0 : LocalDateTime.parse(v.asText()).toEpochSecond(ZoneOffset.UTC);
    }

    private static long id(Matcher m) {
        try {
            return Long.parseLong(m.group(1));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static String stripSlash(String route) {
        return route.length() > 1 && route.endsWith("/") ? route.substring(0, route.length() - 1) : route;
    }

    private static List<ObjectNode> copies(List<ObjectNode> list) {
        if (list == null) {
            return new ArrayList<>();
        }
        synchronized (list) {
            return new ArrayList<>(list.stream().map(ObjectNode::deepCopy).toList());
        }
    }

    private static boolean empty(String s) {
        return s == null || s.isEmpty();
    }

    private static boolean same(String a, String b) {
        return MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }

    /** application/x-www-form-urlencoded decoding (PHP urldecode); malformed input is kept as it is. */
    private static String formDecode(String s) {
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return s;
        }
    }

    /** PHP rawurldecode: like formDecode but {@code +} stays. */
    private static String rawDecode(String s) {
        return formDecode(s.replace("+", "%2B"));
    }

    private static byte[] hmac(String algorithm, byte[] key, byte[] data) {
        try {
            Mac mac = Mac.getInstance(algorithm);
            mac.init(new SecretKeySpec(key, algorithm));
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(algorithm, e);
        }
    }

    /** Products, variations and the weight unit, as {@code GET products/…} and {@code settings/products/…} answer them. */
    private final class Catalog {
        final Map<Long, ObjectNode> products = new ConcurrentHashMap<>();
        final Map<String, ObjectNode> variations = new ConcurrentHashMap<>();
        final java.util.concurrent.atomic.AtomicInteger failures = new java.util.concurrent.atomic.AtomicInteger();
        volatile int failStatus = 503;
        volatile String unit = "kg";

        Catalog() {
            // the fixture order's line items: product 93, and variation 23 of product 22; no weights, as in the fixture
            products.put(93L, product(93, "Woo Single #1", ""));
            products.put(22L, product(22, "Ship Your Idea", ""));
            variations.put("22/23", variation(22, 23, ""));
        }

        ObjectNode product(long id, String name, String weight) {
            ObjectNode p = mapper.createObjectNode().put("id", id).put("name", name).put("type", "simple")
                    .put("status", "publish").put("virtual", false).put("weight", weight);
            p.putObject("dimensions").put("length", "").put("width", "").put("height", "");
            return p;
        }

        ObjectNode variation(long parentId, long id, String weight) {
            ObjectNode v = mapper.createObjectNode().put("id", id).put("parent_id", parentId).put("type", "variation")
                    .put("status", "publish").put("virtual", false).put("weight", weight);
            v.putObject("dimensions").put("length", "").put("width", "").put("height", "");
            return v;
        }

        Answer read(String route, boolean authed) {
            if (failures.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                return error(failStatus, "simulated", "Simulated failure of a catalog read.");
            }
            if (!authed) {
                return error(401, "woocommerce_rest_cannot_view", "Sorry, you cannot view this resource.");
            }
            if (route.equalsIgnoreCase(WEIGHT_UNIT)) {
                ObjectNode setting = mapper.createObjectNode().put("id", "woocommerce_weight_unit")
                        .put("label", "Weight unit").put("description", "This controls what unit you will define weights in.")
                        .put("type", "select").put("default", "kg");
                setting.putObject("options").put("kg", "kg").put("g", "g").put("lbs", "lbs").put("oz", "oz");
                return json(200, setting.put("value", unit).put("group_id", "products"), Map.of());
            }
            Matcher v = VARIATION.matcher(route);
            if (v.matches()) {
                ObjectNode own = variations.get(v.group(1) + "/" + v.group(2));
                if (own == null) {
                    return error(404, "woocommerce_rest_product_variation_invalid_id", "Invalid ID.");
                }
                ObjectNode view = own.deepCopy();
                ObjectNode parent = products.get(Long.parseLong(v.group(1)));
                if (view.path("weight").asText().isEmpty() && parent != null) {
                    view.put("weight", parent.path("weight").asText()); // WC_Product_Variation::get_weight('view')
                }
                return json(200, view, Map.of());
            }
            Matcher p = PRODUCT.matcher(route);
            ObjectNode product = p.matches() ? products.get(Long.parseLong(p.group(1))) : null;
            return product == null ? error(404, "woocommerce_rest_product_invalid_id", "Invalid ID.")
                    : json(200, product, Map.of());
        }
    }
}
