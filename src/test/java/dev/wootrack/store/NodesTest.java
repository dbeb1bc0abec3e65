package dev.wootrack.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wootrack.trackingtech.Installation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What several nodes share in the database, on the embedded H2 and on a real PostgreSQL: the node rows (ids that
 * cannot be shared by two running nodes, dead nodes' claims back in line), the connect wizard's pending logins and
 * the installation's secret.
 */
class NodesTest {

    static final Duration TIMEOUT = Duration.ofSeconds(30);

    @TempDir
    Path dataDir;
    com.zaxxer.hikari.HikariDataSource pool;
    final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-12-02T10:00:00Z"));
    final Clock clock = new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now.get();
        }
    };

    Database open(String database) {
        String url = database.equals("postgresql") ? TestPostgres.newDatabase()
                : "jdbc:h2:file:" + dataDir.resolve("wootrack") + ";WRITE_DELAY=0";
        Map<String, String> settings = Map.of("wootrack.data-dir", dataDir.toString(), "wootrack.db.url", url,
                "wootrack.db.user", database.equals("postgresql") ? TestPostgres.USER : "wootrack");
        pool = Database.pool(k -> Optional.ofNullable(settings.get(k)));
        Database db = new Database(pool);
        db.applySchema();
        return db;
    }

    @AfterEach
    void close() {
        if (pool != null) {
            pool.close();
        }
    }

    void advance(Duration d) {
        now.updateAndGet(t -> t.plus(d));
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void aNodeIdHeldByARunningNodeIsRefusedUntilThatNodeStopsOrIsGone(String database) {
        Database db = open(database);
        Nodes first = new Nodes(db, clock, "shop-node", TIMEOUT);
        first.register("host-a", 100, 8080, "0.1.0");
        Nodes second = new Nodes(db, clock, "shop-node", TIMEOUT);
        assertThatThrownBy(() -> second.register("host-b", 200, 8080, "0.1.0"))
                .isInstanceOf(Nodes.NodeIdInUse.class)
                .hasMessageContaining("'shop-node' is in use by a running node (pid 100 on host-a")
                .hasMessageContaining("wootrack.node-id");
        // the same process registering again (a context restarted in it) is not another node
        first.register("host-a", 100, 8080, "0.1.0");
        first.stopped();
        second.register("host-b", 200, 8080, "0.1.0");
        assertThat(second.list()).singleElement().satisfies(n -> {
            assertThat(n.pid()).isEqualTo(200);
            assertThat(n.stoppedAt()).isNull();
        });
        // a node that died (not seen for the timeout) leaves its id free too
        advance(TIMEOUT.plusSeconds(1));
        new Nodes(db, clock, "shop-node", TIMEOUT).register("host-c", 300, 8080, "0.1.0");
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void theRowsOfADeadNodeGoBackInLineOnceThisNodeHasBeenAliveForATimeout(String database) {
        Database db = open(database);
        Nodes a = new Nodes(db, clock, "a", TIMEOUT);
        Nodes b = new Nodes(db, clock, "b", TIMEOUT);
        a.register("h", 1, 8080, "0.1.0");
        b.register("h", 2, 8081, "0.1.0");
        Inbox inboxA = new Inbox(db, "a", Duration.ofMinutes(15), clock);
        Inbox inboxB = new Inbox(db, "b", Duration.ofMinutes(15), clock);
        for (long order = 1; order <= 3; order++) {
            inboxA.add(new IncomingOrder("webhook", "order.updated", order, "processing", "{}"), true);
        }
        inboxB.add(new IncomingOrder("webhook", "order.updated", 9, "processing", "{}"), true);
        assertThat(inboxB.claimPending(10)).as("a's rows are claimed, b's own too").isEmpty();

        // a dies; b keeps beating. Not before b itself has been seen alive for a whole timeout
        advance(Duration.ofSeconds(20));
        b.heartbeat("{}");
        assertThat(b.takeOverFromDeadNodes()).isZero();
        advance(Duration.ofSeconds(15)); // a: last seen 35 s ago; b alive since 35 s
        b.heartbeat("{}");
        assertThat(b.takeOverFromDeadNodes()).isEqualTo(3);
        java.util.List<InboxItem> taken = inboxB.claimPending(10);
        assertThat(taken).extracting(InboxItem::orderId).containsExactly(1L, 2L, 3L);
        // the order locks a took with them are taken back by the same rows, now b's
        assertThat(taken).allSatisfy(item -> assertThat(inboxB.lockOrder(item, 1000)).isTrue());
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void aNodeRestartedOnItsHostTakesOverAtOnceFromTheNodeWhoseProcessIsGone(String database) throws Exception {
        Database db = open(database);
        Process finished = new ProcessBuilder("true").start();
        finished.waitFor();
        Nodes killed = new Nodes(db, clock, "this-host-" + finished.pid(), TIMEOUT);
        killed.register("this-host", finished.pid(), 8080, "0.1.0");
        new Inbox(db, killed.nodeId(), Duration.ofMinutes(15), clock)
                .add(new IncomingOrder("webhook", "order.updated", 1, "processing", "{}"), true);
        // another node on this host, alive (this very process), and one elsewhere whose pid means nothing here
        Nodes alive = new Nodes(db, clock, "this-host-alive", TIMEOUT);
        alive.register("this-host", ProcessHandle.current().pid(), 8081, "0.1.0");
        new Inbox(db, alive.nodeId(), Duration.ofMinutes(15), clock)
                .add(new IncomingOrder("webhook", "order.updated", 2, "processing", "{}"), true);
        Nodes elsewhere = new Nodes(db, clock, "other-host-" + finished.pid(), TIMEOUT);
        elsewhere.register("other-host", finished.pid(), 8080, "0.1.0");
        new Inbox(db, elsewhere.nodeId(), Duration.ofMinutes(15), clock)
                .add(new IncomingOrder("webhook", "order.updated", 3, "processing", "{}"), true);

        Nodes restarted = new Nodes(db, clock, "this-host-new", TIMEOUT);
        restarted.register("this-host", ProcessHandle.current().pid(), 8080, "0.1.0");
        // at once: no timeout to wait for, the process it replaces is not running
        assertThat(restarted.takeOverFromGoneNodesOnThisHost("this-host")).isEqualTo(1);
        assertThat(new Inbox(db, "this-host-new", Duration.ofMinutes(15), clock).claimPending(10))
                .extracting(InboxItem::orderId).containsExactly(1L);
        assertThat(restarted.list()).filteredOn(n -> n.id().equals(killed.nodeId())).singleElement()
                .satisfies(n -> assertThat(n.stoppedAt()).isNotNull());
        assertThat(restarted.takeOverFromGoneNodesOnThisHost("this-host")).as("once").isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void afterTheDatabaseWasOutForEverybodyNothingIsTakenBeforeTheOthersCouldCheckIn(String database) {
        Database db = open(database);
        java.util.concurrent.atomic.AtomicBoolean down = new java.util.concurrent.atomic.AtomicBoolean();
        javax.sql.DataSource flaky = (javax.sql.DataSource) java.lang.reflect.Proxy.newProxyInstance(
                getClass().getClassLoader(), new Class<?>[] {javax.sql.DataSource.class}, (proxy, method, args) -> {
                    if (down.get() && method.getName().equals("getConnection")) {
                        throw new java.sql.SQLException("the database is out", "08001");
                    }
                    try {
                        return method.invoke(pool, args);
                    } catch (java.lang.reflect.InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        Nodes a = new Nodes(db, clock, "a", TIMEOUT);
        Nodes b = new Nodes(new Database(flaky), clock, "b", TIMEOUT);
        a.register("h", 1, 8080, "0.1.0");
        b.register("h", 2, 8081, "0.1.0");
        new Inbox(db, "a", Duration.ofMinutes(15), clock)
                .add(new IncomingOrder("webhook", "order.updated", 1, "processing", "{}"), true);
        // the database is out for everybody for longer than the timeout: nobody's heartbeat goes through
        advance(Duration.ofSeconds(10));
        down.set(true);
        assertThatThrownBy(() -> b.heartbeat("{}")).isInstanceOf(Database.StoreException.class);
        advance(TIMEOUT);
        down.set(false);
        // back: a looks dead to b, but b takes nothing before a has had a whole timeout to check in again
        b.heartbeat("{}");
        assertThat(b.takeOverFromDeadNodes()).isZero();
        advance(TIMEOUT.minusSeconds(5));
        a.heartbeat("{}"); // a was alive all along
        b.heartbeat("{}");
        advance(Duration.ofSeconds(6));
        b.heartbeat("{}");
        assertThat(b.takeOverFromDeadNodes()).as("a checked in meanwhile").isZero();
        // had a stayed silent, its row would go back in line now
        advance(TIMEOUT);
        b.heartbeat("{}");
        assertThat(b.takeOverFromDeadNodes()).isEqualTo(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void aPendingLoginIsGoodOnceOnAnyNodeAndNotAfterItExpires(String database) {
        Database db = open(database);
        PendingLogins one = new PendingLogins(db, clock);
        PendingLogins other = new PendingLogins(db, clock);
        assertThat(one.put("wizard-1", "{\"login\":1}", now.get().plus(Duration.ofMinutes(10)), 2)).isTrue();
        assertThat(one.put("wizard-2", "{\"login\":2}", now.get().plus(Duration.ofMinutes(10)), 2)).isTrue();
        assertThat(one.put("wizard-3", "{\"login\":3}", now.get().plus(Duration.ofMinutes(10)), 2))
                .as("at most two waiting").isFalse();
        assertThat(other.take("wizard-1")).contains("{\"login\":1}");
        assertThat(one.take("wizard-1")).as("good once").isEmpty();
        advance(Duration.ofMinutes(11));
        assertThat(other.take("wizard-2")).as("expired").isEmpty();
        // the id is not kept as it is
        long kept = db.inTransaction(c -> {
            try (var rs = c.createStatement().executeQuery("SELECT COUNT(*) FROM wootrack_pending_login"
                    + " WHERE wizard_hash LIKE 'wizard%'")) {
                rs.next();
                return rs.getLong(1);
            }
        });
        assertThat(kept).isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void everyNodeIsTheSameInstallationAndAnOldDataDirKeepsItsDeviceId(String database) throws Exception {
        Database db = open(database);
        Files.writeString(dataDir.resolve("installation-secret"), "ab".repeat(32));
        String legacy = Installation.in(dataDir, "https://tienda.example.cl").deviceId();
        Path elsewhere = Files.createDirectories(dataDir.resolve("other-node"));
        String first = Installation.shared(new Checkpoints(db, clock), dataDir, "https://tienda.example.cl").deviceId();
        String second = Installation.shared(new Checkpoints(db, clock), elsewhere, "https://tienda.example.cl").deviceId();
        assertThat(first).isEqualTo(legacy).isEqualTo(second);
        assertThat(elsewhere.resolve("installation-secret")).doesNotExist();
    }
}
