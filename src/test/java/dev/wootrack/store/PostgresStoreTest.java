package dev.wootrack.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Issue 14: the store shared by several nodes, on PostgreSQL (and on H2, which must behave the same). Two nodes are two
 * {@link Inbox} (or {@link DecisionEvents}) instances with different node ids on one database, each with threads of its
 * own: what one node claims the other never gets, a claim skips rows another node is claiming instead of waiting for
 * them, an order's lock is held by one event of all nodes', an insert that finds its row leaves the transaction usable,
 * and Camel's idempotent repository answers a concurrent duplicate with false (CAMEL-24048).
 */
class PostgresStoreTest {

    private static final Duration LEASE = Duration.ofMinutes(1);

    @TempDir
    Path dir;

    private HikariDataSource ds;
    private ExecutorService threads;

    private Database open(TestDatabase kind) {
        ds = kind.pool(dir, 24);
        Database db = new Database(ds);
        db.applySchema();
        return db;
    }

    @AfterEach
    void close() {
        if (threads != null) {
            threads.shutdownNow();
        }
        if (ds != null) {
            ds.close();
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void theMigrationsMakeTheSchemaOnANewDatabaseAndTheDialectIsReadFromIt(TestDatabase kind) throws Exception {
        Database db = open(kind);
        db.applySchema(); // nothing left to do the second time

        assertThat(db.dialect()).isEqualTo(kind == TestDatabase.H2 ? Dialect.H2 : Dialect.POSTGRESQL);
        // Flyway quotes its history table (lower case on both)
        try (Connection c = ds.getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM \"" + Database.HISTORY_TABLE + "\" WHERE \"success\"")) {
            rs.next();
            assertThat(rs.getInt(1)).as("V1 to V5 (and later) applied").isGreaterThanOrEqualTo(5);
        }
        // Camel's own queries name CAMEL_MESSAGEPROCESSED unquoted, as V1 made it: PostgreSQL folds both to lower case
        ProcessedKeys keys = new ProcessedKeys(db, "woocommerce-polled");
        keys.start();
        assertThat(keys.add("1@2026-12-01T00:00:00")).isTrue();
        assertThat(keys.contains("1@2026-12-01T00:00:00")).isTrue();
        assertThat(keys.add("1@2026-12-01T00:00:00")).isFalse();
        assertThat(keys.remove("1@2026-12-01T00:00:00")).isTrue();
        assertThat(keys.contains("1@2026-12-01T00:00:00")).isFalse();
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void twoNodesClaimingAtOnceNeverTakeTheSameRow(TestDatabase kind) throws Exception {
        Database db = open(kind);
        Inbox a = new Inbox(db, "node-a", LEASE, Clock.systemUTC());
        Inbox b = new Inbox(db, "node-b", LEASE, Clock.systemUTC());
        int rows = 300;
        for (long id = 1; id <= rows; id++) {
            a.add(order(id), false);
        }
        AtomicInteger claimed = new AtomicInteger();
        Map<Long, String> byRow = Collections.synchronizedMap(new HashMap<>());
        List<Long> all = Collections.synchronizedList(new ArrayList<>());
        List<Callable<Void>> claimers = new ArrayList<>();
        CyclicBarrier together = new CyclicBarrier(8);
        for (int t = 0; t < 8; t++) {
            Inbox node = t % 2 == 0 ? a : b;
            String name = t % 2 == 0 ? "node-a" : "node-b";
            claimers.add(() -> {
                together.await(10, TimeUnit.SECONDS);
                long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                while (claimed.get() < rows && System.nanoTime() < until) {
                    for (InboxItem item : node.claimPending(10)) {
                        all.add(item.id());
                        byRow.put(item.id(), name);
                        claimed.incrementAndGet();
                    }
                }
                return null;
            });
        }

        runAll(claimers);

        assertThat(all).as("every row claimed once, by one node").hasSize(rows).doesNotHaveDuplicates();
        // (which node got how many is up to the scheduler: on H2 one node may take all before the other starts)
        try (Connection c = ds.getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT id, claimed_by FROM inbox")) {
            while (rs.next()) {
                assertThat(rs.getString(2)).as("row %d is held by the node that got it", rs.getLong(1))
                        .isEqualTo(byRow.get(rs.getLong(1)));
            }
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void aClaimSkipsTheRowsAnotherNodeIsClaimingInsteadOfWaitingForThem(TestDatabase kind) throws Exception {
        Database db = open(kind);
        Inbox a = new Inbox(db, "node-a", LEASE, Clock.systemUTC());
        Inbox b = new Inbox(db, "node-b", LEASE, Clock.systemUTC());
        List<Long> ids = new ArrayList<>();
        for (long id = 1; id <= 20; id++) {
            ids.add(a.add(order(id), false).id());
        }
        try (Connection other = ds.getConnection()) {
            other.setAutoCommit(false);
            // node A in the middle of its claim: the ten oldest rows are locked by its open transaction
            try (Statement st = other.createStatement();
                 ResultSet rs = st.executeQuery("SELECT id FROM inbox ORDER BY id FETCH FIRST 10 ROWS ONLY FOR UPDATE")) {
                int n = 0;
                while (rs.next()) {
                    n++;
                }
                assertThat(n).isEqualTo(10);
            }

            List<InboxItem> taken = CompletableFuture.supplyAsync(() -> b.claimPending(10)).get(10, TimeUnit.SECONDS);

            assertThat(taken).extracting(InboxItem::id).as("the oldest rows nobody is claiming, at once")
                    .containsExactlyElementsOf(ids.subList(10, 20));
            other.rollback();
        }
        assertThat(a.claimPending(10)).extracting(InboxItem::id).containsExactlyElementsOf(ids.subList(0, 10));
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void anOrdersLockIsHeldByOneEventOfAllNodes(TestDatabase kind) throws Exception {
        Database db = open(kind);
        Inbox a = new Inbox(db, "node-a", LEASE, Clock.systemUTC());
        Inbox b = new Inbox(db, "node-b", LEASE, Clock.systemUTC());
        for (int i = 0; i < 8; i++) {
            a.add(order(42), false);
        }
        List<InboxItem> ofA = a.claimPending(4);
        List<InboxItem> ofB = b.claimPending(4);
        assertThat(ofA).hasSize(4);
        assertThat(ofB).hasSize(4);
        List<Callable<InboxItem>> lockers = new ArrayList<>();
        CyclicBarrier together = new CyclicBarrier(8);
        for (InboxItem item : ofA) {
            lockers.add(() -> {
                together.await(10, TimeUnit.SECONDS);
                return a.lockOrder(item, 60_000) ? item : null;
            });
        }
        for (InboxItem item : ofB) {
            lockers.add(() -> {
                together.await(10, TimeUnit.SECONDS);
                return b.lockOrder(item, 60_000) ? item : null;
            });
        }

        List<InboxItem> holders = runAll(lockers).stream().filter(java.util.Objects::nonNull).toList();

        assertThat(holders).as("one event of order 42 at a time, whichever node has it").hasSize(1);
        long holder = holders.get(0).id();
        try (Connection c = ds.getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT inbox_id FROM order_lock WHERE order_id = 42")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getLong(1)).isEqualTo(holder);
        }
        // its decision releases the lock, and an event of the order on the other node takes it
        new Decisions(db, Clock.systemUTC()).record(holders.get(0), "ignored", "not a trigger status");
        InboxItem next = (ofA.contains(holders.get(0)) ? ofB : ofA).get(0);
        assertThat((ofA.contains(next) ? a : b).lockOrder(next, 60_000)).isTrue();
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void anInsertThatFindsItsRowLeavesTheRestOfTheUnitOfWorkCommitted(TestDatabase kind) throws Exception {
        Database db = open(kind);

        boolean[] second = new boolean[1];
        db.inTransaction(c -> {
            insertCheckpoint(c, "before", "1");
            second[0] = db.dialect().insertUnlessExists(c, "INSERT INTO checkpoint (name, val, updated_at)"
                    + " VALUES (?, ?, ?)", "name", ps -> {
                        ps.setString(1, "before");
                        ps.setString(2, "2");
                        ps.setObject(3, Database.utc(Instant.now()));
                    });
            insertCheckpoint(c, "after", "3"); // on PostgreSQL a failed statement would have aborted this one (25P02)
            return null;
        });

        assertThat(second[0]).as("the row was there").isFalse();
        Checkpoints checkpoints = new Checkpoints(db, Clock.systemUTC());
        assertThat(checkpoints.get("before")).contains("1");
        assertThat(checkpoints.get("after")).as("committed with the rest of the unit of work").contains("3");
        // the callers: an order key stored twice (a replay, a repeat after a crash), a lock taken twice, a step claimed
        Inbox inbox = new Inbox(db, "node-a", LEASE, Clock.systemUTC());
        Decisions decisions = new Decisions(db, Clock.systemUTC());
        InboxItem first = inbox.add(order(7), true);
        decisions.recordSent(first, "s_1:7", "TT-7", "sent");
        InboxItem again = inbox.add(order(7), true);
        decisions.recordSent(again, "s_1:7", "TT-7", "sent again");
        assertThat(decisions.history(7)).extracting(Decisions.Decision::decision).containsExactly("sent", "sent");
        assertThat(inbox.count(Inbox.DONE)).as("both rows closed in their decision's transaction").isEqualTo(2);
        assertThat(new DeliveredKeys(db).isSent("s_1:7")).isTrue();
        InboxItem held = inbox.add(order(8), true);
        InboxItem waits = inbox.add(order(8), true); // the lock is taken: the row is added all the same
        assertThat(inbox.lockOrder(held, 1_000)).isTrue();
        assertThat(inbox.lockOrder(waits, 1_000)).isFalse();
        WriteBackSteps steps = new WriteBackSteps(db, Clock.systemUTC(), Duration.ofMinutes(5));
        assertThat(steps.claim("note:7:CL1", "exchange-1")).isTrue();
        assertThat(steps.claim("note:7:CL1", "exchange-2")).isFalse();
        assertThat(steps.claim("note:7:CL1", "exchange-1")).as("its own claim again, on a redelivery").isTrue();
        checkpoints.put("new", "x");
        checkpoints.put("new", "y");
        assertThat(checkpoints.get("new")).contains("y");
    }

    /** Why the store never lets a statement fail inside a unit of work that goes on: PostgreSQL aborts it. */
    @Test
    void postgresqlRefusesEveryStatementOfATransactionAfterAFailedOne() throws Exception {
        Database db = open(TestDatabase.POSTGRESQL);
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            insertCheckpoint(c, "k", "1");
            assertThatThrownBy(() -> insertCheckpoint(c, "k", "2")).isInstanceOf(SQLException.class)
                    .extracting(e -> ((SQLException) e).getSQLState()).isEqualTo("23505");
            assertThatThrownBy(() -> insertCheckpoint(c, "other", "3")).isInstanceOf(SQLException.class)
                    .extracting(e -> ((SQLException) e).getSQLState()).isEqualTo("25P02");
            c.rollback();
        }
        assertThat(db.dialect()).isEqualTo(Dialect.POSTGRESQL);
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void manyThreadsAddingOneKeyAtOnceGetTrueOnceAndNoException(TestDatabase kind) throws Exception {
        Database db = open(kind);
        ProcessedKeys keys = new ProcessedKeys(db, "woocommerce-written");
        keys.start();
        int threadsPerKey = 16;
        for (int round = 0; round < 10; round++) {
            String key = "42@2026-12-01T00:00:0" + round;
            CyclicBarrier together = new CyclicBarrier(threadsPerKey);
            List<Callable<Boolean>> adds = new ArrayList<>();
            for (int t = 0; t < threadsPerKey; t++) {
                adds.add(() -> {
                    together.await(10, TimeUnit.SECONDS);
                    return keys.add(key);
                });
            }

            List<Boolean> answers = runAll(adds);

            assertThat(answers).as("round %d: one add is the first, the others find the key", round)
                    .containsOnlyOnce(true).hasSize(threadsPerKey);
            assertThat(keys.contains(key)).isTrue();
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void aWriteBackStepClaimedByManyAtOnceIsWrittenByOne(TestDatabase kind) throws Exception {
        Database db = open(kind);
        WriteBackSteps steps = new WriteBackSteps(db, Clock.systemUTC(), Duration.ofMinutes(5));
        CyclicBarrier together = new CyclicBarrier(12);
        List<Callable<Boolean>> claims = new ArrayList<>();
        for (int t = 0; t < 12; t++) {
            String holder = "exchange-" + t;
            claims.add(() -> {
                together.await(10, TimeUnit.SECONDS);
                return steps.claim(WriteBackSteps.statusKey(9, "completed", "CL9"), holder);
            });
        }

        assertThat(runAll(claims)).containsOnlyOnce(true);
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void twoNodesTakeEachDecisionEventOnce(TestDatabase kind) throws Exception {
        Database db = open(kind);
        Inbox inbox = new Inbox(db, "node-a", LEASE, Clock.systemUTC());
        Decisions decisions = new Decisions(db, Clock.systemUTC());
        decisions.publishTo(new DecisionEvents(db, Clock.systemUTC(), "node-a", true));
        int events = 120;
        for (long id = 1; id <= events; id++) {
            decisions.record(inbox.add(order(id), true), "ignored", "not a trigger status");
        }
        List<Long> sent = Collections.synchronizedList(new ArrayList<>());
        List<Callable<Void>> nodes = new ArrayList<>();
        for (String node : List.of("node-a", "node-b")) {
            DecisionEvents outbox = new DecisionEvents(db, Clock.systemUTC(), node, true);
            nodes.add(() -> {
                long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                while (outbox.pending() > 0 && System.nanoTime() < until) {
                    for (DecisionEvent event : outbox.claim(5)) {
                        sent.add(event.id());
                        outbox.done(event.id());
                    }
                }
                return null;
            });
        }

        runAll(nodes);

        assertThat(sent).as("each event sent by one node").hasSize(events).doesNotHaveDuplicates();
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void theLinkToTrackingTechSavedByManyAtOnceIsOneRow(TestDatabase kind) throws Exception {
        Database db = open(kind);
        ConnectionStore store = new ConnectionStore(db, Clock.systemUTC());
        CyclicBarrier together = new CyclicBarrier(8);
        List<Callable<Void>> saves = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            String tenant = "tenant-" + t;
            saves.add(() -> {
                together.await(10, TimeUnit.SECONDS);
                store.save(new ConnectionStore.Stored("connected", tenant, tenant, "Tenant", "s_1", "Store", "c_1",
                        "secret", Instant.now(), Instant.now(), null, null));
                return null;
            });
        }

        runAll(saves);

        assertThat(store.load()).get().extracting(ConnectionStore.Stored::tenantId).asString().startsWith("tenant-");
        store.setState("disconnected", "the operator disconnected", true);
        assertThat(store.load()).get().extracting(ConnectionStore.Stored::state, ConnectionStore.Stored::token)
                .containsExactly("disconnected", null);
    }

    /** The statements the cases above do not run, once each on both databases (types, timestamps, FETCH FIRST). */
    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void theRestOfTheStoresStatementsRun(TestDatabase kind) throws Exception {
        Database db = open(kind);
        Clock clock = Clock.systemUTC();
        Inbox inbox = new Inbox(db, "node-a", LEASE, clock);
        Decisions decisions = new Decisions(db, clock);
        DeadLetters deadLetters = new DeadLetters(db, inbox, clock);
        InboxItem waiting = inbox.add(order(1), true);
        Instant next = inbox.defer(waiting, "HTTP 503 maintenance", Duration.ofMinutes(5));
        Inbox.Waiting w = inbox.waiting();
        assertThat(w.orders()).isEqualTo(1);
        assertThat(w.nextAttempt()).as("to the microsecond").isCloseTo(next, org.assertj.core.api.Assertions.within(
                1, java.time.temporal.ChronoUnit.MICROS));
        assertThat(w.lastError()).isEqualTo("HTTP 503 maintenance");
        assertThat(inbox.claimPending(10, false)).as("rows waiting for TrackingTech stay").isEmpty();
        decisions.park(inbox.add(order(2), true), "awaiting-connection", "not connected");
        assertThat(inbox.oldestParked()).get().extracting(e -> e.getKey().orderId(), java.util.Map.Entry::getValue)
                .containsExactly(2L, "awaiting-connection");
        assertThat(inbox.releaseParked("awaiting-connection")).isEqualTo(1);
        inbox.add(order(4), true);
        assertThat(inbox.releaseOwnClaims()).as("order 4's claim, from this node's previous life").isEqualTo(1);
        InboxItem refused = inbox.add(order(3), true);
        DeadLetters.DeadLetter letter = deadLetters.record(refused, new IllegalStateException("HTTP 422"), 1);
        assertThat(deadLetters.list(false)).extracting(DeadLetters.DeadLetter::id).containsExactly(letter.id());
        assertThat(deadLetters.replayAll()).extracting(InboxItem::orderId).containsExactly(3L);
        assertThat(deadLetters.list(true).get(0).replayedAt()).isNotNull();
        assertThat(decisions.summary("webhook", 0, Long.MAX_VALUE)).containsEntry("parked", 1L)
                .containsEntry("dead-letter", 1L);
        assertThat(decisions.latest("dead-letter")).get().extracting(Decisions.Decision::orderId).isEqualTo(3L);
        assertThat(decisions.counts()).containsEntry("parked", 1L);
        assertThat(inbox.count("webhook", 0, Long.MAX_VALUE, Inbox.PENDING)).isEqualTo(3);
    }

    private <T> List<T> runAll(List<? extends Callable<T>> tasks) throws Exception {
        threads = Executors.newFixedThreadPool(tasks.size());
        List<Future<T>> futures = new ArrayList<>();
        for (Callable<T> task : tasks) {
            futures.add(threads.submit(task));
        }
        List<T> results = new ArrayList<>();
        for (Future<T> f : futures) {
            results.add(f.get(90, TimeUnit.SECONDS)); // an exception in any thread fails the test here
        }
        return results;
    }

    private static void insertCheckpoint(Connection c, String name, String value) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO checkpoint (name, val, updated_at) VALUES (?, ?, ?)")) {
            ps.setString(1, name);
            ps.setString(2, value);
            ps.setObject(3, Database.utc(Instant.now()));
            ps.executeUpdate();
        }
    }

    private static IncomingOrder order(long id) {
        return new IncomingOrder("webhook", "order.updated", id, "processing", "{\"id\":" + id + "}");
    }
}
