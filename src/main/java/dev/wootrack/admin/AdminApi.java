package dev.wootrack.admin;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.wootrack.JsonProblem;
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

/**
 * The admin API's typed side ({@code routes/admin-api.camel.yaml}, REST DSL): the same operations as the commands,
 * typed requests in (the route unmarshals the JSON body into one of the records below) and typed answers out (the
 * route marshals what a method returns), behind a bearer token compared in constant time. With no token configured
 * the API is off. No Camel imports: the routes call it through the bean EIP, so what it throws reaches the
 * route's {@code onException} as it was thrown.
 */
public final class AdminApi {

    /** A refused admin call: the HTTP status and a JSON error, with the form field it is about, if any. */
    public static final class Refused extends RequestRefused {
        private final String field;
        private final List<StoreView> stores;

        public Refused(int status, String code, String message) {
            this(status, code, message, null, null);
        }

        public Refused(int status, String code, String message, String field) {
            this(status, code, message, field, null);
        }

        public Refused(int status, String code, String message, String field, List<StoreView> stores) {
            super(status, code, message);
            this.field = field;
            this.stores = stores;
        }

        public String getField() {
            return field;
        }

        /** The answer's body: {@code {"error","message"}}, plus {@code "field"} / {@code "stores"} when there are. */
        public Problem getProblem() {
            return new Problem(getCode(), getMessage(), field, stores);
        }
    }

    // ---- what comes in: the JSON bodies, unmarshalled by the routes (unknown fields are ignored) ----------------

    /** {@code POST /admin/connect}. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record ConnectRequest(String code, String email, String password, String storeId) {
        @Override
        public String toString() {
            return "ConnectRequest[code=" + code + "]"; // never the password (nor the email) in a log line
        }
    }

    /** {@code POST /admin/connect/resolve}: wizard step 1. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record ResolveRequest(String code) {
    }

    /** {@code POST /admin/connect/login}: wizard step 2. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record LoginRequest(String code, String email, String password) {
        @Override
        public String toString() {
            return "LoginRequest[code=" + code + "]";
        }
    }

    /** {@code POST /admin/connect/link}: wizard step 3. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record LinkRequest(String wizard, String storeId) {
        @Override
        public String toString() {
            return "LinkRequest[storeId=" + storeId + "]"; // the wizard id is as good as the login it holds
        }
    }

    /** {@code POST /admin/disconnect}; an empty body is {@code {"force":false}}. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record DisconnectRequest(Boolean force) {
    }

    // ---- what goes out ---------------------------------------------------------------------------------------

    /** Every refusal: {@code {"error","message"}}, {@code "field"} when a form field caused it. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Problem(String error, String message, String field, List<StoreView> stores) {
    }

    public record StoreView(String id, String name) {
        static StoreView of(ConnectFlow.Store s) {
            return new StoreView(s.id(), s.name());
        }
    }

    public record Resolved(String code, String tenant) {
    }

    public record LoggedIn(String wizard, String tenant, List<StoreView> stores) {
    }

    public record Connected(boolean connected, String tenant, String store, String storeName, int released) {
    }

    public record Disconnected(boolean connected) {
    }

    public record OrderView(long order, String state, String statusSeen, String decision, String reason, String source,
                            String at, String trackingTechId, String trackingNumber, long events) {
    }

    public record OrderList(long total, int page, int size, List<OrderView> orders) {
    }

    public record DecisionView(String decision, String reason, String statusSeen, String source, long inboxId,
                               String at, String trackingTechId, String trackingNumber) {
    }

    public record History(long order, List<DecisionView> decisions) {
    }

    public record DeadLetterView(long id, long order, String reason, Integer httpStatus, int attempts,
                                 String createdAt) {
    }

    public record Replayed(long replayed, long inboxId) {
    }

    public record ReplayedAll(int replayed) {
    }

    /** {@code status}'s additions: this node's webhook intake since it started. */
    public record WebhookHealth(String lastSigned, long signatureFailures, String lastSignatureFailure) {
    }

    /** {@code status}'s additions: the poller's last run and its problem, if WooCommerce refuses it. */
    public record PollerHealth(boolean enabled, String lastPoll, Long lastPollRead, String cursor,
                               @JsonInclude(JsonInclude.Include.NON_NULL) String problem) {
    }

