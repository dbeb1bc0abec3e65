package dev.wootrack.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wootrack.reconcile.Reconciliation.Fix;
import dev.wootrack.reconcile.Reconciliation.Line;
import dev.wootrack.store.ReconcileLedger.Side;
import dev.wootrack.trackingtech.TtOrder;
import dev.wootrack.trackingtech.TtOrderStatus;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The categories of the reconciliation ledger, one rule at a time, and the digest of what was sent. Plain Java. */
class VerdictTest {

    private static final Side UNKNOWN = new Side(false, null, null, null, Set.of(), false, false, false, false, null);

    private static Side sent(String state) {
        return new Side(true, state, "sent", "TrackingTech order tt_1", Set.of("processing"), true, false, false, false,
                "items:1");
    }

    private static TtOrderStatus at(String status) {
        return new TtOrderStatus("tt_1", "1", status, null, null, null, null);
    }

    private static Line verdict(String status, boolean trigger, boolean cancellation, String unshippable, Side side,
                                TtOrderStatus tt, List<String> differences) {
        return Reconciler.verdict(1, status, trigger, cancellation, unshippable, side, tt, differences, true,
                side.statusesSeen().contains("processing"));
    }

    @Test
    void aTriggerStatusOrder() {
        assertThat(verdict("processing", true, false, null, sent("sent"), at("received"), List.of()).category())
                .isEqualTo(Category.IN_STEP);
        Line missing = verdict("processing", true, false, null, sent("sent"), null, null);
        assertThat(missing.category()).isEqualTo(Category.MISSING);
        assertThat(missing.fix()).isEqualTo(Fix.SEND);
        Line unknown = verdict("processing", true, false, null, UNKNOWN, null, null);
        assertThat(unknown.category()).isEqualTo(Category.UNKNOWN);
        assertThat(unknown.wooTrack()).isEqualTo("unknown");
        assertThat(verdict("processing", true, false, null, UNKNOWN, at("received"), null).category())
                .isEqualTo(Category.UNKNOWN);
        Line differs = verdict("processing", true, false, null, sent("sent"), at("in_transit"),
                List.of("quantities", "shipping.address1"));
        assertThat(differs.category()).isEqualTo(Category.CONTENT_DIFFERS);
        assertThat(differs.fix()).as("TrackingTech's contract has no update").isEqualTo(Fix.NONE);
        assertThat(differs.detail()).endsWith("quantities, shipping.address1");
        assertThat(verdict("processing", true, false, null, sent("cancelled"), at("cancelled"), null).category())
                .isEqualTo(Category.CANCELLED_AT_TRACKINGTECH);
        assertThat(verdict("processing", true, false, "no shipping address", UNKNOWN, null, null).category())
                .as("a virtual order").isEqualTo(Category.IN_STEP);
    }

    @Test
    void visibleStatesAreReportedAsThemselvesNotAsMissing() {
        Side parked = new Side(true, "parked", "parked", "awaiting-connection: not connected", Set.of("processing"),
                false, false, false, true, null);
        assertThat(verdict("processing", true, false, null, parked, null, null).category()).isEqualTo(Category.PARKED);
        Side dead = new Side(true, "dead-letter", "dead-letter", "HTTP 422", Set.of("processing"), false, false, false,
                false, null);
        assertThat(verdict("processing", true, false, null, dead, null, null).category())
                .isEqualTo(Category.DEAD_LETTER);
        Side pending = new Side(true, "ignored", "ignored", "", Set.of("pending"), false, false, true, false, null);
        assertThat(verdict("processing", true, false, null, pending, null, null).category())
                .isEqualTo(Category.IN_PROGRESS);
        assertThat(Category.PARKED.isDifference()).isFalse();
    }

    @Test
    void aCancelledOrder() {
        Line notCancelled = verdict("cancelled", false, true, null, sent("sent"), at("label_created"), null);
        assertThat(notCancelled.category()).isEqualTo(Category.NOT_CANCELLED);
        assertThat(notCancelled.fix()).isEqualTo(Fix.CANCEL);
        assertThat(verdict("cancelled", false, true, null, sent("cancelled"), at("cancelled"), null).category())
                .isEqualTo(Category.IN_STEP);
        assertThat(verdict("refunded", false, true, null, sent("delivered"), at("delivered"), null).category())
                .as("refunded after delivery: nothing to cancel").isEqualTo(Category.IN_STEP);
        assertThat(verdict("cancelled", false, true, null, UNKNOWN, null, null)).as("never shipped: out of scope")
                .isNull();
        assertThat(verdict("cancelled", false, true, null, UNKNOWN, at("received"), null).category())
                .isEqualTo(Category.NOT_CANCELLED);
        Line off = Reconciler.verdict(1, "cancelled", false, true, null, sent("sent"), at("received"), null, false, true);
        assertThat(off.fix()).as("cancelling is off").isEqualTo(Fix.NONE);
    }

    @Test
    void aStatusAfterATriggerCountsWhenWooTrackSawTheTrigger() {
        assertThat(verdict("completed", false, false, null, sent("delivered"), at("delivered"), List.of()).category())
                .isEqualTo(Category.IN_STEP);
        Line lost = verdict("completed", false, false, null, sent("sent"), null, null);
        assertThat(lost.category()).isEqualTo(Category.MISSING);
        assertThat(lost.fix()).isEqualTo(Fix.SEND);
        assertThat(verdict("completed", false, false, null, UNKNOWN, null, null)).as("never in a trigger status")
                .isNull();
    }

    @Test
    void theDigestNamesTheFieldsThatChangedNeverTheirValues() {
        TtOrder.Shipping ship = new TtOrder.Shipping("Juana Pérez", "", "Av. Providencia 1234", "Depto 56", "Providencia",
                "RM", "7500000", "CL", "juana@example.cl", "+56 9 1234 5678");
        TtOrder sent = new TtOrder("s_1", "c_42", "woocommerce", "727", "727", "2026-05-19T16:28:02Z", "CLP",
                List.of(new TtOrder.Item("Polera azul", "POL-AZ-M", 2, "12990", "0.25")), ship);
        TtOrder now = new TtOrder("s_1", "c_42", "woocommerce", "727", "727", "2026-05-19T16:28:02Z", "CLP",
                List.of(new TtOrder.Item("Polera azul", "POL-AZ-M", 3, "12990", "0.25")),
                new TtOrder.Shipping("Juana Pérez", "", "Av. Providencia 1234", "Depto 56", "Providencia", "RM",
                        "7500000", "CL", "juana@example.cl", "+56 9 8765 4321"));
        String digest = ContentDigest.digest(sent);
        assertThat(ContentDigest.differences(digest, ContentDigest.digest(sent))).isEmpty();
        assertThat(ContentDigest.differences(digest, ContentDigest.digest(now)))
                .containsExactly("quantities", "shipping.phone");
        assertThat(digest).doesNotContain("Providencia").doesNotContain("juana").doesNotContain("1234")
                .hasSizeLessThan(2000);
        assertThat(ContentDigest.differences(null, digest)).as("nothing kept: every field").hasSize(14);
    }
}
