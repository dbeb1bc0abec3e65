package dev.wootrack.woocommerce;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** When the write-back may change a status: from the one WooTrack sent the order in, or one it set itself. */
class StatusGuardTest {

    private static String order(String status, String modified) {
        return "{\"id\":9,\"status\":\"" + status + "\",\"date_modified_gmt\":\"" + modified + "\"}";
    }

    private static StatusGuard guard(Optional<String> sent, Set<String> ownVersions) {
        return new StatusGuard(new ObjectMapper(), ownVersions::contains, id -> sent, "processing"::equals,
                List.of("completed", "on-hold"));
    }

    @Test
    void fromTheStatusItWasSentInTheStatusChanges() {
        assertThat(guard(Optional.of("processing"), Set.of()).check(9, "completed", order("processing", "t1")).change())
                .isTrue();
    }

    @Test
    void aMerchantsOwnChangeIsLeftAloneAndSaidSo() {
        StatusGuard.Check check = guard(Optional.of("processing"), Set.of()).check(9, "completed", order("refunded", "t2"));
        assertThat(check.change()).isFalse();
        assertThat(check.note()).isEqualTo("order status left 'refunded' (changed in WooCommerce since WooTrack sent"
                + " it as 'processing'), not set to 'completed'");
    }

    @Test
    void aStatusWooTrackSetCanBeChangedAgainButNotOneAMerchantSetBeforeAMetaOnlyUpdate() {
        StatusGuard guard = guard(Optional.of("processing"), Set.of("9@t3", "9@t4"));
        assertThat(guard.check(9, "on-hold", order("completed", "t3")).change()).as("set by WooTrack's map").isTrue();
        assertThat(guard.check(9, "on-hold", order("refunded", "t4")).change())
                .as("our meta-only update of an order the merchant refunded").isFalse();
    }

    @Test
    void withoutTheSendInTheHistoryATriggerStatusIsExpected() {
        assertThat(guard(Optional.empty(), Set.of()).check(9, "completed", order("wc-processing", "t5")).change()).isTrue();
        assertThat(guard(Optional.empty(), Set.of()).check(9, "completed", order("cancelled", "t5")).note())
                .contains("since WooTrack last saw it");
        assertThat(guard(Optional.empty(), Set.of()).check(9, "completed", order("completed", "t5")))
                .isEqualTo(new StatusGuard.Check(false, "order status already completed"));
    }
}
