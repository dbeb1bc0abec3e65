package dev.wootrack;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.wootrack.sandbox.TrackingTechSandbox;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** With no {@code wootrack.admin.token}, every admin call, the OpenAPI document included, is 404 admin_api_off. */
class AdminApiOffTest {

    @TempDir
    Path dataDir;

    @Test
    void withoutATokenEveryAdminCallIsOff() throws Exception {
        try (TrackingTechSandbox sandbox = new TrackingTechSandbox()) {
            Map<String, String> s = TestApp.settings(dataDir, sandbox);
            int port = Integer.parseInt(s.get("wootrack.http.port"));
            try (TestApp app = TestApp.start(s)) {
                for (String call : AdminApiTest.ADMIN_CALLS) {
                    String[] c = call.split(" ");
                    String target = c[1].replace("{id}", "1");
                    for (String[] headers : new String[][] {{}, {"Authorization: Bearer anything"}}) {
                        RawHttp.Answer a = RawHttp.send(port, c[0].toUpperCase(), target, "{}", headers);
                        JsonNode body = AdminApiTest.refused(call, a, 404);
                        assertThat(body.path("error").asText()).as(call).isEqualTo("admin_api_off");
                        AdminApiTest.hasTheSecurityHeaders(call, a);
                    }
                }
            }
        }
    }
}
