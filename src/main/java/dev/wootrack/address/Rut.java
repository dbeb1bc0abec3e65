package dev.wootrack.address;

import java.util.Optional;

/**
 * A Chilean RUT (Rol Único Tributario): a number and its check digit, computed módulo 11 (weights 2…7 from the
 * right; 11 is written 0 and 10 K). Personal data: {@link #mask} is the only form that goes into a message.
 *
 * @param number the number before the check digit
 * @param check  the check digit as written: {@code 0}-{@code 9} or {@code K}
 */
public record Rut(long number, char check) {

    /** Reads {@code 12.345.678-5}, {@code 12345678-5}, {@code 123456785}, {@code 12 345 678 k}; empty when it is none of these. */
    public static Optional<Rut> parse(String written) {
        if (written == null) {
            return Optional.empty();
        }
        String s = written.replaceAll("[.\\s]", "").replace('‐', '-').toUpperCase(java.util.Locale.ROOT);
        if (!s.matches("\\d{1,9}-?[0-9K]")) {
            return Optional.empty();
        }
        String digits = s.replace("-", "");
        return Optional.of(new Rut(Long.parseLong(digits.substring(0, digits.length() - 1)),
                digits.charAt(digits.length() - 1)));
    }

    /** The check digit módulo 11 of a number. */
    public static char checkDigit(long number) {
        int sum = 0;
        int weight = 2;
        for (long n = number; n > 0; n /= 10) {
            sum += (int) (n % 10) * weight;
            weight = weight == 7 ? 2 : weight + 1;
        }
        int dv = 11 - sum % 11;
        return dv == 11 ? '0' : dv == 10 ? 'K' : (char) ('0' + dv);
    }

    public boolean isValid() {
        return number > 0 && checkDigit(number) == check;
    }

    /** The canonical form: {@code 12.345.678-5}. */
    public String format() {
        return String.format(java.util.Locale.ROOT, "%,d", number).replace(',', '.') + "-" + check;
    }

    /** What a message may show of a RUT: its last three digits and check digit ({@code *.***.678-5}). */
    public static String mask(String written) {
        if (written == null || written.isBlank()) {
            return "(empty)";
        }
        String t = written.trim();
        StringBuilder out = new StringBuilder(t.length());
        int digitsSeen = 0;
        int keep = 4; // the check digit and the three digits before it
        for (int i = t.length() - 1; i >= 0; i--) {
            char c = t.charAt(i);
            boolean digit = Character.isLetterOrDigit(c);
            out.append(digit && digitsSeen++ >= keep ? '*' : c);
        }
        return out.reverse().toString();
    }
}
