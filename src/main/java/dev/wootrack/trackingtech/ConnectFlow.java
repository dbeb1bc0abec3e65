package dev.wootrack.trackingtech;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The plugin's guided connection, step by step (contract §1–4, §9): resolve the courier code, log in, list
 * the stores, link one; and the remote uninstall. Each failure names the step and says what happened in words
 * a merchant understands. The password is used for the login call and nothing else: never kept, never logged.
 */
public final class ConnectFlow {

    /** One HTTP call to TrackingTech (the {@code trackingtech-account} route); status -1 when it could not be made. */
    public interface Call {
        Answer call(String method, String url, String authorization, String jsonBody);
    }

    public record Answer(int status, String body) {
    }

    public record Tenant(String tenantId, String code, String name) {
    }

    /** A successful login. The token is a secret: toString never shows it. */
    public record Login(String token, String customerId) {
        @Override
        public String toString() {
            return "Login[customer " + customerId + "]";
        }
    }

    public record Store(String id, String name) {
    }

    /** A step failed; the message is for the merchant. */
    public static final class Failure extends RuntimeException {
        private final String step;

        public Failure(String step, String message) {
            super(message, null, false, false);
            this.step = step;
        }

        public String getStep() {
            return step;
        }
    }

    private final ObjectMapper json;
    private final Call http;
    private final TrackingTechUrls urls;
    private final TrackingTechResponses responses;
    private final Installation installation;
    private final TrackingTechConnection connection;

    public ConnectFlow(ObjectMapper json, Call http, TrackingTechUrls urls, TrackingTechResponses responses,
                       Installation installation, TrackingTechConnection connection) {
        this.json = json;
        this.http = http;
        this.urls = urls;
        this.responses = responses;
        this.installation = installation;
        this.connection = connection;
    }

    /** Step 1: the courier code must exist and be active. */
    public Tenant resolve(String code) {
        JsonNode body = call("resolve", "POST", urls.account("resolve", null), null, json.createObjectNode()
                .put("code", code).put("platform", "woocommerce").put("deviceId", installation.deviceId()), a -> switch (a.status()) {
                    case 404 -> "Unknown courier code '" + code + "': check the code TrackingTech gave you.";
                    case 403 -> "The courier '" + code + "' is not active at TrackingTech yet: ask TrackingTech to activate it.";
                    default -> null;
                });
        if (body.has("active") && !body.path("active").asBoolean()) {
            throw new Failure("resolve", "The courier '" + code + "' is not active at TrackingTech yet: ask TrackingTech"
                    + " to activate it.");
        }
        return new Tenant(body.path("tenantId").asText(null), body.path("code").asText(code), body.path("name").asText(code));
    }

    /** Step 2: the administrator's email and password (used for this call only). */
    public Login login(Tenant tenant, String email, char[] password) {
        JsonNode request = json.createObjectNode().put("code", tenant.code()).put("email", email)
                .put("password", new String(password)).put("deviceId", installation.deviceId());
        JsonNode body = call("login", "POST", urls.account("login", null), null, request, a -> switch (a.status()) {
            case 401 -> "Wrong email or password for " + tenant.name() + ".";
            case 404 -> "Unknown courier code '" + tenant.code() + "'.";
            default -> null;
        });
        String token = body.hasNonNull("accessToken") ? body.path("accessToken").asText() : body.path("token").asText(null);
        if (token == null || token.isBlank()) {
            throw new Failure("login", "TrackingTech accepted the login but sent no token.");
        }
        return new Login(token, body.path("customerId").asText(null));
    }

    /** Step 3: the stores of the account. */
    public List<Store> stores(Login login) {
        JsonNode body = call("stores", "GET", urls.account("stores", null), login, null, a -> a.status() == 401
                ? "TrackingTech did not accept the new login; run connect again." : null);
        JsonNode list = body.isArray() ? body : body.has("stores") ? body.path("stores") : body.path("data");
        List<Store> stores = new ArrayList<>();
        for (JsonNode s : list) {
            stores.add(new Store(s.path("id").asText(), s.path("name").asText(s.path("id").asText())));
        }
        return stores;
    }

