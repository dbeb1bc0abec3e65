package dev.wootrack.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Orders that could not be delivered: TrackingTech refused them for good, or redelivery gave up.
 * A replay puts the original WooCommerce payload back into the inbox, so it runs through the shared
 * entry route again like any other intake.
 */
public final class DeadLetters {

    private final Database db;
    private final Inbox inbox;
    private final Clock clock;
    private volatile DecisionEvents events;

    public DeadLetters(Database db, Inbox inbox, Clock clock) {
        this.db = db;
        this.inbox = inbox;
        this.clock = clock;
    }

    /** From now on every dead letter's decision also writes its event (when events are enabled). */
    public void publishTo(DecisionEvents events) {
        this.events = events;
    }

    /**
     * Records a dead letter for an inbox row, with the reason taken from the failure, and closes the row.
     *
     * @param attempts how many calls were made (null: the order failed before any call)
     */
    public DeadLetter record(InboxItem item, Throwable failure, Integer attempts) {
        Failure f = Failure.of(failure);
        Instant now = clock.instant();
        return db.inTransaction(c -> {
            long id;
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO dead_letter (inbox_id, order_id, reason,"
                    + " http_status, attempts, payload, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                    new String[] {"id"})) {
                ps.setLong(1, item.id());
                ps.setLong(2, item.orderId());
                ps.setString(3, Decisions.truncate(f.reason(), 2000));
                ps.setObject(4, f.httpStatus());
                ps.setInt(5, attempts == null ? 0 : attempts);
                ps.setString(6, item.payload());
                ps.setObject(7, Database.utc(now));
                ps.executeUpdate();
                try (ResultSet keys = ps.getGeneratedKeys()) {
                    keys.next();
                    id = keys.getLong(1);
                }
            }
            Decisions.insert(db.dialect(), c, events, item, "dead-letter", f.reason(), now);
            Inbox.finish(c, item.id(), Inbox.DONE, null);
            return new DeadLetter(id, item.id(), item.orderId(), f.reason(), f.httpStatus(),
                    attempts == null ? 0 : attempts, now, null);
        });
    }

    /** Counts calls: the routes keep the count in an exchange property, which survives redelivery. */
    public int nextAttempt(Integer attempts) {
        return attempts == null ? 1 : attempts + 1;
    }

    /** Dead letters, newest first; with {@code includeReplayed} also those already replayed. */
    public List<DeadLetter> list(boolean includeReplayed) {
        return db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT id, inbox_id, order_id, reason, http_status,"
                    + " attempts, created_at, replayed_at FROM dead_letter"
                    + (includeReplayed ? "" : " WHERE replayed_at IS NULL") + " ORDER BY id DESC")) {
                List<DeadLetter> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new DeadLetter(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getString(4),
                                (Integer) rs.getObject(5), rs.getInt(6),
                                Database.instant(rs.getObject(7, OffsetDateTime.class)),
                                Database.instant(rs.getObject(8, OffsetDateTime.class))));
                    }
                }
                return out;
            }
        });
    }

    /**
     * Puts a dead letter's order back into the inbox (source {@code replay}) and marks it replayed, in one
     * transaction. Empty when there is no such dead letter or it was replayed already.
     */
    public Optional<InboxItem> replay(long deadLetterId) {
        Instant now = clock.instant();
        return db.inTransaction(c -> {
            InboxItem original;
            try (PreparedStatement ps = c.prepareStatement("SELECT i.topic, i.order_id, i.order_status, d.payload"
                    + " FROM dead_letter d JOIN inbox i ON i.id = d.inbox_id"
                    + " WHERE d.id = ? AND d.replayed_at IS NULL")) {
                ps.setLong(1, deadLetterId);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return Optional.empty();
                    }
                    original = new InboxItem(0, "replay", rs.getString(1), rs.getLong(2), rs.getString(3),
                            rs.getString(4), now);
                }
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE dead_letter SET replayed_at = ? WHERE id = ? AND replayed_at IS NULL")) {
                ps.setObject(1, Database.utc(now));
                ps.setLong(2, deadLetterId);
                ps.executeUpdate();
            }
            return Optional.of(inbox.insert(c, new IncomingOrder("replay", original.topic(), original.orderId(),
                    original.orderStatus(), original.payload()), now, false));
        });
    }

    /** Replays every dead letter not replayed yet, oldest first; returns the new inbox rows. */
    public List<InboxItem> replayAll() {
        List<DeadLetter> open = new ArrayList<>(list(false));
        java.util.Collections.reverse(open);
        List<InboxItem> out = new ArrayList<>();
        for (DeadLetter d : open) {
            replay(d.id()).ifPresent(out::add);
        }
        return out;
    }

    /** One dead letter, without its payload. */
    public record DeadLetter(long id, long inboxId, long orderId, String reason, Integer httpStatus,
                             int attempts, Instant createdAt, Instant replayedAt) {
    }

    /**
     * What a failure says, in words for an operator: the reason and, when there was one, the HTTP status. An order
     * whose JSON cannot be read is described by the problem's kind and place only: Jackson's message would quote
     * the order (the customer's email, phone, address) into the reason, its log line and the console.
     */
    public record Failure(String reason, Integer httpStatus) {
        public static Failure of(Throwable t) {
            if (t instanceof HasHttpStatus h) {
                return new Failure(t.getMessage(), h.httpStatus());
            }
            if (t == null) {
                return new Failure("unknown failure", null);
            }
            String json = dev.wootrack.JsonProblem.in(t);
            if (json != null) {
                return new Failure("unreadable JSON: " + json, null); // the order's, or an answer's
            }
            String message = t.getMessage() == null ? "" : ": " + t.getMessage();
            return new Failure(t.getClass().getSimpleName() + message, null);
        }
    }

    /** A failure that came with an HTTP status. */
    public interface HasHttpStatus {
        int httpStatus();
    }
}
