package dev.wootrack.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Issue 15: group commit. Webhooks that arrive together share one transaction and one durable commit; each is answered
 * only once its commit is done, and one that fails (a value the database refuses) fails alone.
 */
class GroupCommitTest {

    @TempDir
    Path dir;

    private HikariDataSource ds;
    private ExecutorService threads;

    private Database open(TestDatabase kind) {
        ds = kind.pool(dir, 16);
        // on both databases, though `auto` groups on H2 only: the mechanism must hold on each
        Database db = new Database(ds).groupCommit(64);
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
    void concurrentWebhooksShareCommitsAndEveryAnsweredOrderIsInTheInbox(TestDatabase kind) throws Exception {
        Database db = open(kind);
        Inbox inbox = new Inbox(db, "node-a", Duration.ofMinutes(5), Clock.systemUTC());
        int senders = 16;
        int each = 40;
        threads = Executors.newFixedThreadPool(senders);
        CyclicBarrier start = new CyclicBarrier(senders);
        List<Future<List<Long>>> answered = new ArrayList<>();
        for (int t = 0; t < senders; t++) {
            int sender = t;
            answered.add(threads.submit(() -> {
                start.await();
                List<Long> ids = new ArrayList<>();
                for (int i = 0; i < each; i++) {
                    long order = sender * 1000L + i;
                    ids.add(inbox.add(new IncomingOrder("webhook", "order.updated", order, "processing",
                            "{\"id\":" + order + "}"), true).id());
                }
                return ids;
            }));
        }
        Set<Long> ids = new HashSet<>();
        for (Future<List<Long>> f : answered) {
            ids.addAll(f.get(2, TimeUnit.MINUTES));
        }

        assertThat(ids).as("each answered add has a row id of its own").hasSize(senders * each);
        try (Connection c = ds.getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT COUNT(*), COUNT(DISTINCT i.order_id), COUNT(l.order_id)"
                     + " FROM inbox i JOIN inbox_payload p ON p.inbox_id = i.id"
                     + " LEFT JOIN order_lock l ON l.inbox_id = i.id")) {
            rs.next();
            assertThat(rs.getInt(1)).as("rows with their payload").isEqualTo(senders * each);
            assertThat(rs.getInt(2)).isEqualTo(senders * each);
            assertThat(rs.getInt(3)).as("each row took its order's lock in its commit").isEqualTo(senders * each);
        }
        assertThat(db.meanGroupCommit()).as("adds made at the same moment shared commits").isGreaterThan(1.0);
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void autoGroupsOnTheEmbeddedH2AndLeavesPostgreSQLsParallelCommitsAlone(TestDatabase kind) throws Exception {
        ds = kind.pool(dir, 16);
        Database db = new Database(ds).groupCommit(0);
        db.applySchema();
        Inbox inbox = new Inbox(db, "node-a", Duration.ofMinutes(5), Clock.systemUTC());
        threads = Executors.newFixedThreadPool(8);
        List<Future<?>> adds = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            long order = 7000 + i;
            adds.add(threads.submit(() -> inbox.add(new IncomingOrder("webhook", "order.updated", order, "processing",
                    "{\"id\":" + order + "}"), true)));
        }
        for (Future<?> f : adds) {
            f.get(2, TimeUnit.MINUTES);
        }
        if (kind == TestDatabase.H2) {
            assertThat(db.meanGroupCommit()).isGreaterThanOrEqualTo(1.0);
        } else {
            assertThat(db.meanGroupCommit()).as("PostgreSQL: each commit its own, none through the group").isZero();
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void aPieceTheDatabaseRefusesFailsAloneAndTheRestOfItsCommitIsWritten(TestDatabase kind) throws Exception {
        Database db = open(kind);
        threads = Executors.newFixedThreadPool(6);
        // the first writer waits inside its commit, so the next five queue up behind it and share the next commit
        CountDownLatch inFirstCommit = new CountDownLatch(1);
        CountDownLatch letItCommit = new CountDownLatch(1);
        Future<?> first = threads.submit(() -> db.inSharedTransaction(c -> {
            insert(c, "first");
            inFirstCommit.countDown();
            waitFor(letItCommit);
            return null;
        }));
        assertThat(inFirstCommit.await(30, TimeUnit.SECONDS)).isTrue();
        List<Future<?>> next = new ArrayList<>();
        for (String name : List.of("a", "b", "first", "c", "d")) { // "first" again: a duplicate primary key
            next.add(threads.submit(() -> db.inSharedTransaction(c -> {
                insert(c, name);
                return name;
            })));
        }
        // all five wait for the commit under way
        await().atMost(Duration.ofSeconds(30)).until(() -> queued(db) == 5);
        letItCommit.countDown();
        first.get(30, TimeUnit.SECONDS);

        List<String> failures = new ArrayList<>();
        for (Future<?> f : next) {
            try {
                f.get(30, TimeUnit.SECONDS);
            } catch (java.util.concurrent.ExecutionException e) {
                failures.add(e.getCause().getClass().getSimpleName());
            }
        }
        assertThat(failures).as("only the duplicate failed, as a data problem").containsExactly("InvalidData");
        try (Connection c = ds.getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT name FROM checkpoint WHERE name LIKE 'gc.%' ORDER BY name")) {
            List<String> names = new ArrayList<>();
            while (rs.next()) {
                names.add(rs.getString(1));
            }
            assertThat(names).containsExactly("gc.a", "gc.b", "gc.c", "gc.d", "gc.first");
        }
        assertThat(db.meanGroupCommit()).as("two commits: the first alone, then the five together").isEqualTo(3.0);
    }

    private static int queued(Database db) {
        return db.waitingForSharedCommit();
    }

    private static void insert(Connection c, String name) throws java.sql.SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO checkpoint (name, val, updated_at) VALUES (?, NULL, CURRENT_TIMESTAMP)")) {
            ps.setString(1, "gc." + name);
            ps.executeUpdate();
        }
    }

    private static void waitFor(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