    /** {@code status}'s additions: TrackingTech's last failed call. */
    public record CallFailure(String at, int status, String what) {
    }

    /** What the console's status shows beyond {@code status}: this node's intake and TrackingTech's last answers. */
    public record Health(WebhookIntake webhooks, OrderPoller poller, WooCommerceAlarm wooAlarm,
                         TrackingTechCalls trackingTech, boolean pollEnabled, Clock clock,
                         dev.wootrack.store.Nodes nodes, dev.wootrack.cluster.NodeHeartbeat heartbeat) {
        public Health(WebhookIntake webhooks, OrderPoller poller, WooCommerceAlarm wooAlarm,
                      TrackingTechCalls trackingTech, boolean pollEnabled, Clock clock) {
            this(webhooks, poller, wooAlarm, trackingTech, pollEnabled, clock, null, null);
        }
    }

    /** A login of the connect wizard waiting for its store to be chosen: kept in the database, never sent to the browser. */
    record PendingLogin(ConnectFlow.Tenant tenant, ConnectFlow.Login login, List<ConnectFlow.Store> stores,
                        Instant expires) {
    }

    private String write(PendingLogin p) {
        ObjectNode n = json.createObjectNode();
        n.putObject("tenant").put("tenantId", p.tenant().tenantId()).put("code", p.tenant().code())
                .put("name", p.tenant().name());
        n.putObject("login").put("token", p.login().token()).put("customerId", p.login().customerId());
        com.fasterxml.jackson.databind.node.ArrayNode stores = n.putArray("stores");
        p.stores().forEach(s -> stores.addObject().put("id", s.id()).put("name", s.name()));
        n.put("expires", p.expires().toString());
        return n.toString();
    }

