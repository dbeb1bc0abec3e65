package dev.wootrack;

import dev.wootrack.config.Configuration;
import dev.wootrack.config.InvalidSetting;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.apache.camel.CamelContext;
import org.apache.camel.component.properties.PropertiesComponent;
import dev.wootrack.store.DataDir;
import dev.wootrack.store.InstanceLock;
import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.Main;
import org.apache.camel.main.MainListenerSupport;
import org.apache.camel.model.ModelCamelContext;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Boots WooTrack the one way the command line boots it: Camel Main with the settings of {@link Configuration}
 * (jar defaults &lt; ./application.properties or --config &lt; environment &lt; -D &lt; --set) as Camel's override
 * properties, the routes shipped in the jar (or a {@code routes/} folder that replaces them) and the beans of
 * {@link WooTrackBeans}. {@code run}, the other commands and the tests all come through here.
 */
public final class WooTrackRuntime implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(WooTrackRuntime.class);

    /**
     * Where the built-in routes are, inside the jar: the stages, and their error policies in {@code errors/}. Each
     * folder is named: Camel 4.18 drops the sub-folder of a {@code **} match inside a jar (CAMEL-23370).
     */
    public static final String BUILT_IN_ROUTES =
            "classpath:wootrack/routes/*.camel.yaml,classpath:wootrack/routes/errors/*.camel.yaml";
    /** The route every WooTrack that takes webhooks needs. */
    public static final String WEBHOOK_ROUTE = "wootrack-woocommerce-webhook";

    private final Main main;

    private WooTrackRuntime(Main main) {
        this.main = main;
    }

    /** The routes a configuration loads, and the words that say so at start-up. */
    public record Routes(String includePattern, Path folder, String description) {
    }

    /**
     * {@code wootrack.routes-dir} when set, else a {@code routes/} folder in the working directory, else the routes
     * in the jar. A folder replaces the built-in routes; it must hold {@code *.camel.yaml} files.
     */
    public static Routes routes(Configuration config) {
        Configuration.Origin origin = config.origin("camel.main.routes-include-pattern");
        if (origin != null && origin != Configuration.Origin.DEFAULTS) {
            String pattern = config.get("camel.main.routes-include-pattern").orElseThrow();
            return new Routes(pattern, null, "routes from " + pattern + " (camel.main.routes-include-pattern)");
        }
        Path folder = config.get("wootrack.routes-dir").filter(s -> !s.isBlank()).map(Path::of).orElse(null);
        boolean explicit = folder != null;
        if (folder == null && Files.isDirectory(Path.of("routes"))) {
            folder = Path.of("routes");
        }
        if (folder == null) {
            return new Routes(BUILT_IN_ROUTES, null, "the routes built into the jar (" + BUILT_IN_ROUTES + ")");
        }
        if (!Files.isDirectory(folder)) {
            throw InvalidSetting.of("wootrack.routes-dir", folder.toString(), "no such folder");
        }
        int files = count(folder);
        if (files == 0) {
            String where = folder.toAbsolutePath().normalize().toString();
            if (explicit) {
                throw InvalidSetting.of("wootrack.routes-dir", folder.toString(), "the folder " + where
                        + " holds no *.camel.yaml route files");
            }
            // nobody set anything: the folder was found where WooTrack runs, so say that, not "invalid setting"
            throw new IllegalStateException("the routes/ folder " + where + " holds no *.camel.yaml route files;"
                    + " a routes/ folder where WooTrack runs replaces the built-in routes: remove it to use those,"
                    + " or put WooTrack's route files in it");
        }
        String abs = folder.toAbsolutePath().normalize().toString();
        return new Routes("file:" + abs + "/**/*.camel.yaml", folder, files + " route file(s) from " + abs
                + (explicit ? " (wootrack.routes-dir)" : " (./routes, in place of the built-in routes)"));
    }

    private static int count(Path folder) {
        try (java.util.stream.Stream<Path> files = Files.walk(folder)) {
            return (int) files.filter(f -> f.getFileName().toString().endsWith(".camel.yaml")
                    && Files.isRegularFile(f)).count();
        } catch (IOException | java.io.UncheckedIOException e) {
            throw InvalidSetting.of("wootrack.routes-dir", folder.toString(), "cannot be read: " + e.getMessage());
        }
    }

    /**
     * What a runtime is: the one WooTrack that serves a data dir ({@code run}, the demo, the tests: it locks the
     * data dir, checks its port and needs the webhook route) or a command beside it ({@code status}, {@code connect},
     * …: none of that).
     */
    public enum Role { INSTANCE, COMMAND }

    /** A Main for these settings; nothing runs until it is started. Throws {@link InvalidSetting} for a bad value. */
    public static Main main(Configuration config, Role role) {
        Routes routes = routes(config);
        Properties props = config.checked();
        props.setProperty("camel.main.routes-include-pattern", routes.includePattern());
        if (routes.folder() != null) {
            props.setProperty("camel.main.routes-reload-directory", routes.folder().toAbsolutePath().toString());
            props.setProperty("camel.main.routes-reload-directory-recursive", "true");
        } else if (config.origin("camel.main.routes-reload-enabled") == Configuration.Origin.DEFAULTS) {
            props.setProperty("camel.main.routes-reload-enabled", "false"); // nothing to watch in a jar
        }
        // every camel.* key is in the layers already: Camel must not read the environment or -D over them
        props.setProperty("camel.main.auto-configuration-environment-variables-enabled", "false");
        props.setProperty("camel.main.auto-configuration-system-properties-enabled", "false");
        Main main = new Main() {
            @Override
            protected CamelContext createCamelContext() {
                CamelContext context = super.createCamelContext();
                // the layers decide; the environment and -D only fill in keys no layer names
                PropertiesComponent pc = (PropertiesComponent) context.getPropertiesComponent();
                pc.setEnvironmentVariableMode(PropertiesComponent.ENVIRONMENT_VARIABLES_MODE_FALLBACK);
                pc.setSystemPropertiesMode(PropertiesComponent.SYSTEM_PROPERTIES_MODE_FALLBACK);
                return context;
            }
        };
        main.setDefaultPropertyPlaceholderLocation("false");
        main.setOverrideProperties(props);
        if (role == Role.INSTANCE) {
            main.addMainListener(new Instance(props, routes));
        }
        LOG.info("Settings: {}; {}", config.file().map(f -> f.toAbsolutePath().normalize() + " over the jar's defaults")
                .orElse("the jar's defaults (no ./application.properties)"), routes.description());
        config.warnings().forEach(LOG::warn);
        return main;
    }

    /**
     * The one WooTrack of a data dir. Before anything opens the database (camel-main's {@code beforeInitialize}, ahead
     * of the configuration classes that open the pool and take back this node's claims), the data dir is made and
     * locked (a second instance is refused with what holds it, and touches nothing) and the HTTP port checked (Camel
     * alone would start without it). Once the routes are read, they must hold the webhook route. The lock is held by
     * a service of the Camel context, added before every other one, so it is released last, when the context stops
     * ({@code run}, {@link WooTrackRuntime#close()}, or a start that failed), or by the OS when the process ends.
     */
    private static final class Instance extends MainListenerSupport {
        private final Properties props;
        private final Routes routes;
        private InstanceLock lock;

        Instance(Properties props, Routes routes) {
            this.props = props;
            this.routes = routes;
        }

        @Override
        public void beforeInitialize(BaseMainSupport main) {
            int port = Integer.parseInt(props.getProperty("wootrack.http.port", "8080"));
            lock = InstanceLock.acquire(DataDir.prepare(props.getProperty(DataDir.KEY)), port);
            try {
                main.getCamelContext().addService(new ServiceSupport() {
                    @Override
                    protected void doStop() {
                        release();
                    }
                }, true, true);
                Ports.requireFree(props.getProperty("camel.server.host", "0.0.0.0"), port);
            } catch (Exception e) {
                release();
                throw e instanceof RuntimeException r ? r : new IllegalStateException(e.getMessage(), e);
            }
        }

        @Override
        public void afterConfigure(BaseMainSupport main) {
            ModelCamelContext model = (ModelCamelContext) main.getCamelContext();
            if (model.getRouteDefinitions().isEmpty()) {
                release();
                throw new IllegalStateException("no routes loaded from " + routes.description()
                        + ": WooTrack cannot take orders without its routes");
            }
            if (model.getRouteDefinition(WEBHOOK_ROUTE) == null) {
                release();
                throw new IllegalStateException("the route '" + WEBHOOK_ROUTE + "' is missing from "
                        + routes.description() + ": without it webhooks would get 404; copy routes/"
                        + WEBHOOK_ROUTE + ".camel.yaml back, or remove the folder to use the built-in routes");
            }
        }

        @Override
        public void afterStop(BaseMainSupport main) {
            release();
        }

        private synchronized void release() {
            if (lock != null) {
                lock.close();
                lock = null;
            }
        }
    }

    /** Starts WooTrack with these --set values over the process's layers (tests, the demo). */
    public static WooTrackRuntime start(Map<String, String> set) throws Exception {
        return start(Configuration.load(Configuration.Sources.ofProcess(null, set)), Role.INSTANCE);
    }

    /** Starts WooTrack and returns once it runs; {@link #close()} stops it. */
    public static WooTrackRuntime start(Configuration config, Role role) throws Exception {
        Main main = main(config, role);
        try {
            main.start();
        } catch (Exception e) {
            main.stop(); // releases what the start took (the data dir's lock)
            throw e;
        }
        return new WooTrackRuntime(main);
    }

    public CamelContext context() {
        return main.getCamelContext();
    }

    public <T> T bean(String name, Class<T> type) {
        return WooTrackBeans.bean(context(), name, type);
    }

    @Override
    public void close() throws Exception {
        main.stop();
    }
}
