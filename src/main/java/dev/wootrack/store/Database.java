package dev.wootrack.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.SQLExceptionOverride;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.function.Function;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The schema (Flyway migrations under {@code wootrack/db/}) and units of work in one transaction (one durable commit
 * each). It remembers how the last statement went, for the {@code database} health check: a database that fails
 * (disk full, file closed) is reported DOWN with the reason, and used again once a statement succeeds.
 */
public final class Database {

    private static final Logger LOG = LoggerFactory.getLogger(Database.class);
    /** Flyway's history table: prefixed, so it lives beside a host's own. */
    public static final String HISTORY_TABLE = "wootrack_schema_history";

    /**
     * How long opening the pool keeps trying for a first connection: commands started together on a new embedded
     * database take turns at its lock file (each one briefly serves it, then leaves), which took over 6 s on 2 busy cores.
     */
    static final java.time.Duration OPEN_TIMEOUT = java.time.Duration.ofSeconds(15);

    private final DataSource dataSource;
    /** Read from the first connection (the pool opens on first use, so not in the constructor). */
    private volatile Dialect dialect;
    private volatile Outcome last = new Outcome(true, null, Instant.now());

    /** How the last unit of work went: ok, or the failure and since when. */
    public record Outcome(boolean ok, String problem, Instant at) {
    }

    /** Concurrent writes on the hot path, in shared commits ({@link #inSharedTransaction}); made on first use. */
    private volatile GroupCommit group;
    /** At most this many units of work per shared commit; 0: by the database (see {@link #groupCommit(int)}). */
    private volatile int groupCommitMax;
    /** The embedded H2's batch when {@code wootrack.db.group-commit-max} is {@code auto}. */
    public static final int DEFAULT_GROUP_COMMIT = 64;

