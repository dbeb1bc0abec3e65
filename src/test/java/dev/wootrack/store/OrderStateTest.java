package dev.wootrack.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The rules that turn an order's decisions into its state (what the console lists and filters by). */
class OrderStateTest {

    /** The state after these decisions, each "decision" or "decision:status seen", from no state at all. */
    private static OrderState after(String... decisions) {
        OrderState state = null;
        for (String d : decisions) {
            int colon = d.indexOf(':');
            state = OrderState.after(state, colon < 0 ? d : d.substring(0, colon),
                    colon < 0 ? "processing" : d.substring(colon + 1));
        }
        return state;
    }

    @Test
    void aShippedOrderMovesForwardAndEventsChangeNothing() {
        assertThat(after("sent")).isEqualTo(OrderState.SENT);
        assertThat(after("sent", "duplicate")).isEqualTo(OrderState.SENT);
        assertThat(after("sent", "duplicate", "own-write-back")).isEqualTo(OrderState.SENT);
        assertThat(after("sent", "duplicate", "own-write-back", "written-back:in_transit"))
                .isEqualTo(OrderState.TRACKING_WRITTEN);
        assertThat(after("sent", "written-back:in_transit", "own-write-back", "write-back-failed:out_for_delivery"))
                .isEqualTo(OrderState.TRACKING_WRITTEN);
        assertThat(after("sent", "written-back:in_transit", "written-back:delivered", "own-write-back"))
                .isEqualTo(OrderState.DELIVERED);
        assertThat(after("sent", "written-back:delivered", "written-back:in_transit"))
                .as("a status repeated late does not undo delivered").isEqualTo(OrderState.DELIVERED);
    }

    @Test
    void cancelledWinsOverEverything() {
        assertThat(after("sent", "cancelled")).isEqualTo(OrderState.CANCELLED);
        assertThat(after("sent", "written-back:delivered", "cancelled")).isEqualTo(OrderState.CANCELLED);
        assertThat(after("sent", "cancelled", "sent", "written-back:in_transit", "duplicate"))
                .isEqualTo(OrderState.CANCELLED);
        assertThat(after("sent", "written-back:cancelled")).as("cancelled by the courier").isEqualTo(OrderState.CANCELLED);
    }

    @Test
    void nothingBeforeTrackingTechTakesASentOrderBack() {
        for (String before : List.of("ignored", "not-shippable", "parked", "dead-letter", "deleted")) {
            assertThat(after("sent", before)).as(before).isEqualTo(OrderState.SENT);
            assertThat(after("sent", "written-back:in_transit", before)).as(before).isEqualTo(OrderState.TRACKING_WRITTEN);
        }
    }

    @Test
    void untilTrackingTechHasItTheLatestOutcomeIsTheState() {
        assertThat(after("ignored")).isEqualTo(OrderState.IGNORED);
        assertThat(after("ignored", "sent")).isEqualTo(OrderState.SENT);
        assertThat(after("parked", "sent")).isEqualTo(OrderState.SENT);
        assertThat(after("not-shippable", "ignored")).isEqualTo(OrderState.IGNORED);
        assertThat(after("dead-letter")).isEqualTo(OrderState.DEAD_LETTER);
        assertThat(after("dead-letter", "parked")).as("replayed while disconnected").isEqualTo(OrderState.PARKED);
        assertThat(after("dead-letter", "sent")).as("replayed and accepted").isEqualTo(OrderState.SENT);
        assertThat(after("ignored", "deleted")).isEqualTo(OrderState.DELETED);
        assertThat(after("dead-letter", "duplicate")).as("an event changes nothing").isEqualTo(OrderState.DEAD_LETTER);
    }

    @Test
    void anEventAsTheFirstDecisionSaysWhatItImplies() {
        assertThat(after("duplicate")).isEqualTo(OrderState.SENT);
        assertThat(after("own-write-back")).isEqualTo(OrderState.TRACKING_WRITTEN);
        assertThat(after("write-back-failed")).isEqualTo(OrderState.SENT);
        assertThat(after("some-new-decision")).isNull();
        assertThat(after("sent", "some-new-decision")).isEqualTo(OrderState.SENT);
    }

    @Test
    void slugsAreTheNamesOfTheDatabaseAndTheApi() {
        assertThat(OrderState.slugs()).containsExactly("ignored", "not-shippable", "parked", "dead-letter", "deleted", "refused",
                "sent", "tracking-written", "delivered", "cancelled");
        for (OrderState s : OrderState.values()) {
            assertThat(OrderState.of(s.slug())).isEqualTo(s);
        }
        assertThat(OrderState.of("written-back")).isNull();
        assertThat(OrderState.of(null)).isNull();
    }
}
