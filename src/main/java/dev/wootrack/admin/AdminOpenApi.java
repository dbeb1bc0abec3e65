package dev.wootrack.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.swagger.v3.oas.models.OpenAPI;
import java.util.List;
import java.util.Map;
import org.apache.camel.CamelContext;
import org.apache.camel.model.Model;
import org.apache.camel.model.rest.RestDefinition;
import org.apache.camel.openapi.BeanConfig;
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
        BeanConfig config = new BeanConfig();
        new RestOpenApiSupport().initOpenApi(config, Map.of(
                "api.title", "WooTrack admin API",
                "api.version", version,
                "api.description", "The operations of WooTrack's commands over HTTP, behind the admin token.",
                "api.default.consumes", "application/json",
                "api.default.produces", "application/json"));
        OpenAPI openApi = new RestOpenApiReader().read(context, rests, config, context.getName(),
                context.getClassResolver());
        return json.readTree(RestOpenApiSupport.getJsonFromOpenAPIAsString(openApi, config));
    }
}
