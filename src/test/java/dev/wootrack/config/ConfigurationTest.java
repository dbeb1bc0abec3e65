package dev.wootrack.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wootrack.WooTrackRuntime;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.apache.camel.main.Main;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The settings layers, each tested against the one below it: the jar's defaults &lt; ./application.properties (or
 * --config) &lt; environment &lt; -D &lt; --set; and Camel itself resolves what the layers decided.
 */
class ConfigurationTest {

    @TempDir
    Path dir;

    private Properties defaults() {
        Properties p = new Properties();
        p.setProperty("wootrack.http.port", "8080");
        p.setProperty("wootrack.woocommerce.webhook-secret", "");
        p.setProperty("wootrack.data-dir", "./data");
        return p;
    }

    private Configuration load(Path file, Map<String, String> env, Properties sys, Map<String, String> set) {
        return Configuration.load(new Configuration.Sources(defaults(), file, dir, env, sys, set));
    }

    @Test
    void theFileInTheWorkingDirectoryBeatsTheJarsDefaults() throws Exception {
        Files.writeString(dir.resolve("application.properties"), "wootrack.http.port = 9001\n"
                + "wootrack.woocommerce.webhook-secret = from-the-file\n");
        Configuration c = load(null, Map.of(), new Properties(), Map.of());
        assertThat(c.get("wootrack.http.port")).contains("9001");
        assertThat(c.get("wootrack.woocommerce.webhook-secret")).contains("from-the-file");
        assertThat(c.origin("wootrack.http.port")).isEqualTo(Configuration.Origin.FILE);
        assertThat(c.file()).contains(dir.resolve("application.properties"));
    }

    @Test
    void aConfigFileNamedExplicitlyIsReadInsteadOfTheWorkingDirectorysOne() throws Exception {
        Files.writeString(dir.resolve("application.properties"), "wootrack.http.port = 9001\n");
        Path other = Files.writeString(dir.resolve("other.properties"), "wootrack.http.port = 9002\n");
        assertThat(load(other, Map.of(), new Properties(), Map.of()).get("wootrack.http.port")).contains("9002");
        assertThatThrownBy(() -> load(dir.resolve("missing.properties"), Map.of(), new Properties(), Map.of()))
                .isInstanceOf(InvalidSetting.class).hasMessageContaining("missing.properties")
                .hasMessageContaining("WOOTRACK_CONFIG");
    }

    @Test
    void environmentVariablesBeatTheFile() throws Exception {
        Files.writeString(dir.resolve("application.properties"), "wootrack.http.port = 9001\n");
        Configuration c = load(null, Map.of("WOOTRACK_HTTP_PORT", "9003"), new Properties(), Map.of());
        assertThat(c.get("wootrack.http.port")).contains("9003");
        assertThat(c.origin("wootrack.http.port")).isEqualTo(Configuration.Origin.ENV);
    }

    @Test
    void anEnvironmentVariableSetsAKeyThatIsOnlyCommentedOutInTheFile() {
        Configuration c = load(null, Map.of("WOOTRACK_WOOCOMMERCE_POLL_CRON", "0 0/5 * * * ?"), new Properties(),
                Map.of());
        assertThat(c.get("wootrack.woocommerce.poll.cron")).contains("0 0/5 * * * ?");
    }

    @Test
    void systemPropertiesBeatEnvironmentVariables() {
        Properties sys = new Properties();
        sys.setProperty("wootrack.http.port", "9004");
        Configuration c = load(null, Map.of("WOOTRACK_HTTP_PORT", "9003"), sys, Map.of());
        assertThat(c.get("wootrack.http.port")).contains("9004");
    }

    @Test
    void setBeatsSystemProperties() {
        Properties sys = new Properties();
        sys.setProperty("wootrack.http.port", "9004");
        Configuration c = load(null, Map.of("WOOTRACK_HTTP_PORT", "9003"), sys, Map.of("wootrack.http.port", "9005"));
        assertThat(c.get("wootrack.http.port")).contains("9005");
        assertThat(c.origin("wootrack.http.port")).isEqualTo(Configuration.Origin.SET);
    }

    @Test
    void placeholdersResolveAgainstTheLayers() throws Exception {
        Files.writeString(dir.resolve("application.properties"), "wootrack.db.url = jdbc:h2:file:{{wootrack.data-dir}}/x\n"
                + "wootrack.http.port = {{env:WOOTRACK_HTTP_PORT:8080}}\n");
        Configuration c = load(null, Map.of("WOOTRACK_DATA_DIR", "/srv/wt"), new Properties(), Map.of());
        assertThat(c.get("wootrack.db.url")).contains("jdbc:h2:file:/srv/wt/x");
        assertThat(c.get("wootrack.http.port")).contains("8080");
    }

