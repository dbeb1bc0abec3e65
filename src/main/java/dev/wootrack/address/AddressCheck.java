package dev.wootrack.address;

import dev.wootrack.woocommerce.WooOrder;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The outcome of the address checks for one order: what was found, and the order as it is to be sent (its shipping
 * city and region and its billing phone as fixed; everything else as it came).
 *
 * @param findings every finding, in the order of the checks (region, commune, rut, phone)
 * @param order    the order to map and send; the order as it came when nothing was fixed
 * @param rut      the customer's RUT in its canonical form ({@code 12.345.678-5}) when one was found and is valid,
 *                 else null (TrackingTech's contract has no field for it: it is checked, not sent)
 */
public record AddressCheck(List<Finding> findings, WooOrder order, String rut) {

    public AddressCheck {
        findings = List.copyOf(findings);
    }

    /** Whether a check holds the order for review. */
    public boolean isHeld() {
        return findings.stream().anyMatch(f -> f.outcome() == Finding.Outcome.HELD);
    }

    /** Getter form for the routes' simple language ({@code ${exchangeProperty.addressCheck.held}}). */
    public boolean getHeld() {
        return isHeld();
    }

    /** The findings in a few words, for a decision's reason: empty when there are none. */
    public String summary() {
        return findings.stream().map(Finding::describe).collect(Collectors.joining("; "));
    }

    /**
     * What the sent decision's reason carries after TrackingTech's answer: {@code ""}, or
     * {@code "; address checks: phone fixed: …; commune warning: …"}.
     */
    public String getNote() {
        return findings.isEmpty() ? "" : "; address checks: " + summary();
    }
}
