package dev.wootrack.reconcile;

import java.util.Arrays;
import java.util.List;

/**
 * Where an order stands in a reconciliation. The names are stable (the table, {@code --json}, {@code --csv}, the
 * console, the admin API). A difference makes the exit code 1 (until a {@code --fix} fixes it); a visible state is an
 * order WooTrack already shows as waiting (console, {@code status}, {@code dead-letters}), reported but not a
 * difference: its fix is a replay or a {@code connect}, not a reconciliation.
 */
public enum Category {
    IN_STEP("in-step", Kind.IN_STEP),
    MISSING("missing-at-trackingtech", Kind.DIFFERENCE),
    NOT_CANCELLED("not-cancelled-at-trackingtech", Kind.DIFFERENCE),
    CONTENT_DIFFERS("content-differs", Kind.DIFFERENCE),
    UNKNOWN("unknown-to-wootrack", Kind.DIFFERENCE),
    CANCELLED_AT_TRACKINGTECH("cancelled-at-trackingtech", Kind.DIFFERENCE),
    PARKED("parked", Kind.VISIBLE),
    DEAD_LETTER("dead-letter", Kind.VISIBLE),
    IN_PROGRESS("in-progress", Kind.VISIBLE);

    /** What a category means for the outcome. */
    public enum Kind { IN_STEP, DIFFERENCE, VISIBLE }

    private final String slug;
    private final Kind kind;

    Category(String slug, Kind kind) {
        this.slug = slug;
        this.kind = kind;
    }

    public String slug() {
        return slug;
    }

    public Kind kind() {
        return kind;
    }

    public boolean isDifference() {
        return kind == Kind.DIFFERENCE;
    }

    public static List<String> slugs() {
        return Arrays.stream(values()).map(Category::slug).toList();
    }
}
