package dev.wootrack.address;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.wootrack.Fixtures;
import dev.wootrack.address.Finding.Outcome;
import dev.wootrack.trackingtech.OrderMapper;
import dev.wootrack.woocommerce.WooOrder;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every address check, under every policy, on orders as WooCommerce's REST API shows them (no database). */
class AddressChecksTest {

    static final ObjectMapper JSON = new ObjectMapper();

    static AddressChecks checks(Policy region, Policy commune, Policy rut, Policy phone) {
        return new AddressChecks(new AddressChecks.Policies(region, commune, rut, phone), AddressChecks.DEFAULT_RUT_KEYS,
                null);
    }

    static final AddressChecks DEFAULTS = new AddressChecks(AddressChecks.Policies.DEFAULTS,
            AddressChecks.DEFAULT_RUT_KEYS, null);

    /** A Chilean order: shipping state and city, billing phone, and meta entries key=value. */
    static WooOrder order(String state, String city, String phone, String... meta) {
        ObjectNode o = JSON.createObjectNode().put("id", 5).put("number", "5").put("status", "processing")
                .put("currency", "CLP").put("date_created_gmt", "2026-05-19T16:28:02");
        o.putObject("billing").put("email", "juana@example.cl").put("phone", phone).put("country", "CL");
        o.putObject("shipping").put("first_name", "Juana").put("last_name", "Pérez").put("address_1", "Av. Providencia 1234")
                .put("city", city).put("state", state).put("postcode", "7500000").put("country", "CL");
        o.putArray("line_items").addObject().put("name", "Polera").put("quantity", 1).put("price", 12990);
        var m = o.putArray("meta_data");
        for (String kv : meta) {
            String[] p = kv.split("=", 2);
            m.addObject().put("id", 1).put("key", p[0]).put("value", p[1]);
        }
        return JSON.convertValue(o, WooOrder.class);
    }

    static List<String> described(AddressCheck c) {
        return c.findings().stream().map(Finding::describe).toList();
    }

    // ---- a valid order -------------------------------------------------------------------------------------------

    @Test
    void aValidChileanOrderGoesOutAsItCameUnderEveryPolicy() {
        WooOrder valid = order("CL-RM", "Providencia", "+56987654321", "billing_rut=12.345.678-5");
        for (Policy p : Policy.values()) {
            AddressCheck c = checks(p, p, p, p).check(valid, false);
            assertThat(c.findings()).as(p.slug()).isEmpty();
            assertThat(c.order()).as(p.slug()).isSameAs(valid);
            assertThat(c.isHeld()).isFalse();
            assertThat(c.getNote()).isEmpty();
        }
        assertThat(DEFAULTS.check(valid, false).rut()).isEqualTo("12.345.678-5");
    }

    @Test
    void theDefaultsNeverHoldAndPutCanonicalFormsRight() {
        AddressCheck c = DEFAULTS.check(order("cl-rm", "nuñoa", "+56 9 8765 4321"), false);
        assertThat(c.isHeld()).isFalse();
        assertThat(c.order().shipping().state()).isEqualTo("CL-RM");
        assertThat(c.order().shipping().city()).isEqualTo("Ñuñoa");
        assertThat(c.order().billing().phone()).isEqualTo("+56987654321");
        assertThat(c.findings()).extracting(Finding::outcome).containsOnly(Outcome.FIXED);
    }

    // ---- region ----------------------------------------------------------------------------------------------------

