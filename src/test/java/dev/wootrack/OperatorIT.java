package dev.wootrack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.wootrack.sandbox.TrackingTechSandbox;
import dev.wootrack.woocommerce.WebhookSignature;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged jar as an operator meets it (issue 12, items 1–5, 12 and the jar's side of 14): every test starts
 * {@code java -jar target/wootrack.jar …} as a process of its own, from a fresh folder that is not the checkout,
 * with an environment of its own (no {@code WOOTRACK_*} from outside), and asserts what the operator would see:
 * HTTP answers, exit codes, the lines on stdout and stderr, the files and their permissions.
 * <p>
 * {@code -Dwootrack.jar=PATH} runs the same tests against another build (to see them fail on an older one).
 */
class OperatorIT {

    private static final Path JAR = Path.of(System.getProperty("wootrack.jar", "target/wootrack.jar"))
            .toAbsolutePath();
    private static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    /** Quick start-up on a shared machine; nothing WooTrack does depends on them. */
    private static final List<String> JVM = List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xshare:auto");
    private static final Duration UP = Duration.ofSeconds(90);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SECRET = "operator-it-webhook-secret";

    @TempDir
    Path home;
    private final List<Process> processes = Collections.synchronizedList(new ArrayList<>());
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private TrackingTechSandbox trackingTech;
    private int launched;

    @BeforeEach
    void jarIsBuilt() throws IOException {
        assertThat(JAR).as("the packaged jar (mvn package)").isRegularFile();
        assertThat(home.toRealPath().startsWith(Path.of("").toRealPath())).as("runs outside the checkout").isFalse();
        trackingTech = new TrackingTechSandbox();
    }

    @AfterEach
    void killEverything() throws InterruptedException {
        for (Process p : processes) {
            p.destroyForcibly();
        }
        for (Process p : processes) {
            p.waitFor(30, TimeUnit.SECONDS);
        }
        trackingTech.close();
    }

    // ------------------------------------------------------------------------------------------------ item 1

    @Test
    void applicationPropertiesInTheWorkingFolderSetsPortSecretAndDataDir() throws Exception {
        Path folder = folder("service");
        int port = TestApp.freePort();
        Path dataDir = home.resolve("state-from-the-file");
        Files.writeString(folder.resolve("application.properties"), "wootrack.http.port = " + port + "\n"
                + "wootrack.woocommerce.webhook-secret = file-secret-5b1f\n"
                + "wootrack.data-dir = " + dataDir + "\n");
        Jar run = new Jar(folder).args("run").start();
        run.awaitUp(port);

        assertThat(webhook(port, Fixtures.order(727, "processing"), "file-secret-5b1f").statusCode()).isEqualTo(200);
        assertThat(webhook(port, Fixtures.order(728, "processing"), SECRET).statusCode())
                .as("signed with another secret").isEqualTo(401);
        assertThat(dataDir.resolve("wootrack.mv.db")).isRegularFile();
        assertThat(run.out()).contains(folder.resolve("application.properties").toRealPath()
                + " over the jar's defaults");
    }

    @Test
    void eachLayerOfSettingsBeatsTheOneBelowIt() throws Exception {
        Path folder = folder("layers");
        Path dataDir = Files.createDirectories(home.resolve("layers-data"));
        Files.writeString(folder.resolve("application.properties"), "wootrack.data-dir = " + dataDir + "\n"
                + "wootrack.trackingtech.token = preset-token\nwootrack.trackingtech.customer-id = c_9\n"
                + "wootrack.trackingtech.store-id = s_file\n");
        Map<String, String> env = Map.of("WOOTRACK_TRACKINGTECH_STORE_ID", "s_env");
        List<Result> statuses = runAll(List.of(
                new Jar(folder).env(env).args("status", "--json"),
                new Jar(folder).env(env).jvm("-Dwootrack.trackingtech.store-id=s_dash_d").args("status", "--json"),
                new Jar(folder).env(env).jvm("-Dwootrack.trackingtech.store-id=s_dash_d")
                        .args("status", "--json", "--set", "wootrack.trackingtech.store-id=s_set")));
        assertThat(store(statuses.get(0))).as("environment over the file").isEqualTo("s_env");
        assertThat(store(statuses.get(1))).as("-D over the environment").isEqualTo("s_dash_d");
        assertThat(store(statuses.get(2))).as("--set over -D").isEqualTo("s_set");

        // and on `run`, observed on the port it binds: --set over -D over the environment over the file
        int[] ports = {TestApp.freePort(), TestApp.freePort(), TestApp.freePort(), TestApp.freePort()};
        Files.writeString(folder.resolve("application.properties"), "wootrack.data-dir = " + home.resolve("run-data")
                + "\nwootrack.woocommerce.webhook-secret = " + SECRET + "\nwootrack.http.port = " + ports[0] + "\n");
        Jar run = new Jar(folder).env(Map.of("WOOTRACK_HTTP_PORT", Integer.toString(ports[1])))
                .jvm("-Dwootrack.http.port=" + ports[2]).args("run", "--set", "wootrack.http.port=" + ports[3])
                .start();
        run.awaitUp(ports[3]);
        for (int i = 0; i < 3; i++) {
            assertThat(listening(ports[i])).as("port %d of a lower layer", ports[i]).isFalse();
        }
    }

    private static String store(Result r) throws Exception {
        assertThat(r.code).as(r.toString()).isZero();
        return JSON.readTree(r.out).path("trackingtech").path("store").asText();
    }

    // ------------------------------------------------------------------------------------------------ item 2

    @Test
    void theOperatorCommandsWorkBesideARunningInstanceWithTheSameEnvironment() throws Exception {
        int port = TestApp.freePort();
        Path dataDir = home.resolve("data");
        Map<String, String> env = new HashMap<>(Map.of(
                "WOOTRACK_HTTP_PORT", Integer.toString(port),
                "WOOTRACK_DATA_DIR", dataDir.toString(),
                "WOOTRACK_WOOCOMMERCE_WEBHOOK_SECRET", SECRET,
                "WOOTRACK_TRACKINGTECH_BASE_URL", trackingTech.baseUrl(),
                "WOOTRACK_TRACKINGTECH_CONNECTION_CHECK_INTERVAL", "250ms",
                // a store that is not there: polling and backfill meet a closed port
                "WOOTRACK_WOOCOMMERCE_URL", "http://127.0.0.1:" + closedPort(),
                "WOOTRACK_WOOCOMMERCE_CONSUMER_KEY", "ck_operator_it",
                "WOOTRACK_WOOCOMMERCE_CONSUMER_SECRET", "cs_operator_it",
                "WOOTRACK_WOOCOMMERCE_REDELIVERY_MAXIMUM_REDELIVERIES", "0"));
        // settings as people write them (item 5)
        env.put("WOOTRACK_WOOCOMMERCE_POLL_INTERVAL", "5m");
        env.put("WOOTRACK_HTTP_MAX_BODY_BYTES", "1MB");
        Path folder = folder("beside");
        Jar run = new Jar(folder).env(env).args("run").start();
        run.awaitUp(port);

        Result connect = new Jar(folder).env(env).stdin(TrackingTechSandbox.PASSWORD + "\n")
                .args("connect", "--code", "ACME", "--email", TrackingTechSandbox.EMAIL, "--store", "s_1").run();
        assertClean(connect);
        assertThat(connect.code).as(connect.toString()).isZero();
        assertThat(connect.out).contains("Connected: store");

        // the same port as -D (a unit's JAVA_OPTS) instead of the environment, too
        Map<String, String> withoutPort = new HashMap<>(env);
        withoutPort.remove("WOOTRACK_HTTP_PORT");
        List<Result> besides = runAll(List.of(new Jar(folder).env(env).args("status"),
                new Jar(folder).env(env).args("status", "--json"),
                new Jar(folder).env(env).args("dead-letters"),
                new Jar(folder).env(withoutPort).jvm("-Dwootrack.http.port=" + port).args("status", "--json"),
                new Jar(folder).env(withoutPort).jvm("-Dwootrack.http.port=" + port).args("dead-letters")));
        besides.forEach(OperatorIT::assertClean);
        for (Result r : besides) {
            assertThat(r.code).as(r.toString()).isZero();
        }
        assertThat(besides.get(0).out).contains("TrackingTech   connected");
        assertThat(JSON.readTree(besides.get(1).out).path("trackingtech").path("state").asText()).isEqualTo("connected");
        assertThat(besides.get(2).out).contains("No dead letters.");
        assertThat(JSON.readTree(besides.get(3).out).path("trackingtech").path("state").asText()).isEqualTo("connected");
        assertThat(besides.get(4).out).contains("No dead letters.");

        List<Result> last = runAll(List.of(new Jar(folder).env(env).args("backfill", "--since", "2026-01-01"),
                new Jar(folder).env(env).args("disconnect", "--force")));
        // backfill's WARN lines name the failed call (Camel's error handler quotes the exception): no trace, no clash
        Result backfill = last.get(0);
        assertThat(backfill.out + backfill.err).as(backfill.toString()).doesNotContain("in use", "\tat ");
        assertThat(backfill.code).as(backfill.toString()).isEqualTo(1);
        assertThat(backfill.out).containsPattern("fetched\\s+0\\R");
        assertThat(backfill.errLines().get(backfill.errLines().size() - 1)).as(backfill.toString())
                .startsWith("backfill stopped before the last page").contains("Connection refused");
        Result disconnect = last.get(1);
        assertClean(disconnect);
        assertThat(disconnect.code).as(disconnect.toString()).isZero();
        assertThat(disconnect.out).contains("Disconnected from TrackingTech");

        // run kept its port and its connection watch saw both changes
        assertThat(health(port)).isIn(200, 503);
        assertThat(run.out()).doesNotContain("in use");
        assertThat(run.isAlive()).isTrue();
    }

    /** No stack trace, no port clash, no Java exception names: what a command prints is for people. */
    private static void assertClean(Result r) {
        assertThat(r.out + r.err).as(r.toString()).doesNotContain("in use", "\tat ", "Exception", "For input string");
    }

    @Test
    void theDemoListensOnThePortGivenWithMinusDAndItsBannerSaysSo() throws Exception {
        int port = TestApp.freePort();
        Jar demo = new Jar(folder("demo")).jvm("-Dwootrack.http.port=" + port)
                .args("demo", "--orders", "20", "--keep-running", "--data-dir", home.resolve("demo-data").toString())
                .start();
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(250))
                .failFast("the demo ended", () -> !demo.isAlive())
                .until(() -> demo.out().contains("Still running"));
        String banner = demo.out();
        assertThat(banner).contains("The numbers add up.", "WooTrack          http://127.0.0.1:" + port + " ",
                "admin console     http://127.0.0.1:" + port + "/console")
                .doesNotContain(":8080");
        assertThat(health(port)).isIn(200, 503);
        HttpResponse<String> console = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                + "/console")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(console.statusCode()).isEqualTo(200);
        assertThat(console.body()).containsIgnoringCase("<html");
    }

    // ------------------------------------------------------------------------------------------------ item 3

    @Test
    void connectReadsThePasswordFromAPipe() throws Exception {
        Path folder = folder("connect");
        Map<String, String> env = Map.of("WOOTRACK_DATA_DIR", home.resolve("data").toString(),
                "WOOTRACK_TRACKINGTECH_BASE_URL", trackingTech.baseUrl());
        String[] connect = {"connect", "--code", TrackingTechSandbox.CODE, "--email", TrackingTechSandbox.EMAIL,
                "--store", TrackingTechSandbox.STORE};

        Result piped = new Jar(folder).env(env).stdin(TrackingTechSandbox.PASSWORD + "\n").args(connect).run();
        assertThat(piped.code).as(piped.toString()).isZero();
        assertThat(piped.out).contains("Connected: store Tienda Centro (s_1) of Acme Couriers");
        assertThat(trackingTech.links()).containsKey(TrackingTechSandbox.STORE);
        List<Result> next = runAll(List.of(new Jar(folder).env(env).stdin("").args(connect),
                new Jar(folder).env(env).args("disconnect", "--force")));
        Result empty = next.get(0);
        assertThat(next.get(1).code).as(next.get(1).toString()).isZero();

        // --password-stdin, with the environment's password beside it: the flag says where to read it
        Map<String, String> withEnvPassword = new HashMap<>(env);
        withEnvPassword.put("WOOTRACK_TRACKINGTECH_PASSWORD", "not-this-one");
        Result flagged = new Jar(folder).env(withEnvPassword).stdin(TrackingTechSandbox.PASSWORD + "\n")
                .args(connect).args("--password-stdin").run();
        assertThat(flagged.code).as(flagged.toString()).isZero();
        assertThat(flagged.out).contains("Connected: store");

        assertThat(empty.code).as(empty.toString()).isEqualTo(2);
        assertThat(empty.errLines()).singleElement().asString().contains("connect needs the password",
                "--password-stdin", "WOOTRACK_TRACKINGTECH_PASSWORD");

        // the password is used for the login call only: in no output, no file of the data dir
        for (Result r : List.of(piped, flagged, empty)) {
            assertThat(r.out + r.err).doesNotContain(TrackingTechSandbox.PASSWORD);
        }
        try (Stream<Path> files = Files.walk(home.resolve("data"))) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                assertThat(new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1)).as(f.toString())
                        .doesNotContain(TrackingTechSandbox.PASSWORD);
            }
        }
    }

    // ------------------------------------------------------------------------------------------- items 4, 14

    @Test
    void fromAnEmptyFolderTheBuiltInRoutesServeAndTheDataDirIsClosedToOthers() throws Exception {
        Path folder = folder("empty");
        int port = TestApp.freePort();
        Path dataDir = home.resolve("fresh-data");
        Map<String, String> env = Map.of("WOOTRACK_HTTP_PORT", Integer.toString(port),
                "WOOTRACK_DATA_DIR", dataDir.toString(), "WOOTRACK_WOOCOMMERCE_WEBHOOK_SECRET", SECRET);
        Jar run = new Jar(folder).env(env).args("run").start();
        run.awaitUp(port);
        assertThat(run.out()).contains("the routes built into the jar");
        assertThat(webhook(port, Fixtures.order(727, "processing"), SECRET).statusCode()).isEqualTo(200);
        try (Stream<Path> files = Files.list(folder)) {
            assertThat(files).as("nothing written where it runs").isEmpty();
        }

        // item 14: owner-only data dir, owner-only files, a generated database password
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dataDir))).isEqualTo("rwx------");
        assertThat(dataDir.resolve("db-password")).isRegularFile();
        assertThat(Files.readString(dataDir.resolve("db-password")).trim()).hasSizeGreaterThanOrEqualTo(32);
        try (Stream<Path> files = Files.list(dataDir)) {
            Map<String, String> modes = new LinkedHashMap<>();
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                modes.put(f.getFileName().toString(), PosixFilePermissions.toString(Files.getPosixFilePermissions(f)));
            }
            assertThat(modes).containsKeys("db-password", "run.lock", "wootrack.mv.db", "wootrack.lock.db")
                    .allSatisfy((name, mode) -> assertThat(mode).as(name).isEqualTo("rw-------"));
        }

        // the embedded database's AUTO_SERVER port (from the lock file H2 writes) listens on loopback only
        Properties lock = new Properties();
        try (InputStream in = Files.newInputStream(dataDir.resolve("wootrack.lock.db"))) {
            lock.load(in);
        }
        int h2Port = Integer.parseInt(lock.getProperty("server").replaceAll(".*:", ""));
        List<String> listeners = listeners(h2Port);
        assertThat(listeners).as("sockets listening on H2's port %d", h2Port).isNotEmpty()
                .allSatisfy(address -> assertThat(address).isIn("127.0.0.1", "::ffff:127.0.0.1", "::1"));
        for (InetAddress other : nonLoopbackAddresses()) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(other, h2Port), 2000);
                throw new AssertionError("H2's port " + h2Port + " answers on " + other.getHostAddress());
            } catch (ConnectException | java.net.SocketTimeoutException refused) {
                // as it should be
            }
        }

        // an empty password is refused; the generated one opens it, through AUTO_SERVER beside the running `run`
        String url = "jdbc:h2:file:" + dataDir.resolve("wootrack") + ";AUTO_SERVER=TRUE";
        try (Connection c = DriverManager.getConnection(url, "wootrack", "")) {
            throw new AssertionError("the database opened with an empty password");
        } catch (SQLException refused) {
            assertThat(refused.getSQLState()).as(refused.getMessage()).isEqualTo("28000");
        }
        try (Connection c = DriverManager.getConnection(url, "wootrack",
                Files.readString(dataDir.resolve("db-password")).trim());
             ResultSet rs = c.createStatement().executeQuery("SELECT COUNT(*) FROM inbox")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getLong(1)).isEqualTo(1);
        }
        Result status = new Jar(folder).env(env).args("status").run();
        assertThat(status.code).as(status.toString()).isZero();
        assertThat(status.out).contains("TrackingTech   disconnected");
    }

    @Test
    void aRoutesFolderReplacesTheBuiltInRoutesAndMustHoldTheWebhookRoute() throws Exception {
        Map<String, String> env = Map.of("WOOTRACK_DATA_DIR", home.resolve("data").toString(),
                "WOOTRACK_WOOCOMMERCE_WEBHOOK_SECRET", SECRET, "WOOTRACK_HTTP_PORT",
                Integer.toString(TestApp.freePort()));

        Path emptyRoutes = folder("empty-routes");
        Files.createDirectories(emptyRoutes.resolve("routes"));
        Result none = new Jar(emptyRoutes).env(env).args("run").run();
        assertThat(none.code).as(none.toString()).isNotZero();
        assertThat(none.errLines()).singleElement().asString().contains(emptyRoutes.resolve("routes").toRealPath()
                .toString(), "holds no *.camel.yaml route files").doesNotContain("wootrack.routes-dir");

        Path noWebhook = folder("no-webhook");
        builtInRoutesInto(noWebhook.resolve("routes"));
        Files.delete(noWebhook.resolve("routes").resolve("woocommerce-webhook.camel.yaml"));
        Result missing = new Jar(noWebhook).env(env).args("run").run();
        assertThat(missing.code).as(missing.toString()).isNotZero();
        assertThat(missing.errLines()).singleElement().asString()
                .contains("the route 'wootrack-woocommerce-webhook' is missing from");

        Path noRoutes = folder("no-routes-in-the-files");
        Files.createDirectories(noRoutes.resolve("routes"));
        Files.writeString(noRoutes.resolve("routes").resolve("nothing.camel.yaml"),
                "# a route configuration, no route\n- routeConfiguration:\n    id: nothing-but-configuration\n");
        Result zero = new Jar(noRoutes).env(env).args("run").run();
        assertThat(zero.code).as(zero.toString()).isNotZero();
        assertThat(zero.errLines()).singleElement().asString().contains("no routes loaded from");

        // wootrack.routes-dir: a copy of the routes anywhere
        Path copy = builtInRoutesInto(home.resolve("etc").resolve("wootrack-routes"));
        int port = TestApp.freePort();
        Map<String, String> withDir = new HashMap<>(env);
        withDir.put("WOOTRACK_HTTP_PORT", Integer.toString(port));
        withDir.put("WOOTRACK_ROUTES_DIR", copy.toString());
        Jar run = new Jar(folder("elsewhere")).env(withDir).args("run").start();
        run.awaitUp(port);
        assertThat(run.out()).contains("route file(s) from " + copy.toRealPath() + " (wootrack.routes-dir)");
        assertThat(webhook(port, Fixtures.order(727, "processing"), SECRET).statusCode()).isEqualTo(200);
    }

    /** The routes the jar carries, copied into a folder. */
    private static Path builtInRoutesInto(Path folder) throws IOException {
        Files.createDirectories(folder);
        try (JarFile jar = new JarFile(JAR.toFile())) {
            for (JarEntry e : Collections.list(jar.entries())) {
                if (e.getName().startsWith("wootrack/routes/") && e.getName().endsWith(".camel.yaml")) {
                    Path to = folder.resolve(e.getName().substring("wootrack/routes/".length()));
                    Files.createDirectories(to.getParent());
                    try (InputStream in = jar.getInputStream(e)) {
                        Files.copy(in, to);
                    }
                }
            }
        }
        return folder;
    }

    // ------------------------------------------------------------------------------------------------ item 5

    @Test
    void aBadSettingStopsStartUpWithOneLineNamingKeyVariableValueAndWhatIsExpected() throws Exception {
        Path file = Files.writeString(home.resolve("a-file"), "not a folder");
        Map<String, String> base = Map.of("WOOTRACK_WOOCOMMERCE_WEBHOOK_SECRET", SECRET,
                "WOOTRACK_DATA_DIR", home.resolve("data").toString(),
                "WOOTRACK_HTTP_PORT", Integer.toString(TestApp.freePort()));
        record Bad(String key, String env, String value, String expected) {
        }
        List<Bad> cases = List.of(
                new Bad("wootrack.http.port", "WOOTRACK_HTTP_PORT", "abc", "expected a port number"),
                new Bad("wootrack.trackingtech.base-url", "WOOTRACK_TRACKINGTECH_BASE_URL", "not a url",
                        "expected an http:// or https:// URL"),
                new Bad("wootrack.data-dir", "WOOTRACK_DATA_DIR", file.toString(), "expected a folder"),
                new Bad("wootrack.data-dir", "WOOTRACK_DATA_DIR", file.resolve("sub").toString(), "expected a folder"),
                new Bad("wootrack.woocommerce.trigger-statuses", "WOOTRACK_WOOCOMMERCE_TRIGGER_STATUSES", ",",
                        "expected a comma list of one or more WooCommerce statuses"));
        Path folder = folder("bad");
        List<Jar> runs = new ArrayList<>();
        for (Bad bad : cases) {
            Map<String, String> env = new HashMap<>(base);
            env.put(bad.env(), bad.value());
            runs.add(new Jar(folder).env(env).args("run"));
        }
        List<Result> results = runAll(runs);
        for (int i = 0; i < cases.size(); i++) {
            Bad bad = cases.get(i);
            Result r = results.get(i);
            assertThat(r.code).as(r.toString()).isNotZero();
            assertThat(r.errLines()).as(r.toString()).singleElement().asString()
                    .contains("'" + bad.key() + "'", bad.env(), "'" + bad.value() + "'", bad.expected())
                    .doesNotContain("For input string", "Exception", "routes/");
            assertThat(r.out).as(r.toString()).doesNotContain("\tat ");
        }
        assertThat(file).isRegularFile();
        assertThat(Files.isDirectory(file.resolve("sub"))).isFalse();
    }

    @Test
    void aCommandOtherThanRunRefusesADataDirThatDoesNotExistAndCreatesNothing() throws Exception {
        Path missing = home.resolve("no-such-data");
        Map<String, String> env = Map.of("WOOTRACK_DATA_DIR", missing.toString());
        Path folder = folder("commands");
        List<Result> results = runAll(List.of(new Jar(folder).env(env).args("status"),
                new Jar(folder).env(env).args("dead-letters"),
                new Jar(folder).env(env).args("disconnect"),
                new Jar(folder).env(env).args("backfill", "--since", "2026-01-01")));
        for (Result r : results) {
            assertThat(r.code).as(r.toString()).isNotZero();
            assertThat(r.errLines()).as(r.toString()).singleElement().asString()
                    .contains("'wootrack.data-dir'", "WOOTRACK_DATA_DIR", missing.toString(), "does not exist")
                    .doesNotContain("Exception");
        }
        assertThat(missing).doesNotExist();
        try (Stream<Path> files = Files.list(folder)) {
            assertThat(files).isEmpty();
        }

        Result help = new Jar(folder).args("run", "--help").run();
        assertThat(help.code).as(help.toString()).isZero();
        assertThat(help.out).contains("Usage: wootrack run", "--set=KEY=VALUE", "--config=FILE");
    }

    // ----------------------------------------------------------------------------------------------- item 12

    @Test
    void aSecondRunOnTheSameDataDirIsRefusedTouchesNothingAndAKilledOneLeavesItFree() throws Exception {
        Path dataDir = home.resolve("shared-data");
        int port = TestApp.freePort();
        Map<String, String> env = new HashMap<>(Map.of("WOOTRACK_DATA_DIR", dataDir.toString(),
                "WOOTRACK_WOOCOMMERCE_WEBHOOK_SECRET", SECRET,
                "WOOTRACK_HTTP_PORT", Integer.toString(port),
                "WOOTRACK_TRACKINGTECH_BASE_URL", trackingTech.baseUrl(),
                "WOOTRACK_TRACKINGTECH_TOKEN", TrackingTechSandbox.TOKEN,
                "WOOTRACK_TRACKINGTECH_STORE_ID", TrackingTechSandbox.STORE,
                "WOOTRACK_TRACKINGTECH_CUSTOMER_ID", TrackingTechSandbox.CUSTOMER,
                "WOOTRACK_TRACKINGTECH_TIMEOUT", "2m"));
        Path folder = folder("twice");
        Jar first = new Jar(folder).env(env).args("run").start();
        first.awaitUp(port);

        // an order in flight: TrackingTech holds its answer, so the first holds the order's lock and inbox claim
        trackingTech.holdOrders();
        assertThat(webhook(port, Fixtures.recentOrder(4242, "processing"), SECRET).statusCode()).isEqualTo(200);
        await().atMost(UP).until(() -> trackingTech.orderPostsFor(4242).size() == 1);
        String held = "SELECT CONCAT((SELECT COUNT(*) FROM order_lock), '/', (SELECT COUNT(*) FROM inbox"
                + " WHERE state = 'pending' AND claimed_by IS NOT NULL))";
        assertThat(query(dataDir, held)).isEqualTo("1/1");

        int otherPort = TestApp.freePort();
        Map<String, String> second = new HashMap<>(env);
        second.put("WOOTRACK_HTTP_PORT", Integer.toString(otherPort));
        Result refused = new Jar(folder).env(second).args("run").run();
        assertThat(refused.code).as(refused.toString()).isNotZero();
        assertThat(refused.errLines()).as(refused.toString()).singleElement().asString()
                .contains(dataDir.toString(), "in use by another WooTrack", "pid " + first.pid(), "port " + port)
                .doesNotContain("Exception");
        assertThat(listening(otherPort)).isFalse();
        assertThat(query(dataDir, held)).as("the first one's order lock and claim").isEqualTo("1/1");

        trackingTech.release();
        await().atMost(UP).until(() -> trackingTech.created() == 1);
        await().atMost(UP).until(() -> query(dataDir, held).equals("0/0"));

        first.kill9();
        Jar third = new Jar(folder).env(env).args("run").start();
        third.awaitUp(port);
        assertThat(Files.readString(dataDir.resolve("run.lock"))).contains("pid " + third.pid());
        assertThat(trackingTech.orderPostsFor(4242)).hasSize(1);
    }

    /** One value from the embedded database, opened through AUTO_SERVER with the generated password. */
    private static String query(Path dataDir, String sql) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:h2:file:" + dataDir.resolve("wootrack")
                + ";AUTO_SERVER=TRUE", "wootrack", Files.readString(dataDir.resolve("db-password")).trim());
             PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getString(1);
        }
    }

    // ------------------------------------------------------------------------------------------------ helpers

    private Path folder(String name) throws IOException {
        return Files.createDirectories(home.resolve("cwd").resolve(name));
    }

    private HttpResponse<String> webhook(int port, String body, String secret) throws Exception {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/webhooks/woocommerce"))
                .header("Content-Type", "application/json")
                .header("X-WC-Webhook-Topic", "order.updated")
                .header("X-WC-Webhook-Resource", "order")
                .header("X-WC-Webhook-Event", "updated")
                .header("X-WC-Webhook-Signature", new WebhookSignature(secret).sign(bytes))
                .POST(HttpRequest.BodyPublishers.ofByteArray(bytes)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private int health(int port) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/observe/health"))
                .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private int ready(int port) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/observe/health/ready"))
                .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    /** Whether anything accepts connections on this loopback port. */
    private static boolean listening(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 1000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** A port nothing listens on (it was free a moment ago, and is below the ephemeral range). */
    private static int closedPort() throws IOException {
        return TestApp.freePort();
    }

    /** The local addresses of the sockets listening on a TCP port, from the kernel's tables. */
    private static List<String> listeners(int port) throws IOException {
        List<String> out = new ArrayList<>();
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            Path p = Path.of(table);
            if (!Files.exists(p)) {
                continue;
            }
            for (String line : Files.readAllLines(p).subList(1, Files.readAllLines(p).size())) {
                String[] f = line.trim().split("\\s+");
                String[] local = f[1].split(":");
                if (f[3].equals("0A") && Integer.parseInt(local[1], 16) == port) {
                    out.add(address(local[0]));
                }
            }
        }
        return out;
    }

    /** A /proc/net address (hex, 32-bit words in host byte order) as text. */
    private static String address(String hex) throws IOException {
        byte[] bytes = new byte[hex.length() / 2];
        for (int word = 0; word < bytes.length / 4; word++) {
            for (int b = 0; b < 4; b++) {
                bytes[word * 4 + b] = (byte) Integer.parseInt(hex.substring(word * 8 + (3 - b) * 2,
                        word * 8 + (3 - b) * 2 + 2), 16);
            }
        }
        InetAddress a = InetAddress.getByAddress(bytes);
        if (bytes.length == 16 && Arrays.equals(Arrays.copyOf(bytes, 12),
                new byte[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff, (byte) 0xff})) {
            return "::ffff:" + InetAddress.getByAddress(Arrays.copyOfRange(bytes, 12, 16)).getHostAddress();
        }
        return a instanceof Inet4Address ? a.getHostAddress()
                : a.isLoopbackAddress() ? "::1" : a.isAnyLocalAddress() ? "::" : a.getHostAddress();
    }

    private static List<InetAddress> nonLoopbackAddresses() throws IOException {
        List<InetAddress> out = new ArrayList<>();
        for (NetworkInterface ni : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (ni.isUp() && !ni.isLoopback()) {
                Collections.list(ni.getInetAddresses()).stream().filter(a -> a instanceof Inet4Address)
                        .forEach(out::add);
            }
        }
        return out;
    }

    /** Several short commands at once (each its own process): the machine has cores to spare while one starts. */
    private static List<Result> runAll(List<Jar> jars) throws Exception {
        List<java.util.concurrent.CompletableFuture<Result>> running = new ArrayList<>();
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(3);
        try {
            for (Jar j : jars) {
                running.add(java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                    try {
                        return j.run();
                    } catch (Exception e) {
                        throw new java.util.concurrent.CompletionException(e);
                    }
                }, pool));
            }
            List<Result> out = new ArrayList<>();
            for (var f : running) {
                out.add(f.get());
            }
            return out;
        } finally {
            pool.shutdownNow();
        }
    }

    /** What a finished command printed. */
    record Result(List<String> command, int code, String out, String err) {
        /** The non-empty lines on stderr. */
        List<String> errLines() {
            return err.lines().filter(l -> !l.isBlank()).toList();
        }

        @Override
        public String toString() {
            return String.join(" ", command) + " -> exit " + code + "\n--- stdout\n" + out + "\n--- stderr\n" + err;
        }
    }

    /** {@code java [jvm options] -jar wootrack.jar args…} in a folder, with an environment of its own. */
    final class Jar {
        private final Path cwd;
        private final Map<String, String> env = new HashMap<>();
        private final List<String> jvm = new ArrayList<>(JVM);
        private final List<String> args = new ArrayList<>();
        private String stdin;
        private Process process;
        private Path out;
        private Path err;

        Jar(Path cwd) {
            this.cwd = cwd;
        }

        Jar env(Map<String, String> vars) {
            env.putAll(vars);
            return this;
        }

        Jar jvm(String... options) {
            jvm.addAll(List.of(options));
            return this;
        }

        Jar args(String... more) {
            args.addAll(List.of(more));
            return this;
        }

        /** Piped standard input (so no terminal); null: none at all (/dev/null). */
        Jar stdin(String text) {
            stdin = text;
            return this;
        }

        List<String> command() {
            List<String> line = new ArrayList<>();
            line.add(JAVA);
            line.addAll(jvm);
            line.addAll(List.of("-jar", JAR.toString()));
            line.addAll(args);
            return line;
        }

        Jar start() throws IOException {
            int n;
            synchronized (OperatorIT.this) {
                n = ++launched;
            }
            Path logs = Files.createDirectories(home.resolve("logs"));
            out = logs.resolve(n + "-" + args.get(0) + ".out");
            err = logs.resolve(n + "-" + args.get(0) + ".err");
            ProcessBuilder pb = new ProcessBuilder(command()).directory(cwd.toFile())
                    .redirectOutput(out.toFile()).redirectError(err.toFile());
            pb.environment().keySet().removeIf(k -> k.startsWith("WOOTRACK_") || k.startsWith("CAMEL_"));
            pb.environment().putAll(env);
            if (stdin == null) {
                pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
            }
            process = pb.start();
            processes.add(process);
            if (stdin != null) {
                try (var in = process.getOutputStream()) {
                    in.write(stdin.getBytes(StandardCharsets.UTF_8));
                }
            }
            return this;
        }

        /** Starts it and waits for it to end (a command). */
        Result run() throws Exception {
            start();
            assertThat(process.waitFor(2, TimeUnit.MINUTES)).as(String.join(" ", command()) + " ended").isTrue();
            return new Result(args, process.exitValue(), out(), Files.readString(err));
        }

        /**
         * Waits until it is ready (its routes started: the HTTP server answers a moment before the webhook route is
         * there); fails at once when the process ends instead.
         */
        void awaitUp(int port) throws IOException {
            try {
                await().atMost(UP).pollInterval(Duration.ofMillis(200)).ignoreExceptions()
                        .failFast("WooTrack ended before it was up", () -> !process.isAlive())
                        .until(() -> ready(port) == 200);
            } catch (RuntimeException notUp) {
                throw new AssertionError(String.join(" ", command()) + " is not up on port " + port + ": "
                        + notUp.getMessage() + "\n--- stdout\n" + out() + "\n--- stderr\n" + Files.readString(err),
                        notUp);
            }
        }

        String out() throws IOException {
            return Files.readString(out);
        }

        boolean isAlive() {
            return process.isAlive();
        }

        long pid() {
            return process.pid();
        }

        /** SIGKILL: no shutdown hook, nothing released but by the OS. */
        void kill9() throws InterruptedException {
            process.destroyForcibly();
            assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
    }
}
