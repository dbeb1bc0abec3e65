package dev.wootrack.address;

import dev.wootrack.address.Finding.Outcome;
import dev.wootrack.store.InboxItem;
import dev.wootrack.store.Reviews;
import dev.wootrack.woocommerce.WooOrder;
import dev.wootrack.woocommerce.WooOrder.Address;
import dev.wootrack.woocommerce.WooOrder.Meta;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The address checks that run just before an order is mapped for TrackingTech (issue 16): the region is one of
 * Chile's, the commune (WooCommerce's city field) is one of the official 346 and lies in that region, the RUT a shop
 * stores has the right check digit, and the phone is a real number, written in E.164. Each check has its
 * {@link Policy}. No Camel imports: the pipeline calls {@link #check(InboxItem, WooOrder)} and, when the result is
 * held, {@link #hold}.
 *
 * <p>What a check finds is either a <em>canonical form</em> (the value is right, written another way: {@code cl-rm},
 * {@code nunoa}, {@code +56 9 8765 4321}) or a <em>problem</em> (unknown, misspelled, in another region, a wrong check
 * digit, a number that does not exist), which may come with a suggestion. Under {@code warn} canonical forms are
 * forgiven and problems are warnings; under {@code fix} both are fixed where there is a value to write, warnings
 * otherwise; under {@code hold} canonical forms are fixed and problems hold the order.
 */
public final class AddressChecks {

    private static final Logger LOG = LoggerFactory.getLogger("dev.wootrack.pipeline");

    /** The policy of each check. */
    public record Policies(Policy region, Policy commune, Policy rut, Policy phone) {
        /** The defaults: nothing a valid order has ever held it up. */
        public static final Policies DEFAULTS = new Policies(Policy.FIX, Policy.FIX, Policy.WARN, Policy.FIX);
    }

    public static final List<String> DEFAULT_RUT_KEYS = List.of("billing_rut", "_billing_rut", "rut", "_rut",
            "billing_rut_number");

    private final Policies policies;
    private final List<String> rutKeys;
    private final Communes communes;
    private final Reviews reviews;

    public AddressChecks(Policies policies, List<String> rutKeys, Reviews reviews) {
        this.policies = policies;
        this.rutKeys = List.copyOf(rutKeys);
        this.communes = Communes.official();
        this.reviews = reviews;
    }

    public Policies policies() {
        return policies;
    }

    /**
     * The pipeline's step: the checks of one event of an order. When they would hold it but someone chose "send
     * anyway" for this inbox row (a {@code review-accepted} decision, in the database), it goes as under {@code fix}.
     */
    public AddressCheck check(InboxItem item, WooOrder order) {
        AddressCheck result = check(order, false);
        if (result.isHeld() && reviews != null && reviews.accepted(item)) {
            result = check(order, true);
        }
        return result;
    }

    /** The order waits as {@code needs-review}, the findings as its reason, until someone sends it anyway. */
    public void hold(InboxItem item, AddressCheck result) {
        LOG.warn("order {} held for review (needs-review): {}", item.orderId(), result.summary());
        reviews.hold(item, "address checks: " + result.summary());
    }

    /** The checks alone (no database): {@code accepted}, the order was held and someone chose to send it anyway. */
    public AddressCheck check(WooOrder order, boolean accepted) {
        Address ship = order.shipping() == null ? empty() : order.shipping();
        Address bill = order.billing() == null ? empty() : order.billing();
        Run run = new Run(accepted);
        String state = ship.state();
        String city = ship.city();
        boolean chile = "CL".equalsIgnoreCase(text(ship.country()));
        String region = null; // the contract code the order's region is known to be, after the region check
        if (chile) {
            Optional<ChileanRegions.Region> read = ChileanRegions.read(state);
            region = read.map(ChileanRegions.Region::code).orElse(null);
            if (policies.region() != Policy.OFF) {
                String fixed = checkRegion(run, state, city, read);
                if (fixed != null) {
                    state = fixed;
                    region = ChileanRegions.read(fixed).map(ChileanRegions.Region::code).orElse(region);
                }
            }
            if (policies.commune() != Policy.OFF) {
                String fixed = checkCommune(run, city, region);
                if (fixed != null) {
                    city = fixed;
                }
            }
        }
        String rut = policies.rut() == Policy.OFF ? null : checkRut(run, order.metaData());
        String phone = bill.phone();
        if (policies.phone() != Policy.OFF) {
            String country = !text(ship.country()).isEmpty() ? ship.country() : bill.country();
            String fixed = checkPhone(run, phone, country);
            if (fixed != null) {
                phone = fixed;
            }
        }
        WooOrder out = order;
        if (!java.util.Objects.equals(state, ship.state()) || !java.util.Objects.equals(city, ship.city())) {
            out = withShipping(out, new Address(ship.firstName(), ship.lastName(), ship.company(), ship.address1(),
                    ship.address2(), city, state, ship.postcode(), ship.country(), ship.email(), ship.phone()));
        }
        if (!java.util.Objects.equals(phone, bill.phone())) {
            out = withBilling(out, new Address(bill.firstName(), bill.lastName(), bill.company(), bill.address1(),
                    bill.address2(), bill.city(), bill.state(), bill.postcode(), bill.country(), bill.email(), phone));
        }
        return new AddressCheck(run.findings, out, rut);
    }

    // ---- the checks: each returns the value to write instead, or null --------------------------------------------

    private String checkRegion(Run run, String state, String city, Optional<ChileanRegions.Region> read) {
        Policy policy = policies.region();
        if (read.isPresent()) {
            String canonical = read.get().wooCommerce();
            // TrackingTech gets the code without the country; only a state that would not arrive so is rewritten
            boolean arrivesAsIs = text(state).equals(canonical) || text(state).equals(read.get().code());
            return arrivesAsIs ? null : run.canonical("region", policy, "'" + text(state) + "' is region "
                    + read.get().code(), canonical);
        }
        // unknown: the commune, when it is one (and only one), says which region it is
        List<Communes.Commune> named = communes.named(city);
        String suggestion = named.size() == 1 ? ChileanRegions.byCode(named.get(0).region()).orElseThrow().wooCommerce()
                : null;
        String message = (text(state).isEmpty() ? "no region" : "'" + text(state) + "' is not a region of Chile")
                + (suggestion == null ? "" : " (commune " + named.get(0).name() + " is in " + named.get(0).region() + ")");
        return run.problem("region", policy, message, suggestion);
    }

    private String checkCommune(Run run, String city, String region) {
        Policy policy = policies.commune();
        String written = text(city);
        if (written.isEmpty()) {
            return run.problem("commune", policy, "no commune (the city field is empty)", null);
        }
        Optional<Communes.Commune> exact = region == null ? communes.named(written).stream().findFirst()
                : communes.named(written, region);
        if (exact.isPresent()) {
            return written.equals(exact.get().name()) ? null : run.canonical("commune", policy,
                    "'" + written + "' is " + exact.get().name(), exact.get().name());
        }
        List<Communes.Commune> elsewhere = communes.named(written);
        if (!elsewhere.isEmpty()) {
            // the commune exists, in another region: which of the two is wrong is for a person to say
            return run.problem("commune", policy, elsewhere.get(0).name() + " is a commune of " + elsewhere.get(0).region()
                    + ", not of " + region, null);
        }
        Optional<Communes.Commune> close = communes.closest(written, region);
        String where = region == null ? "Chile" : region;
        if (close.isPresent()) {
            return run.problem("commune", policy, "'" + written + "' is not a commune of " + where + " (did you mean "
                    + close.get().name() + "?)", close.get().name());
        }
        return run.problem("commune", policy, "'" + written + "' is not a commune of " + where, null);
    }

    private String checkRut(Run run, List<Meta> meta) {
        Optional<String> stored = rutOf(meta);
        if (stored.isEmpty()) {
            return null; // the shop keeps no RUT: nothing to check
        }
        Policy policy = policies.rut();
        String written = stored.get().trim();
        Optional<Rut> rut = Rut.parse(written);
        if (rut.isEmpty()) {
            run.problem("rut", policy, "RUT " + Rut.mask(written) + " is not a RUT (digits, then a check digit)", null);
            return null;
        }
        if (!rut.get().isValid()) {
            run.problem("rut", policy, "RUT " + Rut.mask(written) + ": the check digit does not match (módulo 11)",
                    null);
            return null;
        }
        String canonical = rut.get().format();
        if (!written.equals(canonical)) {
            run.canonical("rut", policy, "RUT " + Rut.mask(written) + " is written " + Rut.mask(canonical), null);
        }
        return canonical;
    }

    /** The first of the configured meta keys (in their order) that holds a value. */
    private Optional<String> rutOf(List<Meta> meta) {
        if (meta == null) {
            return Optional.empty();
        }
        for (String key : rutKeys) {
            for (Meta m : meta) {
                if (key.equals(m.key()) && m.value() != null && (m.value().isTextual() || m.value().isNumber())
                        && !m.value().asText().isBlank()) {
                    return Optional.of(m.value().asText());
                }
            }
        }
        return Optional.empty();
    }

    private String checkPhone(Run run, String phone, String country) {
        String written = text(phone);
        if (written.isEmpty()) {
            return null; // WooCommerce does not require one
        }
        Policy policy = policies.phone();
        String masked = Phones.mask(written);
        Phones.Reading reading = Phones.read(written, country);
        if (reading instanceof Phones.Unreadable u) {
            return run.problem("phone", policy, masked + " cannot be read as a phone number (" + u.why() + ")", null);
        }
        if (reading instanceof Phones.Invalid i) {
            return run.problem("phone", policy, masked + " is not a valid number"
                    + (text(country).isEmpty() ? "" : " for " + text(country).toUpperCase(java.util.Locale.ROOT))
                    + " (" + Phones.mask(i.e164()) + ")", null);
        }
        String e164 = ((Phones.Valid) reading).e164();
        return written.equals(e164) ? null
                : run.canonical("phone", policy, masked + " in E.164 is " + Phones.mask(e164), e164);
    }

    // ---- policies ---------------------------------------------------------------------------------------------

    /** The findings of one order, with what each policy makes of them. */
    private static final class Run {
        final List<Finding> findings = new ArrayList<>();
        final boolean accepted;

        Run(boolean accepted) {
            this.accepted = accepted;
        }

        /** The value is right, written another way: fixed unless the policy is warn (then forgiven). */
        String canonical(String check, Policy policy, String message, String value) {
            if (policy == Policy.WARN) {
                return null;
            }
            findings.add(new Finding(check, Outcome.FIXED, message, value == null ? null : shown(check, value)));
            return value;
        }

        /** Something is wrong: a warning, a fix (when there is a suggestion), or a hold, as the policy says. */
        String problem(String check, Policy policy, String message, String suggestion) {
            Outcome outcome = switch (policy) {
                case HOLD -> accepted ? Outcome.ACCEPTED : Outcome.HELD;
                case FIX -> suggestion == null ? Outcome.WARNING : Outcome.FIXED;
                default -> Outcome.WARNING;
            };
            findings.add(new Finding(check, outcome, message, suggestion == null ? null : shown(check, suggestion)));
            boolean write = suggestion != null && (policy == Policy.FIX || policy == Policy.HOLD && accepted);
            return write ? suggestion : null;
        }

        private static String shown(String check, String value) {
            return check.equals("phone") ? Phones.mask(value) : value;
        }
    }

    private static WooOrder withShipping(WooOrder o, Address shipping) {
        return new WooOrder(o.id(), o.number(), o.status(), o.currency(), o.dateCreatedGmt(), o.dateModifiedGmt(),
                o.total(), o.billing(), shipping, o.lineItems(), o.metaData());
    }

    private static WooOrder withBilling(WooOrder o, Address billing) {
        return new WooOrder(o.id(), o.number(), o.status(), o.currency(), o.dateCreatedGmt(), o.dateModifiedGmt(),
                o.total(), billing, o.shipping(), o.lineItems(), o.metaData());
    }

    private static Address empty() {
        return new Address(null, null, null, null, null, null, null, null, null, null, null);
    }

    private static String text(String s) {
        return s == null ? "" : s.trim();
    }
}
