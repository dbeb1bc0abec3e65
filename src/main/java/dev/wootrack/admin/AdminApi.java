package dev.wootrack.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.wootrack.RequestRefused;
import dev.wootrack.StatusReport;
import dev.wootrack.store.DeadLetters;
import dev.wootrack.store.Decisions;
import dev.wootrack.store.OrderState;
import dev.wootrack.trackingtech.ConnectFlow;
import dev.wootrack.trackingtech.TrackingTechCalls;
import dev.wootrack.woocommerce.OrderPoller;
import dev.wootrack.woocommerce.WebhookIntake;
import dev.wootrack.woocommerce.WooCommerceAlarm;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The admin API's typed side ({@code routes/admin-api.camel.yaml}): the same operations as the commands, JSON in
 * and out, behind a bearer token compared in constant time. With no token configured the API is off.
 */
public final class AdminApi {

    /** A refused admin call: the HTTP status and a JSON error, with the form field it is about, if any. */
    public static final class Refused extends RequestRefused {
        private final String field;

        public Refused(int status, String code, String message) {
            this(status, code, message, null);
        }

        public Refused(int status, String code, String message, String field) {
            super(status, code, message);
            this.field = field;
        }

        public String getField() {
            return field;
        }
    }

    /** What the console's status shows beyond {@code status}: this node's intake and TrackingTech's last answers. */
    public record Health(WebhookIntake webhooks, OrderPoller poller, WooCommerceAlarm wooAlarm,
                         TrackingTechCalls trackingTech, boolean pollEnabled, Clock clock) {
    }

    /** A login of the connect wizard waiting for its store to be chosen: held here, never sent to the browser. */
    private record PendingLogin(ConnectFlow.Tenant tenant, ConnectFlow.Login login, List<ConnectFlow.Store> stores,
                                Instant expires) {
    }

    private static final Duration WIZARD_TIMEOUT = Duration.ofMinutes(10);
    private static final int MAX_PENDING = 16;

    private final ObjectMapper json;
    private final byte[] tokenDigest;
    private final ConnectFlow flow;
    private final StatusReport status;
    private final DeadLetters deadLetters;
    private final Decisions decisions;
    private final Health health;
    private final Map<String, PendingLogin> pending = new ConcurrentHashMap<>();
    private final SecureRandom random = new SecureRandom();

    public AdminApi(ObjectMapper json, String token, ConnectFlow flow, StatusReport status, DeadLetters deadLetters,
                    Decisions decisions, Health health) {
        this.json = json;
        this.tokenDigest = token == null || token.isBlank() ? null : sha256(token.trim());
        this.flow = flow;
        this.status = status;
        this.deadLetters = deadLetters;
        this.decisions = decisions;
        this.health = health;
    }

    public boolean isEnabled() {
        return tokenDigest != null;
    }

    /** Checks {@code Authorization: Bearer <wootrack.admin.token>} in constant time. */
    public void authorize(String authorization) {
        if (tokenDigest == null) {
            throw new Refused(404, "admin_api_off", "the admin API is off: set wootrack.admin.token");
        }
        String given = authorization != null && authorization.startsWith("Bearer ") ? authorization.substring(7).trim() : "";
        if (!MessageDigest.isEqual(tokenDigest, sha256(given))) {
            throw new Refused(401, "unauthorized", "a valid 'Authorization: Bearer <admin token>' header is required");
        }
    }

