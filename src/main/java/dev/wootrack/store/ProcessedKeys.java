package dev.wootrack.store;

import java.sql.Timestamp;
import org.apache.camel.processor.idempotent.jdbc.JdbcMessageIdRepository;
import org.springframework.dao.DuplicateKeyException;

/**
 * Camel's {@link JdbcMessageIdRepository} on WooTrack's database (table {@code CAMEL_MESSAGEPROCESSED}, made by the
 * migrations with a primary key on processorName and messageId), answering {@code false} to an {@link #add} that
 * loses a race: Camel 4.18's {@code add} counts the key and then inserts it, so two nodes (or two threads) adding the
 * same key at once both count 0 and the second insert fails with a duplicate key, which Camel throws (CAMEL-24048,
 * fixed in 4.22). Here that add answers false, as for any key already there: on PostgreSQL by one
 * {@code INSERT … ON CONFLICT DO NOTHING} (no read first, no failed statement), on another database by Camel's own
 * add with the duplicate caught.
 */
public final class ProcessedKeys extends JdbcMessageIdRepository {

    private final Database db;

    public ProcessedKeys(Database db, String processorName) {
        super(db.dataSource(), processorName);
        this.db = db;
        setCreateTableIfNotExists(false); // the migrations create it, with a primary key
    }

    @Override
    protected void doStart() {
        // Camel's start probes (or creates) the table when the route is set up, before WooTrack's migrations have
        // run on a new database, and opens the pool that early: the migrations make the table
    }

    @Override
    public boolean add(String key) {
        if (db.dialect() == Dialect.POSTGRESQL) {
            // one statement in its own transaction: 1 row inserted, or 0 when the key is there (or was inserted by
            // another transaction meanwhile: the insert waits for it and then does nothing)
            return getJdbcTemplate().update(getInsertString() + " ON CONFLICT (processorName, messageId) DO NOTHING",
                    getProcessorName(), key, new Timestamp(System.currentTimeMillis())) == 1;
        }
        try {
            return super.add(key);
        } catch (DuplicateKeyException addedMeanwhile) {
            return false; // counted 0, but another transaction inserted it before this one could
        }
    }
}
