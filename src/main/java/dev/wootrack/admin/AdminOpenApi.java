package dev.wootrack.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.servers.Server;
import java.util.List;
import java.util.Map;
import org.apache.camel.CamelContext;
import org.apache.camel.model.Model;
import org.apache.camel.model.rest.RestDefinition;
import org.apache.camel.openapi.BeanConfig;
import org.apache.camel.openapi.OpenApiHelper;
import org.apache.camel.openapi.RestOpenApiReader;
import org.apache.camel.openapi.RestOpenApiSupport;

/**
 * The admin API's OpenAPI document ({@code GET /admin/openapi.json}, route {@code wootrack-admin-openapi}), read by
 * camel-openapi-java from the REST DSL definition {@value #REST_ID} in {@code routes/admin-api.camel.yaml}: the
 * paths, their parameters and the records they take and answer. It is an admin call like the others (same token,
 * same refusals), not Camel's {@code rest-api} endpoint: that one is context-wide (one {@code apiContextPath}, every
 * REST definition of the context, a host's included) and runs in a route of its own, outside the admin API's route
 * configuration and its token check.
 */
public final class AdminOpenApi {

    /** The id of the admin API's {@code rest:} block. */
    public static final String REST_ID = "wootrack-admin-rest";

    private final CamelContext context;
    private final ObjectMapper json;
    private final String version;
    /** The last document and the REST definition it was read from (a routes reload makes a new one). */
    private volatile Rendered last;

    private record Rendered(RestDefinition from, JsonNode document) {
    }

    public AdminOpenApi(CamelContext context, ObjectMapper json) {
        this.context = context;
        this.json = json;
        String v = AdminOpenApi.class.getPackage().getImplementationVersion();
        this.version = v == null ? "unreleased" : v;
    }

    /** The document, as a JSON tree (the reply route marshals it like any other answer). */
    public JsonNode document() throws Exception {
        List<RestDefinition> rests = context.getCamelContextExtension().getContextPlugin(Model.class)
                .getRestDefinitions().stream().filter(r -> REST_ID.equals(r.getId())).toList();
        Rendered cached = last;
        if (cached != null && rests.size() == 1 && rests.get(0) == cached.from()) {
            return cached.document(); // reading it again costs 0.2 s (1.5 s the first time)
        }
        BeanConfig config = new BeanConfig();
        new RestOpenApiSupport().initOpenApi(config, Map.of(
                "api.title", "WooTrack admin API",
                "api.version", version,
                "api.description", "The operations of WooTrack's commands over HTTP, behind the admin token. Every"
                        + " refusal is {\"error\",\"message\"} (plus \"field\" when a form field caused it) with its"
                        + " HTTP status: 400 a bad parameter or body, 401 no or a wrong token, 404 nothing there, 422 what"
                        + " TrackingTech refused.",
                "api.default.consumes", "application/json",
                "api.default.produces", "application/json"));
        OpenAPI openApi = new RestOpenApiReader().read(context, rests, config, context.getName(),
                context.getClassResolver());
        OpenApiHelper.clearVendorExtensions(openApi); // x-camelContextId, x-className: Camel's, not the API's
        openApi.setServers(List.of(new Server().url("/"))); // wherever this document was read from
        JsonNode document = json.readTree(RestOpenApiSupport.getJsonFromOpenAPIAsString(openApi, config));
        if (rests.size() == 1) {
            last = new Rendered(rests.get(0), document);
        }
        return document;
    }
}
