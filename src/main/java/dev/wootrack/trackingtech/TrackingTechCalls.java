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
 */
public final class TrackingTechCalls implements Processor {

    /** One call's outcome: when, the HTTP status (0 when there was no answer), what happened. */
    public record Outcome(Instant at, int status, String what) {
    }

    private final Clock clock;
    private volatile Outcome lastAnswer;
    private volatile Outcome lastFailure;

    public TrackingTechCalls(Clock clock) {
        this.clock = clock;
    }

    void answered(int status) {
        lastAnswer = new Outcome(clock.instant(), status, "HTTP " + status);
    }

    @Override
    public void process(Exchange exchange) {
        Throwable e = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        if (e == null) {
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
