package dev.wootrack.woocommerce;

import dev.wootrack.store.InboxItem;
import java.util.List;

/**
 * One walk through WooCommerce's order list, page by page, following {@code X-WP-TotalPages}: a poll
 * (orders modified after a cursor, oldest change first) or a backfill (orders created in a date range).
 * Mutable, owned by the one exchange that walks.
 */
public final class OrderWalk {

    /** What the walk reads. */
    public enum Kind { POLL, BACKFILL }

    private final Kind kind;
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

    OrderWalk(Kind kind, String after, String before, List<String> statuses) {
        this.kind = kind;
        this.after = after;
        this.before = before;
        this.statuses = List.copyOf(statuses);
    }

    public Kind getKind() {
        return kind;
    }

    /** The lower bound sent (strict, UTC, to the second): {@code modified_after} for a poll, {@code after} for a backfill. */
    public String getAfter() {
        return after;
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

    public long getFetched() {
        return fetched;
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

    void pageRead(int pages, long totalHeader, int count, String maxDate) {
        totalPages = pages;
        if (total < 0) {
            total = totalHeader;
        }
        fetched += count;
        pageCount = count;
        pageMax = maxDate;
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