    @Test
    void regionCodesNamesAndNumbersAreReadAsTheRegion() {
        AddressChecks fix = checks(Policy.FIX, Policy.OFF, Policy.OFF, Policy.OFF);
        for (String state : new String[] {"CL-RM", "RM"}) {
            assertThat(fix.check(order(state, "Providencia", ""), false).findings()).as(state).isEmpty();
        }
        for (String state : new String[] {"cl-rm", "rm", "Región Metropolitana", "metropolitana de santiago", "13"}) {
            AddressCheck c = fix.check(order(state, "Providencia", ""), false);
            assertThat(c.order().shipping().state()).as(state).isEqualTo("CL-RM");
            assertThat(c.findings()).singleElement().extracting(Finding::outcome).isEqualTo(Outcome.FIXED);
        }
        assertThat(fix.check(order("Biobío", "Concepción", ""), false).order().shipping().state()).isEqualTo("CL-BI");
        assertThat(fix.check(order("CL-NB", "Chillán", ""), false).findings()).isEmpty();
        // what TrackingTech receives: the contract's code
        assertThat(new OrderMapper().map(fix.check(order("rm", "Providencia", ""), false).order(), "s", "c")
                .shipping().state()).isEqualTo("RM");
    }

    @Test
    void anUnknownRegionIsTakenFromTheCommuneUnderFixAndIsAWarningOtherwise() {
        WooOrder unknown = order("CL-XX", "Providencia", "");
        AddressCheck fixed = checks(Policy.FIX, Policy.FIX, Policy.OFF, Policy.OFF).check(unknown, false);
        assertThat(fixed.order().shipping().state()).isEqualTo("CL-RM");
        assertThat(described(fixed)).containsExactly(
                "region fixed: 'CL-XX' is not a region of Chile (commune Providencia is in RM)");

        AddressCheck warned = checks(Policy.WARN, Policy.WARN, Policy.OFF, Policy.OFF).check(unknown, false);
        assertThat(warned.order()).isSameAs(unknown);
        assertThat(described(warned)).containsExactly(
                "region warning: 'CL-XX' is not a region of Chile (commune Providencia is in RM)");

        AddressCheck blank = checks(Policy.FIX, Policy.OFF, Policy.OFF, Policy.OFF).check(order("", "Springfield", ""), false);
        assertThat(described(blank)).containsExactly("region warning: no region");
        assertThat(checks(Policy.HOLD, Policy.OFF, Policy.OFF, Policy.OFF).check(unknown, false).isHeld()).isTrue();
        assertThat(checks(Policy.OFF, Policy.OFF, Policy.OFF, Policy.OFF).check(unknown, false).findings()).isEmpty();
    }

    @Test
    void regionAndCommuneAreCheckedForChileanAddressesOnly() throws Exception {
        WooOrder us = JSON.readValue(Fixtures.read("order-single.wc-v3.json"), WooOrder.class);
        AddressCheck c = checks(Policy.HOLD, Policy.HOLD, Policy.OFF, Policy.OFF).check(us, false);
        assertThat(c.findings()).isEmpty();
        assertThat(c.order()).isSameAs(us);
    }

    // ---- commune -----------------------------------------------------------------------------------------------------

    @Test
    void anExactCommuneIsNoFinding() {
        assertThat(checks(Policy.OFF, Policy.HOLD, Policy.OFF, Policy.OFF)
                .check(order("CL-VS", "Viña del Mar", ""), false).findings()).isEmpty();
    }

    @Test
    void accentsAndCaseAreForgivenAndWrittenOfficiallyUnderFixAndHold() {
        WooOrder plain = order("CL-RM", "NUNOA", "");
        assertThat(checks(Policy.OFF, Policy.WARN, Policy.OFF, Policy.OFF).check(plain, false).findings()).isEmpty();
        for (Policy p : new Policy[] {Policy.FIX, Policy.HOLD}) {
            AddressCheck c = checks(Policy.OFF, p, Policy.OFF, Policy.OFF).check(plain, false);
            assertThat(c.isHeld()).isFalse();
            assertThat(c.order().shipping().city()).isEqualTo("Ñuñoa");
            assertThat(described(c)).containsExactly("commune fixed: 'NUNOA' is Ñuñoa");
        }
    }

