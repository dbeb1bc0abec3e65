package dev.wootrack.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The webhooks WooTrack installed in WooCommerce (or adopted there), one row per topic in {@code wootrack_webhook},
 * shared by every node: the WooCommerce webhook's id, its delivery URL, the secret WooTrack generated for it, and what
 * the {@code wootrack-webhooks-check} route saw last (its status, the alarm while it is disabled, the repairs).
 *
 * <p>The webhook intake and the health check read a {@linkplain #cached() snapshot} that is at most a few seconds old
 * (the intake must not query the database for every delivery; another node, or {@code webhooks install} beside a
 * running WooTrack, may have changed the rows meanwhile); a node that writes the rows sees its change at once.
 */
public final class InstalledWebhooks {

    /** How old a snapshot may be before the next reader loads the rows again. */
    public static final Duration FRESH = Duration.ofSeconds(5);

    /**
     * One webhook as WooTrack keeps it. {@code secret} is a secret: never print or log it.
     *
     * @param webhookId    WooCommerce's id; null while the call that creates or adopts it has not answered
     * @param origin       {@code created} (WooTrack made it) or {@code adopted} (it was there, with another secret)
     * @param status       WooCommerce's status as last seen: active, paused, disabled, or {@code missing}
     * @param disabledAt   when WooCommerce disabled it (its {@code date_modified_gmt} then); null while it is fine
     * @param catchUpFrom  active again, but the orders changed since this moment are still to be read again
     * @param alarm        what health, the log and the console say about it; null while it is fine
     */
    public record Installed(String topic, Long webhookId, String deliveryUrl, String secret, String origin,
                            Instant installedAt, String status, Instant checkedAt, Instant disabledAt,
                            Instant catchUpFrom, String alarm, int repairs, Instant repairedAt, String lastRepair) {

        /** The same row with another WooCommerce id. */
        public Installed withWebhookId(Long id) {
            return new Installed(topic, id, deliveryUrl, secret, origin, installedAt, status, checkedAt, disabledAt,
                    catchUpFrom, alarm, repairs, repairedAt, lastRepair);
        }

        /** The same row, as the check saw it now. */
        public Installed seen(String newStatus, Instant at, Instant newDisabledAt, Instant newCatchUpFrom,
                              String newAlarm) {
            return new Installed(topic, webhookId, deliveryUrl, secret, origin, installedAt, newStatus, at,
                    newDisabledAt, newCatchUpFrom, newAlarm, repairs, repairedAt, lastRepair);
        }

        @Override
        public String toString() {
            return "Installed[" + topic + ", webhook " + webhookId + ", " + status + ", " + deliveryUrl + "]";
        }
    }

    /** The rows as one reader saw them, and when they were read. */
    public record Snapshot(List<Installed> rows, Instant loadedAt) {
        /** The distinct secrets of the rows, the intake's keys. */
        public List<String> secrets() {
            return rows.stream().map(Installed::secret).filter(s -> s != null && !s.isEmpty()).distinct().toList();
        }

        /** The rows with an alarm. */
        public List<Installed> alarms() {
            return rows.stream().filter(r -> r.alarm() != null).toList();
        }
    }

    private final Database db;
    private final Clock clock;
    private volatile Snapshot cached;

    public InstalledWebhooks(Database db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    private static final String COLUMNS = "topic, webhook_id, delivery_url, secret, origin, installed_at, status,"
            + " checked_at, disabled_at, catch_up_from, alarm, repairs, repaired_at, last_repair";

    /** Every row, by topic; read now. */
    public List<Installed> list() {
        List<Installed> rows = db.inTransaction(c -> {
            List<Installed> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM wootrack_webhook ORDER BY topic");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(read(rs));
                }
            }
            return out;
        });
        cached = new Snapshot(List.copyOf(rows), clock.instant());
        return rows;
    }

    public Optional<Installed> find(String topic) {
        return list().stream().filter(r -> r.topic().equals(topic)).findFirst();
    }

    /**
     * The rows as read at most {@link #FRESH} ago; when older, read again. While the database fails, the last rows
     * read (none before the first read): the intake goes on verifying deliveries with the secrets it knows.
     */
    public Snapshot cached() {
        Snapshot s = cached;
        if (s == null) {
            return reload(null);
        }
        // one reader reads the rows again; the others meanwhile go on with these (a delivery never waits in line)
        if (s.loadedAt().plus(FRESH).isBefore(clock.instant()) && reloading.compareAndSet(false, true)) {
            try {
                return reload(s);
            } finally {
                reloading.set(false);
            }
        }
        return s;
    }

    private final java.util.concurrent.atomic.AtomicBoolean reloading = new java.util.concurrent.atomic.AtomicBoolean();

    /** Reads the rows again unless they were read less than {@code minAge} ago (a delivery that does not verify). */
    public Snapshot refresh(Duration minAge) {
        Snapshot s = cached;
        if (s != null && s.loadedAt().plus(minAge).isAfter(clock.instant())) {
            return s;
        }
        return reload(s);
    }

    private Snapshot reload(Snapshot previous) {
        try {
            list();
            return cached;
        } catch (RuntimeException e) {
            // the database fails: the last rows read stay good (a later reader tries again)
            return previous != null ? previous : new Snapshot(List.of(), Instant.EPOCH);
        }
    }

    /** Inserts or replaces the row of its topic. */
    public void save(Installed r) {
        db.inTransaction(c -> {
            try (PreparedStatement del = c.prepareStatement("DELETE FROM wootrack_webhook WHERE topic = ?")) {
                del.setString(1, r.topic());
                del.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO wootrack_webhook (" + COLUMNS + ")"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                ps.setString(1, r.topic());
                if (r.webhookId() == null) {
                    ps.setNull(2, java.sql.Types.BIGINT);
                } else {
                    ps.setLong(2, r.webhookId());
                }
                ps.setString(3, Decisions.truncate(r.deliveryUrl(), 2000));
                ps.setString(4, r.secret());
                ps.setString(5, r.origin());
                ps.setObject(6, Database.utc(r.installedAt() == null ? clock.instant() : r.installedAt()));
                ps.setString(7, r.status());
                ps.setObject(8, r.checkedAt() == null ? null : Database.utc(r.checkedAt()));
                ps.setObject(9, r.disabledAt() == null ? null : Database.utc(r.disabledAt()));
                ps.setObject(10, r.catchUpFrom() == null ? null : Database.utc(r.catchUpFrom()));
                ps.setString(11, Decisions.truncate(r.alarm(), 2000));
                ps.setInt(12, r.repairs());
                ps.setObject(13, r.repairedAt() == null ? null : Database.utc(r.repairedAt()));
                ps.setString(14, Decisions.truncate(r.lastRepair(), 2000));
                ps.executeUpdate();
            }
            return null;
        });
        cached = null; // this node reads its own change at once
    }

    /** Forgets a topic's row (after {@code webhooks remove}). */
    public void delete(String topic) {
        db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM wootrack_webhook WHERE topic = ?")) {
                ps.setString(1, topic);
                ps.executeUpdate();
            }
            return null;
        });
        cached = null;
    }

    /** Notes when the rows were last compared with WooCommerce. */
    public void checked(Instant at) {
        db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE wootrack_webhook SET checked_at = ?")) {
                ps.setObject(1, Database.utc(at));
                ps.executeUpdate();
            }
            return null;
        });
    }

    /**
     * When WooTrack last took a delivery of this topic through its webhook intake, at or before {@code notAfter}
     * (the inbox's rows, kept for {@code wootrack.retention.history}); empty when it has none. A webhook that
     * WooCommerce disabled failed every delivery after that one: the gap to catch up starts there.
     */
    public Optional<Instant> lastDelivery(String topic, Instant notAfter) {
        return db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT MAX(received_at) FROM inbox"
                    + " WHERE source = 'webhook' AND topic = ? AND received_at <= ?")) {
                ps.setString(1, topic);
                ps.setObject(2, Database.utc(notAfter));
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.ofNullable(Database.instant(rs.getObject(1, OffsetDateTime.class)))
                            : Optional.<Instant>empty();
                }
            }
        });
    }

    private static Installed read(ResultSet rs) throws SQLException {
        long id = rs.getLong(2);
        Long webhookId = rs.wasNull() ? null : id;
        return new Installed(rs.getString(1), webhookId, rs.getString(3), rs.getString(4), rs.getString(5),
                Database.instant(rs.getObject(6, OffsetDateTime.class)), rs.getString(7),
                Database.instant(rs.getObject(8, OffsetDateTime.class)),
                Database.instant(rs.getObject(9, OffsetDateTime.class)),
                Database.instant(rs.getObject(10, OffsetDateTime.class)), rs.getString(11), rs.getInt(12),
                Database.instant(rs.getObject(13, OffsetDateTime.class)), rs.getString(14));
    }
}
