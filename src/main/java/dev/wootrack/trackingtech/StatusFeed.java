package dev.wootrack.trackingtech;

import dev.wootrack.store.Checkpoints;
import java.util.List;

/**
 * Reading TrackingTech's status changes feed (contract §7) from a cursor kept in the database. The cursor is
 * stored only after a page's updates were all written back, so a failure re-reads the page: every write-back
 * step is safe to repeat.
 */
public final class StatusFeed {

    /** Where one run of the feed is: the cursor to ask from, and whether TrackingTech said there is more. */
    public static final class Position {
        private String cursor;
        private boolean hasMore = true;
        private int pages;
        private int updates;
        private String pendingCursor;

        public String getCursor() {
            return cursor;
        }

        public boolean isHasMore() {
            return hasMore;
        }

        public int getUpdates() {
            return updates;
        }
    }

    private final Checkpoints checkpoints;
    private final int maxPagesPerRun;

    public StatusFeed(Checkpoints checkpoints, int maxPagesPerRun) {
        this.checkpoints = checkpoints;
        this.maxPagesPerRun = maxPagesPerRun;
    }

    public Position start() {
        Position p = new Position();
        p.cursor = checkpoints.get(Checkpoints.FEED_CURSOR).orElse(null);
        return p;
    }

    /** The updates of a page just read; remembers where the next page starts. */
    public List<TtOrderStatus> page(Position position, TtStatusUpdates page) {
        position.pages++;
        position.updates += page.updates().size();
        position.hasMore = page.hasMore() && page.nextCursor() != null && position.pages < maxPagesPerRun;
        position.pendingCursor = page.nextCursor();
        return page.updates();
    }

    /** After every update of the page was written back: stores the cursor. */
    public void pageDone(Position position) {
        if (position.pendingCursor != null && !position.pendingCursor.equals(position.cursor)) {
            position.cursor = position.pendingCursor;
            checkpoints.put(Checkpoints.FEED_CURSOR, position.cursor);
        }
    }

    public String cursor() {
        return checkpoints.get(Checkpoints.FEED_CURSOR).orElse(null);
    }
}
