package dev.wootrack.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.Locale;

/**
 * The SQL dialect of the database behind a {@link Database}, read once from the driver's metadata. Most statements
 * are standard SQL that H2 and PostgreSQL both run; this picks the better tool where one of them has it: claiming rows
 * with {@code FOR UPDATE SKIP LOCKED} (several nodes claim at once without taking a row twice or waiting for each
 * other), and {@code INSERT … ON CONFLICT DO NOTHING} on PostgreSQL, which aborts the whole transaction after any
 * failed statement. Another database gets the portable forms (no row locks in claims, a savepoint around an insert).
 */
public enum Dialect {
    /** H2 (the embedded default): SKIP LOCKED, but no ON CONFLICT outside its PostgreSQL mode. */
    H2,
    /** PostgreSQL: SKIP LOCKED and ON CONFLICT. */
    POSTGRESQL,
    /** Any other database: the portable forms. */
    OTHER;

    /** The dialect of a connection's database, by the product name its driver reports. */
    static Dialect of(Connection c) throws SQLException {
        String product = c.getMetaData().getDatabaseProductName();
        String name = product == null ? "" : product.toLowerCase(Locale.ROOT);
        if (name.equals("h2")) {
            return H2;
        }
        if (name.contains("postgresql")) {
            return POSTGRESQL;
        }
        return OTHER;
    }

    /**
     * What ends a SELECT that claims rows: the rows it returns of the table {@code alias} are locked until the
     * transaction ends, and rows another transaction holds are skipped, not waited for. PostgreSQL needs the table
     * named ({@code OF}) when the SELECT has an outer join (it refuses to lock the nullable side); empty for a database
     * that may not know SKIP LOCKED (the claim's conditional UPDATE still keeps a row from being taken twice).
     */
    String claimRows(String alias) {
        return switch (this) {
            case POSTGRESQL -> " FOR UPDATE OF " + alias + " SKIP LOCKED";
            case H2 -> " FOR UPDATE SKIP LOCKED";
            case OTHER -> "";
        };
    }

    /** Sets the parameters of a prepared statement. */
    @FunctionalInterface
    interface Params {
        void bind(PreparedStatement ps) throws SQLException;
    }

    /**
     * Runs {@code insert} (an {@code INSERT INTO … VALUES …} or {@code … SELECT …}) inside the caller's transaction
     * unless a row with the same {@code key} (the unique columns, e.g. {@code "order_id"}) exists: true when the row was
     * inserted, false when there was one already (also one another transaction inserted meanwhile). The transaction
     * stays usable either way: on PostgreSQL the insert is {@code ON CONFLICT (key) DO NOTHING} (no failed statement,
     * which would abort the transaction); elsewhere a savepoint is rolled back to after a unique violation (SQLState
     * 23505). Any other failure is thrown, and with it the transaction is rolled back by its unit of work.
     */
    boolean insertUnlessExists(Connection c, String insert, String key, Params params) throws SQLException {
        if (this == POSTGRESQL) {
            try (PreparedStatement ps = c.prepareStatement(insert + " ON CONFLICT (" + key + ") DO NOTHING")) {
                params.bind(ps);
                return ps.executeUpdate() == 1;
            }
        }
        Savepoint before = c.setSavepoint();
        try (PreparedStatement ps = c.prepareStatement(insert)) {
            params.bind(ps);
            return ps.executeUpdate() == 1;
        } catch (SQLException e) {
            if (!isUniqueViolation(e)) {
                throw e;
            }
            c.rollback(before);
            return false;
        }
    }

    /** A unique key or primary key was violated (the standard SQLState; H2 and PostgreSQL both use it). */
    static boolean isUniqueViolation(SQLException e) {
        return "23505".equals(e.getSQLState());
    }
}