    /** {@code status}'s report, plus the last 24 hours and the health of intake and of TrackingTech. */
    public String status() {
        ObjectNode report = status.report();
        Instant now = health.clock().instant();
        ObjectNode day = report.putObject("last24h");
        decisions.countsSince(now.minus(Duration.ofHours(24))).forEach(day::put);
        WebhookIntake.Health w = health.webhooks().health();
        report.putObject("webhooks").put("lastSigned", time(w.lastSigned()))
                .put("signatureFailures", w.signatureFailures())
                .put("lastSignatureFailure", time(w.lastSignatureFailure()));
        OrderPoller.LastPoll last = health.poller().lastPoll();
        ObjectNode poller = report.putObject("poller").put("enabled", health.pollEnabled())
                .put("lastPoll", last == null ? null : time(last.at()))
                .put("lastPollRead", last == null ? null : last.fetched())
                .put("cursor", health.poller().cursor());
        if (health.wooAlarm().isRaised()) {
            poller.put("problem", health.wooAlarm().describe());
        }
        ObjectNode tt = (ObjectNode) report.path("trackingtech");
        TrackingTechCalls.Outcome answer = health.trackingTech().lastAnswer();
        TrackingTechCalls.Outcome failure = health.trackingTech().lastFailure();
        tt.put("lastAnswer", answer == null ? null : time(answer.at()))
                .put("lastAnswerStatus", answer == null ? null : answer.status());
        if (failure != null) {
            tt.putObject("lastFailure").put("at", time(failure.at())).put("status", failure.status())
                    .put("what", failure.what());
        } else {
            tt.putNull("lastFailure");
        }
        tt.put("healthy", !"login-required".equals(tt.path("state").asText())
                && (failure == null || answer != null && answer.at().isAfter(failure.at()) && answer.status() < 300));
        report.put("now", time(now));
        return report.toString();
    }

    /** Wizard step 1: {@code {"code"}} -> the courier, when TrackingTech knows it and it is active. */
    public String resolve(String body) {
        String code = text(read(body), "code");
        try {
            ConnectFlow.Tenant tenant = flow.resolve(code.trim());
            return json.createObjectNode().put("code", tenant.code()).put("tenant", tenant.name()).toString();
        } catch (ConnectFlow.Failure f) {
            throw new Refused(422, "resolve_failed", f.getMessage(), "code");
        }
    }

    /**
     * Wizard step 2: {@code {"code","email","password"}} -> the account's stores and a wizard id for step 3. The
     * password is used for this call only; the login's token stays in this process for ten minutes at most.
     */
    public String login(String body) {
        JsonNode in = read(body);
        String code = text(in, "code");
        String email = text(in, "email");
        char[] password = text(in, "password").toCharArray();
        try {
            ConnectFlow.Tenant tenant;
            ConnectFlow.Login login;
            List<ConnectFlow.Store> stores;
            try {
                tenant = flow.resolve(code.trim());
                login = flow.login(tenant, email.trim(), password);
                stores = flow.stores(login);
                flow.choose(stores, null); // refuses an account without a store
            } catch (ConnectFlow.Failure f) {
                // the store list is not shown yet: a problem with the stores is the account's (its email)
                throw new Refused(422, f.getStep() + "_failed", f.getMessage(),
                        f.getStep().equals("stores") ? "email" : fieldOf(f.getStep()));
            }
            Instant now = health.clock().instant();
            pending.values().removeIf(p -> p.expires().isBefore(now));
            if (pending.size() >= MAX_PENDING) {
                throw new Refused(429, "too_many_wizards", "too many connections in progress; try again in a few minutes");
            }
            byte[] id = new byte[18];
            random.nextBytes(id);
            String wizard = Base64.getUrlEncoder().withoutPadding().encodeToString(id);
            pending.put(wizard, new PendingLogin(tenant, login, List.copyOf(stores), now.plus(WIZARD_TIMEOUT)));
            ObjectNode out = json.createObjectNode().put("wizard", wizard).put("tenant", tenant.name());
            ArrayNode list = out.putArray("stores");
            stores.forEach(st -> list.addObject().put("id", st.id()).put("name", st.name()));
            return out.toString();
        } finally {
            java.util.Arrays.fill(password, '\0');
        }
    }

    /** Wizard step 3: {@code {"wizard","storeId"}} -> linked; the wizard id is good for one link. */
    public String link(String body) {
        JsonNode in = read(body);
        String wizard = text(in, "wizard");
        String storeId = text(in, "storeId");
        PendingLogin p = pending.remove(wizard);
        if (p == null || p.expires().isBefore(health.clock().instant())) {
            throw new Refused(410, "wizard_expired", "This connection attempt has expired: sign in to TrackingTech"
                    + " again.", "password");
        }
        try {
            ConnectFlow.Store store = flow.choose(p.stores(), storeId);
            int released = flow.link(p.tenant(), p.login(), store);
            return json.createObjectNode().put("connected", true).put("tenant", p.tenant().name())
                    .put("store", store.id()).put("storeName", store.name()).put("released", released).toString();
        } catch (ConnectFlow.Failure f) {
            // the login is still good: another store may be chosen
            pending.put(wizard, p);
            throw new Refused(422, "link_failed", f.getMessage(), "store");
        }
    }

