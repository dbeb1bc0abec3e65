package dev.wootrack.address;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The official list shipped as data (wootrack/chile/communes.csv, SOURCE.md) and how names are matched against it. */
class CommunesTest {

    final Communes communes = Communes.official();

    @Test
    void theListHasChilesThreeHundredAndFortySixCommunesEachWithItsCodeAndRegion() {
        assertThat(communes.all()).hasSize(346);
        assertThat(communes.all()).extracting(Communes.Commune::cut).doesNotHaveDuplicates()
                .allMatch(cut -> cut.matches("\\d{5}"));
        Map<String, Long> perRegion = communes.all().stream()
                .collect(Collectors.groupingBy(Communes.Commune::region, Collectors.counting()));
        assertThat(perRegion).hasSize(16).containsEntry("RM", 52L).containsEntry("VS", 38L).containsEntry("NB", 21L)
                .containsEntry("AP", 4L).containsEntry("MA", 11L);
        // each CUT code starts with its region's number
        assertThat(communes.all()).allMatch(c -> c.cut().startsWith(ChileanRegions.byCode(c.region()).orElseThrow().cut()));
        // no two communes have the same name once accents and case are forgiven: a name says which commune it is
        assertThat(communes.all()).extracting(c -> Names.key(c.name())).doesNotHaveDuplicates();
    }

    @Test
    void namesKeepTheirAccents() {
        assertThat(communes.named("Ñuñoa")).singleElement().satisfies(c -> {
            assertThat(c.cut()).isEqualTo("13120");
            assertThat(c.region()).isEqualTo("RM");
        });
        assertThat(communes.all()).extracting(Communes.Commune::name)
                .contains("Ñuñoa", "Peñalolén", "Concepción", "Viña del Mar", "Chillán", "Ollagüe", "Río Ibáñez",
                        "O'Higgins", "Aysén");
    }

    @Test
    void accentsCaseAndSpacesAreForgiven() {
        assertThat(communes.named("  nunoa ")).extracting(Communes.Commune::name).containsExactly("Ñuñoa");
        assertThat(communes.named("VIÑA   DEL MAR")).extracting(Communes.Commune::name).containsExactly("Viña del Mar");
        assertThat(communes.named("penalolen")).extracting(Communes.Commune::name).containsExactly("Peñalolén");
        assertThat(communes.named("Los Ángeles")).extracting(Communes.Commune::name).containsExactly("Los Angeles");
        assertThat(communes.named("ohiggins")).extracting(Communes.Commune::name).containsExactly("O'Higgins");
        assertThat(communes.named("Providencia", "RM")).isPresent();
        assertThat(communes.named("Providencia", "VS")).isEmpty();
        assertThat(communes.named("")).isEmpty();
    }

    @Test
    void aTypoFindsTheOneCommuneItIsCloseTo() {
        assertThat(communes.closest("Provdencia", "RM")).map(Communes.Commune::name).contains("Providencia");
        assertThat(communes.closest("Las Condez", null)).map(Communes.Commune::name).contains("Las Condes");
        assertThat(communes.closest("Valparaizo", "VS")).map(Communes.Commune::name).contains("Valparaíso");
        // too far from every commune, or not in the region
        assertThat(communes.closest("Springfield", null)).isEmpty();
        assertThat(communes.closest("Provdencia", "VS")).isEmpty();
        // Reñaca is a part of Viña del Mar, not a commune: Renca (one letter off) is in another region
        assertThat(communes.closest("Reñaca", "VS")).isEmpty();
    }

    @Test
    void editDistance() {
        assertThat(Names.distance("kitten", "sitting")).isEqualTo(3);
        assertThat(Names.distance("", "abc")).isEqualTo(3);
        assertThat(Names.distance("providencia", "providencia")).isZero();
        assertThat(Names.key(" Viña  del-Mar ")).isEqualTo("vina del mar");
    }
}
