package dev.wootrack.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * WooTrack's settings as the command line sees them, from five layers, each overriding the one before:
 * <ol>
 *   <li>the defaults packed in the jar ({@value #DEFAULTS}: the project's {@code application.properties} under a name of
 *       its own, so that a host embedding the library never takes it for its own configuration),</li>
 *   <li>{@code ./application.properties} in the working directory, or the file named by {@code --config FILE}
 *       or {@code WOOTRACK_CONFIG},</li>
 *   <li>environment variables named after the key ({@code WOOTRACK_HTTP_PORT} for {@code wootrack.http.port}),</li>
 *   <li>JVM system properties ({@code -Dwootrack.http.port=9090}),</li>
 *   <li>{@code --set key=value}.</li>
 * </ol>
 * Camel is handed the result as its override properties, so nothing it reads on its own beats this order.
 */
public final class Configuration {

    /** Where a value came from, lowest first. */
    public enum Origin {
        DEFAULTS("the jar's defaults"), FILE("the configuration file"), ENV("an environment variable"),
        SYSTEM("a -D system property"), SET("--set");

        private final String words;

        Origin(String words) {
            this.words = words;
        }

        @Override
        public String toString() {
            return words;
        }
    }

    /** Where the library jar carries WooTrack's defaults (a copy of the project's application.properties). */
    public static final String DEFAULTS = "/wootrack/application.properties";
    /** The environment variable that names a configuration file (like {@code --config FILE}). */
    public static final String CONFIG_ENV = "WOOTRACK_CONFIG";
    /** Environment variables WooTrack reads that are no setting. */
    private static final Set<String> OTHER_ENV = Set.of(CONFIG_ENV, "WOOTRACK_TRACKINGTECH_PASSWORD");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{([^{}]+)}}");

    /** What the layers are read from. */
    public record Sources(Properties defaults, Path explicitFile, Path workingDir, Map<String, String> env,
                          Properties system, Map<String, String> set) {

        /** This process: the jar's defaults, {@code --config}/{@code WOOTRACK_CONFIG}, its environment and -D. */
        public static Sources ofProcess(Path configFile, Map<String, String> set) {
            Map<String, String> env = System.getenv();
            Path explicit = configFile != null ? configFile
                    : env.get(CONFIG_ENV) != null && !env.get(CONFIG_ENV).isBlank() ? Path.of(env.get(CONFIG_ENV)) : null;
            return new Sources(jarDefaults(), explicit, Path.of("").toAbsolutePath(), env, System.getProperties(),
                    set == null ? Map.of() : set);
        }
    }

    private final Map<String, String> values;
    private final Map<String, Origin> origins;
    private final Path file;
    private final List<String> warnings;
    private final Map<String, String> env;

    private Configuration(Map<String, String> values, Map<String, Origin> origins, Path file, List<String> warnings,
                          Map<String, String> env) {
        this.values = values;
        this.origins = origins;
        this.file = file;
        this.warnings = warnings;
        this.env = env;
    }

    public static Configuration load(Sources s) {
        Map<String, String> values = new LinkedHashMap<>();
        Map<String, Origin> origins = new LinkedHashMap<>();
        put(values, origins, s.defaults(), Origin.DEFAULTS);
        Path file = s.explicitFile();
        if (file != null) {
            if (!Files.isRegularFile(file)) {
                throw InvalidSetting.of("wootrack.config", file.toString(),
                        "no such file (named by --config or " + CONFIG_ENV + ")");
            }
        } else if (Files.isRegularFile(s.workingDir().resolve("application.properties"))) {
            file = s.workingDir().resolve("application.properties");
        }
        if (file != null) {
            put(values, origins, read(file), Origin.FILE);
        }
        Set<String> keys = new LinkedHashSet<>(values.keySet());
        Catalog.all().forEach(setting -> keys.add(setting.key()));
        s.system().stringPropertyNames().stream().filter(Configuration::ours).forEach(keys::add);
        keys.addAll(s.set().keySet());
        Set<String> envNames = new LinkedHashSet<>();
        for (String key : keys) {
            String name = Catalog.envName(key);
            envNames.add(name);
            if (s.env().containsKey(name)) {
                values.put(key, s.env().get(name));
                origins.put(key, Origin.ENV);
            }
        }
        for (String key : s.system().stringPropertyNames()) {
            if (ours(key)) {
                values.put(key, s.system().getProperty(key));
                origins.put(key, Origin.SYSTEM);
            }
        }
        s.set().forEach((k, v) -> {
            values.put(k, v);
            origins.put(k, Origin.SET);
        });
        List<String> warnings = new ArrayList<>();
        s.env().keySet().stream().filter(n -> n.startsWith("WOOTRACK_") && !envNames.contains(n)
                && !OTHER_ENV.contains(n)).sorted().forEach(n -> warnings.add("environment variable " + n
                + " is set, but WooTrack has no such setting (a typo?); it is ignored"));
        return new Configuration(values, origins, file, warnings, s.env());
    }

    /** The configuration file that was read ({@code ./application.properties} or {@code --config}), if any. */
    public Optional<Path> file() {
        return Optional.ofNullable(file);
    }

    /** Things worth a WARN line: environment variables that set nothing. */
    public List<String> warnings() {
        return warnings;
    }

    /** A setting's value with its placeholders ({@code {{wootrack.data-dir}}}, {@code {{env:NAME:default}}}) resolved. */
    public Optional<String> get(String key) {
        return Optional.ofNullable(values.get(key)).map(v -> resolve(v, 0));
    }

    /** Where a setting's value came from (null: nowhere). */
    public Origin origin(String key) {
        return origins.get(key);
    }

    /** The same layers with one more value beneath everything (used only when no layer has the key). */
    public Configuration withFallback(String key, String value) {
        if (values.containsKey(key) && !values.get(key).isBlank()) {
            return this;
        }
        Map<String, String> v = new LinkedHashMap<>(values);
        Map<String, Origin> o = new LinkedHashMap<>(origins);
        v.put(key, value);
        o.put(key, Origin.DEFAULTS);
        return new Configuration(v, o, file, warnings, env);
    }

    /** The same layers with more {@code --set} values on top. */
    public Configuration with(Map<String, String> set) {
        Map<String, String> v = new LinkedHashMap<>(values);
        Map<String, Origin> o = new LinkedHashMap<>(origins);
        set.forEach((k, val) -> {
            v.put(k, val);
            o.put(k, Origin.SET);
        });
        return new Configuration(v, o, file, warnings, env);
    }

    /**
     * Every value, resolved, and the known settings checked and in their plain form (durations in milliseconds,
     * sizes in bytes): what Camel gets as its override properties. Throws {@link InvalidSetting} on the first bad one.
     */
    public Properties checked() {
        Map<String, String> plain = Catalog.check(this::get);
        Properties out = new Properties();
        for (String key : values.keySet()) {
            // a placeholder that names a known setting takes its plain form: a Kamelet's timeout given as
            // {{wootrack.trackingtech.timeout}} gets 120000, not the 2m the operator wrote
            String v = values.get(key);
            if (v != null) {
                out.setProperty(key, resolve(v, 0, plain));
            }
        }
        plain.forEach(out::setProperty);
        return out;
    }

    private String resolve(String value, int depth) {
        return resolve(value, depth, Map.of());
    }

    private String resolve(String value, int depth, Map<String, String> plain) {
        if (depth > 10 || value.indexOf("{{") < 0) {
            return value;
        }
        Matcher m = PLACEHOLDER.matcher(value);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            String inner = m.group(1).trim();
            String known = plain.get(inner);
            String replacement = known != null ? known : lookup(inner, depth);
            m.appendReplacement(sb, Matcher.quoteReplacement(replacement != null ? replacement : m.group()));
        }
        m.appendTail(sb);
        return sb.toString();
    }

    /** {@code key}, {@code key:default}, {@code env:NAME:default}; null when unknown (left for Camel). */
    private String lookup(String inner, int depth) {
        if (inner.startsWith("env:")) {
            String[] p = inner.substring(4).split(":", 2);
            String v = env.get(p[0]);
            return v != null ? v : p.length > 1 ? p[1] : null;
        }
        String[] p = inner.split(":", 2);
        if (p[0].contains(" ") || p[0].startsWith("?")) {
            return null;
        }
        String v = values.get(p[0]);
        return v != null ? resolve(v, depth + 1) : p.length > 1 ? p[1] : null;
    }

    private static boolean ours(String key) {
        return key.startsWith("wootrack.") || key.startsWith("camel.");
    }

    private static void put(Map<String, String> values, Map<String, Origin> origins, Properties p, Origin origin) {
        for (String key : p.stringPropertyNames()) {
            values.put(key, p.getProperty(key));
            origins.put(key, origin);
        }
    }

    /** A properties file, UTF-8. */
    public static Properties read(Path file) {
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            Properties p = new Properties();
            p.load(r);
            return p;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /**
     * The defaults packed in the jar ({@value #DEFAULTS}). Never the class path's root {@code application.properties}:
     * in a host that is the host's, and in the command-line jar it is only a copy of these, to read.
     */
    public static Properties jarDefaults() {
        Properties p = new Properties();
        try (InputStream in = Configuration.class.getResourceAsStream(DEFAULTS)) {
            if (in != null) {
                p.load(new InputStreamReader(in, StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p;
    }

    /**
     * For a host that embeds the library (any Camel runtime that calls {@code WooTrackBeans}): each {@code wootrack.*}
     * default that nothing the host configured names becomes an initial property, Camel's lowest layer, so the host
     * sets only what it changes. A key the host names, in any of its property sources, is left alone: in Spring Boot
     * its environment is consulted only after every Camel source, so a default added for it would win over it. The
     * command line names every key already (its layers are Camel's override properties): nothing is added there.
     *
     * @return the keys that were filled in
     */
    public static Set<String> fillInDefaults(org.apache.camel.spi.PropertiesComponent camel) {
        Properties defaults = jarDefaults();
        Set<String> added = new LinkedHashSet<>();
        for (String key : defaults.stringPropertyNames()) {
            if ((key.startsWith("wootrack.") || key.startsWith("camel.kamelet.wootrack-")) && !named(camel, key)) {
                camel.addInitialProperty(key, defaults.getProperty(key));
                added.add(key);
            }
        }
        return added;
    }

    private static boolean named(org.apache.camel.spi.PropertiesComponent camel, String key) {
        String unset = "wootrack-default-unset-" + key;
        try {
            // a default value answers only for a key that no source names (resolveProperty says "empty" for both)
            return !unset.equals(camel.parseUri("{{" + key + ":" + unset + "}}"));
        } catch (IllegalArgumentException e) {
            // named, with a placeholder not resolvable yet (one of these very defaults): it is the host's
            return true;
        }
    }
}
