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

    private static final Pattern CANCEL = Pattern.compile("/api/v1/orders/([^/]+)/cancel");

    private final ObjectMapper json = new ObjectMapper();
    private final HttpServer server;
    private final Set<String> validTokens = ConcurrentHashMap.newKeySet();
    private final ConcurrentLinkedQueue<Answer> script = new ConcurrentLinkedQueue<>();
    private final Map<String, Stored> byKey = new ConcurrentHashMap<>();
    private final List<Request> requests = Collections.synchronizedList(new ArrayList<>());
    private final AtomicInteger nextId = new AtomicInteger(9000);
    private final AtomicReference<CountDownLatch> hold = new AtomicReference<>();

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

    public TrackingTechSandbox() throws IOException {
        validTokens.add(TOKEN);
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newFixedThreadPool(16));
        server.createContext("/api/v1/orders", this::orders);
        server.start();
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/api";
    }

    public void answerNext(Answer... answers) {
        script.addAll(List.of(answers));
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

    /** Orders created (first accepted with a new Idempotency-Key). */
    public int created() {
        return byKey.size();
    }

    private void orders(HttpExchange ex) throws IOException {
        try (ex) {
            String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String path = ex.getRequestURI().getPath();
            Request req = new Request(ex.getRequestMethod(), path, Map.copyOf(ex.getRequestHeaders()), body,
                    System.nanoTime());
            requests.add(req);
            if (!ex.getRequestMethod().equals("POST")) {
                send(ex, Answer.of(405, error("method_not_allowed", "POST only")));
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
            Matcher cancel = CANCEL.matcher(path);
            if (cancel.matches()) {
                send(ex, Answer.of(200, "{\"externalOrderId\":\"" + cancel.group(1) + "\",\"status\":\"cancelled\"}"));
                return;
            }
            if (!path.equals("/api/v1/orders")) {
                send(ex, Answer.of(404, error("not_found", "no such endpoint")));
                return;
            }
            send(ex, create(req));
        }
    }

    private Answer create(Request req) throws IOException {
        String key = req.header("Idempotency-Key");
        if (key == null) {
            return Answer.of(422, error("validation_failed", "Idempotency-Key header is required"));
        }
        ObjectNode order = (ObjectNode) json.readTree(req.body());
        String canonical = order.toString();
        Stored fresh = new Stored(canonical, json.createObjectNode()
                .put("orderId", "tt_" + nextId.incrementAndGet())
                .put("externalOrderId", order.path("externalOrderId").asText())
                .put("status", "received").toString());
        Stored stored = byKey.putIfAbsent(key, fresh);
        if (stored == null) {
            return Answer.of(201, fresh.response());
        }
        if (!stored.body().equals(canonical)) {
            return Answer.of(409, error("idempotency_conflict", "same Idempotency-Key, different body"));
        }
        return Answer.of(200, stored.response());
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
