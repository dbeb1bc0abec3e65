package dev.wootrack.cli;

import dev.wootrack.WooTrackRuntime;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** Starts the integration and runs until stopped (Ctrl-C or SIGTERM, which stop it gracefully). */
@Command(name = "run", description = "Start WooTrack: webhooks in, orders out to TrackingTech.")
public final class RunCommand implements Callable<Integer> {

    @Override
    public Integer call() throws Exception {
        try {
            WooTrackRuntime.main(Map.of()).run();
            return 0;
        } catch (Exception e) {
            Throwable root = e;
            while (root.getCause() != null && !(root instanceof IllegalStateException)) {
                root = root.getCause();
            }
            System.err.println("WooTrack did not start: " + root.getMessage());
            return 2;
        }
    }
}
