package dev.wootrack.store;

import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** The databases WooTrack's store runs on, for tests parameterized over both: each gives a new, empty database. */
public enum TestDatabase {
    /**
     * The embedded default: H2 in a file of the data dir. Without {@code WRITE_DELAY=0}: with it, H2 2.4.240's
     * {@code compactFile} (retention's shrink) fails an assertion of its own on RetentionTest's data when assertions
     * are on (as in tests), and closes the database.
     */
    H2,
    /** A database of its own on the test run's PostgreSQL ({@link TestPostgres}). */
    POSTGRESQL;

    /** WooTrack's {@code wootrack.db.*} settings for a new, empty database of this kind. */
    public Map<String, String> settings(Path dataDir) {
        Map<String, String> s = new HashMap<>();
        s.put("wootrack.data-dir", dataDir.toString());
        if (this == H2) {
            s.put("wootrack.db.url", "jdbc:h2:file:" + dataDir.resolve("wootrack"));
        } else {
            s.put("wootrack.db.url", TestPostgres.newDatabase());
            s.put("wootrack.db.user", TestPostgres.USER);
        }
        return s;
    }

    /** A pool on a new, empty database (no schema yet). */
    public HikariDataSource pool(Path dataDir, int size) {
        Map<String, String> s = settings(dataDir);
        s.put("wootrack.db.pool-size", Integer.toString(size));
        return Database.pool(k -> Optional.ofNullable(s.get(k)));
    }
}
