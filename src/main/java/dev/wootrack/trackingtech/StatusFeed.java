package dev.wootrack.trackingtech;

import dev.wootrack.store.Checkpoints;
import java.util.List;

/**
 * Reading TrackingTech's status changes feed (contract §7) from a cursor kept in the database. Up to
 * {@code pagesPerBatch} pages are read before their updates are written back, coalesced together (an order's
 * changes split over two pages are one write; the parallel writers get more orders at once than the 100 changes of a
 * page hold). The cursor is stored only after a batch's updates were all written back, so a failure re-reads the
 * batch: every write-back step is safe to repeat.
 */
public final class StatusFeed {

    /** Where one run of the feed is: the cursor to ask from, and whether TrackingTech said there is more. */
    public static final class Position {
        /** Where the next page is read from. */
        private String cursor;
        /** What the database holds: where a run after a failure starts again. */
        private String stored;
        private boolean hasMore = true;
        private int pages;
        private int updates;
        private List<TtOrderStatus> batch = new java.util.ArrayList<>();
        /** Pages read into the batch and not yet given to the writers: 0 once the batch was given. */
        private int pagesInBatch;

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
    private final int pagesPerBatch;

    public StatusFeed(Checkpoints checkpoints, int maxPagesPerRun, int pagesPerBatch) {
        this.checkpoints = checkpoints;
        this.maxPagesPerRun = maxPagesPerRun;
        this.pagesPerBatch = Math.max(1, pagesPerBatch);
    }

    public Position start() {
        Position p = new Position();
        p.cursor = checkpoints.get(Checkpoints.FEED_CURSOR).orElse(null);
        p.stored = p.cursor;
        return p;
    }

    /**
     * A page just read, added to the batch; remembers where the next page starts. Nothing to write (an empty list)
     * while the batch is not full and the feed has more; then the whole batch, coalesced per order: for each order,
     * what is to be written, in the feed's order. An order that changed four times in the batch (label, picked up,
     * in transit, delivered), on one page or several, is written once, with its latest state; a tracking number that
     * only an earlier change carried (a split shipment) keeps that change, so its note is written too. The orders'
     * lists can be written in parallel, each list by one writer.
     */
    public List<List<TtOrderStatus>> page(Position position, TtStatusUpdates page) {
        position.pages++;
        position.updates += page.updates().size();
        position.hasMore = page.hasMore() && page.nextCursor() != null && position.pages < maxPagesPerRun;
        if (page.nextCursor() != null) {
            position.cursor = page.nextCursor();
        }
        position.batch.addAll(page.updates());
        position.pagesInBatch++;
        if (position.hasMore && position.pagesInBatch < pagesPerBatch) {
            return List.of(); // the batch is read on before anything is written
        }
        List<List<TtOrderStatus>> writes = coalesce(position.batch);
        position.batch = new java.util.ArrayList<>();
        position.pagesInBatch = 0;
        return writes;
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

    /**
     * After the updates {@link #page} gave were all written back: stores the cursor once a whole batch was (a page
     * whose batch is still being read leaves it where the batch began).
     */
    public void pageDone(Position position) {
        if (position.pagesInBatch == 0 && position.cursor != null && !position.cursor.equals(position.stored)) {
            checkpoints.put(Checkpoints.FEED_CURSOR, position.cursor);
            position.stored = position.cursor;
        }
    }

    public String cursor() {
        return checkpoints.get(Checkpoints.FEED_CURSOR).orElse(null);
    }
}
