package dev.wootrack.address;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** RUT check digits módulo 11, the forms a RUT is written in, and what a message may show of one. */
class RutTest {

    @Test
    void checkDigitsModuloEleven() {
        assertThat(Rut.checkDigit(12_345_678)).isEqualTo('5');
        assertThat(Rut.checkDigit(11_111_111)).isEqualTo('1');
        assertThat(Rut.checkDigit(6)).isEqualTo('K');   // 6×2 = 12, 11 − 1 = 10 → K
        assertThat(Rut.checkDigit(14)).isEqualTo('0');  // 4×2 + 1×3 = 11, 11 − 0 = 11 → 0
    }

    @Test
    void everyWayOfWritingOneIsRead() {
        for (String written : new String[] {"12.345.678-5", "12345678-5", "123456785", " 12 345 678 - 5 "}) {
            assertThat(Rut.parse(written)).as(written).hasValue(new Rut(12_345_678, '5'));
        }
        assertThat(Rut.parse("7.654.321-k")).hasValue(new Rut(7_654_321, 'K'));
        assertThat(Rut.parse("7.654.321-k").orElseThrow().isValid()).isFalse(); // its check digit is 6
        assertThat(Rut.parse("abc")).isEmpty();
        assertThat(Rut.parse("12.345.678-X")).isEmpty();
        assertThat(Rut.parse("")).isEmpty();
    }

    @Test
    void validityAndTheCanonicalForm() {
        assertThat(Rut.parse("12345678-5").orElseThrow().isValid()).isTrue();
        assertThat(Rut.parse("12345678-4").orElseThrow().isValid()).isFalse();
        assertThat(Rut.parse("123456785").orElseThrow().format()).isEqualTo("12.345.678-5");
        assertThat(Rut.parse("1-9").orElseThrow().isValid()).isTrue();
        assertThat(new Rut(1, '9').format()).isEqualTo("1-9");
    }

    @Test
    void aMaskShowsTheLastThreeDigitsAndTheCheckDigitOnly() {
        assertThat(Rut.mask("12.345.678-5")).isEqualTo("**.***.678-5");
        assertThat(Rut.mask("123456785")).isEqualTo("*****6785");
        assertThat(Rut.mask("")).isEqualTo("(empty)");
    }
}
