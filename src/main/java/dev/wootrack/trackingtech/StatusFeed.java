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

    /**
     * The updates of a page just read, coalesced per order: for each order, what is to be written, in the feed's
     * order; remembers where the next page starts. An order that changed four times in the page (label, picked up,
     * in transit, delivered) is written once, with its latest state; a tracking number that only an earlier change
     * carried (a split shipment) keeps that change, so its note is written too. The orders' lists can be written in
     * parallel, each list by one writer.
     */
    public List<List<TtOrderStatus>> page(Position position, TtStatusUpdates page) {
        position.pages++;
        position.updates += page.updates().size();
        position.hasMore = page.hasMore() && page.nextCursor() != null && position.pages < maxPagesPerRun;
        position.pendingCursor = page.nextCursor();
        return coalesce(page.updates());
    }

    /** Per order (first seen first): its latest change, after the latest change of each other tracking number. */
    static List<List<TtOrderStatus>> coalesce(List<TtOrderStatus> updates) {
        java.util.Map<String, List<TtOrderStatus>> byOrder = new java.util.LinkedHashMap<>();
        for (TtOrderStatus u : updates) {
            byOrder.computeIfAbsent(u.externalOrderId(), k -> new java.util.ArrayList<>()).add(u);
        }
        List<List<TtOrderStatus>> writes = new java.util.ArrayList<>(byOrder.size());
        for (List<TtOrderStatus> changes : byOrder.values()) {
            TtOrderStatus latest = changes.get(changes.size() - 1);
            java.util.Map<String, TtOrderStatus> otherNumbers = new java.util.LinkedHashMap<>();
            for (TtOrderStatus u : changes) {
                if (u.hasTrackingNumber() && !u.trackingNumber().equals(latest.trackingNumber())) {
                    otherNumbers.remove(u.trackingNumber());
                    otherNumbers.put(u.trackingNumber(), u);
                }
            }
            List<TtOrderStatus> write = new java.util.ArrayList<>(otherNumbers.values());
            write.add(latest);
            writes.add(write);
        }
        return writes;
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
