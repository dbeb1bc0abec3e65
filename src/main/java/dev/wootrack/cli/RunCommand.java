package dev.wootrack.cli;

import dev.wootrack.WooTrackRuntime;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** Starts the integration and runs until stopped (Ctrl-C or SIGTERM, which stop it gracefully). */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Start WooTrack: webhooks and polling in, orders out to TrackingTech, tracking back.")
public final class RunCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    SettingOverrides settings;

    @Override
    public Integer call() {
        try {
            WooTrackRuntime.main(settings.configuration(), WooTrackRuntime.Role.INSTANCE).run();
            return 0;
        } catch (Exception e) {
            spec.commandLine().getErr().println("WooTrack did not start: " + StartupProblem.describe(e));
            return 2;
        }
    }
}
