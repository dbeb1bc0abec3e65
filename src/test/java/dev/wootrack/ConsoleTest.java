package dev.wootrack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.wootrack.sandbox.TrackingTechSandbox;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.logging.Level;
import java.util.stream.Collectors;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.Rectangle;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The admin console end to end in a real headless Chromium (Debian's {@code chromium} and {@code chromedriver};
 * {@code .ci/run} installs them): sign in, the connect wizard against the sandbox with a wrong code and a wrong
 * password, orders from webhooks, a dead letter replayed, a phone-sized screen, disconnect. Each page is
 * photographed into {@code target/console/}, and the photographs are checked: the badge's colour, the width.
 */
class ConsoleTest {

    static final String CHROMIUM = System.getProperty("console.chromium", "/usr/bin/chromium");
    static final String CHROMEDRIVER = System.getProperty("console.chromedriver", "/usr/bin/chromedriver");
    static final String ADMIN = "console-admin-token-7";
    static final ZoneId BROWSER_ZONE = ZoneId.of("America/Santiago");
    static final Path SHOTS = Path.of("target", "console");

    @TempDir
    Path dataDir;
    @TempDir
    Path profile;

    TrackingTechSandbox trackingTech;
    TestApp app;
    ChromeDriver browser;
    WebDriverWait wait;

