package dev.wootrack.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.wootrack.TestApp;
import dev.wootrack.WebhookClient;
import dev.wootrack.sandbox.TrackingTechSandbox;
import dev.wootrack.sandbox.WooCommerceSimulator;
import dev.wootrack.store.TestPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Three WooTrack nodes (three JVMs running {@code run}) on one real PostgreSQL, started by the test run, against the
 * sandbox and the WooCommerce simulator: webhooks spread round-robin over the nodes while the poller walks the same
 * orders, the polling node killed with SIGKILL in the middle of a walk, a node restarted on the same data, a node
 * stopped cleanly. In order, on the same cluster: each step starts from where the one before left it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterIT {

    static final long CHECKIN_MILLIS = 1000;
    static final long NODE_TIMEOUT_MILLIS = 5000;
    /** What the shop takes per list page: a walk of several pages lasts long enough to be cut in the middle. */
    static final long LIST_PAGE_MILLIS = 150;
    static final String ADMIN_TOKEN = "cluster-admin-token-0123456789abcdef";

    /** Under target/, kept: the nodes' logs are what to read when this fails. */
    static Path dir;
    TrackingTechSandbox trackingTech;
    WooCommerceSimulator shop;
    String dbUrl;
    final List<WooTrackProcess> nodes = new ArrayList<>();
    final List<Map<String, String>> nodeSettings = new ArrayList<>();
    /** List calls the shop is answering right now, and the most there ever were at once. */
    final AtomicInteger listing = new AtomicInteger();
    final AtomicInteger mostListingAtOnce = new AtomicInteger();
    final ConcurrentLinkedQueue<Instant> listCalls = new ConcurrentLinkedQueue<>();

    @BeforeAll
    void startCluster() throws Exception {
        dir = Files.createDirectories(Path.of("target", "cluster-it", Long.toString(System.currentTimeMillis())))
                .toAbsolutePath();
        trackingTech = new TrackingTechSandbox();
        shop = new WooCommerceSimulator();
        shop.beforeListPage(page -> {
            listCalls.add(Instant.now());
            mostListingAtOnce.accumulateAndGet(listing.incrementAndGet(), Math::max);
            try {
                Thread.sleep(LIST_PAGE_MILLIS); // the shop's own latency, not a wait of the test
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                listing.decrementAndGet();
            }
        });
        dbUrl = TestPostgres.newDatabase();
        for (int i = 0; i < 3; i++) {
            Map<String, String> s = TestApp.settings(dir.resolve("node" + i), trackingTech, shop);
            s.put("wootrack.db.url", dbUrl);
            s.put("wootrack.db.user", TestPostgres.USER);
            s.put("wootrack.cluster.checkin-interval", Long.toString(CHECKIN_MILLIS));
            s.put("wootrack.cluster.node-timeout", Long.toString(NODE_TIMEOUT_MILLIS));
            s.put("wootrack.woocommerce.poll.interval", "500");
            s.put("wootrack.writeback.enabled", "false");
            s.put("wootrack.admin.token", ADMIN_TOKEN);
            nodeSettings.add(s);
            nodes.add(new WooTrackProcess(s, dir.resolve("node" + i + ".log"), "-Xmx256m"));
        }
        for (WooTrackProcess node : nodes) {
            node.start();
        }
    }

    @AfterAll
    void stopCluster() throws Exception {
        for (WooTrackProcess node : nodes) {
            node.close();
        }
        if (shop != null) {
            shop.close();
        }
        if (trackingTech != null) {
            trackingTech.close();
        }
    }

    @Test
    @Order(1)
    void webhooksOnEveryNodeAndThePollerDeliverEachOrderOnce() throws Exception {
        assertThat(aliveNodes()).hasSize(3);
        Instant now = shop.now();
        int orders = 300;
        for (long id = 1000; id < 1000 + orders; id++) {
            shop.addOrder(id, "processing", now);
        }
        // the poller walks them; meanwhile every order's webhook arrives too, round-robin over the three nodes
        List<WebhookClient> clients = nodes.stream().map(n -> new WebhookClient(n.port())).toList();
        for (long id = 1000; id < 1000 + orders; id++) {
            int status = clients.get((int) (id % 3)).webhook(shop.order(id).toString(), "order.updated").statusCode();
            assertThat(status).isEqualTo(200);
        }
        await().atMost(Duration.ofMinutes(2)).until(() -> trackingTech.created() == orders);
        assertThat(sentOrders()).hasSize(orders);
        assertDeliveredOnce();
        assertThat(mostListingAtOnce.get()).as("list calls at once").isEqualTo(1);
        // each node took its share of the webhooks; the console of any node lists all three
        assertThat(nodeHealth()).allSatisfy((id, health) -> assertThat(health).contains("\"lastSigned\":\"20"));
    }

    @Test
    @Order(2)
    void killingThePollingNodeMidWalkHandsThePollerToAnotherAndLosesNothing() throws Exception {
        int before = trackingTech.created();
        Instant now = shop.now();
        int orders = 900; // nine pages of 100: a walk of more than a second
        for (long id = 5000; id < 5000 + orders; id++) {
            shop.addOrder(id, "processing", now);
        }
        // the node whose scheduler runs the poll right now, caught in the middle of its walk
        long[] victim = new long[1];
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20)).until(() -> {
            victim[0] = pollingPid();
            return victim[0] > 0 && listing.get() > 0;
        });
        WooTrackProcess polling = nodes.stream().filter(n -> n.pid() == victim[0]).findFirst().orElseThrow();
        String deadNode = nodeIdOf(victim[0]);
        polling.kill9();
        Instant killed = Instant.now();
        // another node takes the poller over: its first list call after the kill
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(20))
                .until(() -> listCalls.stream().anyMatch(t -> t.isAfter(killed.plusMillis(LIST_PAGE_MILLIS))));
        Instant takenOver = listCalls.stream().filter(t -> t.isAfter(killed.plusMillis(LIST_PAGE_MILLIS)))
                .min(Instant::compareTo).orElseThrow();
        long failoverMillis = Duration.between(killed, takenOver).toMillis();
        System.out.println("[cluster] poller failover after kill -9: " + failoverMillis + " ms (check-in "
                + CHECKIN_MILLIS + " ms)");
        Files.writeString(dir.resolve("failover-ms.txt"), Long.toString(failoverMillis));
        // Quartz: the node is failed after its check-in interval + 7.5 s of grace, then the next check-in recovers it
        assertThat(failoverMillis).isLessThan(CHECKIN_MILLIS * 3 + 7_500 + 10_000);

        await().atMost(Duration.ofMinutes(3)).until(() -> trackingTech.created() == before + orders);
        assertDeliveredOnce();
        // an order the dead node had sent but not yet recorded keeps its row (and the order's lock) until the row is
        // taken over, after the node timeout; then it and the later events of that order are decided
        try {
            await().atMost(Duration.ofMillis(NODE_TIMEOUT_MILLIS * 2 + 20_000)).pollInterval(Duration.ofMillis(100))
                    .until(() -> pendingInbox() == 0);
        } catch (org.awaitility.core.ConditionTimeoutException stuck) {
            throw new AssertionError("inbox rows still pending: " + query("SELECT i.id, i.source, i.order_id,"
                    + " i.claimed_by, i.claimed_until, i.attempts, l.inbox_id, l.locked_by, l.locked_until FROM inbox i"
                    + " LEFT JOIN order_lock l ON l.order_id = i.order_id WHERE i.state = 'pending'", rs -> {
                        StringBuilder b = new StringBuilder("{");
                        for (int c = 1; c <= rs.getMetaData().getColumnCount(); c++) {
                            b.append(rs.getMetaData().getColumnLabel(c)).append('=').append(rs.getObject(c)).append(' ');
                        }
                        return b.append('}').toString();
                    }) + " (dead node " + deadNode + ")", stuck);
        }
        assertThat(cursorUpdatedAt()).isAfter(killed);
        assertThat(mostListingAtOnce.get()).as("list calls at once").isEqualTo(1);
        // the killed node's claims are gone: taken over by the others
        assertThat(claimedBy(deadNode)).isZero();
    }

    @Test
    @Order(3)
    void aNodeRestartedOnTheSameDataRejoinsWithoutSendingAnythingAgain() throws Exception {
        WooTrackProcess dead = nodes.stream().filter(n -> !isAlive(n)).findFirst().orElseThrow();
        int created = trackingTech.created();
        int posts = trackingTech.orderPosts().size();
        dead.start();
        await().atMost(Duration.ofSeconds(30)).until(() -> aliveNodes().size() == 3);
        int listed = listCalls.size();
        // a few more polls go by, over every order again (the overlap re-reads them)
        await().atMost(Duration.ofSeconds(30)).until(() -> listCalls.size() >= listed + 6);
        assertThat(trackingTech.created()).isEqualTo(created);
        assertThat(trackingTech.orderPosts()).hasSize(posts);
    }

    @Test
    @Order(4)
    void aNodeStoppedCleanlyLeavesTheSchedulesRunning() throws Exception {
        long pid = pollingPidWithin(Duration.ofSeconds(30));
        WooTrackProcess node = nodes.stream().filter(n -> n.pid() == pid).findFirst().orElse(nodes.get(0));
        String id = nodeIdOf(node.pid());
        node.close(); // SIGTERM: a clean stop
        Instant stopped = Instant.now();
        assertThat(stoppedAt(id)).isNotNull();
        await().atMost(Duration.ofSeconds(30)).until(() -> listCalls.stream().anyMatch(t -> t.isAfter(stopped)));
        shop.addOrder(9000, "processing", shop.now());
        await().atMost(Duration.ofSeconds(30)).until(() -> sentOrders().contains(9000L));
        assertDeliveredOnce();
    }

    @Test
    @Order(5)
    void theConnectWizardMaySpanNodesAndEveryNodeShowsAllNodes() throws Exception {
        List<WooTrackProcess> up = nodes.stream().filter(this::isAlive).toList();
        assertThat(up).hasSizeGreaterThanOrEqualTo(2);
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        // step 2 on one node, step 3 on another: the pending login is in the database
        com.fasterxml.jackson.databind.JsonNode login = json.readTree(admin(up.get(0), "POST", "/admin/connect/login",
                "{\"code\":\"" + TrackingTechSandbox.CODE + "\",\"email\":\"" + TrackingTechSandbox.EMAIL
                        + "\",\"password\":\"" + TrackingTechSandbox.PASSWORD + "\"}", 200));
        String wizard = login.path("wizard").asText();
        assertThat(wizard).isNotBlank();
        String store = login.path("stores").get(0).path("id").asText();
        com.fasterxml.jackson.databind.JsonNode linked = json.readTree(admin(up.get(1), "POST", "/admin/connect/link",
                "{\"wizard\":\"" + wizard + "\",\"storeId\":\"" + store + "\"}", 200));
        assertThat(linked.path("connected").asBoolean()).isTrue();
        // a wizard id is good once, on any node
        admin(up.get(0), "POST", "/admin/connect/link", "{\"wizard\":\"" + wizard + "\",\"storeId\":\"" + store
                + "\"}", 410);
        assertThat(query("SELECT COUNT(*) FROM wootrack_pending_login", rs -> rs.getLong(1)).get(0)).isZero();

        // any node's status lists every node, labelled, with what each one saw
        com.fasterxml.jackson.databind.JsonNode status = json.readTree(admin(up.get(1), "GET", "/admin/status", null, 200));
        assertThat(status.path("node").asText()).isEqualTo(nodeIdOf(up.get(1).pid()));
        assertThat(status.path("nodes")).hasSizeGreaterThanOrEqualTo(3);
        long alive = 0;
        for (com.fasterxml.jackson.databind.JsonNode n : status.path("nodes")) {
            if (n.path("alive").asBoolean()) {
                alive++;
                // a node restarted in an earlier step has taken no webhook since: its figures are there, maybe empty
                assertThat(n.path("webhooks").isObject()).as(n.toString()).isTrue();
            }
        }
        assertThat(alive).isEqualTo(up.size());
        assertThat(status.path("webhooks").path("scope").asText()).isEqualTo("all nodes alive");
        assertThat(status.path("poller").path("lastPoll").asText()).startsWith("20");
    }

    @Test
    @Order(6)
    void aNodeGivenTheIdOfARunningNodeIsRefusedAndLeavesThatNodeAlone() throws Exception {
        WooTrackProcess running = nodes.stream().filter(this::isAlive).findFirst().orElseThrow();
        String id = nodeIdOf(running.pid());
        Map<String, String> s = new HashMap<>(nodeSettings.get(0));
        s.put("wootrack.node-id", id);
        s.put("wootrack.data-dir", dir.resolve("node-copy").toString());
        s.put("wootrack.http.port", Integer.toString(TestApp.freePort()));
        WooTrackProcess.Exit refused = new WooTrackProcess(s, dir.resolve("node-copy.log")).runUntilExit(
                Duration.ofMinutes(2));
        assertThat(refused.code()).isNotZero();
        assertThat(refused.output()).contains("WooTrack did not start: the node id '" + id
                + "' is in use by a running node (pid " + running.pid());
        // what it did not own it did not touch: the running node's claims and row (it recorded no stop of "its" own)
        assertThat(refused.output()).doesNotContain("Node " + id + " stopped");
        assertThat(stoppedAt(id)).isNull();
    }

    String admin(WooTrackProcess node, String method, String path, String body, int expected) throws Exception {
        java.net.http.HttpRequest.Builder b = java.net.http.HttpRequest.newBuilder(
                java.net.URI.create("http://127.0.0.1:" + node.port() + path))
                .header("Authorization", "Bearer " + ADMIN_TOKEN).header("Content-Type", "application/json")
                .method(method, body == null ? java.net.http.HttpRequest.BodyPublishers.noBody()
                        : java.net.http.HttpRequest.BodyPublishers.ofString(body));
        java.net.http.HttpResponse<String> answer = java.net.http.HttpClient.newHttpClient().send(b.build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).as(method + " " + path + ": " + answer.body()).isEqualTo(expected);
        return answer.body();
    }

    // --- what the sandbox and the database say --------------------------------------------------------------------

    /** Every order TrackingTech created came with one Idempotency-Key only, and was created once. */
    void assertDeliveredOnce() throws Exception {
        Map<String, Set<String>> keysByOrder = new HashMap<>();
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        for (TrackingTechSandbox.Request r : trackingTech.orderPosts()) {
            String order = json.readTree(r.body()).path("externalOrderId").asText();
            keysByOrder.computeIfAbsent(order, k -> new java.util.HashSet<>()).add(r.header("Idempotency-Key"));
        }
        assertThat(keysByOrder.values()).allSatisfy(keys -> assertThat(keys).hasSize(1));
        assertThat(trackingTech.createdOrderIds()).doesNotHaveDuplicates();
    }

    Set<Long> sentOrders() throws SQLException {
        return query("SELECT DISTINCT order_id FROM decision WHERE decision = 'sent'", rs -> rs.getLong(1))
                .stream().collect(Collectors.toSet());
    }

    long pendingInbox() throws SQLException {
        return query("SELECT COUNT(*) FROM inbox WHERE state = 'pending'", rs -> rs.getLong(1)).get(0);
    }

    long claimedBy(String node) throws SQLException {
        try (Connection c = DriverManager.getConnection(dbUrl);
             PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM inbox WHERE state = 'pending'"
                     + " AND claimed_by = ?")) {
            ps.setString(1, node);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    Instant cursorUpdatedAt() throws SQLException {
        return query("SELECT updated_at FROM checkpoint WHERE name = 'woocommerce.poll.cursor'",
                rs -> rs.getObject(1, java.time.OffsetDateTime.class).toInstant()).get(0);
    }

    List<String> aliveNodes() throws SQLException {
        Instant since = Instant.now().minusMillis(CHECKIN_MILLIS * 3);
        return query("SELECT node_id, last_seen, stopped_at FROM wootrack_node", rs -> rs.getObject(3) == null
                && rs.getObject(2, java.time.OffsetDateTime.class).toInstant().isAfter(since) ? rs.getString(1) : null)
                .stream().filter(java.util.Objects::nonNull).toList();
    }

    boolean isAlive(WooTrackProcess node) {
        try {
            return node.ready() == 200;
        } catch (Exception e) {
            return false;
        }
    }

    Map<String, String> nodeHealth() throws SQLException {
        Map<String, String> health = new HashMap<>();
        for (String[] row : query("SELECT node_id, health FROM wootrack_node WHERE stopped_at IS NULL",
                rs -> new String[] {rs.getString(1), rs.getString(2)})) {
            health.put(row[0], row[1]);
        }
        return health;
    }

    String nodeIdOf(long pid) throws SQLException {
        return query("SELECT node_id, pid FROM wootrack_node", rs -> rs.getLong(2) == pid ? rs.getString(1) : null)
                .stream().filter(java.util.Objects::nonNull).findFirst().orElseThrow();
    }

    Instant stoppedAt(String node) throws SQLException {
        return query("SELECT node_id, stopped_at FROM wootrack_node", rs -> node.equals(rs.getString(1))
                && rs.getObject(2) != null ? rs.getObject(2, java.time.OffsetDateTime.class).toInstant() : null)
                .stream().filter(java.util.Objects::nonNull).findFirst().orElse(null);
    }

    /**
     * The pid of the node that runs the poll job at this moment (Quartz's fired-trigger row names its scheduler
     * instance; each node's heartbeat says which instance is its own), or 0 when no node runs it now.
     */
    long pollingPid() throws SQLException {
        List<String> instances = query("SELECT instance_name FROM wootrack_qrtz_fired_triggers"
                + " WHERE trigger_name = 'woocommerce-poll' AND state = 'EXECUTING'", rs -> rs.getString(1));
        if (instances.isEmpty()) {
            return 0;
        }
        return query("SELECT pid, health FROM wootrack_node WHERE stopped_at IS NULL", rs ->
                rs.getString(2) != null && rs.getString(2).contains("\"schedulerInstance\":\"" + instances.get(0) + "\"")
                        ? rs.getLong(1) : 0L).stream().filter(p -> p > 0).findFirst().orElse(0L);
    }

    long pollingPidWithin(Duration within) {
        long[] pid = new long[1];
        await().atMost(within).pollInterval(Duration.ofMillis(20)).until(() -> (pid[0] = pollingPid()) > 0);
        return pid[0];
    }

    interface Row<T> {
        T read(ResultSet rs) throws SQLException;
    }

    <T> List<T> query(String sql, Row<T> row) throws SQLException {
        try (Connection c = DriverManager.getConnection(dbUrl);
             PreparedStatement ps = c.prepareStatement(sql);
             ResultSet rs = ps.executeQuery()) {
            List<T> out = new ArrayList<>();
            while (rs.next()) {
                out.add(row.read(rs));
            }
            return out;
        }
    }
}