    /**
     * The console's order list: {@code page} from 1, {@code size} up to 200; {@code state} one of
     * {@link OrderState}'s slugs. {@code decision} is the older name of the same filter (it filters by state too;
     * {@code state} wins when both are given).
     */
    public String orders(String query, String state, String decision, String page, String size) {
        int perPage = Math.min(number("size", size, 25), 200);
        int number = number("page", page, 1);
        String wanted = state != null && !state.isBlank() ? state : decision;
        OrderState filter = null;
        if (wanted != null && !wanted.isBlank()) {
            filter = OrderState.of(wanted.trim());
            if (filter == null) {
                throw new Refused(400, "invalid_parameter", "'state' must be one of " + String.join(", ",
                        OrderState.slugs()));
            }
        }
        Decisions.OrderPage result = decisions.orders(query, filter, (number - 1) * perPage, perPage);
        ObjectNode out = json.createObjectNode().put("total", result.total()).put("page", number)
                .put("size", perPage);
        ArrayNode rows = out.putArray("orders");
        for (Decisions.OrderRow o : result.rows()) {
            rows.addObject().put("order", o.orderId()).put("state", o.state()).put("statusSeen", o.statusSeen())
                    .put("decision", o.decision()).put("reason", o.reason()).put("source", o.source())
                    .put("at", time(o.at())).put("trackingTechId", o.trackingTechId())
                    .put("trackingNumber", o.trackingNumber()).put("events", o.events());
        }
        return out.toString();
    }

    /** A WooCommerce order id from a URL ({@code /admin/orders/{id}}): 400 unless it is one. */
    public long orderId(String id) {
        return id("order id", id);
    }

    /** {@code {"code","email","password","storeId"?}}: the whole connection flow; the password is used once. */
    public String connect(String body) {
        JsonNode in = read(body);
        String code = text(in, "code");
        String email = text(in, "email");
        char[] password = text(in, "password").toCharArray();
        try {
            ConnectFlow.Tenant tenant = flow.resolve(code);
            ConnectFlow.Login login = flow.login(tenant, email, password);
            List<ConnectFlow.Store> stores = flow.stores(login);
            ConnectFlow.Store store = flow.choose(stores, in.path("storeId").asText(null));
            if (store == null) {
                ObjectNode choose = json.createObjectNode().put("error", "store_required")
                        .put("message", "this account has several stores: send storeId");
                ArrayNode list = choose.putArray("stores");
                stores.forEach(s -> list.addObject().put("id", s.id()).put("name", s.name()));
                throw new Refused(422, "store_required", choose.toString());
            }
            int released = flow.link(tenant, login, store);
            return json.createObjectNode().put("connected", true).put("tenant", tenant.name())
                    .put("store", store.id()).put("storeName", store.name()).put("released", released).toString();
        } catch (ConnectFlow.Failure f) {
            throw new Refused(422, f.getStep() + "_failed", f.getMessage(), fieldOf(f.getStep()));
        } finally {
            java.util.Arrays.fill(password, '\0');
        }
    }

    public String disconnect(String body) {
        boolean force = body != null && !body.isBlank() && read(body).path("force").asBoolean(false);
        try {
            flow.disconnect(force);
            return "{\"connected\":false}";
        } catch (ConnectFlow.Failure f) {
            throw new Refused(502, "disconnect_failed", f.getMessage());
        }
    }

    public String deadLetters() {
        ArrayNode out = json.createArrayNode();
        for (DeadLetters.DeadLetter d : deadLetters.list(false)) {
            out.addObject().put("id", d.id()).put("order", d.orderId()).put("reason", d.reason())
                    .put("httpStatus", d.httpStatus()).put("attempts", d.attempts())
                    .put("createdAt", d.createdAt().toString());
        }
        return out.toString();
    }

