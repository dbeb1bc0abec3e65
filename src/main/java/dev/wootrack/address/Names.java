package dev.wootrack.address;

import java.text.Normalizer;
import java.util.Locale;

/** How names are compared: accents, case, apostrophes and extra spaces forgiven; closeness by edit distance. */
final class Names {

    private Names() {
    }

    /** {@code "  Ñuñoa "} → {@code "nunoa"}, {@code "O'Higgins"} → {@code "ohiggins"}, {@code "Viña  del-Mar"} → {@code "vina del mar"}. */
    static String key(String s) {
        if (s == null) {
            return "";
        }
        String plain = Normalizer.normalize(s, Normalizer.Form.NFD).replaceAll("\\p{M}+", "");
        return plain.toLowerCase(Locale.ROOT).replaceAll("['’`´]", "").replaceAll("[^a-z0-9]+", " ").trim();
    }

    /** Levenshtein distance (insertions, deletions, substitutions), two rows of memory. */
    static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitute = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitute, Math.min(previous[j] + 1, current[j - 1] + 1));
            }
            int[] t = previous;
            previous = current;
            current = t;
        }
        return previous[b.length()];
    }

    /** How far a name may be from an official one to count as a typo of it: 1 up to 7 letters, 2 from 8. */
    static int tolerance(String key) {
        return key.length() >= 8 ? 2 : 1;
    }
}
