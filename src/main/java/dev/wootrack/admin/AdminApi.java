package dev.wootrack.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.wootrack.RequestRefused;
import dev.wootrack.StatusReport;
import dev.wootrack.store.DeadLetters;
import dev.wootrack.store.Decisions;
import dev.wootrack.trackingtech.ConnectFlow;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;

/**
 * The admin API's typed side ({@code routes/admin-api.camel.yaml}): the same operations as the commands, JSON in
 * and out, behind a bearer token compared in constant time. With no token configured the API is off.
 */
public final class AdminApi {

    /** A refused admin call: the HTTP status and a JSON error. */
    public static final class Refused extends RequestRefused {
        public Refused(int status, String code, String message) {
            super(status, code, message);
        }
    }

    private final ObjectMapper json;
    private final byte[] tokenDigest;
    private final ConnectFlow flow;
    private final StatusReport status;
    private final DeadLetters deadLetters;
    private final Decisions decisions;

    public AdminApi(ObjectMapper json, String token, ConnectFlow flow, StatusReport status, DeadLetters deadLetters,
                    Decisions decisions) {
        this.json = json;
        this.tokenDigest = token == null || token.isBlank() ? null : sha256(token.trim());
        this.flow = flow;
        this.status = status;
        this.deadLetters = deadLetters;
        this.decisions = decisions;
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

    public String status() {
        return status.report().toString();
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
            throw new Refused(422, f.getStep() + "_failed", f.getMessage());
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

    public String replay(long id) {
        return deadLetters.replay(id).map(item -> json.createObjectNode().put("replayed", id)
                .put("inboxId", item.id()).toString())
                .orElseThrow(() -> new Refused(404, "not_found", "no open dead letter " + id));
    }

    public String replayAll() {
        return json.createObjectNode().put("replayed", deadLetters.replayAll().size()).toString();
    }

    public String history(long orderId) {
        ObjectNode out = json.createObjectNode().put("order", orderId);
        ArrayNode list = out.putArray("decisions");
        for (Decisions.Decision d : decisions.history(orderId)) {
            list.addObject().put("decision", d.decision()).put("reason", d.reason()).put("statusSeen", d.statusSeen())
                    .put("source", d.source()).put("inboxId", d.inboxId()).put("at", d.decidedAt().toString());
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