    @Test
    void aCloseMatchIsSuggestedAndReplacesTheCityUnderFix() {
        WooOrder typo = order("CL-RM", "Provdencia", "");
        AddressCheck fixed = checks(Policy.OFF, Policy.FIX, Policy.OFF, Policy.OFF).check(typo, false);
        assertThat(fixed.order().shipping().city()).isEqualTo("Providencia");
        assertThat(fixed.findings()).singleElement().satisfies(f -> {
            assertThat(f.outcome()).isEqualTo(Outcome.FIXED);
            assertThat(f.suggestion()).isEqualTo("Providencia");
            assertThat(f.message()).isEqualTo("'Provdencia' is not a commune of RM (did you mean Providencia?)");
        });

        AddressCheck warned = checks(Policy.OFF, Policy.WARN, Policy.OFF, Policy.OFF).check(typo, false);
        assertThat(warned.order().shipping().city()).isEqualTo("Provdencia");
        assertThat(warned.findings()).singleElement().extracting(Finding::outcome, Finding::suggestion)
                .containsExactly(Outcome.WARNING, "Providencia");

        AddressCheck held = checks(Policy.OFF, Policy.HOLD, Policy.OFF, Policy.OFF).check(typo, false);
        assertThat(held.isHeld()).isTrue();
        assertThat(held.order().shipping().city()).isEqualTo("Provdencia");
        assertThat(held.summary()).isEqualTo("commune held: 'Provdencia' is not a commune of RM (did you mean Providencia?)");

        // sent anyway after review: as under fix, with the suggestion
        AddressCheck accepted = checks(Policy.OFF, Policy.HOLD, Policy.OFF, Policy.OFF).check(typo, true);
        assertThat(accepted.isHeld()).isFalse();
        assertThat(accepted.order().shipping().city()).isEqualTo("Providencia");
        assertThat(accepted.findings()).singleElement().extracting(Finding::outcome).isEqualTo(Outcome.ACCEPTED);
    }

    @Test
    void aCommuneOfAnotherRegionIsAFindingThatNothingFixes() {
        WooOrder wrong = order("CL-VS", "Providencia", "");
        AddressCheck c = checks(Policy.FIX, Policy.FIX, Policy.OFF, Policy.OFF).check(wrong, false);
        assertThat(c.order()).isSameAs(wrong);
        assertThat(described(c)).containsExactly("commune warning: Providencia is a commune of RM, not of VS");
        assertThat(checks(Policy.FIX, Policy.HOLD, Policy.OFF, Policy.OFF).check(wrong, false).isHeld()).isTrue();
    }

    @Test
    void anUnknownOrEmptyCommuneIsAWarningOrAHold() {
        AddressCheck unknown = checks(Policy.FIX, Policy.FIX, Policy.OFF, Policy.OFF).check(order("CL-RM", "Gotham", ""), false);
        assertThat(described(unknown)).containsExactly("commune warning: 'Gotham' is not a commune of RM");
        AddressCheck empty = checks(Policy.FIX, Policy.FIX, Policy.OFF, Policy.OFF).check(order("CL-RM", "", ""), false);
        assertThat(described(empty)).containsExactly("commune warning: no commune (the city field is empty)");
        assertThat(checks(Policy.FIX, Policy.HOLD, Policy.OFF, Policy.OFF).check(order("CL-RM", "", ""), false).isHeld())
                .isTrue();
        // without a region the whole country is searched
        AddressCheck anywhere = checks(Policy.WARN, Policy.FIX, Policy.OFF, Policy.OFF).check(order("", "Valparaizo", ""), false);
        assertThat(anywhere.order().shipping().city()).isEqualTo("Valparaíso");
    }

    // ---- RUT ---------------------------------------------------------------------------------------------------------

    @Test
    void aValidRutIsNoFindingAndIsKeptInItsCanonicalForm() {
        for (String key : AddressChecks.DEFAULT_RUT_KEYS) {
            AddressCheck c = checks(Policy.OFF, Policy.OFF, Policy.HOLD, Policy.OFF)
                    .check(order("CL-RM", "Providencia", "", key + "=12345678-5"), false);
            assertThat(c.isHeld()).as(key).isFalse();
            assertThat(c.rut()).as(key).isEqualTo("12.345.678-5");
        }
        AddressCheck fixed = checks(Policy.OFF, Policy.OFF, Policy.FIX, Policy.OFF)
                .check(order("CL-RM", "Providencia", "", "billing_rut=123456785"), false);
        assertThat(described(fixed)).containsExactly("rut fixed: RUT *****6785 is written **.***.678-5");
    }