    @BeforeEach
    void start() throws Exception {
        assertThat(new File(CHROMIUM)).as("Chromium is needed for this test: apt-get install chromium chromium-driver"
                + " (.ci/run does)").exists();
        assertThat(new File(CHROMEDRIVER)).as("chromedriver: apt-get install chromium-driver").exists();
        Files.createDirectories(SHOTS);
        trackingTech = new TrackingTechSandbox();
        Map<String, String> s = TestApp.settings(dataDir, trackingTech);
        s.remove("wootrack.trackingtech.token"); // not connected: the wizard connects
        s.remove("wootrack.trackingtech.store-id");
        s.remove("wootrack.trackingtech.customer-id");
        s.put("wootrack.woocommerce.url", "https://tienda.example.cl");
        s.put("wootrack.woocommerce.poll.enabled", "false");
        s.put("wootrack.writeback.enabled", "false");
        s.put("wootrack.admin.token", ADMIN);
        app = TestApp.start(s);

        ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM).addArguments("--headless=new",
                "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage", "--lang=en-US",
                "--window-size=1280,900", "--user-data-dir=" + profile.toAbsolutePath());
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(new File(CHROMEDRIVER))
                .usingAnyFreePort().withEnvironment(Map.of("TZ", BROWSER_ZONE.getId())).build();
        browser = new ChromeDriver(service, options);
        wait = new WebDriverWait(browser, Duration.ofSeconds(15));
    }

    @AfterEach
    void stop() throws Exception {
        if (browser != null) {
            browser.quit();
        }
        if (app != null) {
            app.close();
        }
        if (trackingTech != null) {
            trackingTech.close();
        }
    }

    @Test
    void anOperatorConnectsSeesOrdersReplaysADeadLetterAndDisconnects() throws Exception {
        browser.get(app.url("/console"));
        assertThat(browser.getTitle()).isEqualTo("WooTrack console");

        // sign in: a wrong token is refused next to the field; nothing else is shown
        type("token", "not-the-token" + Keys.ENTER);
        assertThat(errorOf("token")).contains("not this WooTrack's admin token");
        assertThat(find("#nav").isDisplayed()).isFalse();
        type("token", ADMIN + Keys.ENTER); // the keyboard alone signs in
        waitText("#badge", "Disconnected");
        assertThat(browser.switchTo().activeElement().getAttribute("id")).isEqualTo("status-title");
        BufferedImage disconnected = shot("1-status-disconnected");
        assertThat(colourAt(disconnected, find("#badge"))).as("badge colour").satisfies(ConsoleTest::isRed);

        // the wizard, as the plugin does it: a code TrackingTech does not know, then the right one
        click("[data-view=connect]");
        type("code", "NOPE" + Keys.ENTER);
        assertThat(errorOf("code")).contains("Unknown courier code 'NOPE'");
        assertThat(find("#code").getAttribute("aria-invalid")).isEqualTo("true");
        shot("2-connect-unknown-code");
        type("code", TrackingTechSandbox.CODE + Keys.ENTER);
        waitVisible("#step-2");
        assertThat(find("#tenant-name").getText()).contains(TrackingTechSandbox.CODE);
        // a wrong password: the plugin's reason next to the password
        type("email", TrackingTechSandbox.EMAIL);
        type("password", "wrong-password" + Keys.ENTER);
        assertThat(errorOf("password")).contains("Wrong email or password");
        shot("3-connect-wrong-password");
        type("password", TrackingTechSandbox.PASSWORD + Keys.ENTER);
        waitVisible("#step-3");
        List<String> stores = browser.findElements(By.cssSelector("#stores label")).stream().map(WebElement::getText)
                .toList();
        assertThat(stores).containsExactly("Tienda Centro (s_1)", "Tienda Sur (s_2)");
        // a store linked to another installation: refused at the link, the reason next to the store list
        click("#store-1");
        click("#step-3 button[type=submit]");
        waitVisible("#step-4");
        assertThat(find("#confirm-store").getText()).isEqualTo("Tienda Sur (s_2)");
        click("#link");
        assertThat(errorOf("store")).contains("already linked to another WooCommerce installation");
        shot("4-connect-store-taken");
        click("#store-0");
        click("#step-3 button[type=submit]");
        waitVisible("#step-4");
        shot("5-connect-confirm");
        click("#link");
        waitText("#badge", "Connected");
        assertThat(find("#notice").getText()).contains("Connected: Tienda Centro");
        assertThat(trackingTech.links()).containsKey(TrackingTechSandbox.STORE);
        BufferedImage connected = shot("6-connected");
        assertThat(colourAt(connected, find("#badge"))).as("badge colour").satisfies(ConsoleTest::isGreen);

        // orders: one TrackingTech refuses (a dead letter), five it takes
        trackingTech.answerNext(TrackingTechSandbox.Answer.of(400,
                "{\"error\":\"validation_failed\",\"message\":\"shipping.address1 is required\"}"));
        app.webhook(Fixtures.recentOrder(9000, "processing"), "order.updated");
        await().atMost(Duration.ofSeconds(15)).until(() -> app.decisions(9000).contains("dead-letter"));
        for (long id = 9001; id <= 9005; id++) {
            app.webhook(Fixtures.recentOrder(id, "processing"), "order.updated");
        }
        app.webhook(Fixtures.recentOrder(9006, "on-hold"), "order.updated");
        await().atMost(Duration.ofSeconds(15)).until(() -> trackingTech.created() == 5
                && app.decisions(9006).contains("ignored"));

        // a second webhook for 9001: a duplicate, its latest event; its state stays sent
        app.webhook(Fixtures.recentOrder(9001, "processing"), "order.updated");
        await().atMost(Duration.ofSeconds(15)).until(() -> app.decisions(9001).contains("duplicate"));

        click("[data-view=status]");
        waitText("#day-counts", "sent");
        assertThat(find("#day-counts").getText()).contains("sent\n5").contains("dead-letter\n1").contains("ignored\n1");
        assertThat(find("#hook-facts").getText()).contains("Signature failures\n0")
                .doesNotContain("Last signed delivery\n—");
        // the nodes that share the database (one here: this one, alive), and the webhooks' figures are all nodes'
        assertThat(find("#c-hooks").getText()).isEqualTo("Webhooks (all nodes)");
        assertThat(find("#node-facts").getText()).contains("(this one)").contains("alive, last webhook");
        // no reconciliation yet (the scheduled one is due a day after start)
        assertThat(find("#reconcile-facts").getText()).contains("Last run\nnone yet");
        shot("7-status-connected");
        // a reconciliation that could not be done (this WooTrack has no REST keys) says why
        dev.wootrack.reconcile.Reconciler reconciler = app.bean("wootrackReconciler",
                dev.wootrack.reconcile.Reconciler.class);
        dev.wootrack.reconcile.Reconciliation run = reconciler.of(java.time.Instant.now().minusSeconds(3600),
                java.time.Instant.now(), false);
        org.apache.camel.Exchange done = app.runtime().context().createProducerTemplate()
                .send("direct:wootrack-reconcile-run", e -> e.getMessage().setBody(run));
        reconciler.failed(run, done.getException());
        click("#status-refresh");
        waitText("#reconcile-facts", "could not reconcile");
        assertThat(find("#reconcile-facts").getText()).contains("REST keys are not set").contains("(command)");

        click("[data-view=orders]");
        waitText("#orders-count", "of 7 orders");
        assertThat(rows("#orders")).hasSize(7);
        assertThat(rows("#orders")).extracting(r -> r.substring(0, 5)).containsExactlyInAnyOrder("#9000", "#9001",
                "#9002", "#9003", "#9004", "#9005", "#9006"); // the order among them: OrderListTest
        String sentRow = rows("#orders").stream().filter(r -> r.startsWith("#9003")).findFirst().orElseThrow();
        // the TrackingTech order id the sandbox gave it (tt_<n>), as TrackingTech answered it
        java.util.regex.Matcher tt = java.util.regex.Pattern.compile("\\b(tt_\\w+)").matcher(sentRow);
        assertThat(tt.find()).as("a TrackingTech id in %s", sentRow).isTrue();
        String ttId = tt.group(1);
        assertThat(sentRow).contains("processing").contains("sent");
        assertThat(rows("#orders").stream().filter(r -> r.startsWith("#9001")).findFirst().orElseThrow())
                .as("the state, not the latest event").contains("sent").doesNotContain("duplicate");
        assertThat(rows("#orders").stream().filter(r -> r.startsWith("#9000")).findFirst().orElseThrow())
                .contains("dead letter");
        shot("8-orders");
        // filtered by state: every sent order, the duplicated one too; the dead letter alone
        new org.openqa.selenium.support.ui.Select(find("#state")).selectByValue("sent");
        click("#order-search button[type=submit]");
        waitText("#orders-count", "1–5 of 5 orders");
        assertThat(rows("#orders")).extracting(r -> r.substring(0, 5)).containsExactlyInAnyOrder("#9001", "#9002",
                "#9003", "#9004", "#9005");
        new org.openqa.selenium.support.ui.Select(find("#state")).selectByValue("dead-letter");
        click("#order-search button[type=submit]");
        waitText("#orders-count", "1–1 of 1 orders");
        assertThat(rows("#orders")).singleElement().asString().startsWith("#9000").contains("dead letter");
        shot("8b-orders-dead-letter");
        new org.openqa.selenium.support.ui.Select(find("#state")).selectByValue("");
        // search by TrackingTech's id, by keyboard
        type("q", ttId + Keys.ENTER);
        waitText("#orders-count", "1–1 of 1 orders");
        assertThat(rows("#orders")).singleElement().asString().startsWith("#9003");
        click("#orders tbody button");
        waitVisible("#history");
        assertThat(find("#history-title").getText()).isEqualTo("Order #9003: what happened");
        assertThat(find("#history-list").getText()).contains("sent").contains("TrackingTech order " + ttId);
        // times in the browser's time zone (America/Santiago here), not the server's (UTC)
        String iso = find("#history-list time").getAttribute("datetime");
        String expected = DateTimeFormatter.ofPattern("h:mm:ss", Locale.US).format(Instant.parse(iso).atZone(BROWSER_ZONE));
        assertThat(find("#history-list time").getText()).contains(expected);
        shot("9-order-history");

        // the dead letter: listed with its reason and status, replayed, and then TrackingTech has it
        click("[data-view=dead-letters]");
        waitText("#dead-letters tbody", "#9000");
        assertThat(rows("#dead-letters")).singleElement().asString().contains("HTTP 400").contains("400");
        shot("10-dead-letters");
        click("#dead-letters tbody input[type=checkbox]");
        click("#dl-replay-selected");
        waitText("#dl-result", "1 replayed");
        assertThat(find("#dead-letters tbody td.result").getText()).isEqualTo("Replayed");
        // TrackingTech has it a moment before WooTrack has recorded its answer
        await().atMost(Duration.ofSeconds(15)).until(() -> trackingTech.created() == 6
                && app.decisions(9000).get(app.decisions(9000).size() - 1).equals("sent"));
        shot("11-dead-letter-replayed");
        // replayed and sent: the list says so
        click("[data-view=orders]");
        type("q", ""); // the search by TrackingTech id, cleared
        new org.openqa.selenium.support.ui.Select(find("#state")).selectByValue("sent");
        click("#order-search button[type=submit]");
        waitText("#orders-count", "1–6 of 6 orders");
        new org.openqa.selenium.support.ui.Select(find("#state")).selectByValue("");
        click("[data-view=dead-letters]");
        click("#dl-refresh");
        waitVisible("#dl-empty");
        // two more: one replayed by its own button, then "replay all" takes the other
        for (long id = 9007; id <= 9008; id++) {
            long order = id;
            trackingTech.answerNext(TrackingTechSandbox.Answer.of(400, "{\"error\":\"validation_failed\"}"));
            app.webhook(Fixtures.recentOrder(order, "processing"), "order.updated");
            await().atMost(Duration.ofSeconds(15)).until(() -> app.decisions(order).contains("dead-letter"));
        }
        click("#dl-refresh");
        waitText("#dead-letters tbody", "#9008");
        click("#dead-letters tbody tr:first-child td:last-child button");
        waitText("#dl-result", "1 replayed");
        click("#dl-replay-all");
        waitText("#dl-result", "All open dead letters replayed: 1.");
        assertThat(browser.findElements(By.cssSelector("#dead-letters td.result"))).extracting(WebElement::getText)
                .containsOnly("Replayed");
        await().atMost(Duration.ofSeconds(15)).until(() -> trackingTech.created() == 8
                && app.decisions(9007).get(app.decisions(9007).size() - 1).equals("sent")
                && app.decisions(9008).get(app.decisions(9008).size() - 1).equals("sent"));

        // a phone: 360 px wide, nothing wider than the screen, rows as labelled cards
        phone(true);
        click("[data-view=orders]");
        type("q", Keys.ENTER); // the search from before, cleared
        waitText("#orders-count", "of 9 orders");
        BufferedImage narrow = shot("12-orders-360px");
        assertThat(narrow.getWidth()).isEqualTo(360);
        assertThat(((Number) js("return document.documentElement.scrollWidth")).intValue()).isLessThanOrEqualTo(360);
        assertThat((String) js("return getComputedStyle(document.querySelector('#orders td'), '::before').content"))
                .isEqualTo("\"Order\"");
        phone(false);

        // disconnect, confirmed in a dialog: TrackingTech is told, the badge turns red
        click("[data-view=connect]");
        waitVisible("#connected-panel");
        click("#disconnect");
        waitVisible("#disconnect-dialog");
        shot("13-disconnect-confirm");
        click("#disconnect-confirm");
        waitText("#badge", "Disconnected");
        assertThat(trackingTech.accountRequests()).anyMatch(r -> r.path().endsWith("/integrations/uninstall"));
        waitVisible("#wizard");
        shot("14-disconnected");

        // signing out leaves no order data in the page
        click("#sign-out");
        waitVisible("#view-sign-in");
        assertThat(find("#orders tbody").getAttribute("innerHTML")).isEmpty();

        // the page broke no rule of its Content-Security-Policy and threw nothing
        List<String> problems = browser.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(e -> e.getLevel().intValue() >= Level.WARNING.intValue()).map(LogEntry::getMessage)
                .filter(m -> !m.contains("/admin/")) // refused calls (the wrong token, 422s) are logged as such
                .collect(Collectors.toList());
        assertThat(problems).isEmpty();
    }

    /** Issue 16: an order an address check holds is listed under "Needs review", and "Send anyway" sends it once. */
    @Test
    void anOrderHeldForReviewIsListedWithWhatWasFoundAndSentAnyway() throws Exception {
        app.close();
        Map<String, String> s = TestApp.settings(dataDir, trackingTech); // connected this time
        s.put("wootrack.woocommerce.url", "https://tienda.example.cl");
        s.put("wootrack.woocommerce.poll.enabled", "false");
        s.put("wootrack.writeback.enabled", "false");
        s.put("wootrack.admin.token", ADMIN);
        s.put("wootrack.address.check.commune", "hold");
        app = TestApp.start(s);
        app.webhook(AddressChecksPipelineTest.chilean(9100, "CL-RM", "Gotham", "+56 9 8765 4321", null), "order.updated");
        app.webhook(AddressChecksPipelineTest.chilean(9101, "CL-RM", "Ñuñoa", "+56987654321", null), "order.updated");
        await().atMost(Duration.ofSeconds(15)).until(() -> app.decisions(9100).contains("parked")
                && app.decisions(9101).contains("sent"));

        browser.get(app.url("/console"));
        type("token", ADMIN + Keys.ENTER);
        waitText("#badge", "Connected");
        click("[data-view=needs-review]");
        waitText("#needs-review tbody", "#9100");
        assertThat(rows("#needs-review")).singleElement().asString().startsWith("#9100")
                .contains("commune held: 'Gotham' is not a commune of RM").doesNotContain("8765");
        shot("15-needs-review");
        click("#needs-review tbody button.primary");
        waitText("#nr-result", "goes to TrackingTech");
        assertThat(find("#needs-review tbody td.result").getText()).isEqualTo("Sent anyway");
        await().atMost(Duration.ofSeconds(15)).until(() -> trackingTech.orderPostsFor(9100).size() == 1
                && app.decisions(9100).get(app.decisions(9100).size() - 1).equals("sent"));
        click("#nr-refresh");
        waitVisible("#nr-empty");
        assertThat(trackingTech.orderPostsFor(9101)).hasSize(1);
    }

    @Test
    void theConsoleIsServedWithStrictHeadersAndTheApiNeedsTheToken() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create(app.url("/console"))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
        assertThat(page.headers().firstValue("Content-Security-Policy").orElseThrow())
                .contains("default-src 'none'").contains("script-src 'self'").contains("frame-ancestors 'none'")
                .doesNotContain("unsafe-inline").doesNotContain("unsafe-eval");
        assertThat(page.headers().firstValue("X-Frame-Options")).hasValue("DENY");
        assertThat(page.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
        assertThat(page.body()).doesNotContain("<script>").doesNotContain("style=").doesNotContain("http://")
                .doesNotContain("https://");
        for (String file : List.of("/console/console.js", "/console/console.css", "/console/icon.svg")) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(app.url(file))).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(file).isEqualTo(200);
            assertThat(r.headers().firstValue("Content-Security-Policy")).as(file).isPresent();
        }
        assertThat(http.send(HttpRequest.newBuilder(URI.create(app.url("/console/../application.properties"))).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(404);
        assertThat(http.send(HttpRequest.newBuilder(URI.create(app.url("/console/other.js"))).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(404);
        // the data needs the token; a cookie is no substitute (there are none)
        HttpResponse<String> orders = http.send(HttpRequest.newBuilder(URI.create(app.url("/admin/orders")))
                .header("Cookie", "token=" + ADMIN).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(orders.statusCode()).isEqualTo(401);
        assertThat(orders.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
        assertThat(orders.headers().firstValue("X-Frame-Options")).hasValue("DENY");
        HttpResponse<String> bad = http.send(HttpRequest.newBuilder(URI.create(app.url("/admin/orders?page=x")))
                .header("Authorization", "Bearer " + ADMIN).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("invalid_parameter").doesNotContain("Exception");
    }

    // ---- helpers ----

    private WebElement find(String css) {
        return browser.findElement(By.cssSelector(css));
    }

    private void click(String css) {
        wait.until(d -> {
            WebElement e = d.findElement(By.cssSelector(css));
            return e.isDisplayed() && e.isEnabled() ? e : null;
        }).click();
    }

    private void type(String id, CharSequence text) {
        WebElement input = wait.until(d -> {
            WebElement e = d.findElement(By.id(id));
            return e.isDisplayed() && e.isEnabled() ? e : null;
        });
        input.clear();
        input.sendKeys(text);
    }

    private String errorOf(String field) {
        return wait.until(d -> {
            String t = d.findElement(By.id(field + "-error")).getText();
            return t.isBlank() ? null : t;
        });
    }

    private void waitText(String css, String text) {
        wait.withMessage(() -> css + " never showed '" + text + "': " + browser.findElements(By.cssSelector(css))
                        .stream().map(WebElement::getText).toList())
                .until(d -> d.findElements(By.cssSelector(css)).stream().anyMatch(e -> e.getText().contains(text)));
    }

    private void waitVisible(String css) {
        wait.until(d -> d.findElement(By.cssSelector(css)).isDisplayed());
    }

    private List<String> rows(String table) {
        return browser.findElements(By.cssSelector(table + " tbody tr")).stream().map(WebElement::getText)
                .map(t -> t.replace('\n', ' ')).toList();
    }

    private Object js(String script) {
        return ((JavascriptExecutor) browser).executeScript(script);
    }

    private void phone(boolean on) {
        if (on) {
            browser.executeCdpCommand("Emulation.setDeviceMetricsOverride", Map.of("width", 360, "height", 780,
                    "deviceScaleFactor", 1, "mobile", true));
        } else {
            browser.executeCdpCommand("Emulation.clearDeviceMetricsOverride", Map.of());
        }
    }

    /** A screenshot into target/console/NAME.png, returned to be looked at. */
    private BufferedImage shot(String name) throws IOException {
        byte[] png = browser.getScreenshotAs(OutputType.BYTES);
        Files.write(SHOTS.resolve(name + ".png"), png);
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
        assertThat(image).as(name).isNotNull();
        return image;
    }

    /** The colour of the screenshot inside an element, just right of its left edge, halfway down. */
    private static int[] colourAt(BufferedImage image, WebElement element) {
        Rectangle r = element.getRect();
        int rgb = image.getRGB(r.getX() + 5, r.getY() + r.getHeight() / 2);
        return new int[] {(rgb >> 16) & 0xff, (rgb >> 8) & 0xff, rgb & 0xff};
    }

    private static void isGreen(int[] c) {
        assertThat(c[1]).as("green of rgb(%d,%d,%d)", c[0], c[1], c[2]).isGreaterThan(c[0] + 50).isGreaterThan(c[2] + 40);
    }

    private static void isRed(int[] c) {
        assertThat(c[0]).as("red of rgb(%d,%d,%d)", c[0], c[1], c[2]).isGreaterThan(c[1] + 80).isGreaterThan(c[2] + 80);
    }
}
