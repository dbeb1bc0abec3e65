package dev.wootrack.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The settings WooTrack gives the embedded H2 unless its URL says otherwise. */
class H2SettingsTest {

    @TempDir
    Path dir;

    @Test
    void theQueryCacheHoldsThePipelinesStatementsUnlessTheUrlSetsIt() throws Exception {
        assertThat(queryCacheSize("jdbc:h2:file:" + dir.resolve("a") + ";WRITE_DELAY=0")).isEqualTo("128");
        assertThat(queryCacheSize("jdbc:h2:file:" + dir.resolve("b") + ";query_cache_size=16")).isEqualTo("16");
        assertThat(Database.withH2Defaults("jdbc:postgresql://localhost/wootrack"))
                .isEqualTo("jdbc:postgresql://localhost/wootrack");
    }

    private String queryCacheSize(String url) throws Exception {
        Map<String, String> s = Map.of("wootrack.data-dir", dir.toString(), "wootrack.db.url", url);
        try (HikariDataSource pool = Database.pool(k -> Optional.ofNullable(s.get(k)));
             Connection c = pool.getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT SETTING_VALUE FROM INFORMATION_SCHEMA.SETTINGS"
                     + " WHERE SETTING_NAME = 'QUERY_CACHE_SIZE'")) {
            return rs.next() ? rs.getString(1) : null;
        }
    }
}
