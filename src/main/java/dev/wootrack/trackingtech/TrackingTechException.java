package dev.wootrack.trackingtech;

import dev.wootrack.store.DeadLetters.HasHttpStatus;

/** What TrackingTech answered when it did not accept a call. Subclasses say what to do about it. */
public abstract sealed class TrackingTechException extends RuntimeException implements HasHttpStatus
        permits TrackingTechException.Rejected, TrackingTechException.Unavailable,
        TrackingTechException.LoginRequired {

    private final int httpStatus;

    TrackingTechException(int httpStatus, String message) {
        super(message, null, false, false);
        this.httpStatus = httpStatus;
    }

    @Override
    public int httpStatus() {
        return httpStatus;
    }

    /** A permanent refusal (409, 422, other 4xx): redelivery cannot help; the order becomes a dead letter. */
    public static final class Rejected extends TrackingTechException {
        public Rejected(int status, String message) {
            super(status, message);
        }
    }

    /** A passing failure (5xx, 429, 408): worth redelivering after a back-off. */
    public static sealed class Unavailable extends TrackingTechException permits Paused {
        public Unavailable(int status, String message) {
            super(status, message);
        }
    }

    /** Not called at all: TrackingTech was found down a moment ago, and calls pause until its next probe. */
    public static final class Paused extends Unavailable {
        public Paused(String message) {
            super(503, message);
        }
    }

    /** 401: the token is no longer valid; sending pauses until a new login. */
    public static final class LoginRequired extends TrackingTechException {
        public LoginRequired(String message) {
            super(401, message);
        }
    }
}