    private PendingLogin read(String text) {
        try {
            com.fasterxml.jackson.databind.JsonNode n = json.readTree(text);
            com.fasterxml.jackson.databind.JsonNode t = n.path("tenant");
            List<ConnectFlow.Store> stores = new java.util.ArrayList<>();
            n.path("stores").forEach(s -> stores.add(new ConnectFlow.Store(s.path("id").asText(), s.path("name").asText())));
            return new PendingLogin(new ConnectFlow.Tenant(t.path("tenantId").asText(null), t.path("code").asText(null),
                    t.path("name").asText(null)), new ConnectFlow.Login(n.path("login").path("token").asText(),
                    n.path("login").path("customerId").asText(null)), stores, Instant.parse(n.path("expires").asText()));
        } catch (java.io.IOException | RuntimeException e) {
            return null; // unreadable: as if expired
        }
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
    /** The wizard's logins between step 2 and step 3: in the database, so step 3 may reach another node. */
    private final dev.wootrack.store.PendingLogins pending;
    private final SecureRandom random = new SecureRandom();

    public AdminApi(ObjectMapper json, String token, ConnectFlow flow, StatusReport status, DeadLetters deadLetters,
                    Decisions decisions, Health health, dev.wootrack.store.PendingLogins pending) {
        this.pending = pending;
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

    /**
     * {@code status}'s report (the document {@code status --json} prints, built by {@link StatusReport}), plus the
     * last 24 hours and the health of intake and of TrackingTech.
     */
    public ObjectNode status() {
        ObjectNode report = status.report();
        Instant now = health.clock().instant();
        ObjectNode day = report.putObject("last24h");
        decisions.countsSince(now.minus(Duration.ofHours(24))).forEach(day::put);
        WebhookIntake.Health w = health.webhooks().health();
        // beside the installed webhooks (StatusReport): what this node's intake saw
        report.withObjectProperty("webhooks").setAll((ObjectNode) json.valueToTree(new WebhookHealth(time(w.lastSigned()),
                w.signatureFailures(), time(w.lastSignatureFailure()))));
        OrderPoller.LastPoll last = health.poller().lastPoll();
        report.set("poller", json.valueToTree(new PollerHealth(health.pollEnabled(),
                last == null ? null : time(last.at()), last == null ? null : last.fetched(), health.poller().cursor(),
                health.wooAlarm().isRaised() ? health.wooAlarm().describe() : null)));
        ObjectNode tt = (ObjectNode) report.path("trackingtech");
        TrackingTechCalls.Outcome answer = health.trackingTech().lastAnswer();
        TrackingTechCalls.Outcome failure = health.trackingTech().lastFailure();
        tt.put("lastAnswer", answer == null ? null : time(answer.at()))
                .put("lastAnswerStatus", answer == null ? null : answer.status());
        tt.set("lastFailure", failure == null ? null
                : json.valueToTree(new CallFailure(time(failure.at()), failure.status(), failure.what())));
        tt.put("healthy", !"login-required".equals(tt.path("state").asText())
                && (failure == null || answer != null && answer.at().isAfter(failure.at()) && answer.status() < 300));
        report.put("now", time(now));
        if (health.nodes() != null) {
            addNodes(report, now);
        }
        return report;
    }

    /**
     * Several nodes (issue 14): {@code node} is the one that answers, {@code nodes} every node's row with what it saw
     * (its own heartbeat's JSON: webhooks, TrackingTech, its last poll), and the webhook, poller and TrackingTech
     * facts above become those of all nodes alive: the latest times, the sum of signature failures.
     */
    private void addNodes(ObjectNode report, Instant now) {
        String self = health.nodes().nodeId();
        report.put("node", self);
        com.fasterxml.jackson.databind.node.ArrayNode list = report.putArray("nodes");
        ObjectNode hooks = (ObjectNode) report.path("webhooks");
        ObjectNode poller = (ObjectNode) report.path("poller");
        ObjectNode tt = (ObjectNode) report.path("trackingtech");
        long failures = 0;
        for (dev.wootrack.store.Nodes.Node n : health.nodes().list()) {
            boolean me = n.id().equals(self);
            boolean alive = me || n.alive(now, health.nodes().timeout());
            ObjectNode row = list.addObject();
            row.put("id", n.id()).put("self", me).put("alive", alive).put("host", n.host()).put("pid", n.pid())
                    .put("port", n.httpPort()).put("startedAt", time(n.startedAt())).put("lastSeen", time(n.lastSeen()))
                    .put("stoppedAt", time(n.stoppedAt()));
            com.fasterxml.jackson.databind.JsonNode seen;
            try {
                String h = me && health.heartbeat() != null ? health.heartbeat().health() : n.health();
                seen = h == null ? json.createObjectNode() : json.readTree(h);
            } catch (java.io.IOException | RuntimeException unreadable) {
                seen = json.createObjectNode();
            }
            row.set("webhooks", seen.path("webhooks").isMissingNode() ? null : seen.path("webhooks"));
            row.set("trackingtech", seen.path("trackingtech").isMissingNode() ? null : seen.path("trackingtech"));
            row.set("poller", seen.path("poller").isMissingNode() ? null : seen.path("poller"));
            if (!alive) {
                continue;
            }
            failures += seen.path("webhooks").path("signatureFailures").asLong(0);
            later(hooks, "lastSigned", seen.path("webhooks").path("lastSigned").asText(null));
            later(hooks, "lastSignatureFailure", seen.path("webhooks").path("lastSignatureFailure").asText(null));
            if (later(poller, "lastPoll", seen.path("poller").path("lastPoll").asText(null))) {
                poller.put("lastPollRead", seen.path("poller").path("lastPollRead").asLong());
            }
            if (later(tt, "lastAnswer", seen.path("trackingtech").path("lastAnswer").asText(null))) {
                tt.put("lastAnswerStatus", seen.path("trackingtech").path("lastAnswerStatus").asInt());
            }
            com.fasterxml.jackson.databind.JsonNode f = seen.path("trackingtech").path("lastFailure");
            String at = f.path("at").asText(null);
            String known = tt.path("lastFailure").path("at").asText(null);
            if (at != null && (known == null || Instant.parse(at).isAfter(Instant.parse(known)))) {
                tt.set("lastFailure", f);
            }
        }
        hooks.put("signatureFailures", failures);
        hooks.put("scope", "all nodes alive");
        // healthy over all nodes: the latest answer is a success and came after the latest failure
        String answerAt = tt.path("lastAnswer").asText(null);
        String failureAt = tt.path("lastFailure").path("at").asText(null);
        tt.put("healthy", !"login-required".equals(tt.path("state").asText()) && (failureAt == null
                || answerAt != null && Instant.parse(answerAt).isAfter(Instant.parse(failureAt))
                && tt.path("lastAnswerStatus").asInt() < 300));
    }

    /** Sets {@code field} to {@code candidate} when that is a later time than the one there; true when it did. */
    private static boolean later(ObjectNode node, String field, String candidate) {
        if (candidate == null || candidate.isEmpty()) {
            return false;
        }
        String current = node.path(field).asText(null);
        if (current == null || current.isEmpty() || Instant.parse(candidate).isAfter(Instant.parse(current))) {
            node.put(field, candidate);
            return true;
        }
        return false;
    }

    /** Wizard step 1: {@code {"code"}} -> the courier, when TrackingTech knows it and it is active. */
    public Resolved resolve(ResolveRequest in) {
        String code = required("code", in == null ? null : in.code());
        try {
            ConnectFlow.Tenant tenant = flow.resolve(code.trim());
            return new Resolved(tenant.code(), tenant.name());
        } catch (ConnectFlow.Failure f) {
            throw new Refused(422, "resolve_failed", f.getMessage(), "code");
        }
    }

    /**
     * Wizard step 2: {@code {"code","email","password"}} -> the account's stores and a wizard id for step 3. The
     * password is used for this call only; the login's token stays in this process for ten minutes at most.
     */
    public LoggedIn login(LoginRequest in) {
        String code = required("code", in == null ? null : in.code());
        String email = required("email", in.email());
        char[] password = required("password", in.password()).toCharArray();
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
            byte[] id = new byte[18];
            random.nextBytes(id);
            String wizard = Base64.getUrlEncoder().withoutPadding().encodeToString(id);
            if (!pending.put(wizard, write(new PendingLogin(tenant, login, List.copyOf(stores), now.plus(WIZARD_TIMEOUT))),
                    now.plus(WIZARD_TIMEOUT), MAX_PENDING)) {
                throw new Refused(429, "too_many_wizards", "too many connections in progress; try again in a few minutes");
            }
            return new LoggedIn(wizard, tenant.name(), stores.stream().map(StoreView::of).toList());
        } finally {
            java.util.Arrays.fill(password, '\0');
        }
    }

    /** Wizard step 3: {@code {"wizard","storeId"}} -> linked; the wizard id is good for one link. */
    public Connected link(LinkRequest in) {
        String wizard = required("wizard", in == null ? null : in.wizard());
        String storeId = required("storeId", in.storeId());
        PendingLogin p = pending.take(wizard).map(this::read).orElse(null);
        if (p == null || p.expires().isBefore(health.clock().instant())) {
            throw new Refused(410, "wizard_expired", "This connection attempt has expired: sign in to TrackingTech"
                    + " again.", "password");
        }
        try {
            ConnectFlow.Store store = flow.choose(p.stores(), storeId);
            int released = flow.link(p.tenant(), p.login(), store);
            return new Connected(true, p.tenant().name(), store.id(), store.name(), released);
        } catch (ConnectFlow.Failure f) {
            // the login is still good: another store may be chosen
            pending.put(wizard, write(p), p.expires(), Integer.MAX_VALUE);
            throw new Refused(422, "link_failed", f.getMessage(), "store");
        }
    }

    /**
     * The console's order list: {@code page} from 1, {@code size} up to 200; {@code state} one of
     * {@link OrderState}'s slugs. {@code decision} is the older name of the same filter (it filters by state too;
     * {@code state} wins when both are given).
     */
    public OrderList orders(String query, String state, String decision, String page, String size) {
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
        List<OrderView> rows = result.rows().stream().map(o -> new OrderView(o.orderId(), o.state(), o.statusSeen(),
                o.decision(), o.reason(), o.source(), time(o.at()), o.trackingTechId(), o.trackingNumber(),
                o.events())).toList();
        return new OrderList(result.total(), number, perPage, rows);
    }

    /** A WooCommerce order id from a URL ({@code /admin/orders/{id}}): 400 unless it is one. */
    public long orderId(String id) {
        return id("order id", id);
    }

    /** {@code {"code","email","password","storeId"?}}: the whole connection flow; the password is used once. */
    public Connected connect(ConnectRequest in) {
        String code = required("code", in == null ? null : in.code());
        String email = required("email", in.email());
        char[] password = required("password", in.password()).toCharArray();
        try {
            ConnectFlow.Tenant tenant = flow.resolve(code);
            ConnectFlow.Login login = flow.login(tenant, email, password);
            List<ConnectFlow.Store> stores = flow.stores(login);
            ConnectFlow.Store store = flow.choose(stores, in.storeId());
            if (store == null) {
                throw new Refused(422, "store_required", "this account has several stores: send storeId", null,
                        stores.stream().map(StoreView::of).toList());
            }
            int released = flow.link(tenant, login, store);
            return new Connected(true, tenant.name(), store.id(), store.name(), released);
        } catch (ConnectFlow.Failure f) {
            throw new Refused(422, f.getStep() + "_failed", f.getMessage(), fieldOf(f.getStep()));
        } finally {
            java.util.Arrays.fill(password, '\0');
        }
    }

    /** {@code {"force":false}} or no body: uninstall and drop the token. */
    public Disconnected disconnect(DisconnectRequest in) {
        boolean force = in != null && Boolean.TRUE.equals(in.force());
        try {
            flow.disconnect(force);
            return new Disconnected(false);
        } catch (ConnectFlow.Failure f) {
            throw new Refused(502, "disconnect_failed", f.getMessage());
        }
    }

    public List<DeadLetterView> deadLetters() {
        return deadLetters.list(false).stream().map(d -> new DeadLetterView(d.id(), d.orderId(), d.reason(),
                d.httpStatus(), d.attempts(), d.createdAt().toString())).toList();
    }

    public Replayed replay(String deadLetterId) {
        long id = id("dead letter id", deadLetterId);
        return deadLetters.replay(id).map(item -> new Replayed(id, item.id()))
                .orElseThrow(() -> new Refused(404, "not_found", "no open dead letter " + id));
    }

    public ReplayedAll replayAll() {
        return new ReplayedAll(deadLetters.replayAll().size());
    }

    private volatile java.util.function.Supplier<java.util.Optional<ObjectNode>> lastReconciliation =
            java.util.Optional::empty;

    /** Where {@link #reconcile()} finds the last reconciliation's report. */
    public void reconcileFrom(java.util.function.Supplier<java.util.Optional<ObjectNode>> last) {
        this.lastReconciliation = last;
    }

    /** {@code GET /admin/reconcile}: the last reconciliation's report; 404 before the first. */
    public ObjectNode reconcile() {
        return lastReconciliation.get().orElseThrow(() -> new Refused(404, "not_found",
                "no reconciliation yet: the scheduled one runs every wootrack.reconcile.interval, or run `reconcile`"));
    }

    /** Every decision about one order, oldest first; 404 when WooTrack has none. */
    public History history(String id) {
        long orderId = orderId(id);
        List<Decisions.Decision> all = decisions.history(orderId);
        if (all.isEmpty()) {
            throw new Refused(404, "not_found", "WooTrack has no decision about order " + orderId);
        }
        return new History(orderId, all.stream().map(d -> new DecisionView(d.decision(), d.reason(), d.statusSeen(),
                d.source(), d.inboxId(), d.decidedAt().toString(), d.trackingTechId(), d.trackingNumber())).toList());
    }

    /**
     * A request body the route could not unmarshal (Jackson's failure): 400 {@code invalid_json}, described by
     * {@link JsonProblem} (the kind of problem, the field and the place), never with the text that was sent.
     */
    public Refused unreadable(Throwable failure) {
        JacksonException e = failure instanceof JacksonException j ? j : null;
        if (e instanceof MismatchedInputException m && m.getPath().isEmpty()) {
            // not an object at all: an array, a string, a number, or nothing
            return new Refused(400, "invalid_json", "the body must be a JSON object");
        }
        if (e instanceof MismatchedInputException) {
            return new Refused(400, "invalid_json", JsonProblem.describe(e)); // 'force' must be true or false at ...
        }
        return new Refused(400, "invalid_json", e == null ? "the body is not JSON"
                : "the body is not JSON: " + JsonProblem.describe(e));
    }

    /** Anything else that failed: a 500 that says no more than that (the log has the rest). */
    public Refused failed() {
        return new Refused(500, "internal_error", "WooTrack could not do that; see its log");
    }

    private static String required(String field, String value) {
        if (value == null || value.isBlank()) {
            throw new Refused(400, "missing_field", "'" + field + "' is required");
        }
        return value;
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

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
