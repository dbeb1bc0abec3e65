package dev.wootrack.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Optional;

/** The link to TrackingTech made by {@code connect}, one row in any JDBC database, shared by every instance. */
public final class ConnectionStore {

    /** The stored link. {@code token} is a secret: never print or log it. */
    public record Stored(String state, String tenantId, String tenantCode, String tenantName, String storeId,
                         String storeName, String customerId, String token, Instant linkedAt,
                         Instant connectedSince, String problem, Instant updatedAt) {
        @Override
        public String toString() {
            return "Stored[" + state + ", tenant " + tenantCode + ", store " + storeId + "]";
        }
    }

    private final Database db;
    private final Clock clock;

    public ConnectionStore(Database db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    public Optional<Stored> load() {
        return db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT state, tenant_id, tenant_code, tenant_name,"
                    + " store_id, store_name, customer_id, token, linked_at, connected_since, problem, updated_at"
                    + " FROM trackingtech_connection WHERE id = 1");
                 ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.<Stored>empty();
                }
                return Optional.of(new Stored(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8),
                        Database.instant(rs.getObject(9, OffsetDateTime.class)),
                        Database.instant(rs.getObject(10, OffsetDateTime.class)), rs.getString(11),
                        Database.instant(rs.getObject(12, OffsetDateTime.class))));
            }
        });
    }

    /** Replaces the stored link. */
    public void save(Stored s) {
        String insert = "INSERT INTO trackingtech_connection (id, state, tenant_id, tenant_code, tenant_name, store_id,"
                + " store_name, customer_id, token, linked_at, connected_since, problem, updated_at)"
                + " VALUES (1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
        Dialect.Params values = ps -> {
            ps.setString(1, s.state());
            ps.setString(2, s.tenantId());
            ps.setString(3, s.tenantCode());
            ps.setString(4, s.tenantName());
            ps.setString(5, s.storeId());
            ps.setString(6, s.storeName());
            ps.setString(7, s.customerId());
            ps.setString(8, s.token());
            ps.setObject(9, s.linkedAt() == null ? null : Database.utc(s.linkedAt()));
            ps.setObject(10, s.connectedSince() == null ? null : Database.utc(s.connectedSince()));
            ps.setString(11, Decisions.truncate(s.problem(), 2000));
            ps.setObject(12, Database.utc(clock.instant()));
        };
        db.inTransaction(c -> {
            // not inserted: another node saved a link at the same moment (its row came after this delete looked):
            // delete it too, this one is the later; each round, one of the savers racing has committed
            do {
                delete(c);
            } while (!db.dialect().insertUnlessExists(c, insert, "id", values));
            return null;
        });
    }

    private static void delete(java.sql.Connection c) throws java.sql.SQLException {
        try (PreparedStatement del = c.prepareStatement("DELETE FROM trackingtech_connection WHERE id = 1")) {
            del.executeUpdate();
        }
    }

    /** Changes the state (and the problem) of the stored link, keeping the rest. */
    public void setState(String state, String problem, boolean dropToken) {
        db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE trackingtech_connection SET state = ?,"
                    + " problem = ?, updated_at = ?" + (dropToken ? ", token = NULL" : "") + " WHERE id = 1")) {
                ps.setString(1, state);
                ps.setString(2, Decisions.truncate(problem, 2000));
                ps.setObject(3, Database.utc(clock.instant()));
                ps.executeUpdate();
            }
            return null;
        });
    }
}
