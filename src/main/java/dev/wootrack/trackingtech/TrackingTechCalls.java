package dev.wootrack.trackingtech;

import java.time.Clock;
import java.time.Instant;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * How TrackingTech answered lately, for the console's TrackingTech health: the last answer and the last failure
 * (an error status, or no answer at all). A 2xx is noted by {@link TrackingTechResponses#check}; every failure of a
 * delivery, I/O errors included, reaches {@link #process} as the delivery error handler's
 * {@code onExceptionOccurredRef}, before any redelivery.
 * <p>
 * It also knows when TrackingTech is down: once an order spent its in-memory retries and waits in the database,
 * calls are paused until that order's next attempt ({@link #pauseUntil}), so the orders behind it wait at once
 * instead of each spending a worker on retries; the first call after the pause probes, and any answer ends it.
 */
public final class TrackingTechCalls implements Processor {

    /** One call's outcome: when, the HTTP status (0 when there was no answer), what happened. */
    public record Outcome(Instant at, int status, String what) {
    }

    private final Clock clock;
    private volatile Outcome lastAnswer;
    private volatile Outcome lastFailure;
    private volatile Instant pausedUntil;

    public TrackingTechCalls(Clock clock) {
        this.clock = clock;
    }

    void answered(int status) {
        lastAnswer = new Outcome(clock.instant(), status, "HTTP " + status);
        if (status < 500 && status != 429) {
            pausedUntil = null; // TrackingTech answers again
        }
    }

    /** TrackingTech is down: calls wait until {@code until} (the next attempt of the order that found it down). */
    public void pauseUntil(Instant until) {
        Instant current = pausedUntil;
        if (current == null || until.isAfter(current)) {
            pausedUntil = until;
        }
    }

    /** Throws {@link TrackingTechException.Paused} while calls are paused; the call route asks before every call. */
    public void requireAvailable() {
        Instant until = pausedUntil;
        if (until != null && clock.instant().isBefore(until)) {
            throw new TrackingTechException.Paused("TrackingTech was unavailable (" + (lastFailure == null ? "?"
                    : lastFailure.what()) + "); calls pause until " + until);
        }
    }

    /** When paused calls resume, or null when they are not paused. */
    public Instant pausedUntil() {
        Instant until = pausedUntil;
        return until != null && clock.instant().isBefore(until) ? until : null;
    }

    @Override
    public void process(Exchange exchange) {
        Throwable e = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        if (e == null || e instanceof TrackingTechException.Paused) {
            return;
        }
        int status = e instanceof TrackingTechException t ? t.httpStatus() : 0;
        String what = status > 0 ? e.getMessage() : "no answer: " + e.getClass().getSimpleName()
                + (e.getMessage() == null ? "" : ": " + e.getMessage());
        lastFailure = new Outcome(clock.instant(), status, what == null ? "" : what.length() > 300
                ? what.substring(0, 299) + "…" : what);
    }

    public Outcome lastAnswer() {
        return lastAnswer;
    }

    public Outcome lastFailure() {
        return lastFailure;
    }
}
