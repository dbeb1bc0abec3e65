package dev.wootrack.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The quick fault mode of {@code bench/faults.sh}, part of {@code mvn verify} and so of CI: every run must lose
 * nothing and create no second shipment (and pass its own check: fast webhook answers, the hostile corpus).
 */
class FaultsIT {

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"flaky", "outage", "slow", "kill9", "storm", "hostile"})
    void quickFaultRun(String fault) throws Exception {
        FaultsBench.Result r = FaultsBench.run(fault, false);
        System.out.println(r);
        assertThat(r.lost()).as("lost orders: %s", r).isZero();
        assertThat(r.secondShipments()).as("second shipments: %s", r).isZero();
        assertThat(r.created()).as("delivered exactly once: %s", r).isEqualTo(r.orders() - r.deadLetters());
        assertThat(r.pass()).as(r.toString()).isTrue();
    }
}