    /** The defect: a Kamelet's timeout, {{wootrack.trackingtech.timeout}}, got the operator's "2m" and start-up failed. */
    @Test
    void aPlaceholderThatNamesASettingGetsItsPlainForm() {
        Properties checked = Configuration.load(new Configuration.Sources(Configuration.jarDefaults(), null, dir,
                Map.of("WOOTRACK_TRACKINGTECH_TIMEOUT", "2m", "WOOTRACK_HTTP_MAX_BODY_BYTES", "1MB"), new Properties(),
                Map.of("wootrack.data-dir", dir.resolve("data").toString(), "wootrack.woocommerce.webhook-secret", "s")))
                .checked();
        assertThat(checked.getProperty("wootrack.trackingtech.timeout")).isEqualTo("120000");
        assertThat(checked.getProperty("camel.kamelet.wootrack-trackingtech-action.timeout")).isEqualTo("120000");
        assertThat(checked.getProperty("camel.kamelet.wootrack-woocommerce-webhook-source.maxBodyBytes"))
                .isEqualTo("1000000");
    }

    @Test
    void anEnvironmentVariableThatSetsNothingIsWarnedAbout() {
        Configuration c = load(null, Map.of("WOOTRACK_HTTP_PROT", "1", "WOOTRACK_TRACKINGTECH_PASSWORD", "x"),
                new Properties(), Map.of());
        assertThat(c.warnings()).singleElement().asString().contains("WOOTRACK_HTTP_PROT");
    }

    /** The defect: Camel read the jar's packed copy before ./application.properties, and it won for every key. */
    @Test
    void camelResolvesWhatTheLayersDecided() throws Exception {
        Files.writeString(dir.resolve("application.properties"), "wootrack.woocommerce.webhook-secret = from-the-file\n"
                + "wootrack.http.port = 9001\n");
        Configuration c = Configuration.load(new Configuration.Sources(Configuration.jarDefaults(), null, dir,
                Map.of("WOOTRACK_WOOCOMMERCE_URL", "https://env.example"), new Properties(),
                Map.of("wootrack.data-dir", dir.resolve("data").toString(), "camel.main.routes-include-pattern",
                        "classpath:none/*.yaml")));
        Main main = WooTrackRuntime.main(c, WooTrackRuntime.Role.COMMAND);
        main.configure().withAutoConfigurationEnabled(true);
        main.init();
        try {
            var pc = main.getCamelContext().getPropertiesComponent();
            assertThat(pc.resolveProperty("wootrack.woocommerce.webhook-secret")).contains("from-the-file");
            assertThat(pc.resolveProperty("wootrack.http.port")).contains("9001");
            assertThat(pc.resolveProperty("camel.server.port")).contains("9001");
            assertThat(pc.resolveProperty("wootrack.woocommerce.url")).contains("https://env.example");
        } finally {
            main.stop();
        }
    }

    @Test
    void durationsAndSizesAreReadAsPeopleWriteThem() {
        assertThat(Kind.millis("250ms")).isEqualTo(250);
        assertThat(Kind.millis("2s")).isEqualTo(2_000);
        assertThat(Kind.millis("5m")).isEqualTo(300_000);
        assertThat(Kind.millis("1h")).isEqualTo(3_600_000);
        assertThat(Kind.millis("30d")).isEqualTo(2_592_000_000L);
        assertThat(Kind.millis("1500")).isEqualTo(1_500);
        assertThat(Kind.bytes("1MB")).isEqualTo(1_000_000);
        assertThat(Kind.bytes("512KiB")).isEqualTo(524_288);
        assertThat(Kind.bytes("4MiB")).isEqualTo(4_194_304);
        assertThat(Kind.bytes("1048576")).isEqualTo(1_048_576);
        Map<String, String> s = new HashMap<>(valid());
        s.put("wootrack.woocommerce.poll.interval", "5m");
        s.put("wootrack.http.max-body-bytes", "512KiB");
        Map<String, String> plain = Catalog.check(k -> java.util.Optional.ofNullable(s.get(k)));
        assertThat(plain).containsEntry("wootrack.woocommerce.poll.interval", "300000")
                .containsEntry("wootrack.http.max-body-bytes", "524288");
    }

