package dev.wootrack.cli;

import java.util.HashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/** {@code --set KEY=VALUE}, repeatable: overrides a setting for one command (mixed into the commands). */
public final class SettingOverrides {

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Override a setting (repeatable).")
    Map<String, String> values = new HashMap<>();

    Map<String, String> values() {
        return values;
    }
}
