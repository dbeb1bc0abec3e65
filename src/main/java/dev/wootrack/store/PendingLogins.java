package dev.wootrack.store;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;

/**
 * The connect wizard's logins between its step 2 (signed in) and step 3 (a store chosen), in the database
 * ({@code wootrack_pending_login}) so step 3 may reach any node behind the load balancer. The wizard id is kept only
 * as its SHA-256; the login (with TrackingTech's token, as the stored connection keeps it) as the caller's JSON.
 * A row is good once (taken by {@link #take}) and until it expires.
 */
public final class PendingLogins {

    private final Database db;
    private final Clock clock;

    public PendingLogins(Database db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    /** Keeps a login under a wizard id until {@code expires}; false when {@code max} logins are already waiting. */
    public boolean put(String wizard, String login, Instant expires, int max) {
        Instant now = clock.instant();
        return db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM wootrack_pending_login WHERE expires_at < ?")) {
                ps.setObject(1, Database.utc(now));
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM wootrack_pending_login");
                 ResultSet rs = ps.executeQuery()) {
                rs.next();
                if (rs.getLong(1) >= max) {
                    return false;
                }
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO wootrack_pending_login (wizard_hash, login,"
                    + " expires_at) VALUES (?, ?, ?)")) {
                ps.setString(1, hash(wizard));
                ps.setString(2, login);
                ps.setObject(3, Database.utc(expires));
                ps.executeUpdate();
            }
            return true;
        });
    }

    /** Takes the login of a wizard id that has not expired: it is gone from the table once this returns it. */
    public Optional<String> take(String wizard) {
        Instant now = clock.instant();
        return db.inTransaction(c -> {
            String login = null;
            Instant expires = null;
            try (PreparedStatement ps = c.prepareStatement("SELECT login, expires_at FROM wootrack_pending_login"
                    + " WHERE wizard_hash = ?")) {
                ps.setString(1, hash(wizard));
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        login = rs.getString(1);
                        expires = Database.instant(rs.getObject(2, java.time.OffsetDateTime.class));
                    }
                }
            }
            if (login == null) {
                return Optional.<String>empty();
            }
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM wootrack_pending_login WHERE wizard_hash = ?")) {
                ps.setString(1, hash(wizard));
                if (ps.executeUpdate() == 0) {
                    return Optional.<String>empty(); // another node took it at the same moment
                }
            }
            return expires.isBefore(now) ? Optional.<String>empty() : Optional.of(login);
        });
    }

    private static String hash(String wizard) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(wizard.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
