package dev.wootrack.address;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Chile's 16 regions as WooCommerce names them ({@code i18n/states.php}: {@code CL-AI} … {@code CL-VS}, ISO 3166-2:CL)
 * and as TrackingTech's contract wants them ({@code RM}: the code without the country), with the CUT region number
 * ({@code 13}) of the commune list and the names people write instead of the code.
 */
final class ChileanRegions {

    record Region(String code, String cut, String name) {
        /** WooCommerce's form of the state: {@code CL-RM}. */
        String wooCommerce() {
            return "CL-" + code;
        }
    }

    private static final Map<String, Region> BY_CODE = new LinkedHashMap<>();
    /** Names and numbers people write instead of the code, by {@link Names#key}. */
    private static final Map<String, Region> BY_NAME = new LinkedHashMap<>();

    static {
        add("AP", "15", "Arica y Parinacota");
        add("TA", "01", "Tarapacá");
        add("AN", "02", "Antofagasta");
        add("AT", "03", "Atacama");
        add("CO", "04", "Coquimbo");
        add("VS", "05", "Valparaíso");
        add("RM", "13", "Región Metropolitana de Santiago", "Metropolitana de Santiago", "Metropolitana",
                "Región Metropolitana", "Santiago");
        add("LI", "06", "Libertador General Bernardo O'Higgins", "O'Higgins");
        add("ML", "07", "Maule");
        add("NB", "16", "Ñuble");
        add("BI", "08", "Biobío", "Bío Bío", "Bío-Bío");
        add("AR", "09", "La Araucanía", "Araucanía");
        add("LR", "14", "Los Ríos");
        add("LL", "10", "Los Lagos");
        add("AI", "11", "Aisén del General Carlos Ibañez del Campo", "Aysén del General Carlos Ibáñez del Campo", "Aysén",
                "Aisén");
        add("MA", "12", "Magallanes", "Magallanes y de la Antártica Chilena", "Magallanes y Antártica Chilena");
    }

    private ChileanRegions() {
    }

    private static void add(String code, String cut, String name, String... aliases) {
        Region r = new Region(code, cut, name);
        BY_CODE.put(code, r);
        BY_NAME.put(Names.key(name), r);
        BY_NAME.put(cut, r);
        BY_NAME.put(Integer.toString(Integer.parseInt(cut)), r);
        for (String a : aliases) {
            BY_NAME.put(Names.key(a), r);
        }
    }

    /** The region of a contract code ({@code RM}). */
    static Optional<Region> byCode(String code) {
        return Optional.ofNullable(code == null ? null : BY_CODE.get(code));
    }

    static Optional<Region> byCut(String cut) {
        return BY_CODE.values().stream().filter(r -> r.cut().equals(cut)).findFirst();
    }

    /**
     * The region a state field means: {@code CL-RM}, {@code RM}, {@code cl-rm} (any case, with or without the country),
     * a region's name ({@code Región Metropolitana}, {@code Biobío}, accents and case forgiven) or its number
     * ({@code 13}). Empty when it means none.
     */
    static Optional<Region> read(String state) {
        if (state == null || state.isBlank()) {
            return Optional.empty();
        }
        String s = state.trim().toUpperCase(java.util.Locale.ROOT);
        String code = s.startsWith("CL-") || s.startsWith("CL ") ? s.substring(3).trim() : s;
        if (BY_CODE.containsKey(code)) {
            return Optional.of(BY_CODE.get(code));
        }
        return Optional.ofNullable(BY_NAME.get(Names.key(state)));
    }
}
