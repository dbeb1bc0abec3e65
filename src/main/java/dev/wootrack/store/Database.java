package dev.wootrack.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.function.Function;
import javax.sql.DataSource;

/** Applies schema.sql and runs units of work in one transaction (one durable commit each). */
public final class Database {

    private final DataSource dataSource;

    public Database(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    public DataSource dataSource() {
        return dataSource;
    }

    /**
     * A connection pool on the configured database ({@code wootrack.db.*}), creating the data dir first so
     * the embedded H2 has somewhere to live.
     */
    public static HikariDataSource pool(Function<String, Optional<String>> settings) {
        String dataDir = settings.apply("wootrack.data-dir").orElse("./data");
        try {
            Files.createDirectories(Path.of(dataDir));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the data dir " + dataDir, e);
        }
        HikariConfig config = new HikariConfig();
        config.setPoolName("wootrack");
        config.setJdbcUrl(settings.apply("wootrack.db.url").orElseThrow(() -> new IllegalStateException(
                "Missing required setting 'wootrack.db.url'")));
        config.setUsername(settings.apply("wootrack.db.user").orElse(""));
        config.setPassword(settings.apply("wootrack.db.password").orElse(""));
        config.setMaximumPoolSize(Integer.parseInt(settings.apply("wootrack.db.pool-size").orElse("8").trim()));
        return new HikariDataSource(config);
    }

    /** Creates the tables that do not exist yet. */
    public void applySchema() {
        String script;
        try (InputStream in = Database.class.getResourceAsStream("/schema.sql")) {
            script = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        inTransaction(c -> {
            try (Statement st = c.createStatement()) {
                for (String sql : script.replaceAll("(?m)^--.*$", "").split(";")) {
                    if (!sql.isBlank()) {
                        st.execute(sql);
                    }
                }
            }
            return null;
        });
    }

    @FunctionalInterface
    public interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    /** Runs work in one transaction: committed when it returns, rolled back when it throws. */
    /**
     * Runs a prepared insert inside the caller's transaction; false when it hit a unique key (SQLState 23…). A
     * savepoint keeps the transaction usable after that (PostgreSQL would otherwise abort it).
     */
    static boolean insertUnlessDuplicate(Connection c, java.sql.PreparedStatement insert) throws SQLException {
        java.sql.Savepoint before = c.setSavepoint();
        try {
            insert.executeUpdate();
            return true;
        } catch (SQLException e) {
            if (e.getSQLState() == null || !e.getSQLState().startsWith("23")) {
                throw e;
            }
            c.rollback(before);
            return false;
        }
    }

    public <T> T inTransaction(Work<T> work) {
        try (Connection c = dataSource.getConnection()) {
            boolean auto = c.getAutoCommit();
            c.setAutoCommit(false);
            try {
                T result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(auto);
            }
        } catch (SQLException e) {
            throw new StoreException(e);
        }
    }

    static OffsetDateTime utc(Instant instant) {
        return instant == null ? null : OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    static Instant instant(OffsetDateTime time) {
        return time == null ? null : time.toInstant();
    }

    /** A database failure, unchecked so routes can let their error handler deal with it. */
    public static final class StoreException extends RuntimeException {
        StoreException(SQLException cause) {
            super("database: " + cause.getMessage(), cause);
        }
    }
}
