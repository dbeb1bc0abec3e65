package dev.wootrack.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Group commit: units of work that threads submit at the same moment share one transaction and one durable commit.
 * Each caller returns only once the commit that holds its work is done, so "answered" still means "on disk".
 * <p>
 * No writer thread and no timer: the first caller that finds no commit under way becomes the writer. It takes what
 * is waiting (at most {@code maxBatch}), runs each piece under a savepoint of its own, commits, and wakes the others;
 * whatever arrived while it committed is the next batch. Alone, a caller commits at once (no added wait); under
 * load the batches grow by themselves, up to {@code maxBatch}.
 * <p>
 * A piece that fails (its own check, a duplicate key, a value too long) is rolled back to its savepoint and fails
 * alone; the others commit. When the commit itself fails (disk full, the database gone), every piece of the batch
 * fails with that reason, as each would have alone.
 */
final class GroupCommit {

    private final Database db;
    private final int maxBatch;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition committed = lock.newCondition();
    private final ArrayDeque<Piece<?>> waiting = new ArrayDeque<>();
    private boolean writing;
    /** Batches and pieces committed: the batches' mean size is the figure that says how much it saves. */
    private long batches;
    private long pieces;

    private static final class Piece<T> {
        final Database.Work<T> work;
        T result;
        RuntimeException failure;
        boolean done;

        Piece(Database.Work<T> work) {
            this.work = work;
        }
    }

    GroupCommit(Database db, int maxBatch) {
        this.db = db;
        this.maxBatch = Math.max(1, maxBatch);
    }

    int maxBatch() {
        return maxBatch;
    }

    <T> T run(Database.Work<T> work) {
        Piece<T> piece = new Piece<>(work);
        lock.lock();
        try {
            waiting.add(piece);
            while (!piece.done) {
                if (!writing) {
                    writing = true;
                    List<Piece<?>> batch = new ArrayList<>(Math.min(maxBatch, waiting.size()));
                    while (batch.size() < maxBatch && !waiting.isEmpty()) {
                        batch.add(waiting.poll());
                    }
                    lock.unlock();
                    try {
                        commit(batch);
                    } finally {
                        lock.lock();
                        writing = false;
                        batches++;
                        pieces += batch.size();
                        for (Piece<?> p : batch) {
                            p.done = true;
                        }
                        committed.signalAll();
                    }
                } else {
                    committed.awaitUninterruptibly();
                }
            }
        } finally {
            lock.unlock();
        }
        if (piece.failure != null) {
            throw piece.failure;
        }
        return piece.result;
    }

    /** Pieces waiting for the commit under way. */
    int waiting() {
        lock.lock();
        try {
            return waiting.size();
        } finally {
            lock.unlock();
        }
    }

    /** Pieces and commits since the start, for the log; null before the first. */
    String summary() {
        lock.lock();
        try {
            return batches == 0 ? null : String.format(java.util.Locale.ROOT, "%,d writes in %,d commits (%.1f per commit)",
                    pieces, batches, meanBatch());
        } finally {
            lock.unlock();
        }
    }

    /** Mean pieces per commit since the start (1.0: no grouping happened). */
    double meanBatch() {
        lock.lock();
        try {
            return batches == 0 ? 0 : (double) pieces / batches;
        } finally {
            lock.unlock();
        }
    }

    private void commit(List<Piece<?>> batch) {
        if (batch.size() == 1) {
            runAlone(batch.get(0));
            return;
        }
        try {
            db.inTransaction(c -> {
                for (Piece<?> p : batch) {
                    Savepoint before = c.setSavepoint();
                    // when the connection is gone, the rollback to the savepoint throws, and the whole batch fails
                    try {
                        runIn(c, p);
                    } catch (SQLException e) {
                        c.rollback(before);
                        p.failure = Database.isDataProblem(e) ? new Database.InvalidData(e) : new Database.StoreException(e);
                    } catch (RuntimeException e) {
                        c.rollback(before);
                        p.failure = e;
                    }
                }
                return null;
            });
        } catch (RuntimeException commitFailed) {
            failAll(batch, commitFailed);
        } catch (Error e) {
            // out of memory, a stack overflow: no caller may take a null result for a written one
            failAll(batch, new IllegalStateException("the shared commit failed: " + e, e));
            throw e;
        }
    }

    private static void failAll(List<Piece<?>> batch, RuntimeException why) {
        for (Piece<?> p : batch) {
            p.result = null;
            if (p.failure == null) {
                p.failure = why;
            }
        }
    }

    /** A batch of one: the plain transaction, exactly as without grouping. */
    private <T> void runAlone(Piece<T> p) {
        try {
            p.result = db.inTransaction(p.work);
        } catch (RuntimeException e) {
            p.failure = e;
        } catch (Error e) {
            p.failure = new IllegalStateException("the commit failed: " + e, e);
            throw e;
        }
    }

    private static <T> void runIn(Connection c, Piece<T> p) throws SQLException {
        p.result = p.work.run(c);
    }
}
