package dev.wootrack.cli;

import dev.wootrack.WooTrackRuntime;
import dev.wootrack.trackingtech.ConnectFlow;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Disconnects from TrackingTech (remote uninstall), drops the token, stops sending. */
@Command(name = "disconnect", mixinStandardHelpOptions = true,
        description = "Disconnect from TrackingTech (remote uninstall); nothing more is sent.")
public final class DisconnectCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--force", description = "Drop the connection even when TrackingTech does not confirm the uninstall.")
    boolean force;

    @Mixin
    SettingOverrides settings;

    @Override
    public Integer call() throws Exception {
        try (WooTrackRuntime rt = BatchRuntime.start(settings, "disconnect", false, false)) {
            rt.bean("wootrackConnectFlow", ConnectFlow.class).disconnect(force);
            spec.commandLine().getOut().println("Disconnected from TrackingTech: nothing more is sent. Orders are still"
                    + " accepted and wait as 'awaiting-connection' until `connect`.");
            return 0;
        } catch (ConnectFlow.Failure f) {
            spec.commandLine().getErr().println("disconnect failed: " + f.getMessage());
            return 1;
        }
    }
}
