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
    void afterAFullPageTheWalkAsksAgainFromItsNewestSecondNotForPageTwo() {
        OrderWalk walk = poller.start();
        poller.page(walk, orders(1, 100, "2026-11-27T11:01:"), "3", "250");
        poller.pageDone(walk);
        assertThat(walk.isHasNext()).isTrue();
        assertThat(walk.getPage()).isEqualTo(1);
        assertThat(walk.getAfter()).isEqualTo("2026-11-27T11:01:48");
        assertThat(poller.cursor()).isEqualTo("2026-11-27T11:01:48");
        poller.page(walk, orders(101, 30, "2026-11-27T11:02:"), "1", "30");
        poller.pageDone(walk);
        assertThat(walk.isHasNext()).isFalse();
        assertThat(poller.cursor()).isEqualTo("2026-11-27T11:02:14");
        assertThat(walk.getFetched()).isEqualTo(130);
    }

    @Test
    void aWholePageInOneSecondPagesOnThroughThatSecond() {
        OrderWalk walk = poller.start();
        String after = walk.getAfter();
        StringBuilder sameSecond = new StringBuilder("[");
        for (int i = 0; i < 100; i++) {
            sameSecond.append(i == 0 ? "" : ",").append("{\"id\":").append(i + 1)
                    .append(",\"status\":\"processing\",\"date_modified_gmt\":\"2026-11-27T10:58:01\"}");
        }
        poller.page(walk, sameSecond.append("]").toString(), "3", "250");
        poller.pageDone(walk);
        assertThat(walk.getAfter()).isEqualTo(after);
        assertThat(walk.getPage()).isEqualTo(2);
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

    /** {@code n} orders from {@code firstId}, modified at {@code minute}00, 01, … seconds. */
    private static String orders(long firstId, int n, String minute) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < n; i++) {
            sb.append(i == 0 ? "" : ",").append("{\"id\":").append(firstId + i)
                    .append(",\"status\":\"processing\",\"date_modified_gmt\":\"").append(minute)
                    .append(String.format("%02d", Math.min(59, i / 2 + (i >= 100 ? 0 : 0)))).append("\"}");
        }
        return sb.append("]").toString();
    }

    private static String page(long id1, String modified1, long id2, String modified2) {
        return "[{\"id\":" + id1 + ",\"status\":\"processing\",\"date_modified_gmt\":\"" + modified1 + "\"},"
                + "{\"id\":" + id2 + ",\"status\":\"processing\",\"date_modified_gmt\":\"" + modified2 + "\"}]";
    }
}
