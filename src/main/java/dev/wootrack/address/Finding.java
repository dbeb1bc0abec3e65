package dev.wootrack.address;

/**
 * One thing an address check found, and what became of it. {@code message} and {@code suggestion} never carry a
 * phone number or a RUT in full (they are masked); communes and regions are named as they are.
 *
 * @param check      {@code region}, {@code commune}, {@code rut} or {@code phone}
 * @param outcome    what was done about it
 * @param message    what was found
 * @param suggestion the value that is (or would be) sent instead, or null
 */
public record Finding(String check, Outcome outcome, String message, String suggestion) {

    /** What a finding led to. */
    public enum Outcome {
        /** the canonical form or the suggestion was written into the order that is sent */
        FIXED,
        /** sent as it was; recorded in the decision's reason */
        WARNING,
        /** the order waits as {@code needs-review} */
        HELD,
        /** it was held, and someone chose "send anyway": sent (with the suggestion, if there is one) */
        ACCEPTED;

        public String word() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** {@code commune held: 'Provdencia' is not a commune of RM (did you mean 'Providencia'?)}. */
    public String describe() {
        return check + " " + outcome.word() + ": " + message;
    }
}
