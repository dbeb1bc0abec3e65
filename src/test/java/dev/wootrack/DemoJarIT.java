package dev.wootrack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged jars, as a newcomer runs them: {@code demo} adds up from target/wootrack.jar, the simulators ship in that
 * jar only (never in the library jar, which has no application.properties or logback.xml at its root), and {@code run}
 * never loads one.
 */
class DemoJarIT {

    private static final Path JAR = Path.of("target", "wootrack.jar").toAbsolutePath();
    private static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();

    @TempDir
    Path dir;

    @Test
    void theDemoRunsFromTheJarAndItsNumbersAddUp() throws Exception {
        Path output = dir.resolve("demo.out");
        Process demo = new ProcessBuilder(JAVA, "-jar", JAR.toString(), "demo", "--orders", "80",
                "--data-dir", dir.resolve("data").toString())
                .redirectOutput(output.toFile()).redirectError(dir.resolve("demo.err").toFile()).start();
        assertThat(demo.waitFor(3, TimeUnit.MINUTES)).as("demo finished").isTrue();
        String printed = Files.readString(output);
        assertThat(demo.exitValue()).as(printed + Files.readString(dir.resolve("demo.err"))).isZero();
        assertThat(printed).contains("Connected: store", "WooTrack demo: 80 orders", "The numbers add up.")
                .doesNotContain("✗");
        // the commands the README shows against the demo's data dir
        String set = "wootrack.data-dir=" + dir.resolve("data");
        assertThat(command("dead-letters", "--set", set)).contains("422", "shipping.address1");
        assertThat(command("status", "--set", set)).contains("connected", "Acme Couriers", "Dead letters   1 open");
    }

    private String command(String... args) throws Exception {
        List<String> line = new java.util.ArrayList<>(List.of(JAVA, "-jar", JAR.toString()));
        line.addAll(List.of(args));
        Path output = dir.resolve(args[0] + ".out");
        Process p = new ProcessBuilder(line).redirectErrorStream(true).redirectOutput(output.toFile()).start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String printed = Files.readString(output);
        assertThat(p.exitValue()).as(printed).isZero();
        return printed;
    }

    @Test
    void theSimulatorsShipInTheCommandLineJarOnlyAndTheLibraryHasNoHostFilesAtItsRoot() throws Exception {
        List<String> cli = entries(JAR);
        assertThat(cli).contains("dev/wootrack/sandbox/WooCommerceSimulator.class",
                "dev/wootrack/sandbox/TrackingTechSandbox.class", "dev/wootrack/demo/ShopDemo.class",
                "META-INF/services/dev.wootrack.cli.Demo", "application.properties", "logback.xml",
                "wootrack/application.properties", "wootrack/routes/woocommerce-webhook.camel.yaml")
                .noneMatch(n -> n.startsWith("demo/"));
        List<String> library = entries(libraryJar());
        assertThat(library).contains("dev/wootrack/WooTrackBeans.class", "wootrack/application.properties",
                        "wootrack/routes/woocommerce-webhook.camel.yaml", "wootrack/db/migration/V1__schema.sql")
                .doesNotContain("application.properties", "logback.xml", "META-INF/services/dev.wootrack.cli.Demo")
                .noneMatch(n -> n.startsWith("dev/wootrack/sandbox/") || n.startsWith("dev/wootrack/demo/")
                        || n.startsWith("fixtures/") || n.startsWith("demo/") || n.startsWith("ch/qos/"));
        // the command line's copy of the defaults at its root is the very file the library carries as its defaults
        try (JarFile jar = new JarFile(JAR.toFile())) {
            assertThat(new String(jar.getInputStream(jar.getEntry("application.properties")).readAllBytes()))
                    .isEqualTo(new String(jar.getInputStream(jar.getEntry("wootrack/application.properties"))
                            .readAllBytes()))
                    .isEqualTo(Files.readString(Path.of("application.properties")));
        }
    }

    /** The library's thin jar: target/wootrack-VERSION.jar (the main artifact), beside -demo.jar and wootrack.jar. */
    private static Path libraryJar() throws IOException {
        try (var files = Files.list(JAR.getParent())) {
            List<Path> found = files.filter(f -> f.getFileName().toString().matches("wootrack-[0-9][^-]*(-SNAPSHOT)?\\.jar"))
                    .toList();
            assertThat(found).as("the library jar in target/").hasSize(1);
            return found.get(0);
        }
    }

    private static List<String> entries(Path jarFile) throws IOException {
        try (JarFile jar = new JarFile(jarFile.toFile())) {
            return jar.stream().map(JarEntry::getName).toList();
        }
    }

    @Test
    void runOnTheDefaultConfigurationNeverLoadsASimulatorClass() throws Exception {
        int port = TestApp.freePort();
        Path classLog = dir.resolve("run.out");
        ProcessBuilder run = new ProcessBuilder(JAVA, "-verbose:class", "-jar", JAR.toString(), "run")
                .redirectOutput(classLog.toFile()).redirectError(dir.resolve("run.err").toFile());
        run.environment().put("WOOTRACK_HTTP_PORT", Integer.toString(port));
        run.environment().put("WOOTRACK_DATA_DIR", dir.resolve("data").toString());
        run.environment().put("WOOTRACK_WOOCOMMERCE_WEBHOOK_SECRET", WebhookClient.SECRET);
        Process wooTrack = run.start();
        try {
            HttpClient http = HttpClient.newHttpClient();
            // ready: the routes are started (the HTTP server answers a moment before the webhook route is there)
            await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() -> http.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + "/observe/health/ready")).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode() == 200);
            // an order goes all the way through the pipeline (parked: not connected), loading what it needs
            assertThat(new WebhookClient(port).webhook(Fixtures.order(727, "processing"), "order.updated")
                    .statusCode()).isEqualTo(200);
        } finally {
            wooTrack.destroy();
            assertThat(wooTrack.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
        List<String> loaded = Files.readAllLines(classLog).stream().filter(l -> l.contains("[class,load]")).toList();
        assertThat(loaded).anyMatch(l -> l.contains(" dev.wootrack.WooTrackBeans "))
                .anyMatch(l -> l.contains(" dev.wootrack.woocommerce.WebhookIntake "))
                .noneMatch(l -> l.contains("dev.wootrack.sandbox.") || l.contains("dev.wootrack.demo."));
    }
}
