package dev.wootrack.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.wootrack.trackingtech.TtOrderStatus;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The console's order list on H2: one row per order, its latest decision, paged and searched by the database. */
class OrderListTest {

    @TempDir
    Path dir;

    @Test
    void pagesSearchesAndFiltersOrdersByTheirLatestDecision() {
        Map<String, String> s = Map.of("wootrack.data-dir", dir.toString(),
                "wootrack.db.url", "jdbc:h2:file:" + dir.resolve("wootrack"));
        try (HikariDataSource ds = Database.pool(k -> Optional.ofNullable(s.get(k)))) {
            Database db = new Database(ds);
            db.applySchema();
            Inbox inbox = new Inbox(db, "n1", Duration.ofMinutes(1), Clock.systemUTC());
            Decisions decisions = new Decisions(db, Clock.systemUTC());
            // 60 orders: even ones sent (TrackingTech id TT-<id>), odd ones ignored; order 10 also written back
            for (long id = 1; id <= 60; id++) {
                InboxItem item = inbox.add(new IncomingOrder("webhook", "order.updated", id,
                        id % 2 == 0 ? "processing" : "on-hold", "{}"), true);
                if (id % 2 == 0) {
                    decisions.recordSent(item, "s_1:" + id, "TT-" + id, "TrackingTech order TT-" + id);
                } else {
                    decisions.record(item, "ignored", "status 'on-hold' is not a trigger status");
                }
            }
            decisions.writtenBack(10, new TtOrderStatus("TT-10", "10", "in_transit", "En tránsito", "CL123456789",
                    null, Instant.now().toString()), "tracking CL123456789 noted");

            Decisions.OrderPage first = decisions.orders(null, null, 0, 25);
            assertThat(first.total()).isEqualTo(60);
            assertThat(first.rows()).hasSize(25);
            assertThat(first.rows().get(0).orderId()).as("the newest change first").isEqualTo(10);
            assertThat(first.rows().get(0)).extracting(Decisions.OrderRow::decision, Decisions.OrderRow::trackingTechId,
                    Decisions.OrderRow::trackingNumber, Decisions.OrderRow::events)
                    .containsExactly("written-back", "TT-10", "CL123456789", 2L);
            assertThat(first.rows().get(1).orderId()).isEqualTo(60);
            assertThat(decisions.orders("", null, 50, 25).rows()).hasSize(10);

            assertThat(decisions.orders("33", null, 0, 25).rows()).extracting(Decisions.OrderRow::orderId)
                    .as("an order id, or TrackingTech ids containing it").containsExactly(33L);
            assertThat(decisions.orders("tt-4", null, 0, 25).rows()).extracting(Decisions.OrderRow::orderId)
                    .as("part of a TrackingTech id, any case").containsExactlyInAnyOrder(4L, 40L, 42L, 44L, 46L, 48L);
            assertThat(decisions.orders("456789", null, 0, 25).rows()).extracting(Decisions.OrderRow::orderId)
                    .containsExactly(10L);
            assertThat(decisions.orders("%", null, 0, 25).total()).as("LIKE wildcards are literal").isZero();
            assertThat(decisions.orders(null, "ignored", 0, 100).total()).isEqualTo(30);
            assertThat(decisions.orders(null, "sent", 0, 100).total()).isEqualTo(29);
            assertThat(decisions.countsSince(Instant.now().minus(Duration.ofHours(24))))
                    .containsEntry("sent", 30L).containsEntry("ignored", 30L).containsEntry("written-back", 1L);
            assertThat(decisions.countsSince(Instant.now().plusSeconds(60))).isEmpty();
        }
    }
}