    public Database(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * At most {@code max} concurrent units of work share one commit ({@code wootrack.db.group-commit-max}); 1: each
     * commits on its own, in parallel; 0 ({@code auto}): {@value #DEFAULT_GROUP_COMMIT} on H2, whose every commit
     * rewrites the changed pages of the whole store under one lock anyway, and 1 on PostgreSQL, which commits
     * concurrent transactions in parallel and groups their WAL flushes itself (measured: group commit made it slower,
     * bench/RESULTS.md).
     */
    public Database groupCommit(int max) {
        groupCommitMax = Math.max(0, max);
        group = null;
        return this;
    }

    private GroupCommit group() {
        GroupCommit g = group;
        if (g == null) {
            synchronized (this) {
                g = group;
                if (g == null) {
                    int max = groupCommitMax > 0 ? groupCommitMax
                            : dialect() == Dialect.H2 ? DEFAULT_GROUP_COMMIT : 1;
                    g = new GroupCommit(this, max);
                    group = g;
                }
            }
        }
        return g;
    }

    /** The mean number of units of work per shared commit so far (tests and benchmarks read it). */
    public double meanGroupCommit() {
        return group().meanBatch();
    }

    /**
     * What group commit did so far, e.g. "12,345 writes in 3,210 commits (3.8 per commit)"; null when it is off (a
     * batch of at most one never goes through it) or unused.
     */
    public String groupCommitSummary() {
        GroupCommit g = group;
        return g == null ? null : g.summary();
    }

    /** Units of work waiting for the shared commit under way. */
    int waitingForSharedCommit() {
        return group().waiting();
    }

    public DataSource dataSource() {
        return dataSource;
    }

    /**
     * The database's SQL dialect, read once from the first connection's metadata: store code picks the statement
     * that fits (SKIP LOCKED, ON CONFLICT on PostgreSQL). Known without a new connection inside a unit of work.
     */
    public Dialect dialect() {
        Dialect known = dialect;
        if (known == null) {
            try (Connection c = dataSource.getConnection()) {
                known = detect(c);
            } catch (SQLException e) {
                failed(e);
                throw new StoreException(e);
            }
        }
        return known;
    }

    private Dialect detect(Connection c) throws SQLException {
        Dialect known = dialect;
        if (known == null) {
            known = Dialect.of(c);
            dialect = known;
        }
        return known;
    }

    /** The last unit of work's outcome: the database health check reads it. */
    public Outcome lastOutcome() {
        return last;
    }

    /**
     * A connection pool on the configured database ({@code wootrack.db.*}). For the embedded H2 in the data dir,
     * the data dir is made first (owner-only) and, when no password is configured, one is generated once into
     * {@code <data-dir>/db-password}; a database made by an older version without a password gets that one.
     */
    public static HikariDataSource pool(Function<String, Optional<String>> settings) {
        String url = settings.apply("wootrack.db.url").orElseThrow(() -> new IllegalStateException(
                "Missing required setting 'wootrack.db.url'"));
        boolean embedded = isEmbeddedH2(url, null);
        // the data dir holds the embedded database; a database server needs none here (a command on another machine)
        String dataDirSetting = settings.apply("wootrack.data-dir").orElse("./data");
        Path dataDir = embedded ? DataDir.prepare(dataDirSetting) : Path.of(dataDirSetting);
        String user = settings.apply("wootrack.db.user").orElse("");
        String password = settings.apply("wootrack.db.password").filter(p -> !p.isBlank()).orElse(null);
        if (password == null && embedded) {
            password = DataDir.secret(dataDir, "db-password");
            upgradeEmptyPassword(url, user, password);
        }
        HikariConfig config = new HikariConfig();
        config.setPoolName("wootrack");
        config.setJdbcUrl(withH2Defaults(url));
        config.setUsername(user);
        config.setPassword(password == null ? "" : password);
        config.setMaximumPoolSize(Integer.parseInt(settings.apply("wootrack.db.pool-size").orElse("8").trim()));
        config.setExceptionOverrideClassName(EvictBrokenConnections.class.getName());
        // the first connection may take a few tries: two commands opening the embedded H2 at the same moment (no
        // `run` holding it) race for its lock file, and the loser fails with "Lock file recently modified" until the
        // winner has written its AUTO_SERVER address; a database server may be still starting. Hikari tries again
        // every second for this long before it gives up with the last failure.
        config.setInitializationFailTimeout(OPEN_TIMEOUT.toMillis());
        HikariDataSource pool = new HikariDataSource(config);
        if (embedded) {
            try {
                DataDir.restrict(dataDir); // the files H2 just made, owner-only too
            } catch (java.io.IOException e) {
                LOG.warn("could not restrict the permissions of {}: {}", dataDir, e.getMessage());
            }
        }
        return pool;
    }

    /**
     * H2 keeps the last 8 parsed statements per connection by default, fewer than the order pipeline runs on one
     * connection: most were parsed again on every use, 5 % of WooTrack's CPU per order (issue 15). Unless
     * the URL says otherwise, WooTrack's H2 URLs get {@code QUERY_CACHE_SIZE=128}.
     */
    static String withH2Defaults(String url) {
        if (!url.startsWith("jdbc:h2:") || url.toUpperCase(java.util.Locale.ROOT).contains(";QUERY_CACHE_SIZE=")) {
            return url;
        }
        return url + ";QUERY_CACHE_SIZE=" + H2_QUERY_CACHE_SIZE;
    }

    static final int H2_QUERY_CACHE_SIZE = 128;

    /** H2 in a file of the data dir (the default), as opposed to a server the operator runs. */
    public static boolean isEmbeddedH2(String url, Path dataDir) {
        return url.startsWith("jdbc:h2:file:") || url.startsWith("jdbc:h2:./") || url.startsWith("jdbc:h2:/");
    }

    /**
     * Versions before 0.2 made the embedded database with an empty password. Such a database gets the generated one:
     * opened once with the empty password, {@code ALTER USER … SET PASSWORD}. Nothing happens for a new or an
     * already protected database.
     */
    private static void upgradeEmptyPassword(String url, String user, String password) {
        String file = url.substring("jdbc:h2:".length()).replaceFirst("^file:", "").split(";", 2)[0];
        if (!Files.exists(Path.of(file + ".mv.db"))) {
            return;
        }
        try (Connection c = java.sql.DriverManager.getConnection(withH2Defaults(url), user, password)) {
            return; // protected already
        } catch (SQLException wrong) {
            if (!"28000".equals(wrong.getSQLState())) {
                return; // another problem: the pool will report it
            }
        }
        try (Connection c = java.sql.DriverManager.getConnection(withH2Defaults(url), user, "");
             Statement st = c.createStatement()) {
            st.execute("ALTER USER \"" + user.toUpperCase(java.util.Locale.ROOT).replace("\"", "") + "\" SET PASSWORD '"
                    + password.replace("'", "''") + "'");
            LOG.info("the embedded database had no password: it now has the one in db-password");
        } catch (SQLException e) {
            LOG.warn("could not set the embedded database's password: {}", e.getMessage());
        }
    }

    /**
     * Creates and upgrades the schema with Flyway ({@code classpath:wootrack/db/migration}; history in
     * {@value #HISTORY_TABLE}). A database made by schema.sql before Flyway is taken as it is (the first migration
     * only creates what is missing).
     */
    public void applySchema() {
        Flyway.configure(Database.class.getClassLoader())
                .dataSource(dataSource)
                .locations("classpath:wootrack/db/migration")
                .table(HISTORY_TABLE)
                .baselineOnMigrate(true)
                .baselineVersion("0")
                .loggers("slf4j")
                .load()
                .migrate();
    }

    /**
     * Housekeeping for the embedded H2, which does none of its own with {@code WRITE_DELAY=0} (that setting stops its
     * background writer, and with it the rewriting of partly used chunks): without this the file grows with every
     * commit until WooTrack stops (measured: 1.9 GB for 10,000 orders). Rewrites the chunks whose live data fell under
     * 90 % and lets the store reuse freed space at once, for at most {@code maxMillis}. Does nothing for another
     * database, or when this process is not the one that holds the file (a command beside a running {@code run}).
     * With {@code shrink}, chunks are also moved together so the file gets smaller (retention does it after deleting;
     * it holds the store's lock, so commits wait, for at most {@code maxMillis}). Returns whether there was an
     * embedded store to keep.
     */
    public boolean housekeeping(int maxMillis, boolean shrink) {
        try (Connection c = dataSource.getConnection()) {
            if (!c.isWrapperFor(org.h2.jdbc.JdbcConnection.class)
                    || !(c.unwrap(org.h2.jdbc.JdbcConnection.class).getSession()
                    instanceof org.h2.engine.SessionLocal local)) {
                return false;
            }
            org.h2.mvstore.MVStore store = local.getDatabase().getStore().getMvStore();
            // commits are written at once (WRITE_DELAY=0), so a freed chunk can be reused at once
            store.setRetentionTime(0);
            if (shrink) {
                store.compactFile(maxMillis);
                return true;
            }
            long until = System.nanoTime() + maxMillis * 1_000_000L;
            while (System.nanoTime() < until && store.compact(90, 16 * 1024 * 1024)) {
                // one more batch of partly used chunks rewritten
            }
            return true;
        } catch (SQLException | RuntimeException e) {
            LOG.debug("database housekeeping skipped: {}", e.getMessage());
            return false;
        }
    }

    @FunctionalInterface
    public interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    /**
     * As {@link #inTransaction}, but the transaction and its durable commit may be shared with what other threads
     * write at the same moment (group commit): for the hot path's small writes, an order into the inbox, a decision.
     * It returns once its commit is done; when it throws, nothing of it was written. The work must only use the
     * connection it is given, and must not depend on what the others in its commit write.
     */
    public <T> T inSharedTransaction(Work<T> work) {
        GroupCommit g = group();
        return g.maxBatch() == 1 ? inTransaction(work) : g.run(work);
    }

    /** Runs work in one transaction: committed when it returns, rolled back when it throws. */
    public <T> T inTransaction(Work<T> work) {
        try (Connection c = dataSource.getConnection()) {
            detect(c);
            boolean auto = c.getAutoCommit();
            c.setAutoCommit(false);
            try {
                T result = work.run(c);
                c.commit();
                succeeded();
                return result;
            } catch (SQLException | RuntimeException e) {
                try {
                    c.rollback();
                } catch (SQLException rollbackFailed) {
                    e.addSuppressed(rollbackFailed);
                }
                throw e;
            } finally {
                try {
                    c.setAutoCommit(auto);
                } catch (SQLException closedMeanwhile) {
                    // the pool evicts it
                }
            }
        } catch (SQLException e) {
            if (isDataProblem(e)) {
                throw new InvalidData(e);
            }
            failed(e);
            throw new StoreException(e);
        }
    }

    private void succeeded() {
        if (!last.ok()) {
            LOG.info("the database works again (it failed since {}: {})", last.at(), last.problem());
            last = new Outcome(true, null, Instant.now());
        }
    }

    private void failed(SQLException e) {
        if (last.ok()) {
            LOG.error("the database failed: {} (SQLState {}); webhooks are refused with 503 until it works again",
                    e.getMessage(), e.getSQLState());
            last = new Outcome(false, "SQLState " + e.getSQLState() + ": " + firstLine(e.getMessage()), Instant.now());
        }
    }

    /**
     * Probes with a write when the last unit of work failed (a read can succeed on a full disk): the health check
     * calls it, so recovery is seen without waiting for traffic.
     */
    public Outcome probe() {
        if (!last.ok()) {
            try {
                inTransaction(c -> {
                    // every node probes: the row made by one of them at the same moment is as good
                    boolean inserted = dialect().insertUnlessExists(c, "INSERT INTO checkpoint (name, val, updated_at)"
                            + " VALUES ('database.probe', NULL, ?)", "name", in -> in.setObject(1, utc(Instant.now())));
                    if (!inserted) {
                        try (PreparedStatement ps = c.prepareStatement(
                                "UPDATE checkpoint SET updated_at = ? WHERE name = 'database.probe'")) {
                            ps.setObject(1, utc(Instant.now()));
                            ps.executeUpdate();
                        }
                    }
                    return null;
                });
            } catch (StoreException stillFailing) {
                // reported by lastOutcome
            }
        }
        return last;
    }

    /** A statement refused for what it carried (a value too long, a duplicate key), not because the database failed. */
    static boolean isDataProblem(SQLException e) {
        String state = e.getSQLState();
        return state != null && (state.startsWith("22") || state.startsWith("23"));
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    static OffsetDateTime utc(Instant instant) {
        return instant == null ? null : OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    static Instant instant(OffsetDateTime time) {
        return time == null ? null : time.toInstant();
    }

    /**
     * HikariCP keeps a connection after most errors; H2 closes the database for good after an I/O failure (disk full),
     * so every pooled connection would fail from then on. These are evicted, and the next connection opens the
     * database again.
     */
    public static final class EvictBrokenConnections implements SQLExceptionOverride {
        @java.lang.Override
        public SQLExceptionOverride.Override adjudicate(SQLException e) {
            String state = e.getSQLState();
            int code = e.getErrorCode();
            // H2: 90098 database closed, 90121 closed at shutdown, 90028 I/O error, 90030 file corrupted;
            // 08…: connection exceptions (any driver); 53100 disk full, 57P… shutdown (PostgreSQL)
            if (code == 90098 || code == 90121 || code == 90028 || code == 90030 || code == 50000
                    || state != null && (state.startsWith("08") || state.equals("53100") || state.startsWith("57P"))) {
                return SQLExceptionOverride.Override.MUST_EVICT;
            }
            return SQLExceptionOverride.Override.CONTINUE_EVICT;
        }
    }

    /**
     * The database failed (disk full, closed, unreachable), unchecked so routes can let their error handler deal with
     * it: not the order's fault, so the order is tried again once the database works.
     */
    public static final class StoreException extends RuntimeException {
        StoreException(SQLException cause) {
            super("database: " + firstLine(cause.getMessage()), cause);
        }
    }

    /** A statement refused for what it carried (a value too long, a duplicate key): the data's fault, not the database's. */
    public static final class InvalidData extends IllegalArgumentException {
        InvalidData(SQLException cause) {
            super("the database refused the data: " + firstLine(cause.getMessage()), cause);
        }
    }
}