    public String replay(String deadLetterId) {
        long id = id("dead letter id", deadLetterId);
        return deadLetters.replay(id).map(item -> json.createObjectNode().put("replayed", id)
                .put("inboxId", item.id()).toString())
                .orElseThrow(() -> new Refused(404, "not_found", "no open dead letter " + id));
    }

    public String replayAll() {
        return json.createObjectNode().put("replayed", deadLetters.replayAll().size()).toString();
    }

    /** Every decision about one order, oldest first; 404 when WooTrack has none. */
    public String history(String id) {
        long orderId = orderId(id);
        List<Decisions.Decision> all = decisions.history(orderId);
        if (all.isEmpty()) {
            throw new Refused(404, "not_found", "WooTrack has no decision about order " + orderId);
        }
        ObjectNode out = json.createObjectNode().put("order", orderId);
        ArrayNode list = out.putArray("decisions");
        for (Decisions.Decision d : all) {
            list.addObject().put("decision", d.decision()).put("reason", d.reason()).put("statusSeen", d.statusSeen())
                    .put("source", d.source()).put("inboxId", d.inboxId()).put("at", d.decidedAt().toString())
                    .put("trackingTechId", d.trackingTechId()).put("trackingNumber", d.trackingNumber());
        }
        return out.toString();
    }

    /** The JSON error body; a message that is JSON already (e.g. the store list) goes out as it is. */
    public String errorBody(String code, String message) {
        if (message != null && message.startsWith("{")) {
            return message;
        }
        return json.createObjectNode().put("error", code).put("message", message).toString();
    }

    /** The refusal in a failure's causes (a {@code ${bean:...}} expression wraps what its method threw). */
    public Refused refusal(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof Refused r) {
                return r;
            }
        }
        return new Refused(500, "internal_error", "WooTrack could not do that; see its log");
    }

    /** As {@link #errorBody(String, String)}, with {@code "field"} when the refusal is about one. */
    public String errorBody(Refused refused) {
        if (refused.getField() == null) {
            return errorBody(refused.getCode(), refused.getMessage());
        }
        return json.createObjectNode().put("error", refused.getCode()).put("message", refused.getMessage())
                .put("field", refused.getField()).toString();
    }

    private static int number(String name, String value, int otherwise) {
        if (value == null || value.isBlank()) {
            return otherwise;
        }
        try {
            int n = Integer.parseInt(value.trim());
            if (n >= 1) {
                return n;
            }
        } catch (NumberFormatException e) {
            // below
        }
        throw new Refused(400, "invalid_parameter", "'" + name + "' must be a whole number from 1");
    }

    /** A positive whole number (a database id) from a URL path; 400 for anything else, an overflow included. */
    private static long id(String what, String value) {
        String v = value == null ? "" : value.trim();
        if (v.matches("[0-9]{1,19}")) {
            try {
                long n = Long.parseLong(v);
                if (n >= 1) {
                    return n;
                }
            } catch (NumberFormatException tooLarge) {
                // below
            }
        }
        throw new Refused(400, "invalid_parameter", "the " + what + " must be a whole number from 1 to "
                + Long.MAX_VALUE);
    }

    private static String fieldOf(String step) {
        return switch (step) {
            case "resolve" -> "code";
            case "login" -> "password";
            default -> "store";
        };
    }

    private static String time(Instant at) {
        return at == null ? null : at.toString();
    }

    private JsonNode read(String body) {
        try {
            JsonNode node = json.readTree(body == null ? "" : body);
            if (node == null || !node.isObject()) {
                throw new Refused(400, "invalid_json", "the body must be a JSON object");
            }
            return node;
        } catch (Refused r) {
            throw r;
        } catch (Exception e) {
            throw new Refused(400, "invalid_json", "the body is not JSON");
        }
    }

    private static String text(JsonNode in, String field) {
        String v = in.path(field).asText("");
        if (v.isBlank()) {
            throw new Refused(400, "missing_field", "'" + field + "' is required");
        }
        return v;
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
