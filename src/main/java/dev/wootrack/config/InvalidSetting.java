package dev.wootrack.config;

/**
 * A setting that stops start-up: missing, empty, or not of its kind. The message is one line that names the key,
 * the environment variable that sets it, the value given (masked when it is a secret) and what is expected.
 */
public final class InvalidSetting extends IllegalStateException {

    private final String key;

    private InvalidSetting(String key, String message) {
        super(message, null);
        this.key = key;
    }

    public String key() {
        return key;
    }

    static InvalidSetting missing(Catalog.Setting s) {
        return new InvalidSetting(s.key(), "Missing required setting '" + s.key() + "' (environment variable "
                + s.envName() + "): expected " + s.kind().expected()
                + "; set it in application.properties, with -D" + s.key() + "=…, --set or " + s.envName());
    }

    static InvalidSetting bad(Catalog.Setting s, String value) {
        return new InvalidSetting(s.key(), "Invalid setting '" + s.key() + "' (environment variable " + s.envName()
                + ") = '" + (s.secret() ? mask(value) : printable(value)) + "': expected " + s.kind().expected());
    }

    /** A problem with a setting found elsewhere (a data dir that is a file, a routes folder without routes). */
    public static InvalidSetting of(String key, String value, String problem) {
        return new InvalidSetting(key, "Invalid setting '" + key + "' (environment variable " + Catalog.envName(key)
                + ") = '" + printable(value) + "': " + problem);
    }

    static String mask(String secret) {
        return "**** (" + secret.length() + " characters, not shown)";
    }

    private static String printable(String s) {
        String one = s.replaceAll("[\\p{Cntrl}]", "?");
        return one.length() > 120 ? one.substring(0, 120) + "…" : one;
    }
}
