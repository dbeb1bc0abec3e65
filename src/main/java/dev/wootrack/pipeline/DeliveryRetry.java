package dev.wootrack.pipeline;

import dev.wootrack.store.DeadLetters;
import dev.wootrack.store.Inbox;
import dev.wootrack.store.InboxItem;
import dev.wootrack.trackingtech.TrackingTechCalls;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The long wait for TrackingTech, in the database: when an order's in-memory retries are spent (or calls are paused
 * because TrackingTech was just found down), its inbox row waits, unclaimed, for its next attempt, which
 * inbox-recovery makes. The delays follow the same exponential back-off as the in-memory retries, capped by the
 * maximum delay (a {@code Retry-After} wins, within that cap), for as long as TrackingTech stays unavailable. Nothing
 * waits in memory, so an outage of any length and a backlog of any size end with every order delivered, also across
 * a restart.
 */
public final class DeliveryRetry {

    private static final Logger LOG = LoggerFactory.getLogger("dev.wootrack.delivery");

    private final Inbox inbox;
    private final TrackingTechCalls calls;
    private final long initialDelayMillis;
    private final double multiplier;
    private final long maximumDelayMillis;
    private final int inMemoryRetries;

    public DeliveryRetry(Inbox inbox, TrackingTechCalls calls, long initialDelayMillis, double multiplier,
                         long maximumDelayMillis, int inMemoryRetries) {
        this.inbox = inbox;
        this.calls = calls;
        this.initialDelayMillis = initialDelayMillis;
        this.multiplier = multiplier;
        this.maximumDelayMillis = maximumDelayMillis;
        this.inMemoryRetries = inMemoryRetries;
    }

    /**
     * The order waits for its next attempt; calls pause until then when it was TrackingTech itself that failed.
     *
     * @param retryAfterMillis what TrackingTech's {@code Retry-After} asked for (capped), or null
     */
    public Instant defer(InboxItem item, Throwable failure, Long retryAfterMillis) {
        Instant resume = calls.pausedUntil();
        boolean paused = failure instanceof dev.wootrack.trackingtech.TrackingTechException.Paused && resume != null;
        // a paused order comes back when the pause ends (the next probe), with a little spread
        Duration delay = paused ? Duration.between(Instant.now(), resume).plusMillis(
                java.util.concurrent.ThreadLocalRandom.current().nextLong(1_000)) : delay(item.attempts(), retryAfterMillis);
        String reason = paused && item.attempts() > 0 ? null : DeadLetters.Failure.of(failure).reason();
        Instant next = inbox.defer(item, reason, delay.isNegative() ? Duration.ZERO : delay);
        if (!(failure instanceof dev.wootrack.trackingtech.TrackingTechException.Paused)) {
            calls.pauseUntil(next);
            LOG.warn("order {} waits for TrackingTech ({}): attempt {} at {}; orders behind it wait too", item.orderId(),
                    reason, item.attempts() + 2 + inMemoryRetries, next);
        } else if (LOG.isDebugEnabled()) {
            LOG.debug("order {} waits for TrackingTech until {}", item.orderId(), next);
        }
        return next;
    }

    /**
     * The rows inbox-recovery may take now: every row that is due, except, while calls to TrackingTech pause, the rows
     * waiting for it (they would only wait again; they come back with the next probe).
     */
    public java.util.List<InboxItem> claimDue(int max) {
        return inbox.claimPending(max, calls.pausedUntil() == null);
    }

    /**
     * The database failed while the order was on its way: its row goes back to inbox-recovery in a few seconds; when
     * even that cannot be written, the claim is taken back as idle once the database works again.
     */
    public void storeFailed(InboxItem item) {
        try {
            inbox.release(item, Duration.ofSeconds(5));
        } catch (RuntimeException stillFailing) {
            LOG.debug("order {}: its inbox row could not be released yet: {}", item.orderId(), stillFailing.getMessage());
        }
    }

    /** The n-th wait (from 0) after the in-memory retries: initial × multiplier^(retries + n + 1), capped. */
    Duration delay(int waitsSoFar, Long retryAfterMillis) {
        if (retryAfterMillis != null && retryAfterMillis > 0) {
            return Duration.ofMillis(Math.min(retryAfterMillis, maximumDelayMillis));
        }
        double millis = initialDelayMillis * Math.pow(multiplier, inMemoryRetries + waitsSoFar + 1.0);
        long capped = (long) Math.min(millis, maximumDelayMillis);
        // a little spread, so orders that waited together do not all come back in the same instant
        long spread = Math.min(1_000, capped / 10);
        return Duration.ofMillis(capped - (spread == 0 ? 0 : java.util.concurrent.ThreadLocalRandom.current()
                .nextLong(spread)));
    }
}