    @Test
    void aWrongCheckDigitIsAWarningOrAHoldAndNeverShowsTheRut() {
        WooOrder wrong = order("CL-RM", "Providencia", "", "_billing_rut=12.345.678-4");
        AddressCheck warned = DEFAULTS.check(wrong, false);
        assertThat(described(warned)).containsExactly(
                "rut warning: RUT **.***.678-4: the check digit does not match (módulo 11)");
        assertThat(warned.rut()).isNull();
        assertThat(warned.order()).isSameAs(wrong);
        assertThat(checks(Policy.OFF, Policy.OFF, Policy.HOLD, Policy.OFF).check(wrong, false).isHeld()).isTrue();
        assertThat(warned.summary()).doesNotContain("12.345", "12345");

        AddressCheck garbage = DEFAULTS.check(order("CL-RM", "Providencia", "", "rut=no tengo"), false);
        assertThat(garbage.findings()).singleElement().satisfies(f -> assertThat(f.message()).contains("is not a RUT"));
    }

    @Test
    void noRutIsNoFindingAndTheKeysAreASetting() {
        assertThat(checks(Policy.OFF, Policy.OFF, Policy.HOLD, Policy.OFF)
                .check(order("CL-RM", "Providencia", ""), false).findings()).isEmpty();
        AddressChecks custom = new AddressChecks(new AddressChecks.Policies(Policy.OFF, Policy.OFF, Policy.HOLD, Policy.OFF),
                List.of("_cliente_rut"), null);
        assertThat(custom.check(order("CL-RM", "Providencia", "", "billing_rut=12.345.678-4"), false).findings()).isEmpty();
        assertThat(custom.check(order("CL-RM", "Providencia", "", "_cliente_rut=12.345.678-4"), false).isHeld()).isTrue();
    }

    // ---- phone -------------------------------------------------------------------------------------------------------

    @Test
    void aValidPhoneIsSentInE164UnderFixAndHoldAndAsItIsUnderWarn() {
        for (String written : new String[] {"+56 9 8765 4321", "9 8765 4321", "987654321", "+56-9-8765-4321",
                "(+56) 9 8765 4321"}) {
            AddressCheck c = checks(Policy.OFF, Policy.OFF, Policy.OFF, Policy.FIX)
                    .check(order("CL-RM", "Providencia", written), false);
            assertThat(c.order().billing().phone()).as(written).isEqualTo("+56987654321");
            assertThat(c.findings()).singleElement().satisfies(f -> {
                assertThat(f.outcome()).isEqualTo(Outcome.FIXED);
                assertThat(f.message()).doesNotContain("8765");
            });
            assertThat(checks(Policy.OFF, Policy.OFF, Policy.OFF, Policy.HOLD)
                    .check(order("CL-RM", "Providencia", written), false).order().billing().phone())
                    .isEqualTo("+56987654321");
            assertThat(checks(Policy.OFF, Policy.OFF, Policy.OFF, Policy.WARN)
                    .check(order("CL-RM", "Providencia", written), false).findings()).isEmpty();
        }
        // a landline of Santiago
        assertThat(DEFAULTS.check(order("CL-RM", "Providencia", "(2) 2123 4567"), false).order().billing().phone())
                .isEqualTo("+56221234567");
    }

