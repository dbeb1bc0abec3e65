package dev.wootrack.cli;

import dev.wootrack.config.Configuration;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * {@code --config FILE} and {@code --set KEY=VALUE} (repeatable), mixed into every command: the settings layers of
 * {@link Configuration} for this one run.
 */
public final class SettingOverrides {

    @Option(names = "--config", paramLabel = "FILE",
            description = "A properties file instead of ./application.properties (or set WOOTRACK_CONFIG).")
    Path config;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Override a setting (repeatable); wins over"
            + " the file, environment variables and -D.")
    Map<String, String> values = new HashMap<>();

    Map<String, String> values() {
        return values;
    }

    /** The layers: the jar's defaults, the file, the environment, -D, then --set. */
    Configuration configuration() {
        return Configuration.load(Configuration.Sources.ofProcess(config, values));
    }
}
