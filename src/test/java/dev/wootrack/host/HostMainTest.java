package dev.wootrack.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.wootrack.Fixtures;
import dev.wootrack.TestApp;
import dev.wootrack.WebhookClient;
import dev.wootrack.sandbox.TrackingTechSandbox;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import javax.sql.DataSource;
import org.apache.camel.CamelContext;
import org.apache.camel.main.KameletMain;
import org.apache.camel.main.Main;
import org.apache.camel.main.MainCommandLineSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A host that is not WooTrack: Camel's own {@link Main}, and {@link KameletMain} (the engine behind {@code camel run}),
 * with the library's routes, Kamelets and beans
 * ({@code camel.main.configuration-classes=dev.wootrack.WooTrackBeans}), the {@code wootrack.*} properties in the
 * host's own application.properties, and a host route file with a {@code direct:dead-letter}, a {@code dataSource}
 * bean and a platform-http route of its own. No class of WooTrack's runtime (WooTrackRuntime, the CLI) is used.
 */
class HostMainTest {

    @TempDir
    Path dir;
    TrackingTechSandbox sandbox;
    MainCommandLineSupport main;
    int port;

    void start(String runtime) throws Exception {
        sandbox = new TrackingTechSandbox();
        port = TestApp.freePort();
        Path routes = Files.createDirectories(dir.resolve("host-routes"));
        Files.writeString(routes.resolve("host.camel.yaml"), """
                # the host's own: names any Camel application may well use
                - beans:
                    - name: dataSource
                      type: org.h2.jdbcx.JdbcDataSource
                      properties:
                        url: "jdbc:h2:file:{{host.db}};WRITE_DELAY=0"
                        user: host
                        password: host-secret
                - route:
                    id: host-dead-letter
                    from:
                      uri: direct:dead-letter
                      steps:
                        - setBody:
                            simple: "host dead letter: ${body}"
                # the host's flow that takes WooTrack's decisions (here: a queue the test reads)
                - route:
                    id: host-decisions
                    from:
                      uri: direct:host-decisions
                      steps:
                        - to: seda:host-decisions-seen
                - route:
                    id: host-ping
                    from:
                      uri: platform-http:/host/ping
                      steps:
                        - setBody:
                            constant: "host up"
                """);
        StringBuilder props = new StringBuilder("""
                camel.main.name = host
                camel.main.configuration-classes = dev.wootrack.WooTrackBeans
                camel.main.routes-include-pattern = classpath:wootrack/routes/*.camel.yaml,\\
                  classpath:wootrack/routes/errors/*.camel.yaml,file:%s/*.camel.yaml
                camel.server.enabled = true
                camel.server.host = 127.0.0.1
                camel.server.port = %d
                camel.rest.component = platform-http
                host.db = %s
                # WooTrack's tables in the host's database
                wootrack.db.datasource = dataSource
                # every decision, as an event, into the host's own flow
                wootrack.events.enabled = true
                wootrack.events.endpoint = direct:host-decisions
                wootrack.events.interval = 200
                """.formatted(routes, port, dir.resolve("host-db")));
        Map<String, String> s = TestApp.settings(dir.resolve("wootrack-data"), sandbox);
        s.remove("wootrack.http.port");
        s.forEach((k, v) -> props.append(k).append(" = ").append(v).append('\n'));
        Path file = dir.resolve("application.properties");
        Files.writeString(file, props);
        if (runtime.equals("kamelet-main")) {
            KameletMain kamelets = new KameletMain("camel.jbang");
            kamelets.setDownload(false); // everything is on the classpath: the library and its dependencies
            main = kamelets;
        } else {
            main = new Main();
        }
        main.setPropertyPlaceholderLocations("file:" + file);
        main.start();
    }

    @AfterEach
    void stop() {
        if (main != null) {
            main.stop();
        }
        sandbox.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"main", "kamelet-main"})
    void aSignedWebhookReachesTrackingTechOnceBesideTheHostsOwnRoutes(String runtime) throws Exception {
        start(runtime);
        CamelContext camel = main.getCamelContext();
        WebhookClient woo = new WebhookClient(port);
        HttpResponse<String> accepted = woo.webhook(Fixtures.order(4101, "processing"), "order.updated");
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(200);
        assertThat(accepted.body()).contains("\"status\":\"accepted\"");
        woo.webhook(Fixtures.order(4101, "processing"), "order.updated"); // the same event again
        await().atMost(Duration.ofSeconds(20)).until(() -> decisions(camel, 4101) == 2);
        assertThat(sandbox.orderPostsFor(4101)).hasSize(1);

        // the host's own routes and names, beside WooTrack's prefixed ones
        HttpResponse<String> ping = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/host/ping")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(ping.body()).isEqualTo("host up");
        assertThat(camel.createProducerTemplate().requestBody("direct:dead-letter", "order 1", String.class))
                .isEqualTo("host dead letter: order 1");
        assertThat(camel.getRoutes()).filteredOn(r -> !r.getId().startsWith("host-"))
                .allMatch(r -> r.getId().startsWith("wootrack-"), "every other route is WooTrack's, prefixed");
        // the host's flow received the decisions as events
        org.apache.camel.ConsumerTemplate events = camel.createConsumerTemplate();
        String first = events.receiveBody("seda:host-decisions-seen", 10_000, String.class);
        String second = events.receiveBody("seda:host-decisions-seen", 10_000, String.class);
        assertThat(first).contains("\"orderId\":4101").contains("\"decision\":\"sent\"");
        assertThat(second).contains("\"orderId\":4101").contains("\"decision\":\"duplicate\"");
        // WooTrack's rows are in the host's database
        assertThat(Files.exists(dir.resolve("host-db.mv.db"))).isTrue();
    }

    /** Decisions recorded for an order, read from the host's database. */
    private static int decisions(CamelContext camel, long orderId) throws Exception {
        DataSource ds = camel.getRegistry().lookupByNameAndType("dataSource", DataSource.class);
        try (Connection c = ds.getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM decision WHERE order_id = " + orderId)) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