    @Test
    void aNumberThatDoesNotExistIsNeverRewritten() {
        // +56 9 1xxx xxxx is not a range in use (libphonenumber's metadata): the number is kept as written
        for (String written : new String[] {"+56 9 1234 5678", "12345", "hola"}) {
            WooOrder o = order("CL-RM", "Providencia", written);
            AddressCheck fixed = DEFAULTS.check(o, false);
            assertThat(fixed.order()).as(written).isSameAs(o);
            assertThat(fixed.findings()).singleElement().satisfies(f -> {
                assertThat(f.outcome()).isEqualTo(Outcome.WARNING);
                assertThat(f.check()).isEqualTo("phone");
            });
            assertThat(checks(Policy.OFF, Policy.OFF, Policy.OFF, Policy.HOLD).check(o, false).isHeld()).isTrue();
        }
        assertThat(described(DEFAULTS.check(order("CL-RM", "Providencia", "+56 9 1234 5678"), false)))
                .containsExactly("phone warning: +** * **** **78 is not a valid number for CL (+*********78)");
        assertThat(described(DEFAULTS.check(order("CL-RM", "Providencia", "hola"), false)))
                .containsExactly("phone warning: hola cannot be read as a phone number (not a phone number)");
    }

    @Test
    void phonesOfOtherCountriesAreReadInTheirCountry() throws Exception {
        WooOrder us = JSON.readValue(Fixtures.read("order-single.wc-v3.json"), WooOrder.class);
        // the fixture's (555) 555-5555 is a made-up US number: a warning, and the bytes sent stay as they were
        AddressCheck c = DEFAULTS.check(us, false);
        assertThat(c.order()).isSameAs(us);
        assertThat(described(c)).containsExactly("phone warning: (***) ***-**55 is not a valid number for US (+*********55)");
        assertThat(new OrderMapper().map(c.order(), "s_1", "c_42")).isEqualTo(new OrderMapper().map(us, "s_1", "c_42"));

        ObjectNode real = (ObjectNode) JSON.readTree(Fixtures.read("order-single.wc-v3.json"));
        ((ObjectNode) real.path("billing")).put("phone", "(415) 555-2671");
        AddressCheck fixed = DEFAULTS.check(JSON.convertValue(real, WooOrder.class), false);
        assertThat(fixed.order().billing().phone()).isEqualTo("+14155552671");
        assertThat(DEFAULTS.check(order("CL-RM", "Providencia", ""), false).findings()).isEmpty();
    }

    @Test
    void everyWooCommerceFixtureMapsAsBeforeUnderTheDefaults() throws Exception {
        OrderMapper mapper = new OrderMapper();
        List<WooOrder> fixtures = new java.util.ArrayList<>(JSON.readValue(Fixtures.read("orders-list.wc-v3.json"),
                new com.fasterxml.jackson.core.type.TypeReference<List<WooOrder>>() { }));
        fixtures.add(JSON.readValue(Fixtures.read("order-single.wc-v3.json"), WooOrder.class));
        fixtures.add(JSON.readValue(Fixtures.read("order-update-status-completed.response.wc-v3.json"), WooOrder.class));
        for (WooOrder fixture : fixtures) {
            AddressCheck c = DEFAULTS.check(fixture, false);
            assertThat(c.isHeld()).isFalse();
            assertThat(mapper.map(c.order(), "s_1", "c_42")).as("order " + fixture.id())
                    .isEqualTo(mapper.map(fixture, "s_1", "c_42"));
        }
    }

    @Test
    void offTurnsACheckOff() {
        AddressCheck c = checks(Policy.OFF, Policy.OFF, Policy.OFF, Policy.OFF)
                .check(order("XX", "Gotham", "hola", "rut=1-1"), false);
        assertThat(c.findings()).isEmpty();
        assertThat(c.rut()).isNull();
    }

    @Test
    void theNoteForTheDecisionListsEveryFinding() {
        AddressCheck c = DEFAULTS.check(order("cl-rm", "Provdencia", "+56 9 8765 4321", "billing_rut=12.345.678-4"), false);
        assertThat(c.getNote()).startsWith("; address checks: region fixed: 'cl-rm' is region RM; commune fixed: ")
                .contains("rut warning: RUT **.***.678-4", "phone fixed: +** * **** **21 in E.164 is +*********21")
                .doesNotContain("8765", "12.345");
    }
}