    /**
     * Which store to link: the one named by {@code storeId}, or the only one; null when the account has several
     * and none was named (the caller asks, or lists them).
     */
    public Store choose(List<Store> stores, String storeId) {
        if (storeId != null) {
            return stores.stream().filter(s -> s.id().equals(storeId)).findFirst()
                    .orElseThrow(() -> new Failure("stores", "There is no store '" + storeId + "' in this account; it has: "
                            + stores.stream().map(s -> s.id() + " " + s.name()).reduce((a, b) -> a + ", " + b).orElse("none")));
        }
        if (stores.isEmpty()) {
            throw new Failure("stores", "This TrackingTech account has no store: create one at TrackingTech first.");
        }
        return stores.size() == 1 ? stores.get(0) : null;
    }

    /** Step 4: link the store to this installation; from now on orders are sent. Returns the parked orders released. */
    public int link(Tenant tenant, Login login, Store store) {
        JsonNode body = call("link", "POST", urls.account("link", store.id()), login, json.createObjectNode()
                .put("storeUrl", installation.storeUrl()).put("platform", "woocommerce")
                .put("deviceId", installation.deviceId()), a -> switch (a.status()) {
                    case 409 -> "Store " + store.name() + " (" + store.id() + ") is already linked to another WooCommerce"
                            + " installation: unlink it there first, or choose another store.";
                    case 404 -> "There is no store '" + store.id() + "' in this TrackingTech account.";
                    default -> null;
                });
        String customer = body.path("customerId").asText(login.customerId());
        Instant linkedAt = body.hasNonNull("linkedAt") ? Instant.parse(body.path("linkedAt").asText()) : Instant.now();
        return connection.connected(tenant.tenantId(), tenant.code(), tenant.name(), body.path("storeId").asText(store.id()),
                store.name(), customer, login.token(), linkedAt);
    }

    /**
     * The remote uninstall; then the token is dropped and nothing more is sent. When TrackingTech does not confirm
     * it, the connection is kept, unless {@code force}.
     */
    public void disconnect(boolean force) {
        if (connection.getLink().isEmpty()) {
            throw new Failure("disconnect", "WooTrack is not connected to TrackingTech.");
        }
        try {
            call("uninstall", "POST", urls.account("uninstall", null), null, json.createObjectNode()
                    .put("storeUrl", installation.storeUrl())
                    .put("customerId", connection.getCustomerId()).put("platform", "woocommerce")
                    .put("deviceId", installation.deviceId()), a -> null);
            connection.disconnected("disconnected by the administrator");
        } catch (Failure f) {
            if (!force) {
                throw new Failure("disconnect", f.getMessage() + " The connection is kept; use --force to drop it anyway.");
            }
            connection.disconnected("disconnected by the administrator (--force; TrackingTech did not confirm: "
                    + f.getMessage() + ")");
        }
    }

    private interface Words {
        String of(Answer a);
    }

    private JsonNode call(String step, String method, String url, Login login, JsonNode request, Words words) {
        String authorization = login != null ? "Bearer " + login.token()
                : step.equals("uninstall") ? connection.authorization() : null;
        Answer a = http.call(method, url, authorization, request == null ? null : request.toString());
        if (a.status() < 0) {
            throw new Failure(step, "TrackingTech is unreachable at " + urls.getBaseUrl() + ": " + a.body());
        }
        if (a.status() >= 200 && a.status() < 300) {
            try {
                return json.readTree(a.body() == null || a.body().isBlank() ? "{}" : a.body());
            } catch (Exception e) {
                throw new Failure(step, "TrackingTech answered " + step + " with something that is not JSON.");
            }
        }
        String known = words.of(a);
        if (known != null) {
            throw new Failure(step, known);
        }
        throw new Failure(step, "TrackingTech refused the " + step + " step: " + responses.describe(a.status(), a.body()));
    }
}
