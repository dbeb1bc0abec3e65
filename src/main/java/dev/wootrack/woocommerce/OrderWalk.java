package dev.wootrack.woocommerce;

import dev.wootrack.store.InboxItem;
import java.util.List;
import java.util.Set;

/**
 * One walk through WooCommerce's order list, page by page, following {@code X-WP-TotalPages}: a poll
 * (orders modified after a cursor, oldest change first), a catch-up (the same from the moment a webhook stopped
 * delivering, leaving the poll's cursor alone) or a backfill (orders created in a date range).
 * Mutable, owned by the one exchange that walks.
 */
public final class OrderWalk {

    /** What the walk reads. */
    public enum Kind {
        POLL,
        BACKFILL,
        /** A poll's walk from where a disabled webhook stopped delivering (issue 16): the poll's cursor stays. */
        CATCH_UP;

        /** Orders modified after the lower bound (a poll or a catch-up), as opposed to created in a range. */
        public boolean byModification() {
            return this != BACKFILL;
        }
    }

    private final Kind kind;
    private final String firstAfter;
    private String after;
    private final String before;
    private final List<String> statuses;
    private int page = 1;
    private int totalPages = 1;
    private int pageCount;
    private boolean finished;
    private long total = -1;
    private long fetched;
    private String pageMax;
    private int pagesRead;
    private long firstInboxId = Long.MAX_VALUE;
    private long lastInboxId;
    private long committed;
    private long readBefore;
    private long readBeforeSent;
    private long withoutId;
    private long refused;
    /** The versions on the page before: a walk that goes on from a page's newest second reads them again. */
    private Set<String> previousPage = Set.of();

    OrderWalk(Kind kind, String after, String before, List<String> statuses) {
        this.kind = kind;
        this.firstAfter = after;
        this.after = after;
        this.before = before;
        this.statuses = List.copyOf(statuses);
    }

    public Kind getKind() {
        return kind;
    }

    /** The lower bound sent (strict, UTC, to the second): {@code modified_after} for a poll or catch-up, {@code after} for a backfill. */
    public String getAfter() {
        return after;
    }

    /** The lower bound the walk started from (a long walk moves {@link #getAfter()} on). */
    public String getFirstAfter() {
        return firstAfter;
    }

    /** The upper bound of a backfill ({@code before}), or null. */
    public String getBefore() {
        return before;
    }

    public List<String> getStatuses() {
        return statuses;
    }

    public int getPage() {
        return page;
    }

    public int getTotalPages() {
        return totalPages;
    }

    /** {@code X-WP-Total} of the first page; -1 before it is read. */
    public long getTotal() {
        return total;
    }

    /**
     * Orders this walk read: every entry of every page, except those it read again itself (going on from a page's
     * newest second re-reads that second). Each is committed to the inbox, or counted in {@link #getReadBefore()}
     * or {@link #getWithoutId()}.
     */
    public long getFetched() {
        return fetched;
    }

    /** Fetched orders skipped because an earlier walk read them at the same version: unchanged since then. */
    public long getReadBefore() {
        return readBefore;
    }

    /** Of {@link #getReadBefore()}, those sent to TrackingTech before (a backfill asks; a poll does not). */
    public long getReadBeforeSent() {
        return readBeforeSent;
    }

    /** Entries of the list without a positive id: no order to take in. */
    public long getWithoutId() {
        return withoutId;
    }

    /** True while there is a page to read. */
    public boolean isHasNext() {
        return !finished;
    }

    /** How many orders this walk committed to the inbox (a backfill's; a poll does not count). */
    public synchronized long getCommitted() {
        return committed;
    }

    /** The first and last inbox row this walk committed: its rows, for a backfill's progress and summary. */
    public synchronized long getFirstInboxId() {
        return committed == 0 ? 0 : firstInboxId;
    }

    public synchronized long getLastInboxId() {
        return lastInboxId;
    }

    synchronized void added(InboxItem item) {
        committed++;
        firstInboxId = Math.min(firstInboxId, item.id());
        lastInboxId = Math.max(lastInboxId, item.id());
    }

    /** True when the page before held this version: read again by this walk, not a new order. */
    boolean onPreviousPage(String versionKey) {
        return previousPage.contains(versionKey);
    }

    void readBefore(boolean sent) {
        fetched++;
        readBefore++;
        if (sent) {
            readBeforeSent++;
        }
    }

    /** An order the inbox refused (recorded as decision 'refused', with no inbox row). */
    public synchronized void refused() {
        refused++;
    }

    public synchronized long getRefused() {
        return refused;
    }

    void withoutId() {
        fetched++;
        withoutId++;
    }

    /**
     * @param count    the entries on the page (a short page is the last one)
     * @param taken    the orders handed on to the inbox
     * @param versions every version on the page, for the next page's re-reads
     */
    void pageRead(int pages, long totalHeader, int count, int taken, String maxDate, Set<String> versions) {
        totalPages = pages;
        if (total < 0) {
            total = totalHeader;
        }
        fetched += taken;
        pageCount = count;
        pageMax = maxDate;
        previousPage = Set.copyOf(versions);
    }

    /** True when the page just read was the last one: short, or {@code X-WP-TotalPages} says so. */
    boolean lastPage(int perPage) {
        return pageCount < perPage || page >= totalPages;
    }

    /** The newest date on the page just read. */
    String pageMax() {
        return pageMax;
    }

    /** Goes on from a new lower bound, at its first page. */
    void restartAfter(String newAfter) {
        after = newAfter;
        page = 1;
        pagesRead++;
    }

    /** Goes on to the next page of the same lower bound. */
    void nextPage() {
        page++;
        pagesRead++;
    }

    void finish() {
        finished = true;
        pagesRead++;
    }

    /** Requests made so far. */
    public int getPagesRead() {
        return pagesRead;
    }

    static String max(String a, String b) {
        if (a == null) {
            return b;
        }
        if (b == null) {
            return a;
        }
        return a.compareTo(b) >= 0 ? a : b;
    }

    @Override
    public String toString() {
        return kind.name().toLowerCase() + " after " + after + (before == null ? "" : " before " + before)
                + ", page " + page + "/" + totalPages + ", " + fetched + " fetched";
    }
}
