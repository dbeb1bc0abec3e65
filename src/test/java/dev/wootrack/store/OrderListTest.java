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
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The console's order list on H2 and PostgreSQL: one row per order, its state and latest decision, paged, searched and filtered
 * by the database; the state kept in the transaction of each decision.
 */
class OrderListTest {

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void pagesSearchesAndFiltersOrdersByTheirState(TestDatabase kind) {
        Map<String, String> s = kind.settings(dir);
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
            assertThat(first.rows().get(0)).extracting(Decisions.OrderRow::decision, Decisions.OrderRow::state,
                    Decisions.OrderRow::trackingTechId, Decisions.OrderRow::trackingNumber, Decisions.OrderRow::events)
                    .containsExactly("written-back", "tracking-written", "TT-10", "CL123456789", 2L);
            assertThat(first.rows().get(1).orderId()).isEqualTo(60);
            assertThat(decisions.orders("", null, 50, 25).rows()).hasSize(10);

            assertThat(decisions.orders("33", null, 0, 25).rows()).extracting(Decisions.OrderRow::orderId)
                    .as("an order id, or TrackingTech ids containing it").containsExactly(33L);
            assertThat(decisions.orders("tt-4", null, 0, 25).rows()).extracting(Decisions.OrderRow::orderId)
                    .as("part of a TrackingTech id, any case").containsExactlyInAnyOrder(4L, 40L, 42L, 44L, 46L, 48L);
            assertThat(decisions.orders("456789", null, 0, 25).rows()).extracting(Decisions.OrderRow::orderId)
                    .containsExactly(10L);
            assertThat(decisions.orders("%", null, 0, 25).total()).as("LIKE wildcards are literal").isZero();
            assertThat(decisions.orders(null, OrderState.IGNORED, 0, 100).total()).isEqualTo(30);
            assertThat(decisions.orders(null, OrderState.SENT, 0, 100).total()).isEqualTo(29);
            assertThat(decisions.orders(null, OrderState.TRACKING_WRITTEN, 0, 100).rows())
                    .extracting(Decisions.OrderRow::orderId).containsExactly(10L);
            assertThat(decisions.countsSince(Instant.now().minus(Duration.ofHours(24))))
                    .containsEntry("sent", 30L).containsEntry("ignored", 30L).containsEntry("written-back", 1L);
            assertThat(decisions.countsSince(Instant.now().plusSeconds(60))).isEmpty();
        }
    }

    /**
     * Events after the decisive one (a duplicate, our own write-back echo) become the latest decision but not the
     * state: before, the filter on the latest decision found 69 of 226 sent orders and no cancelled one.
     */
    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void theStateIsWhatTheDecisionsAddUpToNotTheLatestEvent(TestDatabase kind) {
        Map<String, String> s = kind.settings(dir);
        try (HikariDataSource ds = Database.pool(k -> Optional.ofNullable(s.get(k)))) {
            Database db = new Database(ds);
            db.applySchema();
            Inbox inbox = new Inbox(db, "n1", Duration.ofMinutes(1), Clock.systemUTC());
            Decisions decisions = new Decisions(db, Clock.systemUTC());
            java.util.function.BiFunction<Long, String, InboxItem> event = (id, status) ->
                    inbox.add(new IncomingOrder("webhook", "order.updated", id, status, "{}"), true);
            // 1: sent, a duplicate, our own write-back echo, tracking in transit, delivered (and its echo)
            decisions.recordSent(event.apply(1L, "processing"), "s_1:1", "TT-1", "TrackingTech order TT-1");
            decisions.record(event.apply(1L, "processing"), "duplicate", "already sent");
            assertThat(state(decisions, 1)).isEqualTo("sent");
            decisions.record(event.apply(1L, "processing"), "own-write-back", "our own write-back");
            assertThat(state(decisions, 1)).isEqualTo("sent");
            decisions.writtenBack(1, new TtOrderStatus("TT-1", "1", "in_transit", "En tránsito", "CL1", null,
                    Instant.now().toString()), "tracking CL1 noted");
            assertThat(state(decisions, 1)).isEqualTo("tracking-written");
            decisions.writtenBack(1, new TtOrderStatus("TT-1", "1", "delivered", "Entregado", "CL1", null,
                    Instant.now().toString()), "delivered: status completed");
            decisions.record(event.apply(1L, "completed"), "own-write-back", "our own write-back");
            decisions.record(event.apply(1L, "completed"), "ignored", "status 'completed' is not a trigger status");
            assertThat(state(decisions, 1)).isEqualTo("delivered");
            // 2: sent, then cancelled in WooCommerce, and the poll's copy of that
            decisions.recordSent(event.apply(2L, "processing"), "s_1:2", "TT-2", "TrackingTech order TT-2");
            decisions.recordCancelled(event.apply(2L, "cancelled"), "s_1:2", "cancelled at TrackingTech");
            decisions.record(event.apply(2L, "cancelled"), "duplicate", "already cancelled at TrackingTech");
            // 3: a dead letter; 4: parked, then sent once connected; 5: on hold, never sent
            InboxItem three = event.apply(3L, "processing");
            new DeadLetters(db, inbox, Clock.systemUTC()).record(three, new IllegalStateException("HTTP 422"), 1);
            decisions.park(event.apply(4L, "processing"), "awaiting-connection", "not connected");
            decisions.recordSent(event.apply(4L, "processing"), "s_1:4", "TT-4", "TrackingTech order TT-4");
            decisions.record(event.apply(5L, "on-hold"), "ignored", "status 'on-hold' is not a trigger status");

            assertThat(decisions.orders(null, null, 0, 25).rows())
                    .extracting(Decisions.OrderRow::orderId, Decisions.OrderRow::state, Decisions.OrderRow::decision)
                    .containsExactly(
                            org.assertj.core.groups.Tuple.tuple(5L, "ignored", "ignored"),
                            org.assertj.core.groups.Tuple.tuple(4L, "sent", "sent"),
                            org.assertj.core.groups.Tuple.tuple(3L, "dead-letter", "dead-letter"),
                            org.assertj.core.groups.Tuple.tuple(2L, "cancelled", "duplicate"),
                            org.assertj.core.groups.Tuple.tuple(1L, "delivered", "ignored"));
            assertThat(ids(decisions, OrderState.SENT)).containsExactly(4L);
            assertThat(ids(decisions, OrderState.DELIVERED)).containsExactly(1L);
            assertThat(ids(decisions, OrderState.CANCELLED)).containsExactly(2L);
            assertThat(ids(decisions, OrderState.DEAD_LETTER)).containsExactly(3L);
            assertThat(ids(decisions, OrderState.IGNORED)).containsExactly(5L);
            assertThat(ids(decisions, OrderState.PARKED)).isEmpty();
        }
    }

    private static String state(Decisions decisions, long orderId) {
        return decisions.orders(Long.toString(orderId), null, 0, 1).rows().get(0).state();
    }

    private static java.util.List<Long> ids(Decisions decisions, OrderState state) {
        return decisions.orders(null, state, 0, 100).rows().stream().map(Decisions.OrderRow::orderId).toList();
    }
}
