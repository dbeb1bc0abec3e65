package dev.wootrack.reconcile;

import com.fasterxml.jackson.databind.JsonNode;
import dev.wootrack.store.ReconcileLedger;
import dev.wootrack.trackingtech.TtOrderStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * One reconciliation while it runs: the window, the walk over WooCommerce's order list, what each side says of each
 * order, the verdicts and the fixes handed to the inbox. Mutable, owned by the one exchange (or command) that runs it.
 */
public final class Reconciliation {

    /** One order's verdict: its category, what each side says, why, and which fix (if any) it takes. */
    public record Line(long order, Category category, String wooCommerce, String wooTrack, String trackingTech,
                       String detail, Fix fix) {
    }

    /** What {@code --fix} does for a line. */
    public enum Fix { NONE, SEND, CANCEL }

    private final Instant since;
    private final Instant until;
    private final boolean fix;
    private final String by;
    private final Instant startedAt;
    private boolean all;

    // the walk: orders modified after `after` (strict) and before `before`, oldest change first
    String after;
    final String before;
    int page = 1;
    boolean hasNextPage = true;
    int requests;

    /** Every order read, by id: the newest version read wins. */
    final Map<Long, JsonNode> orders = new TreeMap<>();
    final Map<Long, ReconcileLedger.Side> sides = new HashMap<>();
    final Map<Long, TtOrderStatus> atTrackingTech = new HashMap<>();
    final Set<Long> asked = new HashSet<>();
    final List<Line> lines = new ArrayList<>();
    /** order → the inbox row its fix went in as; order → why it could not. */
    final Map<Long, Long> fixRows = new TreeMap<>();
    final Map<Long, String> fixOutcomes = new HashMap<>();

    Reconciliation(Instant since, Instant until, boolean fix, String by, Instant startedAt, String after,
                   String before) {
        this.since = since;
        this.until = until;
        this.fix = fix;
        this.by = by;
        this.startedAt = startedAt;
        this.after = after;
        this.before = before;
    }

    public Instant getSince() {
        return since;
    }

    public Instant getUntil() {
        return until;
    }

    /** Whether the missing are sent and the not-cancelled cancelled. */
    public boolean isFix() {
        return fix;
    }

    /** Who ran it: {@code command} or {@code schedule}. */
    public String getBy() {
        return by;
    }

    public Instant getStartedAt() {
        return startedAt;
    }

    /** True while there is a page of WooCommerce's list to read. */
    public boolean isHasNextPage() {
        return hasNextPage;
    }

    public int getPage() {
        return page;
    }

    /** The report lists the orders in step too. */
    public Reconciliation listAll(boolean listAll) {
        this.all = listAll;
        return this;
    }

    public boolean isAll() {
        return all;
    }

    /** The verdicts, by order id (after {@link Reconciler#classify}). */
    public List<Line> getLines() {
        return List.copyOf(lines);
    }

    /** How many orders WooCommerce's list gave. */
    public int getRead() {
        return orders.size();
    }

    /** The inbox rows of the fixes, by order. */
    public Map<Long, Long> getFixRows() {
        return Map.copyOf(fixRows);
    }

    @Override
    public String toString() {
        return "reconciliation of orders modified " + since + " to " + until + ", page " + page + ", "
                + orders.size() + " read";
    }
}
