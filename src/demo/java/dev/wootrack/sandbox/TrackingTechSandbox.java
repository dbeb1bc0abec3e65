package dev.wootrack.sandbox;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A TrackingTech server implementing ../shared/trackingtech-api.md for orders (send, idempotency, cancel),
 * over real HTTP on loopback. Tests script its failures: {@link #answerNext} queues answers (503, 429 with
 * Retry-After, 422, 401…), {@link #revoke} invalidates a token, {@link #holdOrders} accepts orders and then
 * keeps the answer back. Every request is recorded as it arrived.
 */
public final class TrackingTechSandbox implements AutoCloseable {

    public static final String TOKEN = "tt-sandbox-token-0001";
    public static final String STORE = "s_1";
    public static final String CUSTOMER = "c_42";
    /** The tenant code that resolves to an active courier, and its administrator's login. */
    public static final String CODE = "ACME";
    public static final String INACTIVE_CODE = "DORMIDO";
    public static final String EMAIL = "admin@shop.example";
    public static final String PASSWORD = "Correct-Horse-9";
    /** A store of the account that another installation has linked already. */
    public static final String STORE_LINKED_ELSEWHERE = "s_2";

    private static final Pattern CANCEL = Pattern.compile("/api/v1/orders/([^/]+)/cancel");
    private static final Pattern STATUS = Pattern.compile("/api/v1/orders/([^/]+)");

    private final ObjectMapper json = new ObjectMapper();
    private final HttpServer server;
    private final Set<String> validTokens = ConcurrentHashMap.newKeySet();
    private final ConcurrentLinkedQueue<Answer> script = new ConcurrentLinkedQueue<>();
    private final Map<String, Stored> byKey = new ConcurrentHashMap<>();
    private final List<Request> requests = Collections.synchronizedList(new ArrayList<>());
    private final AtomicInteger nextId = new AtomicInteger(9000);
    private final AtomicReference<CountDownLatch> hold = new AtomicReference<>();
    private final List<ObjectNode> feed = Collections.synchronizedList(new ArrayList<>());
    private final Map<String, ObjectNode> statuses = new ConcurrentHashMap<>();
    private volatile int feedPageSize = 100;
    private final Map<String, String> links = new ConcurrentHashMap<>(Map.of(STORE_LINKED_ELSEWHERE, "another-device"));

    /** One request as it arrived. */
    public record Request(String method, String path, Map<String, List<String>> headers, String body, long nanos) {
        public String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .findFirst().map(e -> e.getValue().get(0)).orElse(null);
        }
    }

    /** A scripted answer. */
    public record Answer(int status, String body, Map<String, String> headers) {
        public static Answer of(int status, String body) {
            return new Answer(status, body, Map.of());
        }
    }

    private record Stored(String body, String response) {
    }

    private record Chaos(double share503, double share429, int retryAfter, java.util.Random random) {
        synchronized Answer draw() {
            double r = random.nextDouble();
            if (r < share503) {
                return Answer.of(503, "{\"error\":\"unavailable\",\"message\":\"try again later\"}");
            }
            if (r < share503 + share429) {
                return new Answer(429, "{\"error\":\"rate_limited\",\"message\":\"slow down\"}",
                        Map.of("Retry-After", Integer.toString(retryAfter)));
            }
            return null;
        }
    }

    private final AtomicReference<Chaos> chaos = new AtomicReference<>();
    private final Map<String, Integer> accepted = new ConcurrentHashMap<>();
    private volatile boolean down;
    private volatile java.time.Duration delay = java.time.Duration.ZERO;

    public TrackingTechSandbox() throws IOException {
        validTokens.add(TOKEN);
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newFixedThreadPool(64));
        server.createContext("/api/v1/orders", this::orders);
        server.createContext("/api/v1/tenants/resolve", this::account);
        server.createContext("/api/v1/auth/login", this::account);
        server.createContext("/api/v1/stores", this::account);
        server.createContext("/api/v1/integrations/uninstall", this::account);
        server.start();
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/api";
    }

    public void answerNext(Answer... answers) {
        script.addAll(List.of(answers));
    }

    /** Forgets the requests recorded so far (the orders it holds stay). */
    public void clearRecords() {
        requests.clear();
    }

    public void clearScript() {
        script.clear();
    }

    public void revoke(String token) {
        validTokens.remove(token);
    }

    public void allow(String token) {
        validTokens.add(token);
    }

    /**
     * Faults for order posts (§5) from now on, drawn from a seeded random: a share answered 503, a share answered
     * 429 with {@code Retry-After: retryAfterSeconds}. Zeros switch them off.
     */
    public void chaos(double share503, double share429, int retryAfterSeconds, long seed) {
        chaos.set(new Chaos(share503, share429, retryAfterSeconds, new java.util.Random(seed)));
    }

    /** While on, every order call is cut off: the connection closes without an answer (TrackingTech is down). */
    public void outage(boolean down) {
        this.down = down;
    }

    /** Every order call waits this long before it is answered (TrackingTech is slow); zero switches it off. */
    public void slowness(java.time.Duration delay) {
        this.delay = delay;
    }

    /** Per Idempotency-Key, how many posts were accepted (201 the first time, 200 for a repeat). */
    public Map<String, Integer> acceptedPostsByKey() {
        return Map.copyOf(accepted);
    }

    /** From now on orders are stored but their answers held back until {@link #release()}. */
    public void holdOrders() {
        hold.set(new CountDownLatch(1));
    }

    public void release() {
        CountDownLatch latch = hold.getAndSet(null);
        if (latch != null) {
            latch.countDown();
        }
    }

    public List<Request> requests() {
        synchronized (requests) {
            return List.copyOf(requests);
        }
    }

    public List<Request> orderPosts() {
        return requests().stream().filter(r -> r.method().equals("POST") && r.path().equals("/api/v1/orders")).toList();
    }

    /** The order posts that carried this order's Idempotency-Key ({@code s_1:<orderId>}). */
    public List<Request> orderPostsFor(long orderId) {
        String key = STORE + ":" + orderId;
        return orderPosts().stream().filter(r -> key.equals(r.header("Idempotency-Key"))).toList();
    }

    public List<Request> cancels() {
        return requests().stream().filter(r -> CANCEL.matcher(r.path()).matches()).toList();
    }

    /**
     * Moves a shipment forward: its status (and tracking number) changes, and the change is appended to the
     * status feed (contract §7). Calling it twice with the same values makes the feed repeat itself.
     */
    public void advance(long orderId, String status, String trackingNumber) {
        String external = Long.toString(orderId);
        ObjectNode update = json.createObjectNode()
                .put("orderId", "tt_" + orderId)
                .put("externalOrderId", external)
                .put("status", status)
                .put("trackingNumber", trackingNumber)
                .put("trackingUrl", trackingNumber == null ? null : "https://trackingtech.cl/t/" + trackingNumber)
                .put("updatedAt", java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString());
        statuses.put(external, update);
        feed.add(update);
    }

    /**
     * TrackingTech loses an order (an outage on its side, an operator's mistake): its shipment, its Idempotency-Key and
     * its record (§6 answers 404) are gone, as if it had never been sent.
     */
    public void forget(long orderId) {
        byKey.remove(STORE + ":" + orderId);
        accepted.remove(STORE + ":" + orderId);
        statuses.remove(Long.toString(orderId));
    }

    /** The status of an order's record (contract §6), or null when it has none. */
    public String statusOf(long orderId) {
        ObjectNode known = statuses.get(Long.toString(orderId));
        return known == null ? null : known.path("status").asText();
    }

    /** How many updates the feed answers per page. */
    public void feedPageSize(int size) {
        feedPageSize = size;
    }

    /** Every token issued so far stops working (TrackingTech ends the sessions): calls answer 401. */
    public void invalidateTokens() {
        validTokens.clear();
    }

    /** Requests of the connection flow (resolve, login, stores, link, uninstall), in order. */
    public List<Request> accountRequests() {
        return requests().stream().filter(r -> !r.path().startsWith("/api/v1/orders")).toList();
    }

    /** The installations linked to a store: store id → the deviceId that linked it. */
    public Map<String, String> links() {
        return Map.copyOf(links);
    }

    /** Feed reads ({@code GET /api/v1/orders/updates}), in order. */
    public List<Request> feedReads() {
        return requests().stream().filter(r -> r.method().equals("GET") && r.path().equals("/api/v1/orders/updates"))
                .toList();
    }

    /** The externalOrderId of every shipment created, one entry per shipment (a repeat would be a second shipment). */
    public List<String> createdOrderIds() {
        return byKey.values().stream().map(st -> {
            try {
                return json.readTree(st.response()).path("externalOrderId").asText();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }).toList();
    }

    /** Orders created (first accepted with a new Idempotency-Key). */
    public int created() {
        return byKey.size();
    }

    /** Records a request; then null while down (no answer at all), else the request after the set slowness. */
    private Request arrive(HttpExchange ex) throws IOException {
        Request req = record(ex);
        if (down) {
            return null;
        }
        if (!delay.isZero()) {
            try {
                Thread.sleep(delay.toMillis()); // the simulated server's slowness, not a test waiting
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return req;
    }

    private void orders(HttpExchange ex) throws IOException {
        try (ex) {
            Request req = arrive(ex);
            if (req == null) {
                return; // down: closed without an answer
            }
            String body = req.body();
            String path = req.path();
            if (!ex.getRequestMethod().equals("POST") && !ex.getRequestMethod().equals("GET")) {
                send(ex, Answer.of(405, error("method_not_allowed", "GET or POST only")));
                return;
            }
            Answer scripted = script.poll();
            if (scripted != null) {
                send(ex, scripted);
                return;
            }
            String auth = req.header("Authorization");
            if (auth == null || !auth.startsWith("Bearer ") || !validTokens.contains(auth.substring(7))) {
                send(ex, Answer.of(401, error("invalid_token", "token invalid or expired")));
                return;
            }
            if (ex.getRequestMethod().equals("GET")) {
                send(ex, read(path, ex.getRequestURI().getRawQuery()));
                return;
            }
            Matcher cancel = CANCEL.matcher(path);
            if (cancel.matches()) {
                statuses.computeIfPresent(cancel.group(1), (id, known) -> known.deepCopy().put("status", "cancelled")
                        .put("updatedAt", java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS)
                                .toString()));
                send(ex, Answer.of(200, "{\"externalOrderId\":\"" + cancel.group(1) + "\",\"status\":\"cancelled\"}"));
                return;
            }
            if (!path.equals("/api/v1/orders")) {
                send(ex, Answer.of(404, error("not_found", "no such endpoint")));
                return;
            }
            Chaos c = chaos.get();
            Answer fault = c == null ? null : c.draw();
            if (fault != null) {
                send(ex, fault);
                return;
            }
            Answer answer = create(req);
            if (answer.status() == 200 || answer.status() == 201) {
                accepted.merge(req.header("Idempotency-Key"), 1, Integer::sum);
            }
            send(ex, answer);
        }
    }

    /** Records a request as it arrived. */
    private Request record(HttpExchange ex) throws IOException {
        Request req = new Request(ex.getRequestMethod(), ex.getRequestURI().getPath(), Map.copyOf(ex.getRequestHeaders()),
                new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8), System.nanoTime());
        requests.add(req);
        return req;
    }

    /** The connection flow (contract §1–4, §9): resolve, login, stores, link, uninstall. */
    private void account(HttpExchange ex) throws IOException {
        try (ex) {
            Request req = arrive(ex);
            if (req == null) {
                return; // down: closed without an answer
            }
            String body = req.body();
            String path = req.path();
            Answer scripted = script.poll();
            if (scripted != null) {
                send(ex, scripted);
                return;
            }
            ObjectNode in = body.isBlank() ? json.createObjectNode() : (ObjectNode) json.readTree(body);
            String auth = req.header("Authorization");
            boolean authorized = auth != null && auth.startsWith("Bearer ") && validTokens.contains(auth.substring(7));
            Matcher link = Pattern.compile("/api/v1/stores/([^/]+)/link").matcher(path);
            if (path.equals("/api/v1/tenants/resolve")) {
                String code = in.path("code").asText("");
                if (!in.path("platform").asText().equals("woocommerce") || !in.path("deviceId").asText().matches("[0-9a-f]{64}")) {
                    send(ex, Answer.of(400, error("validation_failed", "platform and a 64-hex deviceId are required")));
                } else if (code.equalsIgnoreCase(CODE)) {
                    send(ex, Answer.of(200, "{\"tenantId\":\"t_1\",\"code\":\"ACME\",\"name\":\"Acme Couriers\",\"active\":true}"));
                } else if (code.equalsIgnoreCase(INACTIVE_CODE)) {
                    send(ex, Answer.of(403, error("tenant_inactive", "tenant is not active")));
                } else {
                    send(ex, Answer.of(404, error("tenant_not_found", "no tenant with that code")));
                }
            } else if (path.equals("/api/v1/auth/login")) {
                if (!in.path("code").asText().equalsIgnoreCase(CODE)) {
                    send(ex, Answer.of(404, error("tenant_not_found", "no tenant with that code")));
                } else if (!EMAIL.equals(in.path("email").asText()) || !PASSWORD.equals(in.path("password").asText())) {
                    send(ex, Answer.of(401, error("invalid_credentials", "email or password is wrong")));
                } else {
                    String token = "tt-" + java.util.UUID.randomUUID();
                    validTokens.add(token);
                    send(ex, Answer.of(200, "{\"accessToken\":\"" + token
                            + "\",\"tokenType\":\"Bearer\",\"expiresIn\":86400,\"customerId\":\"" + CUSTOMER + "\"}"));
                }
            } else if (!authorized) {
                send(ex, Answer.of(401, error("invalid_token", "token invalid or expired")));
            } else if (path.equals("/api/v1/stores") && ex.getRequestMethod().equals("GET")) {
                send(ex, Answer.of(200, "{\"stores\":[{\"id\":\"s_1\",\"name\":\"Tienda Centro\"},"
                        + "{\"id\":\"s_2\",\"name\":\"Tienda Sur\"}]}"));
            } else if (link.matches()) {
                String store = link.group(1);
                String device = in.path("deviceId").asText();
                if (!store.equals(STORE) && !store.equals(STORE_LINKED_ELSEWHERE)) {
                    send(ex, Answer.of(404, error("store_not_found", "no such store")));
                } else if (links.containsKey(store) && !links.get(store).equals(device)) {
                    send(ex, Answer.of(409, error("store_already_linked", "store is linked by another installation")));
                } else {
                    links.put(store, device);
                    send(ex, Answer.of(200, "{\"storeId\":\"" + store + "\",\"customerId\":\"" + CUSTOMER
                            + "\",\"linkedAt\":\"" + java.time.Instant.now() + "\"}"));
                }
            } else if (path.equals("/api/v1/integrations/uninstall")) {
                links.values().removeIf(d -> d.equals(in.path("deviceId").asText()));
                send(ex, Answer.of(200, "{\"uninstalled\":true}"));
            } else {
                send(ex, Answer.of(404, error("not_found", "no such endpoint")));
            }
        }
    }

    /** GET: the status feed from a cursor (an index into the feed), or one order's status. */
    private Answer read(String path, String rawQuery) {
        Map<String, String> q = new java.util.HashMap<>();
        if (rawQuery != null) {
            for (String pair : rawQuery.split("&")) {
                String[] kv = pair.split("=", 2);
                q.put(java.net.URLDecoder.decode(kv[0], StandardCharsets.UTF_8),
                        kv.length > 1 ? java.net.URLDecoder.decode(kv[1], StandardCharsets.UTF_8) : "");
            }
        }
        if (!STORE.equals(q.get("storeId"))) {
            return Answer.of(404, error("store_not_found", "unknown storeId"));
        }
        if (path.equals("/api/v1/orders/updates")) {
            String since = q.getOrDefault("since", "");
            int from = since.isEmpty() ? 0 : Integer.parseInt(since.substring(2));
            int limit = Math.min(feedPageSize, Integer.parseInt(q.getOrDefault("limit", "100")));
            ObjectNode page = json.createObjectNode();
            int to;
            synchronized (feed) {
                to = Math.min(feed.size(), from + limit);
                feed.subList(Math.min(from, to), to).forEach(page.putArray("updates")::add);
                page.put("nextCursor", "c_" + to).put("hasMore", to < feed.size());
            }
            if (!page.has("updates")) {
                page.putArray("updates");
            }
            return Answer.of(200, page.toString());
        }
        Matcher status = STATUS.matcher(path);
        ObjectNode known = status.matches() ? statuses.get(status.group(1)) : null;
        return known == null ? Answer.of(404, error("order_not_found", "no such order")) : Answer.of(200, known.toString());
    }

    private Answer create(Request req) throws IOException {
        String key = req.header("Idempotency-Key");
        if (key == null) {
            return Answer.of(422, error("validation_failed", "Idempotency-Key header is required"));
        }
        ObjectNode order = (ObjectNode) json.readTree(req.body());
        ObjectNode invalid = invalidFields(order);
        if (!invalid.isEmpty()) {
            ObjectNode error = json.createObjectNode().put("error", "validation_failed")
                    .put("message", "the order cannot be shipped as sent");
            error.set("fields", invalid);
            return Answer.of(422, error.toString());
        }
        String canonical = order.toString();
        Stored fresh = new Stored(canonical, json.createObjectNode()
                .put("orderId", "tt_" + nextId.incrementAndGet())
                .put("externalOrderId", order.path("externalOrderId").asText())
                .put("status", "received").toString());
        Stored stored = byKey.putIfAbsent(key, fresh);
        if (stored == null) {
            // its record (contract §6) from now on: received, no tracking number yet
            ObjectNode accepted = (ObjectNode) json.readTree(fresh.response());
            statuses.putIfAbsent(accepted.path("externalOrderId").asText(), json.createObjectNode()
                    .put("orderId", accepted.path("orderId").asText())
                    .put("externalOrderId", accepted.path("externalOrderId").asText()).put("status", "received")
                    .putNull("trackingNumber").putNull("trackingUrl")
                    .put("updatedAt", java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString()));
            return Answer.of(201, fresh.response());
        }
        if (!stored.body().equals(canonical)) {
            return Answer.of(409, error("idempotency_conflict", "same Idempotency-Key, different body"));
        }
        return Answer.of(200, stored.response());
    }

    /** The contract's 422 {@code fields}: what a courier cannot do without (a street and a city, items to carry). */
    private ObjectNode invalidFields(ObjectNode order) {
        ObjectNode fields = json.createObjectNode();
        for (String f : List.of("address1", "city", "country")) {
            if (order.path("shipping").path(f).asText("").isBlank()) {
                fields.put("shipping." + f, "required");
            }
        }
        if (!order.path("items").isArray() || order.path("items").isEmpty()) {
            fields.put("items", "at least one item is required");
        }
        for (int i = 0; i < order.path("items").size(); i++) {
            if (order.path("items").get(i).path("quantity").asInt(0) <= 0) {
                fields.put("items[" + i + "].quantity", "must be at least 1");
            }
        }
        return fields;
    }

    /** Sends an answer; when orders are held, the status line goes out only on release. */
    private void send(HttpExchange ex, Answer answer) throws IOException {
        CountDownLatch latch = hold.get();
        if (latch != null && answer.status() == 201) {
            try {
                latch.await(5, TimeUnit.MINUTES);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        answer.headers().forEach((k, v) -> ex.getResponseHeaders().set(k, v));
        ex.sendResponseHeaders(answer.status(), bytes.length == 0 ? -1 : bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    private String error(String code, String message) {
        return json.createObjectNode().put("error", code).put("message", message).toString();
    }

    @Override
    public void close() {
        release();
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }
}
