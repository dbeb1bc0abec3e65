package dev.wootrack.woocommerce;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.wootrack.store.Checkpoints;
import dev.wootrack.store.Database;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The cursor rules, on a real H2 file: where a poll starts, and how far each page moves the cursor. */
class OrderPollerTest {

    @TempDir
    Path dir;
    private Checkpoints checkpoints;
    private OrderPoller poller;

    @BeforeEach
    void setUp() {
        Map<String, String> p = Map.of("wootrack.data-dir", dir.toString(), "wootrack.db.url", "jdbc:h2:file:" + dir.toAbsolutePath() + "/db",
                "wootrack.db.user", "sa", "wootrack.db.password", "", "wootrack.db.pool-size", "2");
        Database db = new Database(Database.pool(k -> Optional.ofNullable(p.get(k))));
        db.applySchema();
        Clock clock = Clock.fixed(Instant.parse("2026-11-27T12:00:00Z"), ZoneOffset.UTC);
        checkpoints = new Checkpoints(db, clock);
        poller = new OrderPoller(new ObjectMapper(), checkpoints, clock, List.of("processing", "cancelled"),
                Duration.ofMinutes(2), Duration.ofHours(1));
    }

    @Test
    void theFirstPollStartsALookBackAgoAndEveryPollReReadsTheOverlap() {
        OrderWalk first = poller.start();
        assertThat(poller.cursor()).isEqualTo("2026-11-27T11:00:00");
        assertThat(first.getAfter()).isEqualTo("2026-11-27T10:58:00");

        checkpoints.put(Checkpoints.POLL_CURSOR, "2026-11-27T11:30:15");
        assertThat(poller.start().getAfter()).isEqualTo("2026-11-27T11:28:15");
    }

    @Test
    void aSinglePageWalkMovesTheCursorToItsNewestOrder() {
        OrderWalk walk = poller.start();
        poller.page(walk, page(1, "2026-11-27T11:10:00", 2, "2026-11-27T11:20:05"), "1", "2");
        poller.pageDone(walk);
        assertThat(walk.isHasNext()).isFalse();
        assertThat(poller.cursor()).isEqualTo("2026-11-27T11:20:05");
    }

    @Test
    void aLongerWalkKeepsTheCursorOnePageBehind() {
        OrderWalk walk = poller.start();
        poller.page(walk, page(1, "2026-11-27T11:01:00", 2, "2026-11-27T11:02:00"), "3", "6");
        poller.pageDone(walk);
        assertThat(poller.cursor()).as("after page 1 nothing is safe yet").isEqualTo("2026-11-27T11:00:00");
        poller.page(walk, page(3, "2026-11-27T11:03:00", 4, "2026-11-27T11:04:00"), "3", "6");
        poller.pageDone(walk);
        assertThat(poller.cursor()).isEqualTo("2026-11-27T11:02:00");
        poller.page(walk, page(5, "2026-11-27T11:05:00", 6, "2026-11-27T11:06:00"), "3", "6");
        poller.pageDone(walk);
        assertThat(walk.isHasNext()).isFalse();
        assertThat(poller.cursor()).as("an order that slipped past the last boundary is newer than page 2")
                .isEqualTo("2026-11-27T11:04:00");
        assertThat(walk.getFetched()).isEqualTo(6);
    }

    @Test
    void theCursorNeverMovesBack() {
        checkpoints.put(Checkpoints.POLL_CURSOR, "2026-11-27T11:50:00");
        OrderWalk walk = poller.start();
        poller.page(walk, page(1, "2026-11-27T11:49:00", 2, "2026-11-27T11:49:30"), "1", "2");
        poller.pageDone(walk);
        assertThat(poller.cursor()).isEqualTo("2026-11-27T11:50:00");
    }

    @Test
    void pagesBecomeInboxOrdersWithTheirVersion() {
        OrderWalk walk = poller.start();
        List<PolledOrder> orders = poller.page(walk, page(7, "2026-11-27T11:01:00", 8, "2026-11-27T11:02:00"), "1", "2");
        assertThat(orders).extracting(PolledOrder::versionKey)
                .containsExactly("7@2026-11-27T11:01:00", "8@2026-11-27T11:02:00");
        assertThat(orders.get(0).order().source()).isEqualTo("poll");
        assertThat(orders.get(0).order().status()).isEqualTo("processing");
    }

    private static String page(long id1, String modified1, long id2, String modified2) {
        return "[{\"id\":" + id1 + ",\"status\":\"processing\",\"date_modified_gmt\":\"" + modified1 + "\"},"
                + "{\"id\":" + id2 + ",\"status\":\"processing\",\"date_modified_gmt\":\"" + modified2 + "\"}]";
    }
}