    @Test
    void aBadValueNamesTheKeyItsVariableTheValueAndWhatIsExpected() {
        assertBad("wootrack.http.port", "abc", "Invalid setting 'wootrack.http.port' (environment variable"
                + " WOOTRACK_HTTP_PORT) = 'abc': expected a port number from 0 to 65535");
        assertBad("wootrack.trackingtech.base-url", "not a url", "'wootrack.trackingtech.base-url'",
                "WOOTRACK_TRACKINGTECH_BASE_URL", "'not a url'", "expected an http:// or https:// URL");
        assertBad("wootrack.woocommerce.trigger-statuses", ",", "'wootrack.woocommerce.trigger-statuses'",
                "expected a comma list of one or more WooCommerce statuses");
        assertBad("wootrack.woocommerce.poll.interval", "5 minutes", "expected a duration such as 250ms");
        assertBad("wootrack.http.max-body-bytes", "lots", "expected a size such as 512KiB");
    }

    @Test
    void aSecretIsNeverPrintedInTheError() {
        Map<String, String> s = new HashMap<>(valid());
        s.remove("wootrack.db.url");
        assertThatThrownBy(() -> Catalog.check(k -> java.util.Optional.ofNullable(s.get(k))))
                .hasMessageContaining("Missing required setting 'wootrack.db.url'")
                .hasMessageContaining("WOOTRACK_DB_URL");
        // the webhook secret is optional since issue 16 (`webhooks install` generates one): a bad value still names it
        Map<String, String> noSecret = new HashMap<>(valid());
        noSecret.remove("wootrack.woocommerce.webhook-secret");
        assertThat(Catalog.check(k -> java.util.Optional.ofNullable(noSecret.get(k))))
                .doesNotContainKey("wootrack.woocommerce.webhook-secret");
        assertBad("wootrack.public-url", "wootrack.example.cl", "'wootrack.public-url'", "WOOTRACK_PUBLIC_URL",
                "expected an http:// or https:// URL");
        Catalog.Setting secret = new Catalog.Setting("wootrack.admin.token", Kind.PORT, false, true);
        assertThatThrownBy(() -> Catalog.normalize(secret, "s3cr3t-value"))
                .hasMessageNotContaining("s3cr3t").hasMessageContaining("not shown");
    }

    private void assertBad(String key, String value, String... parts) {
        Map<String, String> s = new HashMap<>(valid());
        s.put(key, value);
        assertThatThrownBy(() -> Catalog.check(k -> java.util.Optional.ofNullable(s.get(k))))
                .isInstanceOf(InvalidSetting.class)
                .satisfies(e -> assertThat(e.getMessage()).contains(parts).doesNotContain("\n"));
    }

    /** The jar's defaults with a webhook secret: a valid configuration. */
    private static Map<String, String> valid() {
        Map<String, String> m = new HashMap<>();
        Properties p = Configuration.jarDefaults();
        Configuration c = Configuration.load(new Configuration.Sources(p, null, Path.of("target"), Map.of(),
                new Properties(), Map.of("wootrack.woocommerce.webhook-secret", "s")));
        for (String k : p.stringPropertyNames()) {
            c.get(k).ifPresent(v -> m.put(k, v));
        }
        m.put("wootrack.woocommerce.webhook-secret", "s");
        return m;
    }

    @Test
    void theJarsDefaultsAreTheProjectsApplicationPropertiesUnderTheLibrarysOwnName() throws Exception {
        Properties project = Configuration.read(Path.of("application.properties"));
        assertThat(Configuration.jarDefaults()).isEqualTo(project).containsKey("wootrack.http.port");
        // a host's application.properties at the class path's root is never taken for WooTrack's defaults
        assertThat(Configuration.class.getResource("/application.properties")).isNull();
    }

    @Test
    void aHostSetsOnlyWhatItChangesAndTheJarFillsInTheRestBeneathIt() throws Exception {
        try (org.apache.camel.impl.DefaultCamelContext camel = new org.apache.camel.impl.DefaultCamelContext()) {
            Properties host = new Properties();
            host.setProperty("wootrack.http.port", "9123");
            host.setProperty("wootrack.db.url", "jdbc:h2:mem:{{wootrack.cluster.name}}");
            camel.getPropertiesComponent().setInitialProperties(host);
            var added = Configuration.fillInDefaults(camel.getPropertiesComponent());
            assertThat(added).contains("wootrack.pipeline.workers", "wootrack.cluster.name")
                    .doesNotContain("wootrack.http.port", "wootrack.db.url").allMatch(k -> k.startsWith("wootrack.") || k.startsWith("camel.kamelet.wootrack-"));
            assertThat(camel.resolvePropertyPlaceholders("{{wootrack.http.port}}")).isEqualTo("9123");
            assertThat(camel.resolvePropertyPlaceholders("{{wootrack.db.url}}")).isEqualTo("jdbc:h2:mem:wootrack");
            assertThat(camel.resolvePropertyPlaceholders("{{wootrack.pipeline.workers}}")).isEqualTo("4");
        }
    }
}
