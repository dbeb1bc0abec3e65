package dev.wootrack;

import java.util.Map;
import java.util.Properties;
import org.apache.camel.CamelContext;
import org.apache.camel.main.Main;

/**
 * Boots WooTrack the one way it is booted: Camel Main with application.properties (the copy packed in the
 * jar, overridden by ./application.properties when there is one), routes from routes/, beans from
 * {@link WooTrackBeans}. {@code run} and the tests both come through here.
 */
public final class WooTrackRuntime implements AutoCloseable {

    /** Later locations override earlier ones. */
    public static final String CONFIG_LOCATIONS =
            "classpath:application.properties;optional=true,file:application.properties;optional=true";

    private final Main main;

    private WooTrackRuntime(Main main) {
        this.main = main;
    }

    public static Main main(Map<String, String> overrides) {
        Main main = new Main();
        main.setPropertyPlaceholderLocations(CONFIG_LOCATIONS);
        if (!overrides.isEmpty()) {
            Properties p = new Properties();
            p.putAll(overrides);
            main.setOverrideProperties(p);
        }
        return main;
    }

    /** Starts WooTrack and returns once it runs; {@link #close()} stops it. */
    public static WooTrackRuntime start(Map<String, String> overrides) throws Exception {
        Main main = main(overrides);
        main.start();
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
